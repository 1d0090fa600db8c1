"""Inline SVG for the HTML report: a key over time.

Two small charts, value upwards:
- by publication date: each dated claim a vertical bar at the day it was published, in its
  role's colour, so that an outlet's update reads as a later bar and the superseded one greys;
- by period: the attribute's resolved value in each `as_of` period of the same subject and
  object (and the undated key last), the key on the page marked.

A chart is drawn only when it has something to show: two publication days, or two periods.
Values in another unit or currency than the key's are counted in a note, not drawn. Every text
is escaped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reconcile.core import period_end
from reconcile.report.formats.svg import (ROLE_COLORS, Scale, as_float, drawn_claim, e,
                                          same_unit, tick_label)

W, LEFT, RIGHT = 800, 92, 780
TOP, PLOT, FOOT = 22, 120, 34  # the value axis runs from TOP + PLOT (lowest) up to TOP
MAX_CLAIMS = 60
STATUS_COLORS = {"agreed": "#1a7f37", "settled": "#1f6feb", "single_source": "#6e9fe6",
                 "reviewed": "#8250df", "conflict": "#cf222e", "unresolved": "#8c959f"}


def over_time(r: dict[str, Any], periods: list[dict[str, Any]], uid: str) -> str:
    """Both charts of resolution `r` (the contract's JSON) that have something to show;
    `periods` are the resolutions of its subject, attribute and object, `r` among them."""
    parts = [by_publication(r, uid), by_period(r, periods, uid)]
    return "".join(p for p in parts if p)


def by_publication(r: dict[str, Any], uid: str) -> str:
    """The key's claims by the day they were published (undated ones are not placed)."""
    unit, currency = r.get("unit"), r.get("currency")
    claims = [drawn_claim(c) for c in r["claims"] if c.get("published")]
    drawable = [c for c in claims if same_unit(c["interval"], unit, currency)]
    days = sorted({_day(c["published"]) for c in drawable})
    if len(days) < 2:
        return ""
    drawable.sort(key=lambda c: (c["published"], c["id"]))
    rows = drawable[:MAX_CLAIMS]
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)
    values = [as_float(r.get("low")), as_float(r.get("high"))]
    for c in rows:
        values += [as_float(c["interval"]["low"]), as_float(c["interval"]["high"]), as_float(c["interval"]["point"])]
    scale = Scale(values, TOP + PLOT, TOP)
    out = _frame(uid, "published", f"{_title(r)} by publication date", scale, unit, currency,
                 "claims by publication date")
    out.append(_band(r, scale))
    same_day: dict[date, int] = {}
    for c in rows:
        day = _day(c["published"])
        nth = same_day[day] = same_day.get(day, -1) + 1
        x = LEFT + 12 + (day - first).days / span * (RIGHT - LEFT - 24) + 5 * nth
        out.append(_claim_mark(c, x, scale))
    for day in (first, last):
        x = LEFT + 12 + (day - first).days / span * (RIGHT - LEFT - 24)
        out.append(f'<text class="tick" x="{x:.1f}" y="{TOP + PLOT + 16}" text-anchor="middle">'
                   f"{e(day.isoformat())}</text>")
    skipped = len(claims) - len(rows) + (len(r["claims"]) - len(claims))
    if skipped:
        out.append(f'<text class="note" x="{RIGHT}" y="{TOP + PLOT + 30}" text-anchor="end">'
                   f"{e(f'{skipped} claim(s) undated, beyond {MAX_CLAIMS} or in another unit: not placed')}"
                   "</text>")
    out.append("</svg>")
    return "".join(out)


def by_period(r: dict[str, Any], periods: list[dict[str, Any]], uid: str) -> str:
    """The attribute's resolved value period by period, oldest first, the undated key last."""
    if len(periods) < 2:
        return ""
    unit, currency = r.get("unit"), r.get("currency")
    ordered = sorted(periods, key=lambda p: (p["as_of"] is None,
                                             period_end(p["as_of"]) if p["as_of"] else date.min))
    drawable = [p for p in ordered if same_unit(_range(p), unit, currency)]
    values = []
    for p in drawable:
        values += [as_float(p.get("low")), as_float(p.get("high")), as_float(p.get("point"))]
    scale = Scale(values, TOP + PLOT, TOP)
    out = _frame(uid, "periods", f"{_title(r)} by period", scale, unit, currency,
                 "resolved value by period")
    step = (RIGHT - LEFT) / len(ordered)
    for i, p in enumerate(ordered):
        x = LEFT + step * (i + 0.5)
        here = p["as_of"] == r["as_of"]
        label = p["as_of"] or "undated"
        out.append(f'<text class="tick{" here" if here else ""}" x="{x:.1f}" '
                   f'y="{TOP + PLOT + 16}" text-anchor="middle">{e(label)}</text>')
        if p in drawable:
            out.append(_period_mark(p, x, scale, here))
    others = len(ordered) - len(drawable)
    if others:
        out.append(f'<text class="note" x="{RIGHT}" y="{TOP + PLOT + 30}" text-anchor="end">'
                   f"{e(f'{others} period(s) in another unit or currency: not drawn')}</text>")
    out.append("</svg>")
    return "".join(out)


def _frame(uid: str, name: str, title: str, scale: Scale, unit, currency, caption: str
           ) -> list[str]:
    height = TOP + PLOT + FOOT
    out = [f'<svg class="chart over-time {name}" id="{uid}-{name}" role="img" '
           f'viewBox="0 0 {W} {height}" width="{W}" height="{height}" '
           'xmlns="http://www.w3.org/2000/svg">', f"<title>{e(title)}</title>",
           f'<text class="caption" x="{RIGHT}" y="{TOP - 4}" text-anchor="end">{e(caption)}</text>']
    for t in scale.ticks():
        y = scale.x(float(t))
        out.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{RIGHT}" y2="{y:.1f}"/>'
                   f'<text class="tick" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">'
                   f"{e(tick_label(t, unit, currency))}</text>")
    out.append(f'<line class="axis" x1="{LEFT}" y1="{TOP + PLOT}" x2="{RIGHT}" '
               f'y2="{TOP + PLOT}"/>')
    out.append(f'<text class="scale-note" x="{LEFT - 8}" y="{TOP + PLOT + 30}" '
               f'text-anchor="end">{"log scale" if scale.log else ""}</text>')
    return out


def _band(r: dict[str, Any], scale: Scale) -> str:
    low, high = as_float(r.get("low")), as_float(r.get("high"))
    if low is None and high is None:
        return ""
    y_low = TOP + PLOT if low is None else min(max(scale.x(low), TOP), TOP + PLOT)
    y_high = TOP if high is None else min(max(scale.x(high), TOP), TOP + PLOT)
    return (f'<rect class="band" x="{LEFT}" y="{y_high:.1f}" width="{RIGHT - LEFT}" '
            f'height="{max(y_low - y_high, 2):.1f}"><title>{e("resolved: " + r["display"])}'
            "</title></rect>")


def _claim_mark(c: dict[str, Any], x: float, scale: Scale) -> str:
    role = c["role"] if c["role"] in ROLE_COLORS else "support"
    title = (f"{c['published']} · {c['outlet']}" + (f" via {c['via']}" if c.get("via") else "")
             + f": {c['value']!r} → {c['display']}"
             + (f"\nconverted {c['conversion']['text']}" if c.get("conversion") else "")
             + f"\n{c['role']}: {c['reason']}")
    return (f'<g class="mark mark-{role}" data-claim="{e(c["id"])}"><title>{e(title)}</title>'
            + _vertical(c["interval"], x, scale, ROLE_COLORS[role]) + "</g>")


def _period_mark(p: dict[str, Any], x: float, scale: Scale, here: bool) -> str:
    color = STATUS_COLORS.get(p["status"], "#57606a")
    title = f"{p['as_of'] or 'undated'}: {p['status']} {p['display']}"
    cls = "period here" if here else "period"
    if p.get("low") is None and p.get("high") is None:  # a conflict or nothing resolved
        return (f'<g class="{cls} status-{e(p["status"])}"><title>{e(title)}</title>'
                f'<text class="note" x="{x:.1f}" y="{TOP + PLOT / 2:.1f}" text-anchor="middle" '
                f'fill="{color}">{e(p["status"])}</text></g>')
    return (f'<g class="{cls} status-{e(p["status"])}"><title>{e(title)}</title>'
            + _vertical(_range(p), x, scale, color, width=14 if here else 9) + "</g>")


def _vertical(iv: dict[str, Any], x: float, scale: Scale, color: str, width: float = 7) -> str:
    """An interval as a vertical bar at `x`: a diamond for one value, an arrow to the edge for
    an open side, a hollow bar for a hedged one."""
    low, high = as_float(iv.get("low")), as_float(iv.get("high"))
    if low is not None and high is not None and low == high:
        y = scale.x(low)
        s = width / 2 + 2
        return (f'<path class="point" d="M{x:.1f} {y - s:.1f}L{x + s:.1f} {y:.1f}L{x:.1f} '
                f'{y + s:.1f}L{x - s:.1f} {y:.1f}Z" fill="{color}" stroke="#fff"/>')
    y_low = TOP + PLOT if low is None else min(max(scale.x(low), TOP), TOP + PLOT)
    y_high = TOP if high is None else min(max(scale.x(high), TOP), TOP + PLOT)
    fill = "none" if iv.get("hedged") else color
    out = [f'<rect class="span" x="{x - width / 2:.1f}" y="{y_high:.1f}" width="{width:.1f}" '
           f'height="{max(y_low - y_high, 2):.1f}" rx="2" fill="{fill}" fill-opacity="0.7" '
           f'stroke="{color}"/>']
    for open_side, y, direction in ((high is None, TOP, -1), (low is None, TOP + PLOT, 1)):
        if open_side:
            out.append(f'<path class="arrow" d="M{x:.1f} {y + 6 * direction:.1f}L{x - 5:.1f} '
                       f'{y:.1f}L{x + 5:.1f} {y:.1f}Z" fill="{color}"/>')
    return "".join(out)


def _range(p: dict[str, Any]) -> dict[str, Any]:
    """A resolution's range in the shape of a claim's interval."""
    return {"low": p.get("low"), "high": p.get("high"), "point": p.get("point"),
            "unit": p.get("unit"), "currency": p.get("currency"), "hedged": False}


def _title(r: dict[str, Any]) -> str:
    return " → ".join(filter(None, [r["subject"], r["object"]])) + f" · {r['attribute']}"


def _day(published: str) -> date:
    return date.fromisoformat(published[:10])
