"""The HTML report: one self-contained page a reviewer opens, offline, with nothing to install.

Summary first (keys by status, outlets, unmatched mentions, unreadable values), then every key,
open conflicts first, each with its interval chart; each expands to its explain story (claims,
roles, reasons, the rules that decided) and, for keys whose claims were inconsistent, a drawing
of its conflict graph. Filtering, search and sorting are a small plain script.

Everything a claim file can carry is escaped with `html.escape`; the data for the script is JSON
in a `<script type="application/json">` with `<`, `>` and `&` escaped, so `</script>` in a claim
cannot close it. A Content-Security-Policy allows only our own script (by its hash): even a
missed escape could not run.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from reconcile.core import CONFLICTING
from reconcile.report.baseline import Verdict
from reconcile.report.formats.github import repo_path
from reconcile.report.formats.over_time import over_time
from reconcile.report.formats.svg import e, graph_drawing, interval_chart, legend
from reconcile.report.formats.text import key_label, status_counts
from reconcile.report.results import key_of

STATUS_ORDER = ("conflict", "unresolved", "picked", "settled", "reviewed", "agreed",
                "single_source")
MAX_KEYS = 1000         # keys drawn; the summary still counts all, JSON has the rest
MAX_INPUT_ROWS = 200    # unmatched mentions / unreadable values listed
OPEN_FIRST = 10         # failing keys whose story starts expanded
SORTS = (("severity", "open conflicts first"), ("spread", "most disagreement"),
         ("key", "key A–Z"), ("claims", "most claims"), ("confidence", "lowest confidence"))


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return resources.files("reconcile.report.formats").joinpath(name).read_text("utf-8")


def script_json(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no `</script>`, no `<!--`."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_html(payload: dict[str, Any], verdict: Verdict,
                extras: dict[str, Any] | None = None) -> str:
    return "".join(iter_html(payload, verdict, extras))


def iter_html(payload: dict[str, Any], verdict: Verdict,
              extras: dict[str, Any] | None = None) -> Iterator[str]:
    extras = extras or {}
    run, resolutions = payload["run"], payload["resolutions"]
    counts = status_counts(payload)
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    ordered = _ordered(resolutions, verdict)
    shown = ordered[:MAX_KEYS]
    js = asset("report.js")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
    head = (f"{len(verdict.failing)} failing key(s)" if verdict.failing else "no failing key")
    yield ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           f"style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:\">\n"
           f"<title>reconcile run {e(run['id'])} — {e(head)}</title>\n"
           f"<style>\n{asset('report.css')}</style>\n</head>\n<body>\n<main>\n")
    yield from _header(payload, verdict, head)
    yield from _summary(payload, verdict, counts)
    yield '<section id="keys">\n<h2>Keys</h2>\n'
    yield from _controls(payload, counts)
    yield f'<div class="legend">{legend()}</div>\n<div id="key-list">\n'
    index = []
    opened = 0
    periods = _periods(resolutions)
    for n, (pos, r) in enumerate(shown):
        uid = f"k{n}"
        open_story = verdict.fails(r) and opened < OPEN_FIRST
        opened += open_story
        yield _key(r, uid, verdict, extras, open_story, periods[_series(r)])
        index.append(_index_entry(r, uid, pos, rank))
    yield "</div>\n"
    if len(ordered) > MAX_KEYS:
        yield (f'<p class="truncated">{len(ordered) - MAX_KEYS} more keys are not drawn here '
               "(the least severe); run_results.json has them all.</p>\n")
    yield '<p id="none-shown" hidden>No key matches the filters.</p>\n</section>\n'
    yield from _inputs(payload)
    yield (f"<footer>Rendered by reconcile {e(run['version'])} from run {e(run['id'])} as stored "
           f"in the database; inputs sha256 <code>{e(run['inputs_sha256'])}</code>, rules sha256 "
           f"<code>{e(run['rules_sha256'])}</code>.</footer>\n</main>\n")
    data = {"run": run["id"], "total": len(resolutions), "keys": index}
    yield f'<script type="application/json" id="report-data">{script_json(data)}</script>\n'
    yield f"<script>{js}</script>\n</body>\n</html>\n"


def _ordered(resolutions, verdict: Verdict) -> list[tuple[int, dict[str, Any]]]:
    """(position, resolution) as the page shows them: failing keys, then open conflicts, ..."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return sorted(enumerate(resolutions), key=lambda ir: (
        not verdict.fails(ir[1]), rank.get(ir[1]["status"], len(rank)), ir[0]))


def _series(r) -> tuple:
    """What the periods of one attribute share: subject, attribute and object."""
    return r["subject_id"], r["attribute"], r["object_id"]


def _periods(resolutions) -> dict[tuple, list[dict[str, Any]]]:
    series: dict[tuple, list[dict[str, Any]]] = {}
    for r in resolutions:
        series.setdefault(_series(r), []).append(r)
    return series


def drawn_keys(payload: dict[str, Any], verdict: Verdict) -> list:
    """The keys the page draws (at most MAX_KEYS): those `report_extras` needs to load."""
    return [key_of(r) for _, r in _ordered(payload["resolutions"], verdict)[:MAX_KEYS]]


def _header(payload, verdict: Verdict, head: str) -> Iterator[str]:
    run = payload["run"]
    cls = "fail" if verdict.failing else "ok"
    yield (f"<header>\n<h1>reconcile · run {e(run['id'])}</h1>\n"
           f'<div class="verdict {cls}">{e(head)} · fail on {e(verdict.fail_on_text)}</div>\n'
           '<div class="runmeta">'
           f"<span>started {e(run['started_at'])}</span><span>finished {e(run['finished_at'])}</span>"
           f"<span>{e(run['claims'])} claims</span><span>reconcile {e(run['version'])}</span>"
           f"<span>inputs <code>{e(run['inputs_sha256'][:12])}</code></span>"
           f"<span>rules <code>{e(run['rules_sha256'][:12])}</code></span></div>\n</header>\n")


def _summary(payload, verdict: Verdict, counts: Counter) -> Iterator[str]:
    resolutions = payload["resolutions"]
    unmatched, errors = payload.get("unmatched", []), payload.get("errors", [])
    yield '<section id="summary" class="cards">\n'
    yield (f'<div class="card" id="by-status"><h2>Keys by status</h2><div class="big">'
           f"{len(resolutions)}</div>{_status_bar(counts, len(resolutions))}"
           '<ul class="statuses">')
    for s in STATUS_ORDER:
        yield (f'<li class="status-{s}"><button type="button" data-only="{s}"><span class="dot">'
               f"</span>{s.replace('_', ' ')}</button><span>{counts.get(s, 0)}</span></li>")
    yield "</ul></div>\n"
    outlets = _outlets(resolutions)
    yield (f'<div class="card" id="outlets"><h2>Outlets</h2><div class="big">{len(outlets)}</div>'
           '<div class="scroll"><table><thead><tr><th>outlet</th><th>trust</th><th>claims</th>'
           "<th>keys</th><th>rejected</th></tr></thead><tbody>")
    for name, o in sorted(outlets.items(), key=lambda kv: (-kv[1]["claims"], kv[0])):
        yield (f"<tr><td>{e(name)}</td><td>{o['trust']:.2f}</td><td>{o['claims']}</td>"
               f"<td>{len(o['keys'])}</td><td>{o['rejected']}</td></tr>")
    yield "</tbody></table></div></div>\n"
    yield (f'<div class="card" id="not-used"><h2>Claims not used</h2>'
           f'<div><span class="big">{len(unmatched)}</span> unmatched mention(s)</div>'
           f'<div class="muted">{_first(unmatched, "mention") or "every mention matched an entity"}</div>'
           f'<div><span class="big">{len(errors)}</span> unreadable value(s)</div>'
           f'<div class="muted">{_first(errors, "message") or "every value was read"}</div>'
           + ('<div class="muted">stored, and listed at the end of the page</div>'
              if unmatched or errors else "") + "</div>\n")
    if verdict.baseline is not None:
        yield from _baseline_card(verdict)
    yield "</section>\n"


def _first(rows: list[dict[str, Any]], field: str) -> str:
    if not rows:
        return ""
    text = str(rows[0][field])
    text = text if len(text) <= 60 else text[:59] + "…"
    return f"{e(rows[0]['file'])}:{e(rows[0]['line'])}: {e(text)}" + (
        f" and {len(rows) - 1} more" if len(rows) > 1 else "")


def _status_bar(counts: Counter, total: int) -> str:
    if not total:
        return ""
    x, parts = 0.0, []
    for s in STATUS_ORDER:
        if counts.get(s):
            w = 300 * counts[s] / total
            parts.append(f'<rect class="status-{s}" x="{x:.1f}" y="0" width="{w:.1f}" height="12" '
                         f'style="fill:var(--c)"><title>{counts[s]} {s}</title></rect>')
            x += w
    return (f'<svg class="status-bar" viewBox="0 0 300 12" preserveAspectRatio="none" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def _baseline_card(verdict: Verdict) -> Iterator[str]:
    yield (f'<div class="card" id="baseline"><h2>Baseline</h2><div class="muted"><code>'
           f"{e(verdict.baseline)}</code></div><ul>"
           f"<li>{len(verdict.new)} new</li><li>{len(verdict.changed)} changed</li>"
           f"<li>{len(verdict.known)} known (not failing)</li><li>{len(verdict.fixed)} fixed</li></ul>")
    for was, now in verdict.fixed[:20]:
        after = f"{now['status']} {now['display']}" if now else "no longer resolved"
        yield (f'<div class="fixed">fixed: <code>{e(key_of(was).text)}</code>: '
               f'{e(was["status"])} → {e(after)}</div>')
    yield "</div>\n"


def _outlets(resolutions) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = defaultdict(lambda: {"claims": 0, "keys": set(),
                                                          "trust": 0.0, "rejected": 0})
    for r in resolutions:
        for c in r["claims"]:
            o = out[c.get("source") or c["outlet"]]
            o["claims"] += 1
            o["keys"].add(key_of(r))
            o["trust"] = max(o["trust"], c["trust"])
            o["rejected"] += c["role"] == "rejected"
    return out


def _controls(payload, counts: Counter) -> Iterator[str]:
    names = sorted({n for r in payload["resolutions"] for n in _outlet_names(r)})
    yield ('<div id="controls" hidden>'
           '<input type="search" id="search" placeholder="Search keys, outlets, values, claim ids… (/)" '
           'aria-label="search">')
    for s in STATUS_ORDER:
        yield (f'<label class="status-{s}"><input type="checkbox" name="status" value="{s}" checked>'
               f'<span class="dot"></span>{s.replace("_", " ")} ({counts.get(s, 0)})</label>')
    yield '<select id="outlet" aria-label="outlet"><option value="">all outlets</option>'
    for n in names:
        yield f'<option value="{e(n)}">{e(n)}</option>'
    yield '</select><select id="sort" aria-label="sort">'
    for value, label in SORTS:
        yield f'<option value="{value}">{e(label)}</option>'
    yield ('</select><button type="button" id="expand-all">expand all</button>'
           '<button type="button" id="collapse-all">collapse all</button>'
           '<span id="shown-count"></span></div>\n')


def _outlet_names(r) -> set[str]:
    names = set()
    for c in r["claims"]:
        names.add(c.get("source") or c["outlet"])
        if c.get("via"):
            names.add(c["via"])
    return names


def _key(r, uid: str, verdict: Verdict, extras, open_story: bool,
         periods: list[dict[str, Any]]) -> str:
    status = r["status"]
    fails = verdict.fails(r)
    known = ('<span class="known">known in baseline</span>' if verdict.is_known(r) else "")
    as_of = f'<span class="muted">as of {e(r["as_of"])}</span>' if r["as_of"] else ""
    meta = (f"{len(r['sources'])} source(s) · {len(r['claims'])} claim(s) · "
            f"confidence {r['confidence']:.2f} · {r['strategy']}")
    head = (f'<article class="key status-{e(status)}{" fails" if fails else ""}" id="{uid}" '
            f'data-status="{e(status)}" data-key="{e(key_of(r).text)}">'
            f'<div class="key-head"><span class="badge">{e(status.replace("_", " "))}</span>'
            f"<h3>{e(key_label(r))}</h3>{as_of}"
            f'<span class="value">{e(r["display"])}</span>'
            f'<span class="meta">{e(meta)}</span>{known}</div>')
    chart = interval_chart(r, uid)
    edges = (extras.get("edges") or {}).get(key_of(r).text, [])
    graph = graph_drawing(r, edges, uid) if status in CONFLICTING and edges else ""
    if graph:
        graph = f'<figure class="graph-box"><figcaption>conflict graph</figcaption>{graph}</figure>'
    story = _story(r, extras)
    return (f'{head}\n<div class="key-body">{chart}{graph}</div>\n{_over_time(r, periods, uid)}'
            f"<details class=\"story\"{' open' if open_story else ''}>"
            f"<summary>Why this value: claims, roles, reasons, rules</summary>{story}</details>"
            "</article>\n")


def _over_time(r, periods: list[dict[str, Any]], uid: str) -> str:
    """The key over time, folded unless one of its claims was superseded by a later one."""
    charts = over_time(r, periods, uid)
    if not charts:
        return ""
    days = len({c["published"][:10] for c in r["claims"] if c.get("published")})
    what = [f"{days} publication days"] if days > 1 else []
    what += [f"{len(periods)} periods"] if len(periods) > 1 else []
    superseded = any(c["role"] == "superseded" for c in r["claims"])
    return (f'<details class="over-time"{" open" if superseded else ""}><summary>Over time: '
            f'{e(" · ".join(what))}</summary><div class="over-time-body">{charts}</div></details>\n')


def _story(r, extras) -> str:
    key_text = key_of(r).text
    decision = (extras.get("decisions") or {}).get(key_text)
    rows = []
    for c in r["claims"]:
        iv = c["interval"]
        flags = [f for f in ("approx", "hedged") if iv.get(f)]
        via = f" via {c['via']}" if c.get("via") else ""
        quote = f"<blockquote>{e(c['quote'])}</blockquote>" if c.get("quote") else ""
        url = c.get("url")
        link = ""
        if url:
            safe = str(url).lower().startswith(("http://", "https://"))
            link = (f'<div class="path"><a href="{e(url)}" rel="noopener noreferrer">{e(url)}</a></div>'
                    if safe else f"<div class=\"mono path\">{e(url)}</div>")
        matches = []
        for role in ("subject_match", "object_match"):
            m = c.get(role)
            if m:
                matches.append(f"<div>{e(m['mention'])} → <code>{e(m['entity_id'])}</code> "
                               f"{e(m['method'])} {m['score']:.0f}</div>")
        rows.append(
            f'<tr><td><span class="role role-{e(c["role"])}">{e(c["role"])}</span></td>'
            f"<td><code class=\"path\">{e(c['id'])}</code><div class=\"muted mono path\" "
            f"title=\"{e(c.get('file'))}\">{e(repo_path(c.get('file')))}:{e(c.get('line'))}</div></td>"
            f"<td>{e(c['outlet'] + via)}<div class=\"muted\">trust {c['trust']:.2f}</div></td>"
            f"<td>“{e(c['value'])}”{quote}{link}</td>"
            f"<td>{e(c['display'])}"
            + (f'<div class="muted">{e(", ".join(flags))}</div>' if flags else "") + "</td>"
            f"<td class=\"muted small\">{''.join(matches)}</td>"
            f'<td class="reason">{e(c["reason"])}</td></tr>')
    rules = "".join(f"<tr><td><code>{e(k)}</code></td>{_origin(v)}</tr>"
                    for k, v in sorted((r.get("rules") or {}).items()))
    decided = f"<p><strong>Decision:</strong> {e(decision)}</p>" if decision else ""
    return (f'<div class="story-body"><div class="claims">{decided}'
            f"<p><strong>Answer:</strong> {e(r['display'])} ({e(r['status'])}, strategy "
            f"{e(r['strategy'])}, confidence {r['confidence']:.2f}); independent sources: "
            f"{e(', '.join(r['sources']) or 'none')}</p>"
            "<table><thead><tr><th>role</th><th>claim</th><th>outlet</th><th>as written</th>"
            "<th>read as</th><th>matched</th><th>why</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>"
            f'<div class="side"><h4>Rules that decided</h4><table class="rules"><tbody>{rules}'
            "</tbody></table></div></div>")


def _origin(origin: str) -> str:
    """`/path/rules/resolution.yaml: resolution.default.strategy`, shown as the file's name and
    the key, the full path on hover."""
    path, sep, key = str(origin).rpartition(": ")
    if not sep:
        return f'<td class="mono">{e(origin)}</td>'
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return f'<td class="mono" title="{e(path)}">{e(name)}: {e(key)}</td>'


def _index_entry(r, uid: str, pos: int, rank: dict[str, int]) -> dict[str, Any]:
    parts = [key_label(r), key_of(r).text, r["display"], r["status"]]
    for c in r["claims"]:
        parts += [c["id"], c["outlet"], c.get("via") or "", c["value"], c.get("quote") or ""]
    return {"id": uid, "pos": pos, "status": r["status"], "rank": rank.get(r["status"], 9),
            "label": key_label(r), "outlets": sorted(_outlet_names(r)), "claims": len(r["claims"]),
            "confidence": r["confidence"], "spread": _spread(r),
            "text": " ".join(parts).lower()[:4000]}


def _spread(r) -> float:
    """How far apart the claims are: log10 of the gap between the highest lower end and the
    lowest upper end when they do not overlap, else 0."""
    lows = [float(c["interval"]["low"]) for c in r["claims"] if c["interval"]["low"] is not None]
    highs = [float(c["interval"]["high"]) for c in r["claims"] if c["interval"]["high"] is not None]
    if not lows or not highs:
        return 0.0
    top, bottom = max(lows), min(highs)
    if top <= bottom:
        return 0.0
    if bottom > 0:
        return round(math.log10(top / bottom), 4)
    return round((top - bottom) / max(abs(top), abs(bottom), 1e-12), 4)


def _inputs(payload) -> Iterator[str]:
    unmatched, errors = payload.get("unmatched", []), payload.get("errors", [])
    if unmatched:
        yield (f'<section id="unmatched"><h2>Unmatched mentions ({len(unmatched)})</h2>'
               "<table><thead><tr><th>where</th><th>claim</th><th>role</th><th>mention</th>"
               "<th>band</th><th>candidates</th></tr></thead><tbody>")
        for u in unmatched[:MAX_INPUT_ROWS]:
            cands = ", ".join(f"{c['entity_id']} {c['score']:.0f}" for c in u["candidates"][:3])
            yield (f"<tr><td class=\"mono\">{e(u['file'])}:{e(u['line'])}</td><td><code>{e(u['claim_id'])}"
                   f"</code></td><td>{e(u['role'])}</td><td>“{e(u['mention'])}”</td>"
                   f"<td>{e(u['band'])}</td>"
                   f"<td>{e(cands or 'none')}</td></tr>")
        yield "</tbody></table>" + _more(len(unmatched)) + "</section>\n"
    if errors:
        yield (f'<section id="unreadable"><h2>Unreadable values ({len(errors)})</h2>'
               "<table><thead><tr><th>where</th><th>claim</th><th>why</th></tr></thead><tbody>")
        for x in errors[:MAX_INPUT_ROWS]:
            yield (f"<tr><td class=\"mono\">{e(x['file'])}:{e(x['line'])}</td><td><code>"
                   f"{e(x['claim_id'])}</code></td><td>{e(x['message'])}</td></tr>")
        yield "</tbody></table>" + _more(len(errors)) + "</section>\n"


def _more(n: int) -> str:
    return (f'<p class="truncated">{n - MAX_INPUT_ROWS} more in run_results.json</p>'
            if n > MAX_INPUT_ROWS else "")
