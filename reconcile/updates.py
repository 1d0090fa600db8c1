"""Updates over time: which dated claims a later claim of the same origin replaces, and how
much an old claim still weighs (resolve uses both)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Sequence

from reconcile.core import Evidence


def superseded(claims: Sequence[Evidence]) -> dict[Evidence, Evidence]:
    """Each replaced claim and the claim that replaced it: a later dated claim of an outlet
    replaces its earlier ones on the key, the outlet having updated its figure. Later means a
    later `published`, then later in the run's files.

    A claim the outlet made itself (no `via`) replaces its earlier claims, relayed or not; a
    relayed claim replaces only earlier claims relayed through the same outlet, since the
    relay's date is when it was relayed, not when the origin said it. Undated claims are never
    replaced and replace nothing.
    """
    channels: dict[tuple[str, str | None], list[Evidence]] = defaultdict(list)
    for e in claims:
        if e.published is not None:
            channels[(e.outlet, e.via)].append(e)
    if len({outlet for outlet, _ in channels}) == len(channels) == len(
            [e for e in claims if e.published is not None]):
        return {}  # one dated claim per outlet: nothing to replace

    def order(e: Evidence) -> tuple:
        return (e.published, e.order, e.claim_id)

    latest = {channel: max(found, key=order) for channel, found in channels.items()}
    out = {}
    for (outlet, via), found in channels.items():
        newer, direct = latest[(outlet, via)], latest.get((outlet, None))
        if direct is not None and order(direct) > order(newer):
            newer = direct  # the origin's own later report replaces its relays too
        for e in found:
            if newer is not e and order(newer) >= order(e):
                out[e] = newer
    return out


def aged(claims: Sequence[Evidence], weight: dict[str, float], half_life: float) -> None:
    """Recency weighting: a dated claim's weight halves every `half_life` days before the
    key's newest dated claim. Undated claims keep theirs."""
    dated = [e for e in claims if e.published]
    if len(dated) < 2:
        return
    newest = max(date.fromisoformat(e.published[:10]) for e in dated)
    for e in dated:
        days = (newest - date.fromisoformat(e.published[:10])).days
        if days:
            weight[e.claim_id] *= 0.5 ** (days / half_life)
