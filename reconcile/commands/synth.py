"""A synthetic corpus for benchmarks."""

from __future__ import annotations

from pathlib import Path


def synth(out_dir: Path, *, claims: int, entities: int | None = None, outlets: int = 50,
          seed: int = 0, holdout: int = 0, euros: float = 0.0) -> dict[str, int]:
    """Write a synthetic corpus (seeds, rules, truth) and say how much of each was written."""
    from reconcile.synth import write_corpus

    return write_corpus(out_dir, claims=claims, entities=entities or max(2, claims // 10),
                        outlets=outlets, seed=seed, holdout=holdout, euros=euros)
