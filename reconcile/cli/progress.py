"""Stage progress on stderr for long runs, and stage timings for `--verbose`.

The bar is tqdm's, shown only once a run has taken `delay` seconds (a quick run prints nothing)
and only when stderr is a terminal, never with `--quiet`. The stages are coarse, so a small
ticker refreshes the bar while one of them runs: the elapsed time keeps moving.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

STAGES = ("ingest", "normalize", "match", "graph", "resolve", "store", "load", "write")


class StageProgress:
    """`stage(name)` marks the start of a stage: call it as `compute(..., on_stage=...)` does."""

    def __init__(self, *, enabled: bool, stages: tuple[str, ...] = STAGES, delay: float = 2.0,
                 file: TextIO | None = None):
        self.file = file or sys.stderr
        self.stages = stages
        self.timings: dict[str, float] = {}
        self._current: str | None = None
        self._since = self._start = time.perf_counter()
        self._bar = None
        self._stop = threading.Event()
        self._lock = threading.Lock()  # the ticker and the stages take turns with the bar
        self._ticker = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=len(stages), file=self.file, delay=delay, leave=False,
                             unit="stage", dynamic_ncols=True,
                             bar_format="reconcile {desc} {bar} {n_fmt}/{total_fmt} stages "
                                        "[{elapsed}]")
            self._ticker = threading.Thread(target=self._tick, name="reconcile-progress",
                                            daemon=True)
            self._ticker.start()

    def stage(self, name: str) -> None:
        now = time.perf_counter()
        previous = self._current
        if previous is not None:
            self.timings[previous] = self.timings.get(previous, 0.0) + now - self._since
        self._current, self._since = name, now
        if self._bar is not None:
            with self._lock:
                if name not in self.stages:  # a stage the pipeline added: one more step
                    self._bar.total += 1
                self._bar.set_description_str(f"{name:<9}", refresh=False)
                if previous is not None:
                    self._bar.update(1)

    def close(self) -> None:
        """End the last stage; the bar (if it was ever shown) is erased."""
        if self._current is not None:
            self.timings[self._current] = (self.timings.get(self._current, 0.0)
                                           + time.perf_counter() - self._since)
            self._current = None
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    @property
    def total(self) -> float:
        return time.perf_counter() - self._start

    def __enter__(self) -> StageProgress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _tick(self) -> None:
        while not self._stop.wait(0.25):
            with self._lock:
                if self._bar is not None:
                    self._bar.update(0)  # redraws once `delay` has passed, and tqdm then knows it is shown


def format_timings(timings: dict[str, float], total: float,
                   inner: dict[str, float] | None = None) -> str:
    """`--verbose`: one line per stage, in the order they ran, and the total."""
    lines = ["timings:"]
    for name, seconds in timings.items():
        lines.append(f"  {name:<10} {seconds:8.3f} s")
    for name, seconds in (inner or {}).items():
        if name not in timings:
            lines.append(f"  {name:<10} {seconds:8.3f} s  (pipeline)")
    lines.append(f"  {'total':<10} {total:8.3f} s")
    return "\n".join(lines) + "\n"
