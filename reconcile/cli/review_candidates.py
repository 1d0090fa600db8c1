"""`reconcile review candidates|accept-claims`: reviewers take extracted claims into claim files."""

from __future__ import annotations

from pathlib import Path

import click

from reconcile import commands
from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import reviewer_options
from reconcile.cli.review import review_group

_CANDIDATES = click.argument("candidates", type=click.Path(exists=True, dir_okay=False,
                                                           path_type=Path))


@review_group.command("candidates")
@_CANDIDATES
@click.option("--json", "as_json", is_flag=True, help="The candidates as JSON.")
@exits_on_error
def candidates(candidates, as_json) -> None:
    """The candidate claims of a file `reconcile extract` wrote, most confident first."""
    from reconcile.report import to_json

    found = commands.read_candidates(candidates)
    if as_json:
        click.echo(to_json(found))
        return
    ranked = sorted(found, key=lambda c: (-(c.get("extraction") or {}).get("confidence", 0),
                                          c.get("id", "")))
    for c in ranked:
        x = c.get("extraction") or {}
        about = " → ".join(filter(None, (c.get("subject"), c.get("object"))))
        click.echo(f"{c.get('id')}  {x.get('confidence', 0):.2f}  {about} · {c.get('attribute')}"
                   f" · {c.get('value')!r} ({c.get('outlet')}"
                   f"{', via ' + c['via'] if c.get('via') else ''})")
        click.echo(f"    {c.get('quote')}")


@review_group.command("accept-claims")
@_CANDIDATES
@click.argument("ids", nargs=-1)
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The YAML claims file they join (created if missing).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Also take every candidate at least this confident.")
@reviewer_options
@exits_on_error
def accept_claims(candidates, ids, into, min_confidence, by, reason) -> None:
    """Accept candidate claims (by id) into a claims file, with who accepted them and when."""
    done = commands.accept_candidates(candidates, ids, into, by=by, reason=reason,
                                      min_confidence=min_confidence)
    click.echo(f"accepted {len(done.accepted)} claim(s) into {done.into}"
               + (f"; already there: {', '.join(done.already)}" if done.already else ""))
