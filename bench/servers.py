"""The servers the bench starts: `pjd serve`, the bare FastAPI floor and Cerbos, each a real
process in its own session (process group), healthy before use and stopped — the whole group,
uvicorn's workers too — on leaving the `with` block, whatever happened (TRAPS.md: a service that
fails to start must still be stopped).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bench import auth
from bench.measure import progress

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CERBOS = ROOT / "var" / "cerbos" / "node_modules" / "@cerbos" / "cerbos-linux-x64"
CERBOS_BIN = CERBOS / "cerbos-linux-x64"
STARTUP_SECONDS = 90.0


class ServerError(RuntimeError):
    """A server did not start, or did not become healthy in time."""


def free_port() -> int:
    """A TCP port on the loopback that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2.0) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _wait(process: subprocess.Popen[bytes], name: str, health: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:]
            raise ServerError(f"{name} exited with {process.returncode}:\n{tail}")
        if _healthy(health):
            return
        time.sleep(0.2)
    raise ServerError(f"{name} not healthy at {health} in {STARTUP_SECONDS:.0f} s")


def _group_alive(process: subprocess.Popen[bytes]) -> bool:
    process.poll()  # reap the leader, or it counts as alive
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process group, SIGKILL after 15 s: every process of the group ends."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not _group_alive(process):
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        deadline = time.monotonic() + 15.0
        while _group_alive(process) and time.monotonic() < deadline:
            time.sleep(0.1)


@contextmanager
def running(
    name: str, command: Sequence[str], health: str, log: Path, env: dict[str, str] | None = None
) -> Iterator[None]:
    """Run `command` in its own process group until the block ends; healthy before yielding."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command),
            cwd=ROOT,
            env=os.environ | (env or {}),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait(process, name, health, log)
        yield
    finally:
        started = time.monotonic()
        _stop(process)
        progress(f"stopped {name} in {time.monotonic() - started:.1f} s")


@contextmanager
def pjd_serve(
    name: str, database_url: str, folder: Path, policy_dir: Path, workers: int | None = None
) -> Iterator[str]:
    """`pjd serve` as a user runs it on a free port (default workers if None); its base URL."""
    port = free_port()
    command = [str(BIN / "pjd"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += [] if workers is None else ["--workers", str(workers)]
    env = {
        "PJD_DATABASE_URL": database_url,
        "PJD_POLICY_DIR": str(policy_dir),
        "PJD_ENGINE": "cedar",
        "PJD_TRUST_REQUEST_TIME": "true",  # the workload replays fixed moments (R26)
    } | auth.server_env()
    base = f"http://127.0.0.1:{port}"
    with running(name, command, f"{base}/health", folder / f"{name}.log", env):
        yield base


@contextmanager
def floor_serve(folder: Path) -> Iterator[str]:
    """The bare FastAPI floor (bench.floor) on the same uvicorn, with `pjd serve`'s options."""
    port = free_port()
    command = [str(BIN / "python"), "-m", "uvicorn", "bench.floor:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    command += ["--log-level", "info"]
    base = f"http://127.0.0.1:{port}"
    with running("floor", command, f"{base}/health", folder / "floor.log"):
        yield base


@contextmanager
def cerbos_serve(folder: Path) -> Iterator[str]:
    """Cerbos on free ports with bench/cerbos's config and policies; yields its base URL."""
    if not CERBOS_BIN.is_file():
        raise ServerError(f"no Cerbos at {CERBOS_BIN} (`make bench` installs it)")
    http, grpc = free_port(), free_port()
    command = [str(CERBOS_BIN), "server", f"--config={ROOT / 'bench' / 'cerbos' / 'config.yaml'}"]
    command += [f"--set=server.httpListenAddr=127.0.0.1:{http}"]
    command += [f"--set=server.grpcListenAddr=127.0.0.1:{grpc}"]
    command += [f"--set=storage.disk.directory={ROOT / 'bench' / 'cerbos' / 'policies'}"]
    command += ["--log-level=warn"]
    base = f"http://127.0.0.1:{http}"
    with running("cerbos", command, f"{base}/_cerbos/health", folder / "cerbos.log"):
        yield base


def post_json(url: str, body: object) -> tuple[int, object]:
    """POST `body` as JSON; the status and the parsed answer (an error status too)."""
    data = json.dumps(body).encode()
    request = urllib.request.Request(
        url, data, {"Content-Type": "application/json"} | auth.headers()
    )
    try:
        with urllib.request.urlopen(request, timeout=30.0) as answer:
            return int(answer.status), json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")
