"""Markdown: the summary a pull request or `$GITHUB_STEP_SUMMARY` shows.

Failing keys first with the claims that disagree, then what the baseline says, then the inputs
that could not be used, and every key folded in a <details>. Claim text is escaped so that it
shows as written: no table is broken by a `|`, no HTML or link is made from a claim.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from reconcile.core import SET_ASIDE
from reconcile.report.baseline import Verdict
from reconcile.report.formats.text import claim_count, key_label, status_counts
from reconcile.report.results import key_of

# GitHub caps a step summary at 1 MiB: long lists are cut, with a count of what was left out.
MAX_FAILING, MAX_KEYS, MAX_INPUTS = 100, 500, 50
ICONS = {"agreed": "✅", "single_source": "🔹", "settled": "⚖️", "conflict": "❌",
         "unresolved": "❔", "picked": "🎯", "reviewed": "🧑‍⚖️"}
STATUS_ORDER = ("conflict", "unresolved", "picked", "settled", "reviewed", "agreed",
                "single_source")
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(text: Any) -> str:
    """Claim text as literal Markdown inline text, safe in a table cell."""
    s = "" if text is None else str(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())  # newlines and tabs would end the table row


def code(text: Any) -> str:
    """Inline code that survives backticks in the text."""
    s = " ".join(str(text).split()).replace("`", "ˋ")
    return f"`{s}`"


def render_markdown(payload: dict[str, Any], verdict: Verdict) -> str:
    return "".join(iter_markdown(payload, verdict))


def iter_markdown(payload: dict[str, Any], verdict: Verdict) -> Iterator[str]:
    run, resolutions = payload["run"], payload["resolutions"]
    unmatched, errors = payload.get("unmatched", []), payload.get("errors", [])
    counts = status_counts(payload)
    head = (f"❌ {len(verdict.failing)} failing key(s)" if verdict.failing
            else "✅ no failing key")
    yield f"## reconcile run {run['id']}: {head}\n\n"
    parts = [f"{counts[s]} {s.replace('_', ' ')}" for s in STATUS_ORDER if counts[s]]
    yield (f"**{run['claims']} claims, {len(resolutions)} keys:** " + (" · ".join(parts) or "none")
           + f" · {len(unmatched)} unmatched mention(s) · {len(errors)} unreadable value(s)"
           + f" — fail on: {code(verdict.fail_on_text)}\n\n")
    if verdict.baseline is not None:
        yield from _baseline(verdict)
    if verdict.failing:
        yield f"### Failing keys ({len(verdict.failing)})\n\n"
        yield "| | key | as of | status | value | claims |\n|---|---|---|---|---|---|\n"
        for r in verdict.failing[:MAX_FAILING]:
            yield (f"| {ICONS.get(r['status'], '')} | {md(key_label(r))} | {md(r['as_of'] or '–')} "
                   f"| {r['status']} | {md(r['display'])} | {_claims_cell(r)} |\n")
        yield _more(len(verdict.failing) - MAX_FAILING, "failing keys")
        yield "\n"
    if verdict.known:
        yield (f"{len(verdict.known)} key(s) with a failing status are known from the baseline "
               "and unchanged: they do not fail the run.\n\n")
    if unmatched:
        yield f"### Unmatched mentions ({len(unmatched)})\n\n"
        for u in unmatched[:MAX_INPUTS]:
            cands = ", ".join(f"{md(c['entity_id'])} {c['score']:.0f}" for c in u["candidates"][:3])
            where = code(f"{u['file']}:{u['line']}")
            yield (f"- {where} {u['role']} “{md(u['mention'])}” "
                   f"({u['band']}; candidates: {cands or 'none'})\n")
        yield _more(len(unmatched) - MAX_INPUTS, "unmatched mentions") + "\n"
    if errors:
        yield f"### Unreadable values ({len(errors)})\n\n"
        for e in errors[:MAX_INPUTS]:
            where = code(f"{e['file']}:{e['line']}")
            yield f"- {where} {md(e['message'])}\n"
        yield _more(len(errors) - MAX_INPUTS, "unreadable values") + "\n"
    if resolutions:
        yield f"<details><summary>All {len(resolutions)} keys</summary>\n\n"
        yield "| key | as of | status | value | sources | claims |\n|---|---|---|---|---|---|\n"
        for r in _ordered(resolutions)[:MAX_KEYS]:
            icon = "⚠️ " if verdict.is_known(r) else ""
            yield (f"| {md(key_label(r))} | {md(r['as_of'] or '–')} | {icon}{r['status']} "
                   f"| {md(r['display'])} | {md(', '.join(r['sources']) or '–')} "
                   f"| {claim_count(r)} |\n")
        yield _more(len(resolutions) - MAX_KEYS, "keys")
        yield "\n</details>\n\n"
    yield (f"<sub>reconcile {md(run['version'])} · inputs {code(run['inputs_sha256'][:12])} · "
           f"rules {code(run['rules_sha256'][:12])}</sub>\n")


def _baseline(verdict: Verdict) -> Iterator[str]:
    yield f"**Baseline** {code(verdict.baseline)}: {len(verdict.new)} new, {len(verdict.changed)} " \
          f"changed, {len(verdict.known)} known, {len(verdict.fixed)} fixed\n\n"
    for r in verdict.new:
        yield f"- 🆕 {code(key_of(r).text)}: {r['status']} {md(r['display'])}\n"
    for was, now in verdict.changed:
        yield (f"- 🔁 {code(key_of(now).text)}: {was['status']} {md(was.get('display'))} → "
               f"{now['status']} {md(now['display'])}\n")
    for was, now in verdict.fixed:
        after = f"{now['status']} {md(now['display'])}" if now else "no longer resolved"
        yield f"- 🎉 fixed {code(key_of(was).text)}: {was['status']} → {after}\n"
    yield "\n"


def _claims_cell(r: dict[str, Any]) -> str:
    shown = []
    for c in r["claims"][:8]:
        mark = "~~" if c["role"] in SET_ASIDE else ""
        shown.append(f"{mark}{md(c['outlet'])} ({c['trust']:.2f}): “{md(c['value'])}” → "
                     f"{md(c['display'])}{mark}")
    if len(r["claims"]) > 8:
        shown.append(f"and {len(r['claims']) - 8} more")
    return "<br>".join(shown)


def _ordered(resolutions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return sorted(resolutions, key=lambda r: rank.get(r["status"], len(rank)))


def _more(n: int, what: str) -> str:
    return f"\n… and {n} more {what} (see run_results.json)\n" if n > 0 else ""
