"""`reconcile verify`: the verdict of a stored run on claims, sentences or a claims file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reconcile import commands
from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import db_option, rules_option, run_id_option, seeds_option
from reconcile.report import VERIFY_FORMATS


@click.command()
@click.option("--claims", "claims_file", type=click.Path(exists=True, path_type=Path),
              help="A claims file (JSONL, CSV or YAML, as `run` reads them) to verify.")
@click.option("--article", "article", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A draft article (text or HTML): verify every claim `reconcile extract` "
                   "finds in it.")
@run_id_option
@click.option("--format", "fmt", type=click.Choice(VERIFY_FORMATS), default="text",
              show_default=True,
              help="text, the verdicts' JSON, or schema.org ClaimReview JSON-LD.")
@click.option("--lang", type=click.Choice(["en", "fr"]), default=None,
              help="Language of the sentences (default: the rules' default, else guessed).")
@click.option("--as-of", default=None, metavar="PERIOD",
              help="The period the sentences are about.")
@click.option("--outlet", default=None,
              help="Who made the sentences' claims (the Claim's author).")
@click.option("--url", default=None, help="Where the sentences appeared (the Claim's appearance).")
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), default=None,
              callback=lambda _ctx, _param, day: day and day.date().isoformat(),
              help="When the sentences were published (YYYY-MM-DD).")
@click.option("--review-url", default=None,
              help="The page the reviews are published on (JSON-LD url).")
@click.option("--by", default=None,
              help="Who reviews (the ClaimReview's author; default: reconcile).")
@seeds_option
@rules_option
@db_option
@click.argument("sentences", nargs=-1, metavar="[CLAIM]...")
@exits_on_error
def verify(claims_file, article, run_id, fmt, lang, as_of, outlet, url, published, review_url, by,
           seeds_dir, rules_dir, db_url, sentences) -> None:
    """Verdict on each CLAIM (a sentence), claim of --claims or claim of --article: supported, contradicted,
    plausible, disputed or not_enough_info, with the key's evidence. Exit 1 when one is
    contradicted."""
    from reconcile.report.verdicts import render_verification

    if not sentences and claims_file is None and article is None:
        raise click.UsageError("give a CLAIM sentence, --claims FILE or --article FILE")
    result = commands.verify(sentences, claims_file, run_id=run_id, lang=lang, as_of=as_of,
                             outlet=outlet, url=url, published=published, seeds=seeds_dir,
                             rules=rules_dir, db=db_url, article=article)
    click.echo(render_verification(fmt, result, review_url=review_url, by=by), nl=False)
    sys.exit(result.exit_code)
