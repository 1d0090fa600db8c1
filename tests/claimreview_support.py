"""Checks a schema.org ClaimReview against what Google's Fact Check markup documents: the
required properties and their types (tests/data/claimreview.schema.json), and what a schema
cannot say — a rating's value between its worst and best, dates that exist."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA = json.loads((Path(__file__).parent / "data" / "claimreview.schema.json")
                    .read_text(encoding="utf-8"))
Draft202012Validator.check_schema(SCHEMA)
_VALIDATOR = Draft202012Validator(SCHEMA)


def claim_review_errors(review) -> list[str]:
    """Why `review` is not a valid ClaimReview ([] when it is)."""
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '.'}: {e.message}"
              for e in _VALIDATOR.iter_errors(review)]
    if errors:
        return errors
    rating = review["reviewRating"]
    if "ratingValue" in rating and not (rating["worstRating"] <= rating["ratingValue"]
                                        <= rating["bestRating"]):
        errors.append("reviewRating: ratingValue is not between worstRating and bestRating")
    for where, value in (("datePublished", review.get("datePublished")),
                         ("itemReviewed/datePublished",
                          review.get("itemReviewed", {}).get("datePublished"))):
        if value is not None:
            try:
                date.fromisoformat(value[:10])
            except ValueError:
                errors.append(f"{where}: {value!r} is no date")
    return errors


def assert_claim_review(review) -> None:
    errors = claim_review_errors(review)
    assert not errors, "\n".join(errors)
