"""`reconcile extract`: candidate claims from news articles, as a claims file."""

from __future__ import annotations

from pathlib import Path

import click

from reconcile import commands
from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import rules_option, seeds_option


@click.command()
@click.option("--lang", type=click.Choice(["en", "fr"]), default=None,
              help="Language of the articles (default: the page's, else guessed).")
@click.option("--outlet", default=None,
              help="The publication the articles are from (default: the page's site name, "
                   "else the file's name).")
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), default=None,
              callback=lambda _ctx, _param, day: day and day.date().isoformat(),
              help="When the articles were published (default: the page's date).")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the candidates here instead of standard output.")
@seeds_option
@rules_option
@click.argument("articles", nargs=-1, required=True, metavar="FILE|DIR...")
@exits_on_error
def extract(lang, outlet, published, out, seeds_dir, rules_dir, articles) -> None:
    """Candidate claims from news articles (plain text or HTML), as a claims file: each claim
    with its quote, the offsets of its value and attribution, the rule behind each field and a
    confidence. Nothing is accepted: review the candidates before they join your claims."""
    found = commands.extract_articles(articles, lang=lang, outlet=outlet, published=published,
                                      seeds=seeds_dir, rules=rules_dir)
    if out is None:
        click.echo(commands.candidates_yaml(found), nl=False)
        return
    commands.write_candidates(found, out)
    total = sum(len(x.candidates) for x in found)
    refused = sum(len(x.refused) for x in found)
    click.echo(f"{total} candidate claims from {len(found)} article(s), {refused} refused: {out}",
               err=True)
