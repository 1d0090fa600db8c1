"""`reconcile outlets`: each outlet of a run, its prior and learned trust, and what became of
its claims."""

from __future__ import annotations

from typing import Any


def render_outlets(run_id: int, rows: list[dict[str, Any]], learned: dict[str, Any] | None) -> str:
    out = [f"outlets of run {run_id}: " + (learned["summary"] if learned else
                                           "trust as the rules set it (trust.learn is off)")]
    width = max([len(r["outlet"]) for r in rows] + [6])
    head = f"  {'OUTLET':<{width}}  {'PRIOR':>5}  {'LEARNED':>7}  {'CLAIMS':>7}  {'KEPT':>7}  " \
           f"{'CONTESTED':>9}  {'RIGHT':>5}  COPYING"
    out.append(head)
    for r in rows:
        learned_trust = "–" if r["learned"] is None else f"{r['learned']:.3f}"
        contested = "–" if r["contested"] is None else f"{r['contested']:,}"
        right = "–" if r["agreement"] is None or not r["contested"] else f"{r['agreement']:.0%}"
        prior = "–" if r["prior"] is None else f"{r['prior']:.2f}"
        copies = "; ".join(f"{c['other']} ({c['shared_false']} shared false of {c['shared']} "
                           f"shared keys, dependence {c['dependence']:.2f})"
                           for c in r["copies"]) or "–"
        out.append(f"  {r['outlet']:<{width}}  {prior:>5}  {learned_trust:>7}  "
                   f"{r['claims']:>7,}  {r['kept']:>7,}  {contested:>9}  {right:>5}  {copies}")
    return "\n".join(out) + "\n"
