"""Synthetic corpora: a world of entities and outlets, claims about it, and its ground truth."""

from reconcile.synth.corpus import write_corpus

__all__ = ["write_corpus"]
