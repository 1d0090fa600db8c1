"""The qualifier layer: a mention that is an entity's name followed by where or which part
of the company it is ("Philips Electronics N.V. te Eindhoven", "... Groenewoudseweg 1",
"Bayer Antwerp", "Unilever N.V. Companhia Holandesa").

Fuzzy scoring weighs such words as part of the name, so a long address sinks a name that
is written exactly. Here the trailing qualifiers of :func:`.words.qualifier_cuts` are set
aside, latest cut first, and the name in front of them must *equal* an entity's name or
alias key, or its core key (descriptors set aside as in fuzzy scoring, and agreeing): no
fuzzy score is given a second chance without its address. The words set aside are places,
addresses and descriptors only, so what is left must name the company by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .names import core_parts
from .scoring import descriptors_agree
from .tokens import TokenIndex
from .words import qualifier_cuts


@dataclass(frozen=True)
class Qualified:
    """What the layer found: the name part, the words set aside and the entities it names."""

    name: str  # the mention's key without its qualifiers
    aside: str  # the qualifier words set aside
    entities: tuple[int, ...]  # entity positions the name part names (ascending)
    exact: bool  # the name part is a name or alias key of the entities (not only a core)
    also: tuple[int, ...]  # other entities whose names hold every word of the name part


class QualifierIndex:
    """Name, alias and core keys of every entity, for exact lookups of a mention's name part."""

    def __init__(self, keys_by_entity: Sequence[Sequence[str]], tokens: TokenIndex) -> None:
        keys_of: dict[str, Any] = {}
        self._cores: dict[str, list[tuple[int, int, int]]] = {}
        for i, keys in enumerate(keys_by_entity):
            for k in keys:
                keys_of.setdefault(k, set()).add(i)
                core, gmask, pmask = core_parts(k)
                if core != k:
                    self._cores.setdefault(core, []).append((i, gmask, pmask))
        for k, ids in keys_of.items():  # tuples: a set per key is four times the memory
            keys_of[k] = tuple(sorted(ids))
        self._keys: dict[str, tuple[int, ...]] = keys_of
        self._tokens = tokens

    def find(self, key: str) -> Qualified | None:
        """The longest name part of `key` that names an entity once qualifiers are set aside."""
        tokens = key.split()
        for cut in qualifier_cuts(tokens):
            name, aside = tokens[:cut], tokens[cut:]
            hit = set(self._keys.get(" ".join(name), ()))
            exact = bool(hit)
            if not hit:
                core, gmask, pmask = core_parts(" ".join(name))
                name = core.split()
                hit = set(self._keys.get(core, ()))  # "koninklijke dsm" names "dsm"
                exact = bool(hit)
                hit |= {i for i, g, p in self._cores.get(core, ())
                        if descriptors_agree(gmask, pmask, g, p)}
            if hit:
                return Qualified(" ".join(name), " ".join(aside), tuple(sorted(hit)), exact,
                                 self._also(name, aside, hit, exact))
        return None

    def _also(self, name: list[str], aside: list[str], hit: set[int], exact: bool):
        """Other entities that fit: any whose names hold the name part and one of the words
        set aside ("Lithium Argentina": "Argentina Lithium & Energy" is listed, so
        "argentina" may be a name word there), and, when the name part is a core only, any
        whose names hold it (as in fuzzy scoring: "Schlumberger" fits "Schlumberger
        Holdings" no better than "Schlumberger Technology")."""
        others = self._tokens.containers(name) - hit
        if exact:
            postings = self._tokens.postings
            others = {i for i in others if any(i in postings.get(w, ()) for w in aside)}
        return tuple(sorted(others))
