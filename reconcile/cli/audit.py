"""`reconcile audit verify`: recompute every stored run's hash chain and say where it breaks."""

from __future__ import annotations

import json
import sys

import click

from reconcile import commands
from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import db_option
from reconcile.errors import EXIT_FAILED, EXIT_OK


@click.group("audit")
def audit_group() -> None:
    """Tamper evidence of the stored runs."""


@audit_group.command("verify")
@click.option("--run", "run_id", type=int, default=None,
              help="Verify the runs up to this one (default: every run).")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the checks as one JSON object.")
@exits_on_error
def verify(run_id, db_url, as_json) -> None:
    """Recompute the hash chain of the stored runs; exit 1 at the first row that changed."""
    checks = commands.audit_verify(run_id, db_url)
    ok = all(c.ok for c in checks)
    if as_json:
        click.echo(json.dumps({"verified": ok, "runs": [
            {"id": c.run_id, "status": c.status, "root_sha256": c.root_sha256, "table": c.table,
             "row": c.row, "detail": c.detail} for c in checks]}, ensure_ascii=False, indent=2))
    else:
        for c in checks:
            if c.ok:
                root = f" root sha256 {c.root_sha256}" if c.root_sha256 else ""
                click.echo(f"run {c.run_id}: {c.message()}{root}")
            else:
                click.echo(c.message())
        if ok:
            chained = sum(c.status == "verified" for c in checks)
            click.echo(f"verified: {chained} chained run(s)"
                       + (f", {len(checks) - chained} not chained" if chained < len(checks) else ""))
    sys.exit(EXIT_OK if ok else EXIT_FAILED)
