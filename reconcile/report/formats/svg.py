"""Inline SVG for the HTML report: a key's interval chart, and the drawing of its conflict graph.

The chart puts one bar per claim on one axis, the resolved range as a band behind them, so that
disagreement is seen: bars that do not overlap are claims that cannot both be true. The axis is
per key, linear, and zoomed on the values the claims name; when they span more than a factor of
25 (a "≤ $1T" beside a "$10B") it turns logarithmic, the only way both stay readable.
Unbounded sides fade out to the chart edge and end in an arrow. Every text is escaped.
"""

from __future__ import annotations

import math
from decimal import Decimal
from html import escape
from typing import Any

from reconcile.core import SET_ASIDE, Interval
from reconcile.normalize import format_interval

ROLE_COLORS = {"bound": "#1f6feb", "support": "#6e9fe6", "rejected": "#b1b5ba",
               "superseded": "#d0d3d6"}
EDGE_STYLES = {"agrees": ("#1a7f37", "", 2.0), "narrows": ("#0969da", "5 3", 2.0),
               "contradicts": ("#cf222e", "", 3.0), "incomparable": ("#8c959f", "2 3", 1.5)}
W, X0, X1 = 800, 222, 712          # chart width; the axis runs from X0 to X1, values beyond
ROW, BAR, TOP, BOTTOM = 22, 10, 26, 30
MAX_ROWS, MAX_NODES = 40, 30
LOG_RATIO = 25


def e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def as_float(value) -> float | None:
    return None if value is None else float(value)


class Scale:
    """Value -> position on one key's axis, from `start` (the lowest) to `end` (the highest);
    `end` < `start` makes a vertical axis that grows upwards."""

    def __init__(self, values: list[float], start: float = X0, end: float = X1):
        self.start, self.end = start, end
        finite = sorted(v for v in values if v is not None and math.isfinite(v))
        self.log = bool(finite) and finite[0] > 0 and finite[-1] / finite[0] >= LOG_RATIO
        if not finite:
            lo, hi = 0.0, 1.0
        elif self.log:
            lo, hi = math.log10(finite[0]), math.log10(finite[-1])
            pad = max((hi - lo) * 0.08, 0.1)
            lo, hi = lo - pad, hi + pad
        elif finite[-1] > finite[0]:
            span = finite[-1] - finite[0]
            lo, hi = finite[0] - span * 0.12, finite[-1] + span * 0.12
        else:  # one value: from zero to twice it, so a one-sided bound reads as one
            v = finite[0]
            lo, hi = (0.0, 2 * v) if v > 0 else (2 * v, 0.0) if v < 0 else (-1.0, 1.0)
        self.lo, self.hi = lo, hi

    def x(self, value: float) -> float:
        if self.log and value <= 0:
            return self.start
        v = math.log10(value) if self.log else value
        return self.start + (v - self.lo) / (self.hi - self.lo) * (self.end - self.start)

    def ticks(self) -> list[Decimal]:
        if self.log:
            out = []
            for k in range(math.floor(self.lo), math.ceil(self.hi) + 1):
                out += [Decimal(m).scaleb(k) for m in (1, 2, 5)]
            out = [t for t in out if self.lo <= math.log10(t) <= self.hi]
            decades = [t for t in out if t.normalize().as_tuple().digits == (1,)]
            return decades if len(decades) >= 3 else out[:9]
        raw = (self.hi - self.lo) / 6
        exp = math.floor(math.log10(raw))
        mant = raw / 10 ** exp
        step = Decimal(next(m for m in (1, 2, 5, 10) if m >= mant)).scaleb(exp)
        k = math.ceil(Decimal(repr(self.lo)) / step)
        out = []
        while step * k <= Decimal(repr(self.hi)):
            out.append(step * k)
            k += 1
        return out


def tick_label(value: Decimal, unit: str | None, currency: str | None) -> str:
    return format_interval(Interval.exact(value, unit=unit or "number", currency=currency))


def interval_chart(r: dict[str, Any], uid: str) -> str:
    """The chart of one resolution `r` (the contract's JSON); `uid` keeps its ids unique."""
    unit, currency = r.get("unit"), r.get("currency")
    claims = sorted(map(drawn_claim, r["claims"]),
                    key=lambda c: (c["role"] in SET_ASIDE, _sort_low(c), c["id"]))
    drawable = [c for c in claims if same_unit(c["interval"], unit, currency)]
    others = [c for c in claims if c not in drawable]
    rows = drawable[:MAX_ROWS]
    values = [as_float(r.get("low")), as_float(r.get("high"))]
    for c in rows:
        iv = c["interval"]
        values += [as_float(iv["low"]), as_float(iv["high"]), as_float(iv["point"])]
    scale = Scale(values)
    n_rows = len(rows) + (1 if others or len(drawable) > MAX_ROWS else 0)
    height = TOP + max(n_rows, 1) * ROW + BOTTOM
    bottom = TOP + max(n_rows, 1) * ROW
    out = [f'<svg class="chart" id="{uid}-chart" role="img" viewBox="0 0 {W} {height}" '
           f'width="{W}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
           f'<title>{e(_chart_title(r))}</title>', _gradients(uid)]
    for t in scale.ticks():
        x = scale.x(float(t))
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{bottom}"/>'
                   f'<text class="tick" x="{x:.1f}" y="{bottom + 14}" text-anchor="middle">'
                   f'{e(tick_label(t, unit, currency))}</text>')
    out.append(f'<line class="axis" x1="{X0}" y1="{bottom}" x2="{X1}" y2="{bottom}"/>')
    if scale.log:
        out.append(f'<text class="scale-note" x="{X1}" y="{bottom + 27}" text-anchor="end">'
                   'log scale</text>')
    out.append(_band(r, scale, bottom))
    if r["status"] == "conflict":
        out.append(_gap(rows, scale, bottom))
    for i, c in enumerate(rows):
        out.append(_bar(c, TOP + i * ROW, scale, uid))
    if others or len(drawable) > MAX_ROWS:
        y = TOP + len(rows) * ROW + 15
        parts = []
        if len(drawable) > MAX_ROWS:
            parts.append(f"{len(drawable) - MAX_ROWS} more claim(s) not drawn")
        if others:
            parts.append(f"{len(others)} claim(s) in another unit: "
                         + ", ".join(f"{c['outlet']} {c['display']}" for c in others[:4]))
        out.append(f'<text class="note" x="{X0}" y="{y}">{e("; ".join(parts))}</text>')
    out.append("</svg>")
    return "".join(out)


def drawn_claim(c: dict[str, Any]) -> dict[str, Any]:
    """A claim as the chart draws it: converted into the key's currency when it was."""
    conversion = c.get("conversion")
    if not conversion:
        return c
    return {**c, "interval": conversion["interval"], "display": conversion["display"]}


def _sort_low(c: dict[str, Any]) -> float:
    low = c["interval"]["low"]
    return -math.inf if low is None else float(low)


def same_unit(iv: dict[str, Any], unit: str | None, currency: str | None) -> bool:
    if unit is None or iv["unit"] in (None, "number") or unit == "number":
        return True
    return iv["unit"] == unit and (unit != "currency" or iv["currency"] == currency)


def _chart_title(r: dict[str, Any]) -> str:
    key = " → ".join(filter(None, [r["subject"], r["object"]])) + f" · {r['attribute']}"
    return f"{key}: {r['status']} {r['display']}, {len(r['claims'])} claim(s)"


def _gradients(uid: str) -> str:
    """Per chart (ids must be unique in the page): a fade to the left and to the right per role."""
    defs = ["<defs>"]
    for role, color in ROLE_COLORS.items():
        for side, stops in (("l", ((0, 0.0), (0.55, 1.0))), ("r", ((0.45, 1.0), (1, 0.0))),
                            ("b", ((0, 0.0), (0.5, 1.0), (1, 0.0)))):
            defs.append(f'<linearGradient id="{uid}-{role}-{side}" x1="0" x2="1" y1="0" y2="0">'
                        + "".join(f'<stop offset="{o}" stop-color="{color}" stop-opacity="{a}"/>'
                                  for o, a in stops) + "</linearGradient>")
    defs.append("</defs>")
    return "".join(defs)


def _band(r: dict[str, Any], scale: Scale, bottom: float) -> str:
    low, high = as_float(r.get("low")), as_float(r.get("high"))
    if low is None and high is None:
        note = "no resolved range" + (f" — {r['status']}" if r["status"] in ("conflict", "unresolved") else "")
        return (f'<text class="band-note status-{e(r["status"])}" x="{X1}" y="14" '
                f'text-anchor="end">{e(note)}</text>')
    xl = X0 if low is None else max(X0, scale.x(low))
    xh = X1 if high is None else min(X1, scale.x(high))
    width = max(xh - xl, 2.0)
    parts = [f'<rect class="band" x="{xl:.1f}" y="{TOP - 6}" width="{width:.1f}" '
             f'height="{bottom - TOP + 6}"><title>{e("resolved: " + r["display"])}</title></rect>']
    for x, bounded in ((xl, low is not None), (xh, high is not None)):
        if bounded:
            parts.append(f'<line class="band-edge" x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" '
                         f'y2="{bottom}"/>')
    mid = min(max((xl + xh) / 2, X0 + 60), X1 - 60)
    parts.append(f'<text class="band-label" x="{mid:.1f}" y="14" text-anchor="middle">'
                 f'{e("resolved " + r["display"])}</text>')
    return "".join(parts)


def _gap(rows: list[dict[str, Any]], scale: Scale, bottom: float) -> str:
    """In a conflict, the stretch between the lowest upper end and the highest lower end of the
    kept claims: no value there (or anywhere) satisfies them all."""
    kept = [c["interval"] for c in rows if c["role"] not in SET_ASIDE]
    lows = [float(iv["low"]) for iv in kept if iv["low"] is not None]
    highs = [float(iv["high"]) for iv in kept if iv["high"] is not None]
    if not lows or not highs or max(lows) < min(highs):
        return ""
    xa, xb = scale.x(min(highs)), scale.x(max(lows))
    return (f'<rect class="gap" x="{xa:.1f}" y="{TOP - 6}" width="{max(xb - xa, 2):.1f}" '
            f'height="{bottom - TOP + 6}"><title>no value satisfies every kept claim: they '
            f'disagree between these ends</title></rect>')


def _bar(c: dict[str, Any], y: float, scale: Scale, uid: str) -> str:
    iv, role = c["interval"], c["role"] if c["role"] in ROLE_COLORS else "support"
    color = ROLE_COLORS[role]
    low, high, point = as_float(iv["low"]), as_float(iv["high"]), as_float(iv["point"])
    cy = y + ROW / 2
    hedged = iv.get("hedged")
    outlet = c["outlet"] if len(c["outlet"]) <= 22 else c["outlet"][:21] + "…"
    label = f"{outlet} · {c['trust']:.2f}" + (" · hedged" if hedged else "")
    via = f" via {c['via']}" if c.get("via") else ""
    title = (f"{c['id']}: {c['outlet']}{via}, trust {c['trust']:.2f}\n"
             f"{c['value']!r} → {c['display']}" + (" (hedged)" if hedged else "")
             + (" (approximate)" if iv.get("approx") else "")
             + (f"\nconverted {c['conversion']['text']}" if c.get("conversion") else "")
             + f"\n{c['role']}: {c['reason']}\n{c.get('file')}:{c.get('line')}")
    cls = f"bar bar-{role}" + (" hedged" if hedged else "")
    out = [f'<g class="{cls}" data-claim="{e(c["id"])}"><title>{e(title)}</title>',
           f'<text class="label" x="{X0 - 10}" y="{cy + 4:.1f}" text-anchor="end">{e(label)}</text>']
    xl = X0 if low is None else min(max(X0, scale.x(low)), X1)
    xh = X1 if high is None else min(max(X0, scale.x(high)), X1)
    top = cy - BAR / 2
    dash = ' stroke-dasharray="3 2"' if hedged else ""
    if low is not None and high is not None and low == high:
        out.append(_diamond(xl, cy, color))
    else:
        fill = (f"url(#{uid}-{role}-b)" if low is None and high is None else
                f"url(#{uid}-{role}-l)" if low is None else
                f"url(#{uid}-{role}-r)" if high is None else color)
        opacity = ' fill-opacity="0.55"' if hedged else ""
        out.append(f'<rect class="span" x="{xl:.1f}" y="{top:.1f}" width="{max(xh - xl, 2):.1f}" '
                   f'height="{BAR}" rx="2" fill="{fill}"{opacity} stroke="{color}" '
                   f'stroke-width="1"{dash}/>')
        if low is None:
            out.append(_arrow(X0, cy, -1, color))
        else:
            out.append(_end(xl, cy, iv["low_inclusive"], color))
        if high is None:
            out.append(_arrow(X1, cy, 1, color))
        else:
            out.append(_end(xh, cy, iv["high_inclusive"], color))
        if point is not None and iv.get("approx"):
            out.append(_diamond(scale.x(point), cy, color, small=True))
    out.append(_value_label(c["display"], xl, xh, high is None, cy))
    out.append("</g>")
    return "".join(out)


def _value_label(text: str, xl: float, xh: float, to_edge: bool, cy: float) -> str:
    """The claim's value as read, right of its bar, or left of it when the bar reaches the edge."""
    width = 7 * len(text)
    x = X1 + 12 if to_edge else xh + 10  # past the arrow, or past the bar's end
    if x + width <= W:
        return f'<text class="value" x="{x:.1f}" y="{cy + 4:.1f}">{e(text)}</text>'
    x = xl - 10 if xl - 10 - width >= X0 else W - 2
    return f'<text class="value" x="{x:.1f}" y="{cy + 4:.1f}" text-anchor="end">{e(text)}</text>'


def _diamond(x: float, cy: float, color: str, small: bool = False) -> str:
    s = 4 if small else 7
    return (f'<path class="point" d="M{x:.1f} {cy - s:.1f}L{x + s:.1f} {cy:.1f}L{x:.1f} '
            f'{cy + s:.1f}L{x - s:.1f} {cy:.1f}Z" fill="{color}" stroke="#fff" stroke-width="1"/>')


def _arrow(x: float, cy: float, direction: int, color: str) -> str:
    tip = x + 7 * direction
    return (f'<path class="arrow" d="M{tip:.1f} {cy:.1f}L{x:.1f} {cy - 5:.1f}L{x:.1f} {cy + 5:.1f}Z" '
            f'fill="{color}" fill-opacity="0.6"/>')


def _end(x: float, cy: float, inclusive: bool, color: str) -> str:
    """An inclusive end is a solid cap; an exclusive one an open circle."""
    if inclusive:
        return (f'<line class="end" x1="{x:.1f}" y1="{cy - 7:.1f}" x2="{x:.1f}" y2="{cy + 7:.1f}" '
                f'stroke="{color}" stroke-width="2.5"/>')
    return (f'<circle class="end open" cx="{x:.1f}" cy="{cy:.1f}" r="3.5" fill="#fff" '
            f'stroke="{color}" stroke-width="2"/>')


def graph_drawing(r: dict[str, Any], edges: list[tuple[str, str, str]], uid: str) -> str:
    """The key's conflict graph: claims on a circle, coloured edges for how their values relate."""
    claims = r["claims"]
    if len(claims) < 2 or len(claims) > MAX_NODES:
        return ""
    size, radius = 290, 72 if len(claims) <= 4 else 92
    cx = cy = size / 2
    pos = {}
    start = math.pi if len(claims) == 2 else -math.pi / 2  # two claims side by side
    for i, c in enumerate(claims):
        angle = start + 2 * math.pi * i / len(claims)
        pos[c["id"]] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle)
    ys = [y for _, y, _ in pos.values()]
    top, height = min(ys) - 28, max(ys) - min(ys) + 64  # just the room the nodes and labels take
    out = [f'<svg class="graph" id="{uid}-graph" role="img" viewBox="0 {top:.0f} {size} {height:.0f}" '
           f'width="{size}" height="{height:.0f}" xmlns="http://www.w3.org/2000/svg">',
           f'<title>{e("conflict graph of " + _chart_title(r))}</title>']
    for a, b, relation in edges:
        if a not in pos or b not in pos:
            continue
        color, dash, width = EDGE_STYLES.get(relation, ("#57606a", "", 1.5))
        (xa, ya, _), (xb, yb, _) = pos[a], pos[b]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line class="edge edge-{e(relation)}" x1="{xa:.1f}" y1="{ya:.1f}" x2="{xb:.1f}" '
                   f'y2="{yb:.1f}" stroke="{color}" stroke-width="{width}"{dash_attr}>'
                   f'<title>{e(f"{a} {relation} {b}")}</title></line>')
    for c in claims:
        x, y, angle = pos[c["id"]]
        role = c["role"] if c["role"] in ROLE_COLORS else "support"
        # labels centred under (or above) their node, kept inside the drawing
        lx = min(max(x, 58), size - 58)
        ly = y + (26 if math.sin(angle) >= -0.2 else -16)
        anchor = "middle"
        name = c["outlet"] if len(c["outlet"]) <= 16 else c["outlet"][:15] + "…"
        tip = f"{c['id']}: {c['outlet']} says {c['value']!r} → {c['display']} ({c['role']})"
        out.append(f'<g class="node node-{role}"><title>{e(tip)}</title>'
                   f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{ROLE_COLORS[role]}" stroke="#fff" '
                   f'stroke-width="2"/><text class="node-label" x="{lx:.1f}" y="{ly + 4:.1f}" '
                   f'text-anchor="{anchor}">{e(name + " " + c["display"])}</text></g>')
    out.append("</svg>")
    return "".join(out)


def legend() -> str:
    """One legend for all charts."""
    y, items, x = 12, [], 6
    for role in ("bound", "support", "rejected", "superseded"):
        items.append(f'<rect x="{x}" y="{y - 5}" width="26" height="10" rx="2" fill="{ROLE_COLORS[role]}"/>'
                     f'<text x="{x + 32}" y="{y + 4}">{role}</text>')
        x += 100
    items.append(f'<rect x="{x}" y="{y - 5}" width="26" height="10" rx="2" fill="{ROLE_COLORS["support"]}" '
                 f'fill-opacity="0.55" stroke="{ROLE_COLORS["support"]}" stroke-dasharray="3 2"/>'
                 f'<text x="{x + 32}" y="{y + 4}">hedged</text>')
    x += 100
    items.append(f'<path d="M{x} {y}L{x + 7} {y - 5}L{x + 7} {y + 5}Z" fill="#6e9fe6"/>'
                 f'<rect x="{x + 7}" y="{y - 5}" width="22" height="10" fill="#6e9fe6" fill-opacity="0.5"/>'
                 f'<text x="{x + 36}" y="{y + 4}">unbounded</text>')
    x += 118
    items.append(f'<rect class="band" x="{x}" y="{y - 8}" width="26" height="16"/>'
                 f'<text x="{x + 32}" y="{y + 4}">resolved range</text>')
    x += 150
    for relation in ("agrees", "narrows", "contradicts"):
        color, dash, width = EDGE_STYLES[relation]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(f'<line x1="{x}" y1="{y}" x2="{x + 24}" y2="{y}" stroke="{color}" '
                     f'stroke-width="{width}"{dash_attr}/><text x="{x + 30}" y="{y + 4}">{relation}</text>')
        x += 108
    return (f'<svg class="legend" viewBox="0 0 {x} 24" width="{x}" height="24" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(items)}</svg>')
