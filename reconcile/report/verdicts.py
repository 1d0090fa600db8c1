"""`reconcile verify` rendered: a text summary, the verdicts' JSON, or schema.org ClaimReview.

The renderers take what `reconcile.commands.verify` returns and never touch the database.
JSON-LD follows Google's Fact Check markup: a `ClaimReview` with `claimReviewed`, `url`,
`author` (who reviewed: `--by`), `datePublished`, a `reviewRating` whose `alternateName` is the
verdict in words, and an `itemReviewed` `Claim` with its `author` (the claim's outlet),
`appearance` (its url) and `datePublished`, when the claim gives them.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

from reconcile.normalize import format_interval
from reconcile.report import VERIFY_FORMATS
from reconcile.report.results import key_of
from reconcile.store.encoding import conversion_json, interval_json
from reconcile.verdicts import sources

# The verdict in words (ClaimReview's reviewRating.alternateName), and its place on a scale of
# 1 (false) to 5 (true); a verdict that says nothing of the truth has no ratingValue.
RATINGS = {"supported": ("Supported", 5), "plausible": ("Plausible but unconfirmed", 3),
           "contradicted": ("Contradicted", 1), "disputed": ("Disputed", None),
           "not_enough_info": ("Not enough information", None)}
DEFAULT_REVIEWER = "reconcile"


def render_verification(fmt: str, result, *, review_url: str | None = None,
                        by: str | None = None, today: date | None = None) -> str:
    """The verification in `fmt` (`VERIFY_FORMATS`), as text ending with a newline."""
    if fmt == "text":
        return render_text(result)
    if fmt == "json":
        return _dump(verification_json(result))
    if fmt == "jsonld":
        return _dump(claim_reviews(result, review_url=review_url, by=by, today=today))
    raise ValueError(f"unknown verify format {fmt!r}: expected one of {', '.join(VERIFY_FORMATS)}")


def verification_json(result) -> dict[str, Any]:
    """{"run": the run object, "verdicts": one object per claim, in order}."""
    return {"run": result.run, "verdicts": [check_json(c, result.run) for c in result.checks]}


def check_json(check, run: dict[str, Any]) -> dict[str, Any]:
    """One verdict with its evidence: what was claimed and read, and the key it was found in."""
    value = None
    if check.interval is not None:
        value = {**interval_json(check.interval), "display": format_interval(check.interval)}
    return {
        "claim": check.claim, "verdict": check.verdict.verdict, "reason": check.verdict.reason,
        "reading": check.reading.as_json() if check.reading else None,
        "value": value,
        "conversion": conversion_json(check.conversion) if check.conversion else None,
        "evidence": evidence_json(check.resolution, run) if check.resolution else None,
        "other_as_of": [r["as_of"] for r in check.others],
    }


def evidence_json(resolution: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """The key a verdict rests on: its status, range, confidence and independent sources."""
    r = resolution
    return {
        "run": run["id"], "key": key_of(r).text, "subject_id": r["subject_id"],
        "subject": r["subject"], "attribute": r["attribute"], "object_id": r["object_id"],
        "object": r["object"], "as_of": r["as_of"], "status": r["status"],
        "display": r["display"], "low": r["low"], "high": r["high"],
        "low_inclusive": r["low_inclusive"], "high_inclusive": r["high_inclusive"],
        "unit": r["unit"], "currency": r["currency"], "confidence": r["confidence"],
        "sources": sources(r),
        "claims": [{"id": c["id"], "outlet": c["outlet"], "source": c["source"],
                    "trust": c["trust"], "role": c["role"], "display": c["display"]}
                   for c in r.get("claims") or ()],
    }


def render_text(result) -> str:
    """Per claim: the verdict and the claim, how it was read, the key, its sources, why."""
    out = []
    for check in result.checks:
        out.append(f"{check.verdict.verdict:<16} {_claimed(check)}")
        if check.reading is not None:
            out.append("  read:    " + _read_line(check.reading))
        if check.claim.get("file"):
            out.append(f"  from:    {check.claim['file']}:{check.claim['line']}")
        r = check.resolution
        if r is not None:
            who = " → ".join(filter(None, [r["subject"], r["object"]]))
            out.append(f"  key:     {who} · {r['attribute']}"
                       + (f" · {r['as_of']}" if r["as_of"] else "")
                       + f" ({key_of(r).text}), run {result.run['id']}: {r['status']} "
                       f"{r['display']}, confidence {r['confidence']:g}")
            out.append("  sources: " + (", ".join(
                f"{s['name']} (trust {s['trust']:g})" if s["trust"] is not None else s["name"]
                for s in sources(r)) or "none"))
        if check.conversion is not None:
            out.append("  convert: " + conversion_json(check.conversion)["text"])
        out.append(f"  why:     {check.verdict.reason}")
        out.append("")
    counts: dict[str, int] = {}
    for check in result.checks:
        counts[check.verdict.verdict] = counts.get(check.verdict.verdict, 0) + 1
    summary = ", ".join(f"{n} {v}" for v, n in counts.items())
    out.append(f"run {result.run['id']}: {len(result.checks)} claim"
               f"{'' if len(result.checks) == 1 else 's'} checked ({summary or 'none'})")
    return "\n".join(out) + "\n"


def claim_reviews(result, *, review_url: str | None = None, by: str | None = None,
                  today: date | None = None) -> list[dict[str, Any]]:
    """One schema.org ClaimReview per claim, in order."""
    today = today or datetime.now(timezone.utc).date()
    return [claim_review(check, result.run, i, review_url=review_url, by=by, today=today)
            for i, check in enumerate(result.checks, 1)]


def claim_review(check, run: dict[str, Any], number: int, *, review_url: str | None,
                 by: str | None, today: date) -> dict[str, Any]:
    name, value = RATINGS[check.verdict.verdict]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": name, "name": name}
    if value is not None:
        rating.update(ratingValue=value, bestRating=5, worstRating=1)
    item: dict[str, Any] = {"@type": "Claim"}
    claim = check.claim
    if claim.get("outlet"):
        item["author"] = {"@type": "Organization", "name": claim["outlet"]}
    if claim.get("url"):
        item["appearance"] = {"@type": "CreativeWork", "url": claim["url"]}
    if claim.get("published"):
        item["datePublished"] = claim["published"][:10]
    # Without a page of its own, a review is named by the run and the claim's place in it.
    url = (f"{review_url}#claim-{number}" if review_url
           else f"urn:reconcile:run:{run['id']}:claim:{number}")
    review = {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url,
        "claimReviewed": _claimed(check), "datePublished": today.isoformat(),
        "author": {"@type": "Organization", "name": by or DEFAULT_REVIEWER},
        "reviewRating": rating, "itemReviewed": item,
        "reviewBody": check.verdict.reason,
    }
    return review


def _claimed(check) -> str:
    """The claim in words: a sentence as written; a record as subject, attribute, object, value."""
    claim = check.claim
    if "text" in claim:
        return claim["text"]
    parts = [claim["subject"], claim["attribute"], claim.get("object"), claim["value"]]
    said = " ".join(str(p) for p in parts if p)
    return f"{said} ({claim['outlet']})" if claim.get("outlet") else said


def _read_line(reading) -> str:
    parts = []
    for role in ("subject", "attribute", "object", "value"):
        part = getattr(reading, role)
        if part is not None:
            parts.append(f"{role} {part.value} ← {part.words!r} ({part.how})")
    return "; ".join(parts + [f"lang {reading.lang}"])


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
