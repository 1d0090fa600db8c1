"""Fuzzy scoring: blocked candidate generation with rapidfuzz ``cdist``, vectorised rescoring.

The main scorer is token_sort_ratio, computed as ``fuzz.ratio`` on keys whose tokens are
already sorted (the two are equal by definition; sorting once per key lets ``cdist`` use its
SIMD path). WRatio and token_set_ratio are never used as scores: they rate any name that
contains another near 100, which is how "Mistral" ends up confidently matched to "Mistral
Energy". Each generated pair is then also compared in written order (sorting puts a typo'd
first letter elsewhere: "dsm ip essets" / "dsm ip assets") and without spaces ("gist
brocades" / "gistbrocades"), and the best of the three is kept.

Blocking: a query is compared only with the names that share a block key with it: the
first three or the last three letters of one of its words (whole words when shorter), so a
typo at one end of a word still leaves the other end in common. Each query uses its rare
block keys (shared by few names); a key that a large share of the names has ("<int",
">ing") adds pairs but little evidence, and is used only when the query has nothing rarer.

Every step works on arrays of pairs (numpy + ``cdist``/``cpdist``); no Python loop runs over
pairs of names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .names import compact_key, core_parts, distinctive_key, sorted_key

# Flags set on a scored pair, for the explanation of the decision.
WRITTEN_ORDER = 1  # plain ratio in written order scored best
COMPACT = 2  # the keys without spaces scored best
NUMBERS_DIFFER = 4  # both names carry numbers, and not the same ones
CONTAINED = 8  # the words of one side are all among the words of the other
SHORT = 16  # one side has at most SHORT_NAME letters and digits
CORE = 32  # scored on the key without generic words ("holdings", "international")
DISTINCT_DIFFER = 64  # lowered to the score of the distinctive words ("remax" / "remark")

SHORT_NAME = 5
# The keys without spaces count only when they are this close and their lengths differ by
# one letter at most: the point is to see through spacing and hyphens, not to let a short
# extra word ("mistral" / "mistral ai", "schlumberger ca") count for less than with spaces.
_COMPACT_MIN = 92.0
# A block key is "rare" when at most this many names share it (or this share of the names).
_BLOCK_CAP_MIN = 64
_BLOCK_CAP_SHARE = 0.02
# Above this many cells, cdist is run on all cores; below, thread start-up costs more.
_PARALLEL_CELLS = 200_000


def block_keys(key: str) -> set[str]:
    """Block keys of a name key: first and last three letters of each word, and of the
    words run together when the first is shorter than three letters ("d sm" / "dsm")."""
    keys: set[str] = set()
    tokens = key.split()
    if len(tokens) > 1 and len(tokens[0]) < 3:
        tokens.append("".join(tokens))
    for tok in tokens:
        if len(tok) <= 3:
            keys.add(tok)
        else:
            keys.add("<" + tok[:3])
            keys.add(">" + tok[-3:])
    return keys


def _numbers(key: str) -> str:
    return " ".join(sorted(t for t in key.split() if any(c.isdigit() for c in t)))


def _arr(items) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


@dataclass
class Strings:
    """A list of keys with the derived forms every comparison needs, as numpy arrays."""

    keys: np.ndarray  # object array of str (written order)
    sorted: np.ndarray  # tokens sorted
    compact: np.ndarray  # spaces removed
    numbers: np.ndarray  # digit-bearing words, sorted
    lengths: np.ndarray  # int64: length of the compact form
    distinct: np.ndarray  # sorted key without common words
    has_common: np.ndarray  # bool: the key has common words next to distinctive ones

    @classmethod
    def of(cls, keys: list[str], common: frozenset[str] = frozenset()) -> "Strings":
        compact = [compact_key(k) for k in keys]
        distinct = [sorted_key(distinctive_key(k, common)) for k in keys]
        sorted_keys = [sorted_key(k) for k in keys]
        return cls(_arr(keys), _arr(sorted_keys), _arr(compact),
                   _arr([_numbers(k) for k in keys]),
                   np.fromiter((len(c) for c in compact), np.int64, len(compact)),
                   _arr(distinct),
                   np.fromiter((d != k for d, k in zip(distinct, sorted_keys)), bool,
                               len(keys)))


@dataclass
class ChoiceIndex:
    """The fuzzy side of the entity list: distinct key strings and their block postings."""

    strings: Strings
    blocks: dict[str, np.ndarray]  # block key -> choice indices (int64, ascending)
    cap: int
    common: frozenset[str]

    @classmethod
    def build(cls, keys: list[str], common: frozenset[str] = frozenset()) -> "ChoiceIndex":
        """Index distinct keys (given in a deterministic order: the caller sorts them).

        `common` are the words that say little about which entity is meant (generic
        descriptors, and words that many of the entities' names share).
        """
        postings: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            for b in block_keys(key):
                postings.setdefault(b, []).append(i)
        blocks = {b: np.asarray(ix, dtype=np.int64) for b, ix in postings.items()}
        cap = max(_BLOCK_CAP_MIN, int(len(keys) * _BLOCK_CAP_SHARE))
        return cls(Strings.of(keys, common), blocks, cap, common)

    def _query_blocks(self, key: str) -> list[str]:
        """The block keys a query is looked up under: its rare ones, else its rarest."""
        found = sorted((len(self.blocks[b]), b) for b in block_keys(key) if b in self.blocks)
        rare = [b for n, b in found if n <= self.cap]
        return rare or [b for _, b in found[:1]]

    def generate(self, queries: Strings, cutoff: float):
        """All (query, choice, token_sort_ratio) triples with score ≥ cutoff, blocked.

        Returns aligned int64/int64/float32 arrays; a pair found under two block keys
        appears twice (the caller deduplicates when it ranks).
        """
        by_block: dict[str, list[int]] = {}
        for qi, key in enumerate(queries.keys):
            for b in self._query_blocks(key):
                by_block.setdefault(b, []).append(qi)
        rows, cols, vals = [], [], []
        for b, qis in by_block.items():
            cis = self.blocks[b]
            qi_arr = np.asarray(qis, dtype=np.int64)
            mat = process.cdist(
                queries.sorted[qi_arr].tolist(), self.strings.sorted[cis].tolist(),
                scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32,
                workers=-1 if len(qi_arr) * len(cis) >= _PARALLEL_CELLS else 1,
            )
            r, c = np.nonzero(mat)
            if len(r):
                rows.append(qi_arr[r])
                cols.append(cis[c])
                vals.append(mat[r, c])
        if not rows:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32)
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)

    def rescore(self, queries: Strings, rows: np.ndarray, cols: np.ndarray,
                scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Score generated pairs again in other forms (vectorised); returns (scores, flags).

        - written order (``ratio``) and no spaces (``ratio`` on compact keys, counted from
          _COMPACT_MIN) next to token_sort_ratio; the best is kept and flagged;
        - both names carry numbers and not the same ones ("Fund 2" / "Fund 3"): flagged, the
          caller never accepts such a pair;
        - containment (the words of one side all among those of the other): flagged, the
          caller sends a mention that two entities contain to review. token_set_ratio is
          100 exactly then; it is used only as that test, never as a score;
        - either side short (≤ SHORT_NAME letters and digits), where one letter more or
          less is usually another name ("Meta" / "Metal"): flagged, never accepted alone.
        """
        flags = np.zeros(len(rows), dtype=np.int64)
        out = scores.astype(np.float64)
        if not len(rows):
            return out, flags
        ch = self.strings

        def pairwise(a: np.ndarray, b: np.ndarray, scorer) -> np.ndarray:
            return process.cpdist(a[rows].tolist(), b[cols].tolist(), scorer=scorer,
                                  dtype=np.float32, workers=-1).astype(np.float64)

        written = pairwise(queries.keys, ch.keys, fuzz.ratio)
        better = written > out
        out = np.where(better, written, out)
        flags |= np.where(better, WRITTEN_ORDER, 0)
        compact = pairwise(queries.compact, ch.compact, fuzz.ratio)
        near = np.abs(queries.lengths[rows] - ch.lengths[cols]) <= 1  # spacing, one typo
        better = (compact > out) & (compact >= _COMPACT_MIN) & near
        out = np.where(better, compact, out)
        flags = np.where(better, (flags & ~WRITTEN_ORDER) | COMPACT, flags)
        # Rare-word check: when both names pad their distinctive words with common ones
        # ("ReMax Holdings" / "Remark Holdings"), the shared padding must not carry the
        # score: the distinctive words weigh as much as the whole name (the score is at
        # most the mean of the two), so a typo in them costs twice.
        both = np.flatnonzero(queries.has_common[rows] & ch.has_common[cols])
        if len(both):
            dist = process.cpdist(queries.distinct[rows[both]].tolist(),
                                  ch.distinct[cols[both]].tolist(), scorer=fuzz.ratio,
                                  dtype=np.float32, workers=-1).astype(np.float64)
            capped = np.minimum(out[both], (out[both] + dist) / 2)
            lower = capped < out[both]
            out[both] = capped
            flags[both] |= np.where(lower, DISTINCT_DIFFER, 0)
        qn, cn = queries.numbers[rows], ch.numbers[cols]
        flags |= np.where((qn != "") & (cn != "") & (qn != cn), NUMBERS_DIFFER, 0)
        contained = pairwise(queries.keys, ch.keys, fuzz.token_set_ratio)
        flags |= np.where(contained >= 100.0, CONTAINED, 0)
        short = np.minimum(queries.lengths[rows], ch.lengths[cols]) <= SHORT_NAME
        flags |= np.where(short & (out < 100.0), SHORT, 0)
        return np.round(out, 2), flags


def top_k(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int):
    """Deduplicate (row, col) pairs and keep the k best per row; ties go to the smaller col.

    Rows must be < 2**23 and cols < 2**26 (the sort key packs them into one int64).

    Returns the arrays sorted by row, then score descending, then col.
    """
    # one int64 sort key (row, score descending to 1/100, col) sorts faster than lexsort
    inv = (10_000 - np.round(vals.astype(np.float64) * 100)).astype(np.int64)
    order = np.argsort((rows << 40) | (inv << 26) | cols, kind="stable")
    rows, cols, vals = rows[order], cols[order], vals[order]
    # a pair found twice has the same score both times, so the copies are adjacent
    keep = np.ones(len(rows), dtype=bool)
    keep[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    first = np.r_[0, np.flatnonzero(rows[1:] != rows[:-1]) + 1] if len(rows) else rows
    starts = np.repeat(first, np.diff(np.r_[first, len(rows)]))
    sel = (np.arange(len(rows)) - starts) < k
    return rows[sel], cols[sel], vals[sel]


def descriptors_agree(q_generic, q_places, e_generic, e_places):
    """Whether a pair scored with descriptors set aside may stand (ints or numpy arrays
    of the bit sets of :func:`.names.core_parts`).

    The generic descriptors of one side must all be among the other's ("KPMG" / "KPMG
    International"; not "Zeta Group" / "Zeta Global Holdings", two names that describe
    themselves differently). Place qualifiers may be set aside on the mention's side only:
    "Whirlpool Europe" is Whirlpool's European branch, but "Yahoo" is not Yahoo Japan.
    """
    both = q_generic & e_generic
    return ((both == q_generic) | (both == e_generic)) & ((q_places & e_places) == e_places)


class EntityChoices:
    """The fuzzy side of an entity list: every name and alias key, and its core key (the
    key with descriptors set aside), indexed for blocked scoring and mapped to entities.

    Several entities can share a key, and a key can be one entity's name and another's
    core: the mapping is kept in CSR form (choice c belongs to entities
    ``ent[ptr[c]:ptr[c + 1]]``) so that expanding scored pairs to entities is vectorised.
    """

    def __init__(self, keys_by_entity: list[list[str]], common: frozenset[str]) -> None:
        # key -> {entity position: (is a core key, generic bits, place bits)}
        found: dict[str, dict[int, tuple[bool, int, int]]] = {}
        for i, keys in enumerate(keys_by_entity):
            for k in keys:
                found.setdefault(k, {})[i] = (False, *core_parts(k)[1:])
            for k in keys:
                core, gmask, pmask = core_parts(k)
                found.setdefault(core, {}).setdefault(i, (True, gmask, pmask))
        choice_keys = sorted(found)
        self.index = ChoiceIndex.build(choice_keys, common)
        rows = [(i, *found[k][i]) for k in choice_keys for i in sorted(found[k])]
        self.ptr = np.r_[0, np.cumsum([len(found[k]) for k in choice_keys])].astype(np.int64)
        self.ent = np.asarray([r[0] for r in rows], dtype=np.int64)
        self.core = np.asarray([r[1] for r in rows], dtype=bool)
        self.gmask = np.asarray([r[2] for r in rows], dtype=np.int64)
        self.pmask = np.asarray([r[3] for r in rows], dtype=np.int64)

    def rank(self, keys: list[str], parts: list[tuple[str, int, int]], k: int,
             cutoff: float, generate_k: int) -> list[list[tuple[int, float, int]]]:
        """For each mention key, its best `k` entities as (position, score, flags).

        Each key is one query, and its core key one more when descriptors were set
        aside; `parts` are the keys' :func:`.names.core_parts`. Pairs are generated down to
        `cutoff`, `generate_k` names per query are rescored, then expanded to entities
        (each entity's best pair kept); ties go to the smaller position.
        """
        q_keys, q_row = list(keys), list(range(len(keys)))
        for r, key in enumerate(keys):
            if parts[r][0] != key:
                q_keys.append(parts[r][0])
                q_row.append(r)
        queries = Strings.of(q_keys, self.index.common)
        qi, ci, vals = self.index.generate(queries, cutoff)
        qi, ci, vals = top_k(qi, ci, vals, generate_k)
        scores, flags = self.index.rescore(queries, qi, ci, vals)
        flags |= np.where(qi >= len(keys), CORE, 0)
        rows = np.asarray(q_row, dtype=np.int64)[qi]
        masks = (np.fromiter((p[1] for p in parts), np.int64, len(keys)),
                 np.fromiter((p[2] for p in parts), np.int64, len(keys)))
        rows, ents, scores, flags = self._by_entity(rows, ci, scores, flags, masks)
        bounds = np.searchsorted(rows, np.arange(len(keys) + 1)).tolist()
        ents_l, scores_l, flags_l = ents.tolist(), scores.tolist(), flags.tolist()
        return [list(zip(ents_l[lo:min(hi, lo + k)], scores_l[lo:min(hi, lo + k)],
                         flags_l[lo:min(hi, lo + k)]))
                for lo, hi in zip(bounds, bounds[1:])]

    def _by_entity(self, rows, cols, scores, flags, masks):
        """Expand name pairs to entity pairs, keep each entity's best, rank per mention.

        A pair scored with descriptors set aside stands only when they agree (see
        :func:`descriptors_agree`).
        """
        counts = self.ptr[cols + 1] - self.ptr[cols]
        rep = np.repeat(np.arange(len(cols)), counts)
        offs = np.arange(len(rep)) - np.repeat(np.cumsum(counts) - counts, counts)
        at = self.ptr[cols][rep] + offs
        ents = self.ent[at]
        rows, scores = rows[rep], scores[rep]
        flags = flags[rep] | np.where(self.core[at], CORE, 0)
        keep = ((flags & CORE) == 0) | descriptors_agree(
            masks[0][rows], masks[1][rows], self.gmask[at], self.pmask[at])
        rows, ents, scores, flags = rows[keep], ents[keep], scores[keep], flags[keep]
        order = np.lexsort((-scores, ents, rows))
        rows, ents, scores, flags = rows[order], ents[order], scores[order], flags[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (ents[1:] != ents[:-1])
        rows, ents, scores, flags = rows[first], ents[first], scores[first], flags[first]
        order = np.lexsort((ents, -scores, rows))  # ties: smaller entity id first
        return rows[order], ents[order], scores[order], flags[order]
