"""The verdict of a run: which keys fail it, and with a baseline, which are new, changed or fixed.

A baseline is an earlier run_results.json. Keys are compared by their resolution key
(subject_id, attribute, object_id, as_of). A failing key (its status is named by `--fail-on`)
fails the run only when it is *new* (not failing in the baseline) or *changed* (its status or
its range differs from the baseline's); failing keys the baseline already had unchanged are
*known*. Keys that failed in the baseline and no longer do are *fixed*. This is how linters are
adopted on large existing repositories: the debt is recorded once, only new debt breaks the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reconcile.report.results import key_of

# What "the range" of a resolution is. Keys without a range (conflict, unresolved) compare by
# their display instead, which names the competing values ("conflict: $5B vs $8B"): a known
# conflict that gains a new contradicting value is a changed conflict.
RANGE_FIELDS = ("low", "high", "low_inclusive", "high_inclusive", "unit", "currency")


@dataclass
class Verdict:
    """Which keys fail the run. Without a baseline, every key whose status is failing."""

    fail_statuses: frozenset[str]
    failing: list[dict[str, Any]] = field(default_factory=list)  # these make the run exit 1
    baseline: str | None = None  # the baseline file, when one was given
    new: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)  # (was, now)
    known: list[dict[str, Any]] = field(default_factory=list)  # failing, unchanged since baseline
    fixed: list[tuple[dict[str, Any], dict[str, Any] | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._failing_keys = {key_of(r) for r in self.failing}
        self._known_keys = {key_of(r) for r in self.known}

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0

    def fails(self, resolution: dict[str, Any]) -> bool:
        """True when this key makes the run fail."""
        return key_of(resolution) in self._failing_keys

    def is_known(self, resolution: dict[str, Any]) -> bool:
        """True for a failing status the baseline already had, unchanged (it does not fail)."""
        return key_of(resolution) in self._known_keys

    def summary(self) -> str:
        """One line: what failed, and against the baseline."""
        if self.baseline is None:
            return f"{len(self.failing)} failing key(s) (--fail-on {self.fail_on_text})"
        return (f"baseline {self.baseline}: {len(self.new)} new, {len(self.changed)} changed, "
                f"{len(self.known)} known, {len(self.fixed)} fixed")

    @property
    def fail_on_text(self) -> str:
        return ",".join(sorted(self.fail_statuses)) or "never"

    def as_json(self) -> dict[str, Any]:
        """The `baseline` object added to run_results.json when a baseline was given."""
        def brief(r: dict[str, Any] | None) -> dict[str, Any] | None:
            if r is None:
                return None
            return {"key": key_of(r).text, "subject_id": r["subject_id"],
                    "attribute": r["attribute"], "object_id": r["object_id"],
                    "as_of": r["as_of"], "status": r["status"], "display": r.get("display")}
        return {
            "file": self.baseline, "fail_on": sorted(self.fail_statuses),
            "new": [brief(r) for r in self.new],
            "changed": [{"was": brief(was), "now": brief(now)} for was, now in self.changed],
            "fixed": [{"was": brief(was), "now": brief(now)} for was, now in self.fixed],
            "known": len(self.known),
        }


def judge(payload: dict[str, Any], fail_statuses: set[str] | frozenset[str],
          baseline: dict[str, Any] | None = None, baseline_name: str | None = None) -> Verdict:
    """The verdict of `payload`; with `baseline` (an earlier payload), only new debt fails."""
    fail = frozenset(fail_statuses)
    current = [r for r in payload["resolutions"] if r["status"] in fail]
    if baseline is None:
        return Verdict(fail, failing=current)
    before = {key_of(r): r for r in baseline["resolutions"]}
    new, changed, known = [], [], []
    for r in current:
        was = before.get(key_of(r))
        if was is None or was["status"] not in fail:
            new.append(r)
        elif was["status"] != r["status"] or range_of(was) != range_of(r):
            changed.append((was, r))
        else:
            known.append(r)
    now = {key_of(r): r for r in payload["resolutions"]}
    fixed = [(was, now.get(k)) for k, was in before.items()
             if was["status"] in fail and (k not in now or now[k]["status"] not in fail)]
    return Verdict(fail, failing=new + [r for _, r in changed], baseline=baseline_name or "",
                   new=new, changed=changed, known=known, fixed=fixed)


def range_of(resolution: dict[str, Any]) -> tuple:
    """What "the range changed" compares; a number compares equal as int or float."""
    if resolution.get("low") is None and resolution.get("high") is None:
        return ("display", resolution.get("display"))
    return tuple(resolution.get(f) for f in RANGE_FIELDS)
