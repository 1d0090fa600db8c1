"""`extract`: news articles in, candidate claims out, as a claims file `run` reads; reviewers
accept candidates into their claims files (`accept_candidates`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from reconcile import config
from reconcile.commands.lookup import rules_or_builtin
from reconcile.errors import ExtractError, ReviewError
from reconcile.extract import ARTICLE_SUFFIXES, Extraction, extract, read_article
from reconcile.extract.document import document
from reconcile.output import atomic_text
from reconcile.pipeline import load_matcher
from reconcile.rules import Rules
from reconcile.version import __version__


def extract_articles(paths: Sequence[Path | str], *, lang: str | None = None,
                     outlet: str | None = None, published: str | None = None,
                     seeds: Path | str = config.SEEDS_DIR,
                     rules: Path | str | Rules = config.RULES_DIR) -> list[Extraction]:
    """The candidates of every article under `paths` (files, or folders of .txt/.html
    articles, in name order). The matcher and any model load once for all of them."""
    rule_set = rules if isinstance(rules, Rules) else rules_or_builtin(rules)
    matcher = load_matcher(seeds, rule_set)
    return [extract(read_article(p), matcher, rule_set, outlet=outlet, lang=lang,
                    published=published) for p in article_files(paths)]


def article_files(paths: Sequence[Path | str]) -> list[Path]:
    out = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file()
                           and f.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                raise ExtractError(str(given), "no article (.txt, .html) in this folder")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise ExtractError(str(given), "no such file or folder")
    return out


def candidates_yaml(extractions: Sequence[Extraction]) -> str:
    """The candidates file: a header that says nothing in it is accepted, then the document."""
    head = ("# Candidate claims extracted from news text. Nothing here is accepted: review each\n"
            "# claim (its quote, offsets and `extraction.how`) before it joins a claims file.\n")
    return head + yaml.safe_dump(document(extractions, version=__version__), allow_unicode=True,
                                 sort_keys=False, width=100)


def write_candidates(extractions: Sequence[Extraction], out: Path | str) -> Path:
    """The candidates file at `out`, whole or not at all."""
    with atomic_text(out) as fh:
        fh.write(candidates_yaml(extractions))
    return Path(out)


@dataclass(frozen=True)
class Accepted:
    into: Path
    accepted: list[str]  # ids added to the claims file
    already: list[str]  # ids the file already had


def read_candidates(path: Path | str) -> list[dict[str, Any]]:
    """The candidate claims of a file `extract` wrote, in order."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise ExtractError(str(path), f"cannot read: {e.strerror or e}") from None
    except yaml.YAMLError as e:
        raise ExtractError(str(path), f"invalid YAML: {e}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), list) \
            or "extracted_from" not in doc:
        raise ExtractError(str(path), "not a candidates file (written by `reconcile extract`)")
    return doc["claims"]


def accept_candidates(candidates: Path | str, ids: Sequence[str], into: Path | str, *,
                      by: str | None = None, reason: str = "", min_confidence: float | None = None
                      ) -> Accepted:
    """Add the chosen candidates (by id, or every one with at least `min_confidence`) to the
    claims file `into` (YAML, created if missing), each with who accepted it and when; the
    extraction's evidence stays with the claim. Ids the file has already are left alone."""
    found = read_candidates(candidates)
    by_id = {c.get("id"): c for c in found}
    if unknown := [i for i in ids if i not in by_id]:
        raise ReviewError(f"no candidate {', '.join(map(repr, unknown))} in {candidates}")
    chosen = [by_id[i] for i in ids]
    if min_confidence is not None:
        chosen += [c for c in found if c not in chosen
                   and (c.get("extraction") or {}).get("confidence", 0) >= min_confidence]
    if not chosen:
        raise ReviewError("no candidate chosen: give ids or --min-confidence")
    target = Path(into)
    existing: list[dict[str, Any]] = []
    if target.exists():
        try:
            doc = yaml.safe_load(target.read_text(encoding="utf-8")) or {"claims": []}
        except (OSError, yaml.YAMLError) as e:
            raise ExtractError(str(target), f"cannot read the claims file: {e}") from None
        existing = doc.get("claims") if isinstance(doc, dict) else doc
        if not isinstance(existing, list):
            raise ExtractError(str(target), "not a YAML claims file (a list, or a `claims:` list)")
    have = {c.get("id") for c in existing if isinstance(c, dict)}
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    added, already = [], []
    for c in chosen:
        if c["id"] in have:
            already.append(c["id"])
            continue
        existing.append({**c, "accepted": {"by": by or config.current_user(), "at": now,
                                           **({"reason": reason} if reason else {})}})
        added.append(c["id"])
    with atomic_text(target) as fh:
        fh.write(yaml.safe_dump({"claims": existing}, allow_unicode=True, sort_keys=False,
                                width=100))
    return Accepted(target, added, already)
