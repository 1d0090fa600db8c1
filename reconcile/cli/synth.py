"""`reconcile synth`: a synthetic corpus for benchmarks and tests."""

from __future__ import annotations

from pathlib import Path

import click

from reconcile import commands


@click.command()
@click.option("--claims", "n_claims", type=click.IntRange(min=1), required=True,
              help="How many claims.")
@click.option("--entities", "n_entities", type=click.IntRange(min=2), default=None,
              help="How many canonical entities (default: claims / 10).")
@click.option("--outlets", "n_outlets", type=click.IntRange(min=2), default=50, show_default=True,
              help="How many outlets report the claims.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@click.option("--holdout", type=click.IntRange(min=0), default=0, show_default=True,
              help="More claims of the same world, written apart under OUT/extra/.")
@click.option("--euros", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Share of the money claims on dollar keys written in euros, at the ECB rate "
                   "of their day.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write the corpus to (seeds/, rules/, truth.jsonl).")
def synth(n_claims, n_entities, n_outlets, seed, holdout, euros, out_dir) -> None:
    """Write a synthetic corpus: seeds, rules and the ground truth (truth.jsonl)."""
    written = commands.synth(out_dir, claims=n_claims, entities=n_entities, outlets=n_outlets,
                             seed=seed, holdout=holdout, euros=euros)
    click.echo(f"{out_dir}: " + ", ".join(f"{n} {what}" for what, n in written.items()))
