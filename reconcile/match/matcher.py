"""The Matcher: layers (reviewed, exact, alias/ticker, fuzzy), bands and explanations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from ..ingest import Entity
from ..rules import MatchingRules
from .names import GENERIC_WORDS, core_key, generic_mask, initials, is_ticker, name_key, ticker_form
from .scoring import (
    COMPACT, CONTAINED, CORE, DISTINCT_DIFFER, NUMBERS_DIFFER, SHORT, WRITTEN_ORDER, ChoiceIndex,
    Strings, top_k,
)

SCORER = "token_sort_ratio"
MAX_CANDIDATES = 5
# Fuzzy candidates are generated down to this score: below it nothing is worth showing a
# reviewer, and a lower floor only costs time.
_GENERATE_CUTOFF = 50.0
# A word in at least this many entity names (and this share of them) is "common".
_COMMON_MIN_DF = 5
_COMMON_SHARE = 0.002
# Names kept per mention before grouping by entity (a name may be an alias of another).
_GENERATE_K = 12


@dataclass(frozen=True)
class Candidate:
    """An entity proposed for a mention, with its score (0-100)."""

    entity_id: str
    name: str
    score: float


@dataclass(frozen=True)
class Match:
    """The decision for one mention, with everything needed to explain it."""

    input: str  # the mention as written
    key: str  # its normalized name key
    entity_id: str | None  # None unless band == "accept"
    name: str | None  # canonical name of entity_id
    score: float  # 0..100 (100 for exact/alias/reviewed)
    method: str  # "exact" | "alias" | "fuzzy" | "reviewed" | "none"
    band: str  # "accept" | "review" | "reject"
    scorer: str | None  # "token_sort_ratio" when fuzzy scoring ran
    candidates: tuple[Candidate, ...]  # best few (≤ 5), best first, ties by entity id
    runner_up: Candidate | None
    margin: float | None  # best score − runner-up score
    reason: str  # one human sentence: why this band


@dataclass(frozen=True)
class ReviewDecision:
    """A reviewer's decision for a mention key: an entity id, or None for "not an entity"."""

    mention_key: str
    entity_id: str | None
    by: str = ""
    reason: str = ""


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


class Matcher:
    """Matches mentions to canonical entities; one instance per entity list and rules.

    Layers, in order: a review decision for the mention's key; the key equal to an entity's
    name key (exact) or alias key, or the mention written as a ticker alias (alias); fuzzy
    token_sort_ratio over the names and aliases. Bands follow the rules: accept at
    ``threshold`` and ``margin`` ahead of the runner-up, review from ``review_threshold``
    or when two entities fit, reject below. Results do not depend on the order of
    ``entities``: everything is indexed in entity-id order and ties go to the smaller id.
    """

    def __init__(
        self,
        entities: Sequence[Entity],
        rules: MatchingRules = MatchingRules(),
        decisions: Iterable[ReviewDecision] = (),
    ) -> None:
        self.rules = rules
        ents = sorted(entities, key=lambda e: e.id)
        for a, b in zip(ents, ents[1:]):
            if a.id == b.id:
                raise ValueError(f"duplicate entity id {a.id!r}")
        self._ents = ents
        self._pos = {e.id: i for i, e in enumerate(ents)}
        self._by_id = {e.id: e for e in ents}
        self._names: dict[str, list[int]] = {}  # name key -> entity positions
        self._aliases: dict[str, list[int]] = {}  # alias key -> entity positions
        self._tickers: dict[str, list[int]] = {}  # ticker as written -> entity positions
        self._initials: dict[str, set[int]] = {}  # "ibm" -> International Business Machines
        self._one_word: dict[str, set[int]] = {}  # "ibm" -> IBM (for a mention's initials)
        # every name/alias key, and its core key, -> {entity position: (is the core key,
        # generic words of the key it came from, as a bit set)}
        fuzzy: dict[str, dict[int, tuple[bool, int]]] = {}
        df: dict[str, int] = {}  # in how many entity names a word appears
        for i, e in enumerate(ents):
            keys = []
            key = name_key(e.name)
            for t in set(key.split()):
                df[t] = df.get(t, 0) + 1
            if key:
                _add(self._names, key, i)
                keys.append(key)
                if 2 <= len(initials(key)) <= 6 and initials(key).isalpha():
                    self._initials.setdefault(initials(key), set()).add(i)
                if " " not in key and 2 <= len(key) <= 6 and key.isalpha():
                    self._one_word.setdefault(key, set()).add(i)
            for alias in e.aliases:
                if is_ticker(alias):  # matched as written only, never through its key
                    _add(self._tickers, alias.strip().lstrip("$"), i)
                elif akey := name_key(alias):
                    _add(self._aliases, akey, i)
                    keys.append(akey)
            for k in keys:
                fuzzy.setdefault(k, {})[i] = (False, generic_mask(k))
            for k in keys:
                fuzzy.setdefault(core_key(k), {}).setdefault(i, (True, generic_mask(k)))
        choice_keys = sorted(fuzzy)
        # Words that many entities share say little about which one is meant: with the
        # generic descriptors they form the "common" words of the rare-word check.
        min_df = max(_COMMON_MIN_DF, int(len(ents) * _COMMON_SHARE))
        common = GENERIC_WORDS | {t for t, n in df.items() if n >= min_df}
        self._choices = ChoiceIndex.build(choice_keys, frozenset(common))
        # CSR layout: choice c belongs to entities _ch_ent[_ch_ptr[c]:_ch_ptr[c + 1]]
        counts = [len(fuzzy[k]) for k in choice_keys]
        self._ch_ptr = np.r_[0, np.cumsum(counts)].astype(np.int64)
        self._ch_ent = np.asarray(
            [i for k in choice_keys for i in sorted(fuzzy[k])], dtype=np.int64)
        self._ch_core = np.asarray(
            [fuzzy[k][i][0] for k in choice_keys for i in sorted(fuzzy[k])], dtype=bool)
        self._ch_mask = np.asarray(
            [fuzzy[k][i][1] for k in choice_keys for i in sorted(fuzzy[k])], dtype=np.int64)
        self._decisions: dict[str, ReviewDecision] = {}
        for d in decisions:  # later decisions for the same key replace earlier ones
            if d.entity_id is not None and d.entity_id not in self._by_id:
                raise ValueError(
                    f"review decision for {d.mention_key!r} names unknown entity {d.entity_id!r}"
                )
            self._decisions[d.mention_key] = d
            self._decisions[name_key(d.mention_key)] = d

    # -- public API ------------------------------------------------------------------------
    @property
    def entity_ids(self) -> frozenset[str]:
        """The ids of the canonical entities this matcher knows."""
        return frozenset(self._by_id)

    def match(self, mention: str) -> Match:
        """Match one mention (see the class docstring for layers and bands)."""
        return self.match_many([mention])[mention]

    def match_many(self, mentions: Iterable[str]) -> dict[str, Match]:
        """Match many mentions; each distinct mention is scored once, fuzzy scoring in batch.

        Returns a dict from each distinct mention (first-seen order) to its Match.
        """
        distinct = list(dict.fromkeys(mentions))
        out: dict[str, Match] = {}
        pending: dict[str, list[str]] = {}  # key -> mentions left for fuzzy scoring
        for m in distinct:
            key = name_key(m)
            decided = self._before_fuzzy(m, key)
            if decided is not None:
                out[m] = decided
            else:
                pending.setdefault(key, []).append(m)
        if pending:
            self._fuzzy(pending, out)
        return {m: out[m] for m in distinct}

    # -- layers ----------------------------------------------------------------------------
    def _before_fuzzy(self, mention: str, key: str) -> Match | None:
        d = self._decisions.get(key)
        if d is not None:
            return self._reviewed(mention, key, d)
        if not any(c.isalnum() for c in key):
            return self._none(mention, key, "reject", "the mention has no letter or digit")
        hits: dict[int, str] = {}
        for i in self._names.get(key, ()):
            hits.setdefault(i, "exact")
        for i in self._aliases.get(key, ()):
            hits.setdefault(i, "alias")
        ticker = ticker_form(mention)
        for i in self._tickers.get(ticker, ()) if ticker else ():
            hits.setdefault(i, "ticker")
        if not hits:
            return None
        pos = sorted(hits)
        cands = tuple(self._cand(i, 100.0) for i in pos[:MAX_CANDIDATES])
        if len(pos) == 1:
            i = pos[0]
            how = hits[i]
            e = self._ents[i]
            if how == "exact":
                why = f"its name key {key!r} equals the name key of {e.id}"
            elif how == "alias":
                why = f"its name key {key!r} equals an alias of {e.id}"
            else:
                why = f"it is written as {ticker!r}, a ticker of {e.id}"
            method = "exact" if how == "exact" else "alias"
            return Match(mention, key, e.id, e.name, 100.0, method, "accept", None,
                         cands, None, None, f"Accepted: {why}.")
        ids = ", ".join(self._ents[i].id for i in pos)
        return Match(mention, key, None, None, 100.0, "none", "review", None, cands,
                     cands[1], 0.0,
                     f"Review: {key!r} is a name, alias or ticker of several entities ({ids}).")

    def _reviewed(self, mention: str, key: str, d: ReviewDecision) -> Match:
        who = f" by {d.by}" if d.by else ""
        why = f": {d.reason}" if d.reason else ""
        if d.entity_id is None:
            return Match(mention, key, None, None, 0.0, "reviewed", "reject", None, (), None,
                         None, f"Rejected{who} in review: not a known entity{why}.")
        e = self._by_id[d.entity_id]
        return Match(mention, key, e.id, e.name, 100.0, "reviewed", "accept", None,
                     (Candidate(e.id, e.name, 100.0),), None, None,
                     f"Accepted{who} in review as {e.id}{why}.")

    def _fuzzy(self, pending: dict[str, list[str]], out: dict[str, Match]) -> None:
        keys = list(pending)
        # one query per key, and one more for its core key when generic words were set aside
        q_keys, q_row = list(keys), list(range(len(keys)))
        for r, k in enumerate(keys):
            if (c := core_key(k)) != k:
                q_keys.append(c)
                q_row.append(r)
        queries = Strings.of(q_keys, self._choices.common)
        qi, ci, vals = self._choices.generate(queries, _GENERATE_CUTOFF)
        qi, ci, vals = top_k(qi, ci, vals, _GENERATE_K)
        scores, flags = self._choices.rescore(queries, qi, ci, vals)
        flags |= np.where(qi >= len(keys), CORE, 0)
        rows = np.asarray(q_row, dtype=np.int64)[qi]
        masks = np.fromiter((generic_mask(k) for k in keys), np.int64, len(keys))
        rows, ents, scores, flags = self._by_entity(rows, ci, scores, flags, masks)
        bounds = np.searchsorted(rows, np.arange(len(keys) + 1))
        ents_l, scores_l, flags_l = ents.tolist(), scores.tolist(), flags.tolist()
        for r, key in enumerate(keys):
            lo, hi = bounds[r], min(bounds[r + 1], bounds[r] + MAX_CANDIDATES)
            ranked = list(zip(ents_l[lo:hi], scores_l[lo:hi], flags_l[lo:hi]))
            if acro := self._acronym(key):
                ranked = _merge(ranked, acro)
            for m in pending[key]:
                out[m] = self._decide(m, key, ranked)

    def _by_entity(self, rows, cols, scores, flags, masks):
        """Expand name pairs to entity pairs, keep each entity's best, rank per mention.

        A pair scored with generic words set aside is dropped when the two names carry
        different descriptors ("Zeta Group" / "Zeta Global Holdings"): setting them aside
        serves a name written with fewer of them ("KPMG" / "KPMG International"), not two
        names that describe themselves differently.
        """
        counts = self._ch_ptr[cols + 1] - self._ch_ptr[cols]
        rep = np.repeat(np.arange(len(cols)), counts)
        offs = np.arange(len(rep)) - np.repeat(np.cumsum(counts) - counts, counts)
        at = self._ch_ptr[cols][rep] + offs
        ents = self._ch_ent[at]
        rows, scores, flags = rows[rep], scores[rep], flags[rep] | np.where(
            self._ch_core[at], CORE, 0)
        qm, em = masks[rows], self._ch_mask[at]
        both = qm & em
        keep = ((flags & CORE) == 0) | (both == qm) | (both == em)
        rows, ents, scores, flags = rows[keep], ents[keep], scores[keep], flags[keep]
        order = np.lexsort((-scores, ents, rows))
        rows, ents, scores, flags = rows[order], ents[order], scores[order], flags[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (ents[1:] != ents[:-1])
        rows, ents, scores, flags = rows[first], ents[first], scores[first], flags[first]
        order = np.lexsort((ents, -scores, rows))  # ties: smaller entity id first
        return rows[order], ents[order], scores[order], flags[order]

    def _acronym(self, key: str) -> list[tuple[int, float, int]]:
        """A mention written as the initials of exactly one entity ("IBM"), or the reverse.

        Initials are weak evidence (many names share them), so this only ever proposes a
        candidate for review, and only when one entity has these initials.
        """
        if " " not in key:
            hit = self._initials.get(key, set())
        else:
            hit = self._one_word.get(initials(key), set())
        if len(hit) != 1:
            return []
        score = (self.rules.review_threshold + self.rules.threshold) / 2
        return [(next(iter(hit)), score, ACRONYM)]

    # -- bands -----------------------------------------------------------------------------
    def _decide(self, mention: str, key: str, ranked: list[tuple[int, float, int]]) -> Match:
        rules = self.rules
        cands = tuple(self._cand(i, s) for i, s, _ in ranked)
        if not cands:
            return self._none(mention, key, "reject",
                              "no entity name is close to the mention", scorer=SCORER)
        best, (bi, bs, bf) = cands[0], ranked[0]
        ru = cands[1] if len(cands) > 1 else None
        margin = round(bs - ru.score, 2) if ru else None
        scorer = _scorer(bf)
        how = "its initials" if bf & ACRONYM else scorer
        ctx = dict(scorer=scorer, candidates=cands, runner_up=ru, margin=margin, score=bs)
        if bs < rules.review_threshold:
            return self._none(mention, key, "reject",
                              f"the best candidate, {best.entity_id}, scores {_fmt(bs)} "
                              f"({how}), below the review threshold {_fmt(rules.review_threshold)}",
                              **ctx)
        doubt = None
        if bf & ACRONYM:
            doubt = f"the mention is written as the initials of {best.entity_id} only"
        elif bs < rules.threshold:
            doubt = (f"the best candidate, {best.entity_id}, scores {_fmt(bs)}, between the "
                     f"review threshold {_fmt(rules.review_threshold)} and the threshold "
                     f"{_fmt(rules.threshold)}")
            if bf & DISTINCT_DIFFER:
                doubt += " (lowered: the distinctive words differ more than the whole names)"
        elif ru is not None and margin < rules.margin:
            doubt = (f"{best.entity_id} ({_fmt(bs)}) and {ru.entity_id} ({_fmt(ru.score)}) are "
                     f"within the margin {_fmt(rules.margin)}: too close to choose")
        elif ru is not None and bf & CONTAINED and ranked[1][2] & CONTAINED:
            doubt = (f"the words of the mention and of both {best.entity_id} and "
                     f"{ru.entity_id} contain one another: it fits both")
        elif bf & NUMBERS_DIFFER:
            doubt = f"the mention and {best.entity_id} carry different numbers"
        elif bf & SHORT:
            doubt = (f"{best.entity_id} scores {_fmt(bs)} but a name this short is another "
                     f"name when one letter differs")
        if doubt:
            return self._none(mention, key, "review", f"Review: {doubt}.", already=True, **ctx)
        e = self._ents[bi]
        tail = (f", {_fmt(margin)} ahead of {ru.entity_id} (margin {_fmt(rules.margin)})"
                if ru else ", no other candidate")
        via = f" by {scorer}" + (" once generic words are set aside" if bf & CORE else "")
        return Match(mention, key, e.id, e.name, bs, "fuzzy", "accept", scorer, cands, ru,
                     margin, f"Accepted: {e.id} scores {_fmt(bs)}{via}, at or above the "
                             f"threshold {_fmt(rules.threshold)}{tail}.")

    # -- helpers ---------------------------------------------------------------------------
    def _cand(self, i: int, score: float) -> Candidate:
        e = self._ents[i]
        return Candidate(e.id, e.name, float(score))

    def _none(self, mention, key, band, why, *, already=False, scorer=None, candidates=(),
              runner_up=None, margin=None, score=0.0) -> Match:
        reason = why if already else f"{band.capitalize()}: {why}."
        return Match(mention, key, None, None, float(score), "none", band, scorer,
                     tuple(candidates), runner_up, margin, reason)


ACRONYM = 1 << 8  # flag on a candidate proposed by the initials layer


def _merge(ranked, extra):
    """Add candidates (entity, score, flags) to a ranked list; best per entity, re-ranked."""
    best: dict[int, tuple[int, float, int]] = {}
    for item in ranked + extra:
        if item[0] not in best or item[1] > best[item[0]][1]:
            best[item[0]] = item
    return sorted(best.values(), key=lambda t: (-t[1], t[0]))[:MAX_CANDIDATES]


def _scorer(flags: int) -> str:
    """Name of the comparison that gave a pair its score (for explanations)."""
    if flags & ACRONYM:
        return "initials"
    if flags & COMPACT:
        return "ratio_nospace"  # fuzz.ratio on the keys without spaces
    if flags & WRITTEN_ORDER:
        return "ratio"  # fuzz.ratio on the keys in written order
    return SCORER


def _add(index: dict[str, list[int]], key: str, i: int) -> None:
    ids = index.setdefault(key, [])
    if i not in ids:
        ids.append(i)
