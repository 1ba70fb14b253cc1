"""The bench's output: one table on stdout and results.json with every number, the machine
and the date."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bench.measure import Config, Line
from bench.servers import CERBOS_BIN

PACKAGES = ("cedarpy", "regopy", "uvicorn", "fastapi", "starlette", "sqlalchemy", "psycopg")
HEAD = ("phase", "measure", "value", "unit", "floor", "ratio", "p50 ms", "p99 ms", "target", "")
RIGHT = {2, 4, 5, 6, 7}  # right-aligned columns


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if unit == "req/s":
        return f"{value:,.0f}"
    return f"{value:,.1f}" if unit == "µs/doc" else f"{value:,.2f}"


def verdict(line: Line) -> str:
    """`met`, `not met`, or nothing where no target applies."""
    return "" if line.met is None else ("met" if line.met else "not met")


def row(line: Line) -> tuple[str, ...]:
    """The line's cells, as the table shows them."""
    return (
        line.phase,
        line.measure,
        _number(line.value, line.unit),
        line.unit,
        _number(line.floor, line.unit),
        f"{line.ratio:.2f}",
        _number(line.p50_ms),
        _number(line.p99_ms),
        line.target,
        verdict(line),
    )


def table(lines: Sequence[Line]) -> str:
    """The lines as one aligned text table."""
    rows = [HEAD, *(row(line) for line in lines)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEAD))]
    out = []
    for r in rows:
        cells = [
            c.rjust(w) if i in RIGHT else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def _first_line(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else None


def _cpu_model() -> str | None:
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or None
    models = [
        ln.split(":", 1)[1].strip() for ln in info.splitlines() if ln.startswith("model name")
    ]
    return models[0] if models else None


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def machine(postgres: str | None) -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "cores": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "postgresql": postgres,
        "cerbos": _first_line([str(CERBOS_BIN), "--version"]),
        "wrk": _first_line(["wrk", "-v"]),
        "load_average_at_start": os.getloadavg(),
    }


def write(path: Path, config: Config, lines: Sequence[Line], info: dict[str, Any]) -> None:
    """results.json: the date, the settings, the machine and every line's numbers."""
    data = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": config.quick,
        "settings": {
            "connections": config.connections,
            "wrk_threads": config.wrk_threads,
            "warmup_seconds": config.warmup_seconds,
            "wrk_seconds": config.wrk_seconds,
            "rounds": config.rounds,
            "scale_rows": config.scale_rows,
        },
        "machine": info | {"load_average_at_end": os.getloadavg()},
        "lines": [line.as_json() for line in lines],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
