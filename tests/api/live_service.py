"""A real `pjd serve` process for tests that need one (immediate effect, load): start it on a
free port over a database holding the demo registry, wait for /health, stop it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from sqlmodel import Session

from api.db import init_db, make_engine
from api.registry.store import load_registry_file, replace_registry
from tests.api.schema_reset import drop_schema
from tests.clients import service_headers

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "api" / "demo_registry.json"
PACK = ROOT / "policies" / "pjd"
PJD = Path(sys.executable).parent / "pjd"
STARTUP_SECONDS = 60.0


@dataclass
class Server:
    """One running `pjd serve`: its name, process, an HTTP client on it, its log and pid file."""

    name: str
    process: subprocess.Popen[bytes]
    client: httpx2.Client
    log: Path
    pid_file: Path

    @property
    def url(self) -> str:
        return str(self.client.base_url).rstrip("/")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]


def show_logs(servers: list[Server]) -> None:
    """Each server's log tail on stderr, which pytest shows beside a failure (only then), and
    whether it is still running (a crash leaves no line in its log)."""
    for server in servers:
        code = server.process.poll()
        state = "running" if code is None else f"exited with {code}"
        print(f"--- pjd serve ({server.name}), {state}; its log ends ---", file=sys.stderr)
        print(server.output(), file=sys.stderr)


@contextmanager
def demo_database(url: str) -> Iterator[str]:
    """`url` with fresh tables and the demo registry; the tables are dropped afterwards."""
    engine = make_engine(url)
    drop_schema(engine)  # the database is shared by the session's tests
    init_db(engine)
    with Session(engine) as session:
        replace_registry(session, load_registry_file(DEMO))
    engine.dispose()
    try:
        yield url
    finally:
        engine = make_engine(url)
        drop_schema(engine)
        engine.dispose()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start(
    name: str, database: str, folder: Path, pack: Path, settings: dict[str, str], workers: int
) -> Server:
    assert PJD.is_file(), f"the pjd command is missing at {PJD}"
    pid_file = folder / f"serve-{name}.pid"  # never the repository's var/pjd.pid
    env = (
        os.environ
        | {
            "PJD_DATABASE_URL": database,
            "PJD_POLICY_DIR": str(pack),
            "PJD_PID_FILE": str(pid_file),
        }
        | settings
    )
    port, log = _free_port(), folder / f"serve-{name}.log"
    address = ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(PJD), "serve", *address, "--workers", str(workers)],
            env=env,
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    client = httpx2.Client(
        base_url=f"http://127.0.0.1:{port}", timeout=30.0, headers=service_headers()
    )
    return Server(name, process, client, log, pid_file)


def _wait_healthy(server: Server) -> None:
    deadline, last = time.monotonic() + STARTUP_SECONDS, "no answer yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            code = server.process.returncode
            pytest.fail(f"pjd serve ({server.name}) exited with {code}:\n{server.output()}")
        try:
            response = server.client.get("/health", timeout=2.0)
        except httpx2.TransportError as exc:
            last = repr(exc)
        else:
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text}"
        time.sleep(0.1)
    pytest.fail(
        f"pjd serve ({server.name}) not healthy in {STARTUP_SECONDS} s ({last}):\n{server.output()}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextmanager
def serving(
    names: tuple[str, ...],
    database: str,
    folder: Path,
    pack: Path = PACK,
    settings: dict[str, str] | None = None,
    workers: int = 1,
) -> Iterator[list[Server]]:
    """`pjd serve` processes, one per name, over `database` and `pack` (and PJD_* `settings`),
    each with `workers` worker processes (`--workers`); healthy before yielding. When the block
    fails, the servers' log tails are shown with it."""
    started: list[Server] = []
    try:
        for name in names:
            started.append(_start(name, database, folder, pack, settings or {}, workers))
        for server in started:
            _wait_healthy(server)
        yield started
    except BaseException:
        show_logs(started)
        raise
    finally:
        for server in started:
            server.client.close()
            _stop(server.process)
