"""The load generator: Debian's `wrk` in its own process, a Lua script for the POST body, its
`--latency` output parsed, and runs of several targets interleaved so that they share the noise.

A run with a non-2xx answer or a socket error is an error, never a number: a server that fails
fast would otherwise look fast.
"""

from __future__ import annotations

import re
import statistics
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import auth
from bench.measure import Config, Line, progress

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
_REQUESTS = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m)", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")


class WrkError(RuntimeError):
    """wrk failed, or the server answered with errors during a run."""


@dataclass(frozen=True)
class WrkResult:
    """One wrk run: throughput, latency percentiles (ms) and what went wrong."""

    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    socket_errors: int = 0
    non_2xx: int = 0


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS[unit]


def parse(output: str) -> WrkResult:
    """Read wrk's `--latency` report; a report without the numbers is a WrkError."""
    percentiles = {p: _ms(v, u) for p, v, u in _PERCENTILE.findall(output)}
    requests, rate = _REQUESTS.search(output), _RATE.search(output)
    if requests is None or rate is None or len(percentiles) != 4:
        raise WrkError(f"not a wrk --latency report:\n{output[-2000:]}")
    socket = _SOCKET.search(output)
    non_2xx = _NON_2XX.search(output)
    return WrkResult(
        requests=int(requests.group(1)),
        seconds=_ms(requests.group(2), requests.group(3)) / 1e3,
        rps=float(rate.group(1)),
        p50_ms=percentiles["50"],
        p75_ms=percentiles["75"],
        p90_ms=percentiles["90"],
        p99_ms=percentiles["99"],
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


def lua_script(body: str, path: Path, headers: dict[str, str] | None = None) -> Path:
    """Write a wrk script that POSTs `body` (JSON) with `headers` (default: the bench's
    `Authorization`) on every request."""
    if "]==]" in body:
        raise ValueError("the body cannot be written as a Lua long string")
    extra = auth.headers() if headers is None else headers
    lines = ['wrk.method = "POST"', 'wrk.headers["Content-Type"] = "application/json"']
    lines += [f'wrk.headers["{name}"] = "{value}"' for name, value in extra.items()]
    path.write_text("\n".join([*lines, f"wrk.body = [==[{body}]==]", ""]), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Target:
    """One thing to load: a name, the full URL and the script holding its body."""

    name: str
    url: str
    script: Path
    check: Callable[[WrkResult], None] | None = None  # e.g. every decision was logged


def run(target: Target, seconds: int, config: Config) -> WrkResult:
    """One wrk run against `target` at `config.connections` connections."""
    command = ["wrk", f"-t{config.wrk_threads}", f"-c{config.connections}", f"-d{seconds}s"]
    command += ["--latency", "--timeout", "10s", "-s", str(target.script), target.url]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise WrkError(f"wrk against {target.name}: {exc}") from exc
    if done.returncode != 0:
        raise WrkError(f"wrk against {target.name} exited {done.returncode}: {done.stderr}")
    result = parse(done.stdout)
    if result.non_2xx or result.socket_errors:
        raise WrkError(f"{target.name}: {result.non_2xx} non-2xx, {result.socket_errors} errors")
    return result


@dataclass(frozen=True)
class Summary:
    """The medians of a target's runs, and the runs themselves."""

    rps: float
    p50_ms: float
    p99_ms: float
    runs: tuple[WrkResult, ...]

    def details(self) -> dict[str, Any]:
        return {"runs": [asdict(r) for r in self.runs]}


def summarise(runs: Sequence[WrkResult]) -> Summary:
    """Median throughput and median percentiles over the runs."""
    return Summary(
        rps=statistics.median(r.rps for r in runs),
        p50_ms=statistics.median(r.p50_ms for r in runs),
        p99_ms=statistics.median(r.p99_ms for r in runs),
        runs=tuple(runs),
    )


def checked(target: Target, result: WrkResult) -> WrkResult:
    """The result, once the target's own check (if any) has passed."""
    if target.check is not None:
        target.check(result)
    return result


def interleaved(targets: Sequence[Target], config: Config) -> dict[str, Summary]:
    """Warm each target up, then run them in turn, `config.rounds` times; medians per target."""
    for target in targets:
        progress(f"warm-up {target.name} ({config.warmup_seconds} s)")
        checked(target, run(target, config.warmup_seconds, config))
    runs: dict[str, list[WrkResult]] = {t.name: [] for t in targets}
    for round_ in range(1, config.rounds + 1):
        for target in targets:
            progress(f"{target.name}: round {round_}/{config.rounds} ({config.wrk_seconds} s)")
            runs[target.name].append(checked(target, run(target, config.wrk_seconds, config)))
    return {name: summarise(results) for name, results in runs.items()}


def line(phase: str, measure: str, ours: Summary, floor: float) -> Line:
    """A table line for a target's throughput against `floor` req/s, with its latencies."""
    return Line(
        phase, measure, "req/s", ours.rps, floor, ours.p50_ms, ours.p99_ms, details=ours.details()
    )
