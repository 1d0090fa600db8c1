"""Report: render a stored run, as it was stored, in any format.

Formats: `text` (the table), `json` (the contract's JSON), `md` (pull requests and
`$GITHUB_STEP_SUMMARY`), `html` (one self-contained page), `junit` (one test case per key) and
`github` (workflow-command annotations). Renderers take the run as the store reads it back
(`reconcile.store.runs`) and never touch the database themselves.

    results   the contract's JSON, streamed (run_results.json), read back, and its JSON Schema
    baseline  which keys fail a run: all failing ones, or with a baseline the new and changed
    diff      what changed between two runs, key by key, with the claims that changed it
    explain   the story of one resolution
    rendering a run in any format, as chunks of text or into a stream
    formats/  text, markdown, html (+ svg, report.js, report.css), junit, github

Its names are imported when first used (`reconcile.lazy`): the CLI reads `FORMATS` to parse
its options before any report is rendered.
"""

from __future__ import annotations

from reconcile.lazy import export_lazily

FORMATS = ("text", "json", "md", "html", "junit", "github")
VERIFY_FORMATS = ("text", "json", "jsonld")  # `reconcile verify` (reconcile.report.verdicts)

__all__ = [
    "FORMATS", "VERIFY_FORMATS", "Verdict", "drawn_keys", "find_resolutions", "iter_report",
    "judge", "key_of", "range_of", "read_results", "render", "render_explain", "render_github",
    "render_html", "render_junit", "render_markdown", "render_text", "render_timeline", "schema",
    "to_json", "with_verdict", "write_report", "write_results",
]

export_lazily(__name__, {
    "reconcile.report.baseline": ["Verdict", "judge", "range_of"],
    "reconcile.report.explain": ["find_resolutions", "render_explain", "render_timeline"],
    "reconcile.report.formats.github": ["iter_github", "render_github"],
    "reconcile.report.formats.html": ["drawn_keys", "iter_html", "render_html"],
    "reconcile.report.formats.junit": ["render_junit"],
    "reconcile.report.formats.markdown": ["iter_markdown", "render_markdown"],
    "reconcile.report.formats.text": ["iter_text", "render_text"],
    "reconcile.report.rendering": ["iter_report", "render", "with_verdict", "write_report"],
    "reconcile.report.results": ["iter_json", "key_of", "read_results", "schema", "to_json",
                                 "write_results"],
})
