"""Every verb of reconcile as a plain function: what the CLI calls, and what Python code may call.

Each function takes paths, URLs and options, does the whole job (opening and closing the
database itself), and returns plain data for the caller to render; errors are `ReconcileError`s.
`run` and `report` write their report to a text stream, because a run of a million claims is
rendered while its stored resolutions are streamed out of the database.

    from reconcile import commands
    result = commands.run(seeds="seeds", rules="rules", db="sqlite:///reconcile.db", fmt="json",
                          out=open("run.json", "w"))
    result.run_id, result.verdict.exit_code

One module per family of verbs: `run` (run, report), `lookup` (normalize, match, explain,
outlets, timeline), `history` (runs, diff, graph, audit verify), `database`, `review` (mentions
and values), `synth`, `verify`, `extract`; every verb is importable from here.

Each verb's module is imported when the verb is first used (`reconcile.lazy`): `reconcile.cli`
imports this package at once, and a command imports only what its verb needs.
"""

from __future__ import annotations

from reconcile.lazy import export_lazily

__all__ = ["Accepted", "Check", "Explanation", "KeyPage", "QueuePage", "RunResult", "Stage", "Verification",
           "accept_candidates", "audit_verify", "candidates_yaml", "db_check", "db_current", "db_upgrade", "diff", "explain", "extract_articles", "graph",
           "match", "normalize", "normalize_explain", "outlets", "read_candidates", "report", "review_conflicts",
           "review_decide", "review_export", "review_export_values", "review_history",
           "review_import_values", "review_key", "review_key_value", "review_page",
           "review_queue", "review_value", "rules_or_builtin", "run", "runs", "synth",
           "timeline", "verify", "write_candidates"]

export_lazily(__name__, {
    "reconcile.commands.database": ["db_check", "db_current", "db_upgrade"],
    "reconcile.commands.extract": ["Accepted", "accept_candidates", "candidates_yaml",
                                   "extract_articles", "read_candidates", "write_candidates"],
    "reconcile.commands.history": ["audit_verify", "diff", "graph", "runs"],
    "reconcile.commands.lookup": ["Explanation", "explain", "match", "normalize",
                                  "normalize_explain", "outlets", "rules_or_builtin", "timeline"],
    "reconcile.commands.review": ["review_conflicts", "review_decide", "review_export",
                                  "review_export_values", "review_history",
                                  "review_import_values", "review_key_value", "review_queue",
                                  "review_value"],
    "reconcile.commands.review_page": ["KeyPage", "QueuePage", "review_key", "review_page"],
    "reconcile.commands.run": ["RunResult", "Stage", "report", "run"],
    "reconcile.commands.synth": ["synth"],
    "reconcile.commands.verify": ["Check", "Verification", "verify"],
})
