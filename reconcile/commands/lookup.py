"""How a text is read, whom a mention names, and why a key has its value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from reconcile import config
from reconcile.core import Key
from reconcile.errors import RunNotFound, UnreadableValue
from reconcile.match import Match
from reconcile.normalize import read_value
from reconcile.pipeline import load_matcher
from reconcile.report import find_resolutions
from reconcile.review import StoredDecision
from reconcile.rules import Rules, builtin_rules, load_rules
from reconcile.store import decisions as stored_decisions, engine as database, open_database
from reconcile.store.chain import verify
from reconcile.store.outlets import learned_trust, outlet_rows
from reconcile.store.runs import audit_trail, latest_run_id, run_payload


def rules_or_builtin(rules_dir: Path | str) -> Rules:
    """`normalize` and `match` work without a rules directory; `run` needs one."""
    return load_rules(rules_dir) if Path(rules_dir).exists() else builtin_rules()


def normalize(texts: Sequence[str], rules: Path | str = config.RULES_DIR, *,
              lang: str | None = None, attribute: str | None = None,
              ) -> list[tuple[str, Any]]:
    """How each text is read: (text, Interval), or (text, UnreadableValue) when it is not."""
    rule_set = rules_or_builtin(rules)
    rule = rule_set.resolution_for(rule_set.canonical_attribute(attribute) if attribute else "")
    out: list[tuple[str, Any]] = []
    for text in texts:
        try:
            out.append((text, read_value(text, lang=lang or rule_set.default_lang,
                                         tolerance=rule.approx_tolerance,
                                         default_currency=rule_set.default_currency,
                                         yen_currency=rule_set.yen_currency)))
        except UnreadableValue as exc:
            out.append((text, exc))
    return out


def normalize_explain(texts: Sequence[str], rules: Path | str = config.RULES_DIR, *,
                      lang: str | None = None, attribute: str | None = None) -> list[dict]:
    """How each text is read, step by step: its tokens (which words made the number, scale,
    currency, comparative, hedge), its amounts, the rule that combined them, and the reading
    or the reason it is refused (`reconcile.normalize.explain.explain`)."""
    from reconcile.normalize.explain import explain

    rule_set = rules_or_builtin(rules)
    rule = rule_set.resolution_for(rule_set.canonical_attribute(attribute) if attribute else "")
    return [explain(text, lang=lang or rule_set.default_lang, tolerance=rule.approx_tolerance,
                    default_currency=rule_set.default_currency,
                    yen_currency=rule_set.yen_currency) for text in texts]


def match(mentions: Sequence[str], seeds: Path | str = config.SEEDS_DIR,
          rules: Path | str = config.RULES_DIR, db: str | None = None) -> tuple[Rules, list[Match]]:
    """The entity each mention is matched to, as a run would match it, and the rules used."""
    rule_set = rules_or_builtin(rules)
    decisions: list[StoredDecision] = []
    url = config.database_url(db)
    if database.exists(url):  # reviewers' decisions apply here as in `run`; never create a DB to look
        with open_database(url) as engine:
            decisions = stored_decisions.current_decisions(engine)
    matcher = load_matcher(seeds, rule_set, decisions)
    return rule_set, [matcher.match(m) for m in mentions]


@dataclass
class Explanation:
    """One resolution with its claims, its audit trail, the run, the other as_of it has, and
    what the hash chain says of the run ("verified", "NOT verified: …" or "not chained")."""

    resolution: dict[str, Any]
    audit: list[dict[str, Any]]
    run: dict[str, Any]
    others: list[dict[str, Any]]
    verified: str = ""
    # the learned trust of the run (reconcile.trust) of this key's outlets; None: not learned
    trust: dict[str, Any] | None = None


def explain(subject: str, attribute: str, object_: str | None = None, *,
            run_id: int | None = None, as_of: str | None = None,
            seeds: Path | str = config.SEEDS_DIR, rules: Path | str = config.RULES_DIR,
            db: str | None = None) -> Explanation:
    """Why this value: the resolution a user means by SUBJECT ATTRIBUTE [OBJECT] mentions."""
    rule_set = rules_or_builtin(rules)
    with open_database(config.database_url(db)) as engine:
        # mentions are matched as a run matches them: reviewers' decisions (and new entities) too
        matcher = load_matcher(seeds, rule_set, stored_decisions.current_decisions(engine))
        run_id = run_id or latest_run_id(engine)
        payload, found = keys_named(engine, matcher, rule_set, run_id, subject, attribute,
                                    object_, as_of)
        key = Key(found[0]["subject_id"], found[0]["attribute"], found[0]["object_id"],
                  found[0]["as_of"])
        chosen = run_payload(engine, run_id, key)["resolutions"][0]
        trail = audit_trail(engine, run_id, key)
        check = verify(engine, only=run_id)[0]
        with engine.connect() as conn:
            learned = learned_trust(conn, run_id)
    verified = "not chained" if check.status == "not chained" else check.message()
    if learned is not None:
        names = {c["source"] for c in chosen["claims"]}
        learned = {**learned, "outlets": {n: t for n, t in learned["outlets"].items()
                                          if n in names}}
    return Explanation(chosen, trail, payload["run"], found[1:], verified, learned)


def outlets(run_id: int | None = None, db: str | None = None
            ) -> tuple[int, list[dict[str, Any]], dict[str, Any] | None]:
    """Each outlet of a run: prior and learned trust, claims kept and set aside, copying."""
    with open_database(config.database_url(db)) as engine:
        run_id = run_id or latest_run_id(engine)
        rows, learned = outlet_rows(engine, run_id)
    return run_id, rows, learned


def timeline(subject: str, attribute: str, object_: str | None = None, *,
             run_id: int | None = None, seeds: Path | str = config.SEEDS_DIR,
             rules: Path | str = config.RULES_DIR, db: str | None = None
             ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """SUBJECT ATTRIBUTE [OBJECT] over its periods: the run, and each period's resolution with
    its claims, oldest period first and the undated one last."""
    rule_set = rules_or_builtin(rules)
    with open_database(config.database_url(db)) as engine:
        matcher = load_matcher(seeds, rule_set, stored_decisions.current_decisions(engine))
        run_id = run_id or latest_run_id(engine)
        payload = run_payload(engine, run_id, claims=False)
        found = find_resolutions(payload["resolutions"], entity_id_of(matcher, subject),
                                 rule_set.canonical_attribute(attribute),
                                 entity_id_of(matcher, object_) if object_ else None,
                                 any_object=object_ is None)
        if not found:
            raise RunNotFound(f"run {run_id} has no resolution for {subject} {attribute}"
                              + (f" {object_}" if object_ else ""))
        found.sort(key=lambda r: (r["as_of"] is None, r["as_of"] or "", r["object_id"] or ""))
        periods = [run_payload(engine, run_id, Key(r["subject_id"], r["attribute"],
                                                   r["object_id"], r["as_of"]))["resolutions"][0]
                   for r in found]
    return payload["run"], periods


def keys_named(engine, matcher, rule_set: Rules, run_id: int, subject: str, attribute: str,
               object_: str | None, as_of: str | None = None
               ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The run's payload without claims, and its resolutions that SUBJECT ATTRIBUTE [OBJECT]
    name (any object when none is given); RunNotFound when none."""
    payload = run_payload(engine, run_id, claims=False)  # the keys; claims of one are read later
    found = find_resolutions(payload["resolutions"], entity_id_of(matcher, subject),
                             rule_set.canonical_attribute(attribute),
                             entity_id_of(matcher, object_) if object_ else None, as_of,
                             any_object=object_ is None)
    if not found:
        raise RunNotFound(f"run {run_id} has no resolution for {subject} {attribute}"
                          + (f" {object_}" if object_ else ""))
    return payload, found


def entity_id_of(matcher, mention: str) -> str:
    """The entity a mention names: an entity id as it is, else what the matcher accepts."""
    if mention in matcher.entity_ids:
        return mention
    m = matcher.match(mention)
    if m.entity_id is None:
        raise RunNotFound(f"{mention!r} matches no entity ({m.band}: {m.reason})")
    return m.entity_id
