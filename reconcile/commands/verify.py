"""`verify`: what a stored run says of claims — sentences, or records in the claim format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Mapping, Sequence

from reconcile import config
from reconcile.commands.extract import extract_articles
from reconcile.commands.lookup import rules_or_builtin
from reconcile.core import Claim, Interval, Key, period_end
from reconcile.errors import EXIT_FAILED, EXIT_OK
from reconcile.exchange import Conversion, convert
from reconcile.ingest import read_claims
from reconcile.pipeline import load_matcher, read_claim
from reconcile.report import find_resolutions
from reconcile.rules import Rules
from reconcile.sentences import Reading, read_sentence
from reconcile.store import decisions as stored_decisions, open_database
from reconcile.store.runs import latest_run_id, run_payload
from reconcile.verdicts import Verdict, judge, not_enough_info


@dataclass
class Check:
    """One claim checked against a run: what it says, how it was read, the key it was found
    in (the resolution, with its claims), and the verdict."""

    claim: dict[str, Any]  # `text` for a sentence; the claim's fields for a record
    verdict: Verdict
    reading: Reading | None = None  # a sentence's parts and their words
    interval: Interval | None = None  # the claim's value, as read
    conversion: Conversion | None = None  # the value in the key's currency, when it differs
    resolution: dict[str, Any] | None = None
    # the other resolutions of the same subject, attribute and object (other as_of)
    others: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Verification:
    run: dict[str, Any]
    checks: list[Check]

    @property
    def exit_code(self) -> int:
        """1 when a claim is contradicted (a draft states what no source allows), else 0."""
        contradicted = any(c.verdict.verdict == "contradicted" for c in self.checks)
        return EXIT_FAILED if contradicted else EXIT_OK


def verify(sentences: Sequence[str] = (), claims: Path | str | None = None, *,
           run_id: int | None = None, lang: str | None = None, as_of: str | None = None,
           outlet: str | None = None, url: str | None = None, published: str | None = None,
           seeds: Path | str = config.SEEDS_DIR, rules: Path | str = config.RULES_DIR,
           db: str | None = None, article: Path | str | None = None) -> Verification:
    """The verdict of a stored run (default: the latest) on each sentence, then on each claim
    of the `claims` file. A sentence is given `as_of`, `outlet`, `url` and `published` as a
    claim record would have them; `article` is a draft whose extracted claims are verified
    (reconcile.extract), with `lang`, `outlet` and `published` as `extract` takes them. Bad input (a claims file that cannot be read, no run)
    raises a ReconcileError; a claim that cannot be read or found gets `not_enough_info`."""
    rule_set = rules_or_builtin(rules)
    records = read_claims([claims]) if claims is not None else []
    if article is not None:  # a draft: every claim extracted from it, in the article's order
        records += _extracted(article, seeds, rule_set, lang=lang, outlet=outlet,
                              published=published, url=url)
    with open_database(config.database_url(db)) as engine:
        matcher = load_matcher(seeds, rule_set, stored_decisions.current_decisions(engine))
        run_id = run_id or latest_run_id(engine)
        payload = run_payload(engine, run_id, claims=False)
        keys = _Keys(engine, run_id, payload["resolutions"])
        checks = [_sentence(text, matcher, rule_set, keys, lang=lang, as_of=as_of,
                            outlet=outlet, url=url, published=published) for text in sentences]
        checks += [_record(claim, matcher, rule_set, keys) for claim in records]
    return Verification(payload["run"], checks)


class _Keys:
    """The run's resolutions, each read with its claims once when a claim lands on it."""

    def __init__(self, engine, run_id: int, resolutions: list[dict[str, Any]]):
        self.engine, self.run_id, self.resolutions = engine, run_id, resolutions
        self._full: dict[Key, dict[str, Any]] = {}

    def find(self, subject_id: str, attribute: str, object_id: str | None, as_of: str | None,
             *, exact: bool = False) -> tuple[dict[str, Any] | None, list[dict[str, Any]], str]:
        """(the resolution, the other periods, why none) for a claim's key. exact (a claim
        record): keyed as a run keys it, so no as_of is the undated key. Else (a sentence),
        without as_of a key with one period is that period's; with several it is not chosen."""
        found = find_resolutions(self.resolutions, subject_id, attribute, object_id)
        chosen = [r for r in found if r["as_of"] == as_of] if as_of or exact else found
        if len(chosen) == 1:
            others = [r for r in found if r is not chosen[0]]
            return self._with_claims(chosen[0]), others, ""
        key = Key(subject_id, attribute, object_id, as_of).text
        if len(chosen) > 1:
            periods = ", ".join(r["as_of"] or "undated" for r in chosen)
            return None, chosen, (f"{key} has a value for several periods ({periods}): give "
                                  f"the claim's as_of")
        why = f"no key {key} in run {self.run_id}"
        if found:
            why += f" (it has {', '.join(r['as_of'] or 'undated' for r in found)})"
        elif object_id and find_resolutions(self.resolutions, object_id, attribute, subject_id):
            why += (f"; it has {Key(object_id, attribute, subject_id, None).text}: the subject "
                    f"and object may be the other way round")
        return None, found, why

    def _with_claims(self, summary: dict[str, Any]) -> dict[str, Any]:
        key = Key(summary["subject_id"], summary["attribute"], summary["object_id"],
                  summary["as_of"])
        if key not in self._full:
            self._full[key] = run_payload(self.engine, self.run_id, key)["resolutions"][0]
        return self._full[key]


def _sentence(text: str, matcher, rules: Rules, keys: _Keys, *, lang, as_of, outlet, url,
              published) -> Check:
    fields = {"text": text, "outlet": outlet, "url": url, "published": published,
              "as_of": as_of}
    reading = read_sentence(text, matcher, rules, lang=lang)
    if reading.refused:
        return Check(fields, not_enough_info(f"the sentence is not understood: "
                                             f"{reading.refused}"), reading)
    check = _judge(fields, reading.interval, reading.subject.value, reading.attribute.value,
                   reading.object.value if reading.object else None, as_of, published, rules,
                   keys)
    check.reading = reading
    return check


def _record(claim: Claim, matcher, rules: Rules, keys: _Keys) -> Check:
    fields = {"id": claim.id if claim.named else None, "file": claim.file, "line": claim.line,
              **claim.content()}
    ids = []
    for role, mention in (("subject", claim.subject), ("object", claim.object)):
        if mention is None:
            ids.append(None)
            continue
        m = matcher.match(mention)
        if m.entity_id is None:
            return Check(fields, not_enough_info(f"the {role} {mention!r} matches no entity "
                                                 f"with confidence ({m.band}: {m.reason})"))
        ids.append(m.entity_id)
    read, _ = read_claim(claim, rules)
    if isinstance(read, str):
        return Check(fields, not_enough_info(f"the value cannot be read: {read}"))
    return _judge(fields, read, ids[0], rules.canonical_attribute(claim.attribute), ids[1],
                  claim.as_of, claim.published, rules, keys, exact=True)


def _judge(fields: dict[str, Any], value: Interval, subject_id: str, attribute: str,
           object_id: str | None, as_of: str | None, published: str | None, rules: Rules,
           keys: _Keys, *, exact: bool = False) -> Check:
    resolution, others, why = keys.find(subject_id, attribute, object_id, as_of, exact=exact)
    if resolution is None:
        return Check(fields, not_enough_info(why), interval=value, others=others)
    check = Check(fields, Verdict("", ""), interval=value, resolution=resolution, others=others)
    compared = value
    target = resolution.get("currency")
    if (value.unit == "currency" and resolution.get("unit") == "currency" and target
            and value.currency != target):
        converted = convert(value, target, _day(resolution, published, rules), rules)
        if isinstance(converted, str):
            check.verdict = not_enough_info(f"the claim is in {value.currency}, the key in "
                                            f"{target}, and there is {converted}")
            return check
        check.conversion, compared = converted, converted.converted
    check.verdict = judge(compared, resolution)
    return check


def _day(resolution: Mapping[str, Any], published: str | None, rules: Rules) -> date | None:
    """The day whose rate converts the claim, as a run picks it: the end of the key's period,
    else the day the claim was published, else the rules' `currency.date`."""
    if resolution.get("as_of"):
        return period_end(resolution["as_of"])
    if published:
        return date.fromisoformat(published[:10])
    return date.fromisoformat(rules.rate_date) if rules.rate_date else None


def _extracted(article: Path | str, seeds, rules: Rules, *, lang, outlet, published, url
               ) -> list[Claim]:
    [found] = extract_articles([article], lang=lang, outlet=outlet, published=published,
                               seeds=seeds, rules=rules)
    out = []
    for n, c in enumerate(found.candidates, 1):
        f = c.fields
        out.append(Claim(id=f"{Path(str(article)).stem}-c{n:02d}", outlet=f["outlet"],
                         subject=f["subject"], attribute=f["attribute"], value=f["value"],
                         object=f["object"], via=f["via"], lang=f["lang"],
                         published=f["published"], as_of=f["as_of"], url=url, quote=f["quote"],
                         file=str(article), line=c.sentence + 1,
                         extra={"extraction": {"confidence": c.confidence, "how": c.how}}))
    return out
