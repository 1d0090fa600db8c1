"""Language hints: the words only one language uses, for `detect_lang`."""

from __future__ import annotations

from reconcile.normalize import vocabulary as V
from reconcile.normalize.lexer import _SINGLE, SCALE, _key


def _hints() -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    # Currency words are left out: French writes "dollars" and "euros" too.
    tables = (V.SCALES, V.CARDINALS, V.VAGUE, V.ROUND_QUANTITIES,
              V.PERCENT_WORDS, V.BOUND_CUES, V.MODAL_BOUND_CUES, V.APPROX_CUES, V.HEDGES,
              V.RANGE_OPENERS, V.RANGE_JOINERS, V.FILLERS, V.MONTHS, V.FUNCTION_WORDS)
    for table in tables:
        for lang, part in table.items():
            for phrase in part:
                words = _key(phrase)
                if table is V.SCALES and phrase not in V.ABBREVIATED_SCALES:
                    words += (phrase + "s",)
                for word in words:
                    if word[0].isalpha() and len(word) > 1:
                        seen.setdefault(word, set()).add(lang)
    # Words both languages use ("million", "dollars", "plus") say nothing.
    return {w: langs.pop() for w, langs in seen.items() if len(langs) == 1}


LANG_HINTS = _hints()
# English never puts a scale in the plural after a number ("2 billion"); French does.
PLURAL_SCALES = frozenset(w for w, (kind, data) in _SINGLE.items() if kind == SCALE and data[3])
