"""Names as values: a category ("CEO: Andy Jassy") or a set of names (a book's authors).

An attribute whose unit the rules declare `category` or `name_set` is read here, never as an
amount: a digit in "Windows 95" or in an author list is part of a name. The reading is an
`Interval` without bounds whose `label` is the canonical form, so that claims agree when their
labels do:

- category: case, accents, spacing and punctuation folded ("Andy  Jassy." = "andy jassy");
- name_set: each person by surname ("Knuth, Donald E.", "Donald E. Knuth", "D. E. Knuth" and
  "Knuth D.E." are all "knuth": lists write given names in full, as initials or not at all),
  the set sorted and joined by "; ", so that order does not matter; roles ("(Editor)",
  "edited by"), "by" and suffixes (Jr., III) are dropped. A list that
  ends in "et al." or "and others" is open (`approx`): it allows every set holding its names
  and at least one more.
"""

from __future__ import annotations

import html
import re
import unicodedata

from reconcile.core import CATEGORICAL, CATEGORY, NAME_SET, Interval
from reconcile.errors import UnreadableValue

_NOTHING = {"", "not available", "n a", "na", "unknown", "none", "null", "anonymous author",
            "non disponible", "inconnu"}
_ROLES = re.compile(r"\([^)]*\)|\[[^]]*\]|\b(?:edited|translated|compiled|illustrated|"
                    r"foreword|introduction|preface|afterword)\s+by\b|\b(?:editors?|eds?|"
                    r"translators?|illustrators?|contributors?|authors?|foreword|preface)\b\.?"
                    r"(?=\s*(?:[,;&]|$))", re.I)
_OPEN = re.compile(r"[,;]?\s*(?:\bet\.?\s*al\b\.?|\band others\b|\bet autres\b|\bet coll\b\.?)"
                   r"\s*$", re.I)
_BY = re.compile(r"^\s*(?:by|par|de)\s+", re.I)
_SPLIT = re.compile(r"\s*(?:;|\||&|\band\b|\bet\b|\bwith\b|\bavec\b|/|"
                    r"\b(?:edited\s+|written\s+)?by\b(?:\s*\(\w+\))?)\s*", re.I)
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "dr", "prof", "mr", "mrs", "ms"}


def read_names(text: str, unit: str) -> Interval:
    """The reading of a name value of `unit` (`category` or `name_set`); UnreadableValue when
    it names nobody."""
    if unit not in CATEGORICAL:
        raise ValueError(f"not a name unit: {unit!r}")
    if unit == CATEGORY:
        label = _fold(text)
        if label in _NOTHING:
            raise UnreadableValue(f"no name given ({text.strip()!r})")
        return Interval(None, None, unit=CATEGORY, label=label)
    body = _BY.sub("", html.unescape(text).strip())
    if _fold(body) in _NOTHING:
        raise UnreadableValue(f"no name given ({text.strip()!r})")
    open_list = bool(_OPEN.search(body))
    body = _ROLES.sub(" ", _OPEN.sub("", body))
    people = sorted({p for p in map(_person, _people(body)) if p})
    if not people:
        raise UnreadableValue(f"no name given ({text.strip()!r})")
    return Interval(None, None, approx=open_list, unit=NAME_SET, label="; ".join(people))


def _people(body: str) -> list[tuple[str, str | None]]:
    """(name, surname when written "Surname, Given") of each person a list names."""
    out = []
    for segment in _SPLIT.split(body):
        parts = [p.strip() for p in segment.split(",") if _letters(p)]
        if not parts:
            continue
        if len(parts) == 1:
            out.append((parts[0], None))
        elif all(len(_letters(p)) >= 2 for p in parts) and not _is_surname_first(parts):
            out += [(p, None) for p in parts]  # "Peter Aiken, M. David Allen"
        else:  # "Aiken, Peter", "Aiken, Peter, Allen, M. David"
            out += _surnames_first(parts)
    return out


def _surnames_first(parts: list[str]) -> list[tuple[str, str]]:
    """People written "Surname, Given": each part after a surname holds given names, and, in
    lists that forget their separators ("Hornick, Mark F. Marcade, Erik"), the next surname
    as its last word."""
    out = []
    surname = parts[0]
    for i, part in enumerate(parts[1:], start=1):
        if surname is None:
            surname = part
            continue
        words = part.split()
        last = i == len(parts) - 1
        if not last and len(words) >= 2 and len(_letters(words[-1])[-1:][0] if _letters(
                words[-1]) else "") > 1 and not words[-1].endswith("."):
            out.append((f"{' '.join(words[:-1])} {surname}", surname))
            surname = words[-1]
        else:
            out.append((f"{part} {surname}", surname))
            surname = None
    if surname is not None:
        out.append((surname, None))
    return out


def _is_surname_first(parts: list[str]) -> bool:
    """"Knuth, Donald E." rather than two people: two parts, the second all given names."""
    return len(parts) == 2 and all(len(w) <= 2 or w.endswith(".") for w in parts[1].split()[1:])


def _person(found: tuple[str, str | None]) -> str:
    name, surname = found
    words = [w for w in _letters(name) if w not in _SUFFIXES]
    if not words:
        return ""
    if surname is not None:
        last_words = [w for w in _letters(surname) if w not in _SUFFIXES] or words[-1:]
    elif len(words) > 1 and len(words[-1]) == 1 and len(words[0]) > 1:
        last_words = words[:1]  # "Knuth D.E.": the initials follow the surname
    else:
        last_words = words[-1:]
    return " ".join(last_words)


def _letters(text: str) -> list[str]:
    """The words of a name, folded, letters only: a word with a digit ("3rd", "1998") and
    marks are not part of a person's name."""
    words = [w for w in _strip_accents(text).casefold().split() if not re.search(r"\d", w)]
    return re.findall(r"[^\W\d_]+", " ".join(words))


def _fold(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", _strip_accents(text).casefold()))


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def format_names(iv: Interval) -> str:
    """A reading as a reader would write it: "Andy Jassy"; "Graham; Knuth; Patashnik"; an open
    set "Knuth et al."."""
    words = lambda name: " ".join(w.capitalize() for w in name.split())  # noqa: E731
    if iv.unit == CATEGORY:
        return words(iv.label or "")
    return "; ".join(map(words, (iv.label or "").split("; "))) + (" et al." if iv.approx else "")


def with_label(iv: Interval, value: str) -> Interval:
    """A stored reading with its label again: the rows keep a name value's unit, and its
    label is read anew from the value as written, as the run read it."""
    if iv.unit not in CATEGORICAL or iv.label is not None:
        return iv
    try:
        return read_names(value, iv.unit)
    except UnreadableValue:
        return iv
