"""`reconcile normalize`, `match` and `explain`: how a value is read, a mention matched, a value chosen."""

from __future__ import annotations

import json
import sys

import click

from reconcile import commands
from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import db_option, json_option, rules_option, run_id_option, seeds_option
from reconcile.errors import UnreadableValue


@click.command()
@click.option("--lang", type=click.Choice(["en", "fr"]), default=None,
              help="Language of the values (default: the rules' default, else detected).")
@click.option("--attribute", default=None, help="Use this attribute's approx_tolerance.")
@click.option("--explain", is_flag=True,
              help="Show the tokens (number, scale, currency, comparative, hedge) and the rule.")
@json_option
@seeds_option
@rules_option
@db_option
@click.argument("values", nargs=-1, required=True)
@exits_on_error
def normalize(lang, attribute, explain, as_json, seeds_dir, rules_dir, db_url, values) -> None:
    """Show how VALUEs are read; `-` reads one value per line from stdin."""
    from reconcile.normalize import format_interval
    from reconcile.store.encoding import interval_json

    texts = []
    for v in values:
        texts += sys.stdin.read().splitlines() if v == "-" else [v]
    if explain:
        from reconcile.normalize.explain import story_text

        stories = commands.normalize_explain(texts, rules_dir, lang=lang, attribute=attribute)
        if as_json:
            click.echo(json.dumps(stories, ensure_ascii=False, indent=2))
        else:
            click.echo("\n\n".join(story_text(s) for s in stories))
        sys.exit(2 if any("error" in s for s in stories) else 0)
    readings = commands.normalize(texts, rules_dir, lang=lang, attribute=attribute)
    results = [({"input": text, "error": read.reason}, None) if isinstance(read, UnreadableValue)
               else ({"input": text, **interval_json(read)}, format_interval(read))
               for text, read in readings]
    if as_json:
        click.echo(json.dumps([r for r, _ in results], ensure_ascii=False, indent=2))
    else:
        for r, shown in results:
            if shown is None:
                click.echo(f"{r['input']}\tERROR: {r['error']}")
            else:
                flags = [f for f in ("approx", "hedged") if r[f]]
                unit = r["currency"] or r["unit"]
                click.echo(f"{r['input']}\t{shown}\t{unit}" + (f"\t{','.join(flags)}" if flags else ""))
    sys.exit(2 if any(shown is None for _, shown in results) else 0)


@click.command()
@json_option
@click.option("--explain", is_flag=True,
              help="Show normalized forms, the deciding layer, scorer, runner-up and band.")
@seeds_option
@rules_option
@db_option
@click.argument("mentions", nargs=-1, required=True)
@exits_on_error
def match(as_json, explain, seeds_dir, rules_dir, db_url, mentions) -> None:
    """Show which canonical entity each MENTION is matched to, and how."""
    rules, results = commands.match(mentions, seeds_dir, rules_dir, db_url)
    if as_json:
        click.echo(json.dumps([_match_json(m) for m in results], ensure_ascii=False, indent=2))
        return
    for m in results:
        click.echo(_match_story(m, rules.matching) if explain else _match_line(m))


def _match_line(m) -> str:
    target = f"{m.entity_id} ({m.name})" if m.entity_id else "—"
    return f"{m.input}\t→ {target}\t{m.method}\t{m.score:.1f}\t{m.band}: {m.reason}"


def _match_story(m, matching) -> str:
    from reconcile.match import name_key

    target = f"{m.entity_id} ({m.name})" if m.entity_id else "—"
    runner = (f"{m.runner_up.entity_id} {m.runner_up.score:.1f} (margin {m.margin:.1f})"
              if m.runner_up else "none")
    cands = ", ".join(f"{c.entity_id} [{name_key(c.name)}] {c.score:.1f}"
                      for c in m.candidates) or "none"
    return (f"{m.input}\n  mention key: {m.key!r}\n  decided by: {m.method} layer"
            f"\n  scorer: {m.scorer or '—'}   score: {m.score:.1f}\n  runner-up: {runner}"
            f"\n  candidates: {cands}\n  band: {m.band} (threshold "
            f"{matching.threshold:g}, review from {matching.review_threshold:g},"
            f" margin {matching.margin:g})\n  → {target}: {m.reason}\n")


def _match_json(m) -> dict:
    return {"input": m.input, "entity_id": m.entity_id, "name": m.name, "score": m.score,
            "method": m.method, "band": m.band, "key": m.key, "scorer": m.scorer,
            "margin": m.margin, "reason": m.reason,
            "candidates": [{"entity_id": c.entity_id, "name": c.name, "score": c.score}
                           for c in m.candidates]}


@click.command()
@run_id_option
@click.option("--as-of", default=None, help="Pick the resolution for this as_of.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the resolution as one JSON object, with its audit trail.")
@seeds_option
@rules_option
@db_option
@click.argument("subject")
@click.argument("attribute")
@click.option("--timeline", is_flag=True,
              help="The value period by period (every as_of), each with its claims by date.")
@click.argument("object_", metavar="[OBJECT]", required=False)
@exits_on_error
def explain(run_id, as_of, as_json, seeds_dir, rules_dir, db_url, timeline, subject, attribute,
            object_) -> None:
    """Why this value: the resolution of SUBJECT ATTRIBUTE [OBJECT], its claims and audit trail."""
    from reconcile.report import render_explain, render_timeline, to_json

    if timeline:
        run, periods = commands.timeline(subject, attribute, object_, run_id=run_id,
                                         seeds=seeds_dir, rules=rules_dir, db=db_url)
        click.echo(to_json({"run": run, "timeline": periods}) if as_json
                   else render_timeline(run, periods), nl=False)
        return
    found = commands.explain(subject, attribute, object_, run_id=run_id, as_of=as_of,
                             seeds=seeds_dir, rules=rules_dir, db=db_url)
    if as_json:
        click.echo(to_json({**found.resolution, "run": found.run,
                            "other_as_of": [r["as_of"] for r in found.others],
                            "audit": found.audit}), nl=False)
        return
    click.echo(render_explain(found.resolution, found.audit, found.run, found.verified,
                              found.trust), nl=False)
    for other in found.others:
        click.echo(f"\n(also: as_of {other['as_of'] or 'none'}: {other['display']} "
                   f"{other['status']}; use --as-of)")
