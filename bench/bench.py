"""`make bench`: the service against its floors, all measured in one run; one table, and
bench/results.json with every number, the machine and the date.

Phases (each line a ratio against a floor measured in the same run, medians after a warm-up):
engine (decide_pjd against raw cedarpy), http (the PJD endpoint with the access log on, SQLite
and PostgreSQL, against a bare FastAPI app on the same uvicorn, loaded by wrk at 16
connections), peer (AuthZEN on a generic pack against Cerbos), scale (1M restriction and log
rows against 1k) and workers (`pjd serve --workers 2` against 1). Where the issue sets a target
the line says met or not met. A script, not a test: nothing here passes or fails on time.
`--quick` runs every phase briefly (development) and writes var/results-quick.json instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType

from bench.databases import server_version
from bench.engine_phase import engine_phase
from bench.http_phase import http_phase, workers_phase
from bench.measure import Config, Line, progress
from bench.peer import peer_phase
from bench.report import machine, table, write
from bench.scale import scale_phase
from bench.servers import CERBOS_BIN

ROOT = Path(__file__).resolve().parents[1]
Phase = Callable[[Config, Path], list[Line]]
PHASES: dict[str, Phase] = {
    "engine": engine_phase,
    "http": http_phase,
    "peer": peer_phase,
    "scale": lambda config, _: scale_phase(config),
    "workers": workers_phase,
}
NEEDS_POSTGRES = {"http", "scale", "workers"}


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="every phase, briefly")
    parser.add_argument("--phases", default=",".join(PHASES), help="comma-separated phases")
    parser.add_argument("--output", type=Path, help="results file (default by mode)")
    return parser.parse_args(argv)


def _preflight(phases: Sequence[str], config: Config) -> str | None:
    """What the phases need is there: wrk, Cerbos, PostgreSQL; the PostgreSQL version."""
    unknown = [p for p in phases if p not in PHASES]
    if unknown:
        raise SystemExit(f"unknown phases {unknown}; choose from {list(PHASES)}")
    if set(phases) - {"engine", "scale"} and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (`make bench` installs it: apt-get install -y wrk)")
    if "peer" in phases and not CERBOS_BIN.is_file():
        raise SystemExit(f"no Cerbos at {CERBOS_BIN} (`make bench` installs it with npm)")
    return server_version(config.postgres_url) if NEEDS_POSTGRES & set(phases) else None


def _stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so that every server and scratch database is cleaned up."""

    def stop(signum: int, _: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def run(phases: Sequence[str], config: Config) -> list[Line]:
    """Every phase in order, in one scratch folder for logs, scripts and SQLite files."""
    lines: list[Line] = []
    with tempfile.TemporaryDirectory(prefix="pjd-bench-") as scratch:
        for name in phases:
            started = time.monotonic()
            folder = Path(scratch) / name
            folder.mkdir()
            lines += PHASES[name](config, folder)
            progress(f"{name}: done in {time.monotonic() - started:.0f} s")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    """Measure, print the table, write the results."""
    args = _arguments(argv)
    url = os.environ.get("PJD_BENCH_POSTGRES_URL", Config.postgres_url)
    config = Config(quick=args.quick, postgres_url=url)
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    _stop_on_sigterm()
    info = machine(_preflight(phases, config))
    lines = run(phases, config)
    default = ROOT / ("var/results-quick.json" if config.quick else "bench/results.json")
    output = args.output or default
    write(output, config, lines, info)
    print(table(lines))
    print(f"\nwritten to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
