"""The adversarial corpus (tests/data/values_adversarial.yaml) and a grammar of comparatives,
ranges and scales: a reading is right, or refused, and never silently wrong."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from reconcile.errors import UnreadableValue
from reconcile.normalize import _read_value_uncached
from tests.normalize.test_normalize import DATA, _expected, _options

import yaml

ADVERSARIAL = DATA.parent / "values_adversarial.yaml"
CASES = yaml.safe_load(ADVERSARIAL.read_text(encoding="utf-8"))


def _verdict(case: dict) -> tuple[str, str]:
    """("right" | "refused" | "wrong", what was read)."""
    try:
        got = _read_value_uncached(case["text"], **_options(case))
    except UnreadableValue as exc:
        return ("right" if "error" in case else "refused"), exc.reason
    if "error" in case:
        return "wrong", repr(got)
    return ("right" if got == _expected(case) else "wrong"), repr(got)


def test_adversarial_corpus_is_never_silently_wrong(capsys):
    assert len(CASES) >= 1000
    assert all(c.get("source") for c in CASES), "every case says where its phrasing comes from"
    counts = {"right": 0, "refused": 0, "wrong": 0}
    wrong, refused = [], []
    for case in CASES:
        verdict, shown = _verdict(case)
        counts[verdict] += 1
        (wrong if verdict == "wrong" else refused if verdict == "refused" else []).append(
            f"{case['text']!r}: {shown}")
    with capsys.disabled():
        print(f"\nadversarial corpus: {len(CASES)} cases: right {counts['right']}, refused "
              f"{counts['refused']}, silently wrong {counts['wrong']}")
    assert not wrong, "silently wrong:\n" + "\n".join(wrong)
    assert counts["right"] >= 0.95 * len(CASES), "refused:\n" + "\n".join(refused)
