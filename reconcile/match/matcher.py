"""The Matcher: layers (reviewed, exact, alias/ticker, fuzzy), bands and explanations."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from reconcile.core import Entity

from ..rules import MatchingRules
from .initials import ACRONYM, ACRONYM_MAX, EXPANSION, EXPANSION_MIN, Initials
from .initials import candidates as acronym_candidates
from .names import (GENERIC_WORDS, bracketed_places, core_parts, initials, is_ticker, name_key,
                    ticker_form)
from .qualifiers import QualifierIndex
from .rescore import ALIGNED, FOLDED, TYPO, UNLISTED, second_look
from .results import Candidate, Match, ReviewDecision, fmt as _fmt
from .scoring import (COMPACT, CONTAINED, CORE, DISTINCT_DIFFER, NUMBERS_DIFFER, SHORT,
                      WRITTEN_ORDER, EntityChoices)
from .tokens import TokenIndex
from .words import place_names

__all__ = ["Candidate", "Match", "Matcher", "ReviewDecision"]

SCORER = "token_sort_ratio"
TOKEN_SCORER = "idf_weighted_words"  # TokenIndex.similarity, for rare-word review only
MAX_CANDIDATES = 5
# Fuzzy candidates are generated down to this score: below it nothing is worth showing a
# reviewer, and a lower floor only costs time.
_GENERATE_CUTOFF = 50.0
# A word in at least this many entity names (and this share of them) is "common".
_COMMON_MIN_DF = 5
_COMMON_SHARE = 0.002
# Names kept per mention before grouping by entity (a name may be an alias of another).
_GENERATE_K = 12


class Matcher:
    """Matches mentions to canonical entities; one instance per entity list and rules.

    Layers, in order: a review decision for the mention's key; the key equal to an entity's
    name key (exact) or alias key, or the mention written as a ticker alias (alias); the
    key equal to an entity's name, alias or core key once the places, address or
    descriptors at its end are set aside (qualifier, see :mod:`.qualifiers`); fuzzy
    token_sort_ratio over the names and aliases, and over their core keys (descriptors,
    honorifics and trailing place qualifiers set aside, see :mod:`.words`; a place the
    mention writes in brackets counts as its trailing place); then, on the
    fuzzy candidates, a second look at those in the review band (:mod:`.rescore`:
    abbreviations and run-together words read as the candidate's words, spellings folded
    across transliterations, one-letter typos in one-word names), initials (:mod:`.initials`:
    an acronym in capitals that one entity's initials spell), and rare shared words
    (:mod:`.tokens`, review only).

    Bands follow the rules: accept at ``threshold`` and ``margin`` ahead of the runner-up,
    unless another entity also holds every word of the mention (it fits several); review
    from ``review_threshold``, when two entities fit, or when no name scores that but the
    mention shares a rare word with a few entities; reject below. Results do not depend
    on the order of ``entities``: everything is indexed in entity-id order and ties go to
    the smaller id.
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
        self._initials = Initials()  # "ibm" <-> International Business Machines
        df: dict[str, int] = {}  # in how many entity names a word appears
        self._keys_of: list[frozenset[str]] = []  # name and alias keys of each entity
        keys_by_entity: list[list[str]] = []
        for i, e in enumerate(ents):
            keys = []
            key = name_key(e.name)
            for t in set(key.split()):
                df[t] = df.get(t, 0) + 1
            if key:
                _add(self._names, key, i)
                keys.append(key)
                self._initials.add(key, i)
            for alias in e.aliases:
                if is_ticker(alias):  # matched as written only, never through its key
                    _add(self._tickers, alias.strip().lstrip("$"), i)
                elif akey := name_key(alias):
                    _add(self._aliases, akey, i)
                    keys.append(akey)
            keys_by_entity.append(keys)
            self._keys_of.append(frozenset(keys))
        self._tokens = TokenIndex(self._keys_of)
        self._qualifiers = QualifierIndex(keys_by_entity, self._tokens)
        # Words that many entities share say little about which one is meant: with the
        # generic descriptors they form the "common" words of the rare-word check.
        min_df = max(_COMMON_MIN_DF, int(len(ents) * _COMMON_SHARE))
        common = GENERIC_WORDS | {t for t, n in df.items() if n >= min_df}
        self._choices = EntityChoices(keys_by_entity, frozenset(common))
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
        # (key, bracketed places) -> mentions left for fuzzy scoring
        pending: dict[tuple[str, int], list[str]] = {}
        for m in distinct:
            key = name_key(m)
            decided = self._before_fuzzy(m, key)
            if decided is not None:
                out[m] = decided
            else:
                pending.setdefault((key, bracketed_places(m)), []).append(m)
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
            return self._qualified(mention, key)
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
        literal = [i for i in pos if _written(self._ents[i].name) == _written(mention)]
        if len(literal) == 1 and all(how == "exact" for how in hits.values()):
            # "hanover, new hampshire" beside "hanover (cdp), new hampshire": the mention is
            # one entity's name exactly as written, and only other names share its key (an
            # alias it shares, "Facebook" of Meta, still goes to review)
            e = self._ents[literal[0]]
            return Match(mention, key, e.id, e.name, 100.0, "exact", "accept", None, cands,
                         None, None, f"Accepted: it is the name of {e.id} as written; its "
                                     f"name key {key!r} is also that of {ids}.")
        return Match(mention, key, None, None, 100.0, "none", "review", None, cands,
                     cands[1], 0.0,
                     f"Review: {key!r} is a name, alias or ticker of several entities ({ids}).")

    def _qualified(self, mention: str, key: str) -> Match | None:
        """The qualifier layer (see :mod:`.qualifiers`): accept when the name part names one
        entity and no other entity's names hold its words; review when it fits several."""
        q = self._qualifiers.find(key)
        if q is None:
            return None
        pos = list(q.entities) + list(q.also)
        cands = tuple(self._cand(i, 100.0) for i in pos[:MAX_CANDIDATES])
        aside = f"once {q.aside!r} at its end is set aside as a place, address or descriptor"
        named = "a name or alias key" if q.exact else "the name key, descriptors set aside,"
        if len(pos) == 1:
            e = self._ents[pos[0]]
            return Match(mention, key, e.id, e.name, 100.0, "qualifier", "accept", None,
                         cands, None, None, f"Accepted: {aside}, {q.name!r} is {named} of "
                                            f"{e.id} and fits no other entity.")
        ids = ", ".join(self._ents[i].id for i in pos)
        return self._none(mention, key, "review",
                          f"Review: {aside}, {q.name!r} fits several entities ({ids}).",
                          already=True, candidates=cands, runner_up=cands[1], margin=0.0,
                          score=100.0)

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

    def _fuzzy(self, pending: dict[tuple[str, int], list[str]], out: dict[str, Match]) -> None:
        """Fuzzy scoring in one batch, then the word layers, then the bands, per mention.

        `pending` groups mentions by key and bracketed places: a place written in
        brackets counts as a trailing place qualifier of the mention's core ("Technology
        (Netherlands)" sets aside "Netherlands" at the end of an entity's name).
        """
        rules = self.rules
        keys = [k for k, _ in pending]
        parts = [(c, g, p | bracketed)
                 for (c, g, p), (_, bracketed) in zip(map(core_parts, keys), pending)]
        ranked_all = self._choices.rank(keys, parts, MAX_CANDIDATES, _GENERATE_CUTOFF,
                                        _GENERATE_K)
        for group, part, ranked in zip(pending, parts, ranked_all):
            key = group[0]
            reads: dict[int, str] = {}
            if ranked and rules.review_threshold <= ranked[0][1] < rules.threshold:
                ranked, reads = second_look(key, part, ranked, self._keys_of, self._tokens,
                                            rules)
            acro = self._initials.lookup(key)
            # a name at the review threshold is another reading than the initials
            named = bool(ranked) and ranked[0][1] >= rules.review_threshold
            rare: dict[int, list[str]] = {}
            if not ranked or ranked[0][1] < rules.review_threshold:
                rare = self._tokens.rare_entities(part[0].split(), MAX_CANDIDATES)
            rare_review: Match | None = None  # the same for every spelling of the key
            for m in pending[group]:
                ranked_m = ranked if not acro else _merge(ranked, acronym_candidates(
                    m, key, acro, self._initials, self._tokens, rules, named))
                if rare and (not ranked_m or ranked_m[0][1] < rules.review_threshold):
                    rare_review = rare_review or self._rare_review(m, key, rare)
                    out[m] = replace(rare_review, input=m)
                else:
                    out[m] = self._decide(m, key, ranked_m, part[0], reads, group[1])

    # -- bands -----------------------------------------------------------------------------
    def _decide(self, mention: str, key: str, ranked: list[tuple[int, float, int]],
                core: str, reads: dict[int, str], bracketed: int = 0) -> Match:
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
        if bf & ACRONYM and bs < rules.threshold:
            if bf & EXPANSION:
                doubt = (f"the initials of the mention are the name of {best.entity_id}, "
                         f"and of no other entity; a full name is accepted for its initials "
                         f"only from {EXPANSION_MIN} words, all name words, when no other "
                         f"listed name has the same initials, shares a word with it or scores "
                         f"the review threshold")
            else:
                doubt = (f"the mention is the initials of {best.entity_id} only, but not "
                         f"written as an acronym (in capitals, at most {ACRONYM_MAX} letters)")
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
        elif others := self._also_fits(core, bi):
            doubt = (f"{best.entity_id} fits once its descriptors are set aside, but "
                     f"{', '.join(self._ents[i].id for i in others[:3])} also "
                     f"{'has' if len(others) == 1 else 'have'} every word of {core!r}: it fits "
                     f"several")
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
        if bf & CORE and bracketed:
            via += (f" (its bracketed {', '.join(map(repr, place_names(bracketed)))} read as "
                    f"a trailing place)")
        if bf & (ALIGNED | FOLDED | TYPO | UNLISTED):
            via = f" by {scorer} once it reads {reads[bi]}"
        if bf & EXPANSION:
            via = (f" as the full name of its initials {initials(key)!r}, the whole name of "
                   f"{e.id}: no other listed name has them, shares a word with it or scores "
                   f"the review threshold")
        elif bf & ACRONYM:
            via = (" as its initials, written as an acronym (in capitals) and the initials of "
                   "no other entity")
        return Match(mention, key, e.id, e.name, bs, "fuzzy", "accept", scorer, cands, ru,
                     margin, f"Accepted: {e.id} scores {_fmt(bs)}{via}, at or above the "
                             f"threshold {_fmt(rules.threshold)}{tail}.")

    def _rare_review(self, mention: str, key: str, rare: dict[int, list[str]]) -> Match:
        """Review for a mention whose names all score below the review threshold but that
        shares a rare word with a few entities ("Philips Gloeilampenfabrieken" and the two
        entities with "philips" in their names). The candidates are ranked by the IDF-
        weighted word similarity of the keys: the entity with fewer words of its own
        besides the shared ones comes first. Never accepted: one shared word is a lead
        for a reviewer, not an identification.
        """
        words = key.split()
        scores = {i: round(max(self._tokens.similarity(words, k.split())
                               for k in self._keys_of[i]), 2) for i in rare}
        order = sorted(rare, key=lambda i: (-scores[i], i))[:MAX_CANDIDATES]
        cands = tuple(self._cand(i, scores[i]) for i in order)
        best, ru = cands[0], (cands[1] if len(cands) > 1 else None)
        margin = round(best.score - ru.score, 2) if ru else None
        shared = rare[order[0]]
        few = max(self._tokens.df(w) for w in shared)
        listed = ", ".join(repr(w) for w in shared)
        return self._none(
            mention, key, "review",
            f"Review: no name scores the review threshold {_fmt(self.rules.review_threshold)}, "
            f"but the mention shares the rare word{'s' if len(shared) > 1 else ''} {listed} "
            f"with {best.entity_id} (in the names of {few} entit{'y' if few == 1 else 'ies'} "
            f"at most); candidates ranked by {TOKEN_SCORER}.",
            already=True, scorer=TOKEN_SCORER, candidates=cands, runner_up=ru, margin=margin,
            score=best.score)

    def _also_fits(self, core: str, best: int) -> list[int]:
        """Other entities whose names hold every word of the mention's core key.

        Empty when the best entity has a name or alias key equal to that core (it fits
        without setting anything of its own aside: "Koninklijke DSM" is "DSM", however
        many names also contain "dsm"). Otherwise the best fit was made by setting
        descriptors of the entity aside ("Schlumberger" / "Schlumberger Holdings"), and
        another entity that contains the same words ("Schlumberger Technology") fits as
        well: the mention goes to review.
        """
        if core in self._keys_of[best]:
            return []
        return sorted(self._tokens.containers(core.split()) - {best})

    # -- helpers ---------------------------------------------------------------------------
    def _cand(self, i: int, score: float) -> Candidate:
        e = self._ents[i]
        return Candidate(e.id, e.name, float(score))

    def _none(self, mention, key, band, why, *, already=False, scorer=None, candidates=(),
              runner_up=None, margin=None, score=0.0) -> Match:
        reason = why if already else f"{band.capitalize()}: {why}."
        return Match(mention, key, None, None, float(score), "none", band, scorer,
                     tuple(candidates), runner_up, margin, reason)


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
    if flags & FOLDED:
        return "folded_spelling"  # both keys equal once their spellings are folded
    if flags & TYPO:
        return "one_edit"  # one letter off the only listed name that close
    if flags & UNLISTED:
        return "unlisted_word"  # a name of its own words and one word no listed name has
    if flags & COMPACT:
        return "ratio_nospace"  # fuzz.ratio on the keys without spaces
    if flags & WRITTEN_ORDER:
        return "ratio"  # fuzz.ratio on the keys in written order
    return SCORER


def _add(index: dict[str, list[int]], key: str, i: int) -> None:
    ids = index.setdefault(key, [])
    if i not in ids:
        ids.append(i)


def _written(name: str) -> str:
    """A name as written, up to case and spacing."""
    return " ".join(name.split()).casefold()
