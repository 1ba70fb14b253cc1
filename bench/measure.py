"""What every phase shares: the run's settings, one line of the table, medians and progress."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

K = TypeVar("K")


@dataclass(frozen=True)
class Config:
    """How long each phase measures: the full run, or `--quick` for development."""

    quick: bool = False
    postgres_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    connections: int = 16  # wrk connections, every HTTP measurement
    wrk_threads: int = 2  # the load generator's threads: one per core, so it is not the limit

    @property
    def warmup_seconds(self) -> int:
        return 1 if self.quick else 3

    @property
    def wrk_seconds(self) -> int:
        return 2 if self.quick else 10

    @property
    def rounds(self) -> int:
        """wrk runs per target, interleaved with the other targets of its group."""
        return 1 if self.quick else 3

    @property
    def engine_rounds(self) -> int:
        """Calls per in-process measurement (the engine floor; lists take fewer, per document)."""
        return 30 if self.quick else 300

    @property
    def scale_rows(self) -> int:
        """Restriction rows and log rows of the large scale database."""
        return 20_000 if self.quick else 1_000_000

    @property
    def scale_decisions(self) -> int:
        return 30 if self.quick else 300


@dataclass
class Line:
    """One line of the table: a value against its floor, and the target it is held to."""

    phase: str
    measure: str
    unit: str
    value: float
    floor: float
    p50_ms: float | None = None
    p99_ms: float | None = None
    target: str = ""
    met: bool | None = None  # None: no target applies to this line
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.value / self.floor if self.floor else float("nan")

    def as_json(self) -> dict[str, Any]:
        """Every number of the line, for results.json."""
        fields = ("phase", "measure", "unit", "value", "floor", "p50_ms", "p99_ms", "target")
        out = {name: getattr(self, name) for name in fields}
        return out | {"ratio": self.ratio, "met": self.met, "details": self.details}


def progress(message: str) -> None:
    """A progress line on stderr (the table goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Timed:
    """Something to time in-process: a call, how many times, and how many items one call does."""

    call: Callable[[], object]
    rounds: int
    per_call: int = 1


def samples_us(timed: dict[K, Timed], chunks: int = 10) -> dict[K, list[float]]:
    """Microseconds per item of each call, after a warm-up; the calls take turns in `chunks`
    slices of their rounds, so that the machine's noise falls on all of them alike."""
    for t in timed.values():
        for _ in range(5):
            t.call()
    times: dict[K, list[float]] = {name: [] for name in timed}
    for chunk in range(chunks):
        for name, t in timed.items():
            for _ in range(t.rounds * (chunk + 1) // chunks - t.rounds * chunk // chunks):
                start = time.perf_counter()
                t.call()
                times[name].append((time.perf_counter() - start) / t.per_call * 1e6)
    return times


def median_us(timed: dict[K, Timed], chunks: int = 10) -> dict[K, float]:
    """The median of each call's samples (`samples_us`)."""
    return {name: statistics.median(v) for name, v in samples_us(timed, chunks).items()}


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile, e.g. 0.99 for p99."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]
