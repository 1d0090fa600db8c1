"""`reconcile serve`: the review page on this machine."""

from __future__ import annotations

import click

from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import db_option, rules_option, seeds_option


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback shows the queue to the network.")
@click.option("--port", default=8765, show_default=True, type=int, help="Port to listen on.")
@click.option("--reviewer", default=None, help="Who decides (default: the OS user).")
@seeds_option
@rules_option
@db_option
@exits_on_error
def serve(host, port, reviewer, seeds_dir, rules_dir, db_url) -> None:
    """Review conflicts and doubtful matches in the browser (pip install 'reconcile[serve]')."""
    try:
        from werkzeug.serving import run_simple

        from reconcile.serve import create_app
    except ImportError as exc:
        raise click.UsageError(f"reconcile serve needs its extra: pip install "
                               f"'reconcile[serve]' ({exc.name} is missing)") from None
    app = create_app(db_url, seeds=seeds_dir, rules=rules_dir, reviewer=reviewer)
    click.echo(f"reviewing as {app.config['REVIEWER']} on http://{host}:{port}/ (Ctrl-C stops)")
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
