"""Candidates as a claims file: the contract's claim fields, and each claim's evidence.

The document is a YAML mapping that `reconcile run` reads as it is (a `claims:` list); the
other keys say what was read (`extracted_from`) and what was refused (`refused`). Every claim
carries an `extraction` mapping, which a run keeps with the claim and which marks it as
extracted: the article, the character offsets of the value and of the attribution in the
article's text (`extracted_from[].sha256` is that text's digest), the rule or model behind each
field, and a confidence in [0, 1].
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from reconcile.extract.reader import Candidate

FIELDS = ("id", "outlet", "via", "lang", "subject", "attribute", "object", "value", "as_of",
          "published", "quote")


def document(extractions: Sequence[Any], *, version: str) -> dict[str, Any]:
    """The candidates file of several extractions, in their order."""
    claims, refused, read = [], [], []
    for x in extractions:
        article = x.article
        read.append({"file": article.path, "sha256": article.sha256, "outlet": x.outlet,
                     "lang": x.lang, "published": x.published, "title": article.title,
                     "sentences": len(article.sentences), "claims": len(x.candidates)})
        stem = PurePath(article.path).stem
        for n, c in enumerate(x.candidates, 1):
            claims.append(_claim(c, f"{stem}-c{n:02d}", article.path))
        for r in x.refused:
            refused.append({"article": article.path, "value": r.value,
                            "value_span": list(r.value_span), "quote": r.quote,
                            "reason": r.reason})
    return {"extracted_by": f"reconcile {version}", "extracted_from": read, "claims": claims,
            "refused": refused}


def _claim(c: Candidate, claim_id: str, path: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": claim_id}
    for name in FIELDS[1:]:
        if c.fields.get(name) is not None:
            out[name] = c.fields[name]
    out["extraction"] = {
        "article": path, "sentence": c.sentence + 1, "value_span": list(c.value_span),
        "attribution_span": list(c.attribution_span) if c.attribution_span else None,
        "confidence": c.confidence, "how": dict(c.how),
    }
    return out
