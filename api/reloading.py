"""Reloading the policy pack of a running `pjd serve`: SIGHUP, the pid file, `policies reload`.

`pjd serve` writes its pid and url to the pid file (PJD_PID_FILE, default `var/pjd.pid`) and
reloads the pack on SIGHUP, in a thread of its own so that the event loop never waits for it.
`pjd policies reload` reads the pid file, sends SIGHUP and reads the outcome from `/health`:
the operating system decides who may signal the service, and no endpoint can be called to do it.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from api.cli_errors import CliError
from api.runtime import Runtime

log = logging.getLogger("pjd.policies")


@contextmanager
def logging_to_stderr() -> Iterator[None]:
    """While serving, show the service's own log lines (reloads) beside uvicorn's."""
    logger, handler = logging.getLogger("pjd"), logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def reloads_on_sighup() -> Iterator[Callable[[Runtime], None]]:
    """SIGHUP is ignored (its default ends the process) until the runtime is given; from then on
    it reloads the pack, in a new thread (reloads run one at a time). Restored after."""
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)

    def reload_with(runtime: Runtime) -> None:
        def handler(signum: int, frame: object) -> None:
            threading.Thread(target=runtime.reload, name="pjd-reload", daemon=True).start()

        signal.signal(signal.SIGHUP, handler)

    try:
        yield reload_with
    finally:
        signal.signal(signal.SIGHUP, previous)


def service_url(host: str, port: int) -> str:
    """Where a local client reaches a service listening on `host:port`."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def _remove_if_ours(path: Path) -> None:
    with suppress(OSError, ValueError, KeyError, TypeError):
        if json.loads(path.read_text(encoding="utf-8"))["pid"] == os.getpid():
            path.unlink()


def _remove_on_sigterm(path: Path) -> None:
    """uvicorn ends on SIGTERM by raising it again, past any `finally`: remove the file first."""
    previous = signal.getsignal(signal.SIGTERM) or signal.SIG_DFL

    def handler(signum: int, frame: object) -> None:
        _remove_if_ours(path)
        signal.signal(signum, previous)
        signal.raise_signal(signum)

    signal.signal(signal.SIGTERM, handler)


@contextmanager
def pid_file(path: Path, url: str) -> Iterator[None]:
    """Write `{"pid", "url"}` to `path` while serving; remove it after, if it is still ours."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"pid": os.getpid(), "url": url}) + "\n", encoding="utf-8")
    except OSError as exc:
        log.warning("no pid file %s (%s): reload with kill -HUP %d", path, exc, os.getpid())
    _remove_on_sigterm(path)
    try:
        yield
    finally:
        _remove_if_ours(path)


def _served(path: Path) -> tuple[int, str]:
    """The pid and url a `pjd serve` wrote to `path`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CliError(f"{path}: no pid file; is `pjd serve` running (PJD_PID_FILE)?") from exc
    except (OSError, ValueError) as exc:
        raise CliError(f"{path}: not a pid file of `pjd serve`: {exc}") from exc
    pid, url = (data.get("pid"), data.get("url")) if isinstance(data, dict) else (None, None)
    if type(pid) is not int or pid <= 0 or not isinstance(url, str):
        raise CliError(f'{path}: not a pid file of `pjd serve` (want {{"pid", "url"}})')
    return pid, url


def health(url: str) -> dict[str, Any]:
    """The service's `/health` body (also when it is 503); a CliError when it does not answer."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read()
    except OSError as exc:
        raise CliError(f"the service at {url} does not answer: {exc}") from exc
    try:
        answer = json.loads(body)
    except ValueError as exc:
        raise CliError(f"{url}/health is not JSON: {exc}") from exc
    return answer if isinstance(answer, dict) else {}


def _signal(pid: int, path: Path) -> None:
    try:
        os.kill(pid, signal.SIGHUP)
    except ProcessLookupError as exc:
        raise CliError(f"{path}: no process {pid} (the pid file is stale)") from exc
    except PermissionError as exc:
        raise CliError(f"not allowed to signal process {pid} (run as its user)") from exc


def _outcome(before: dict[str, Any], after: dict[str, Any]) -> str:
    """What the reload did, from /health before and after; a refused pack is a CliError."""
    if after.get("status") == "ok":
        return f"reloaded: {before.get('policy_revision')} → {after.get('policy_revision')}"
    if after.get("status") == "degraded":
        kept = after.get("policy_revision")
        raise CliError(f"reload refused, {kept} stays in use: {after.get('reload_error')}")
    raise CliError(f"reload refused, no policy pack is loaded: {after.get('load_error')}")


def request_reload(path: Path, timeout: float = 60.0) -> str:
    """SIGHUP the service of pid file `path`; wait until its /health reports the reload."""
    pid, url = _served(path)
    before = health(url)
    _signal(pid, path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        after = health(url)
        if after.get("reloaded_at") != before.get("reloaded_at"):
            return _outcome(before, after)
        time.sleep(0.1)
    raise CliError(f"sent SIGHUP to {pid}; {url}/health reported no reload in {timeout:g} s")
