"""SIGHUP to `pjd serve --workers 2`: a pack that fails its check leaves both workers deciding
under the pack they have (none is replaced by one that would answer 503); a good pack replaces
both, one by one, and they decide under the new revision. Real processes, their pids read from
/proc (`tests.api.worker_connections`)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.live_service import PJD, Server, demo_database, serving
from tests.api.worker_connections import client_on, serving_workers
from tests.engine.test_manifest import TAMPERING
from tests.packs import copy_pack, parameter_values, set_parameters

REFUSED = "SIGHUP: policy pack refused, the workers keep theirs: pasientens_valg.cedar:0: emptied"
WAIT_SECONDS = 120.0


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return copy_pack(tmp_path / "pjd")


@pytest.fixture
def server(tmp_path: Path, pack: Path) -> Iterator[Server]:
    with (
        demo_database(f"sqlite:///{tmp_path / 'pjd.db'}") as database,
        serving(("W",), database, tmp_path, pack, workers=2) as [started],
    ):
        yield started


def _states(server: Server) -> set[tuple[str, str]]:
    """The (status, policy revision) each of the workers answering gives on /health."""
    states = set()
    for worker in serving_workers(server.process.pid, server.url, 2):
        client = client_on(server.process.pid, server.url, worker)
        try:
            health = client.get("/health").json()
        finally:
            client.close()
        states.add((health["status"], health["policy_revision"]))
    return states


def _wait_for(server: Server, line: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while line not in server.log.read_text(encoding="utf-8", errors="replace"):
        assert time.monotonic() < deadline, f"no {line!r} in the log:\n{server.output()}"
        time.sleep(0.1)


def _wait_replaced(server: Server, old: set[int]) -> list[int]:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        workers = serving_workers(server.process.pid, server.url, 2)
        if not old & set(workers):
            return workers
        assert time.monotonic() < deadline, f"workers {old} not replaced:\n{server.output()}"
        time.sleep(0.5)


def _relock(pack: Path) -> None:
    lookback = {**parameter_values(pack)["tilbakeblikk_aar"], "C00-1": 5}
    set_parameters(pack, {"tilbakeblikk_aar": lookback})
    env = os.environ | {"PJD_POLICY_DIR": str(pack)}
    locked = subprocess.run(
        [str(PJD), "policies", "lock"], env=env, capture_output=True, text=True, timeout=120
    )
    assert locked.returncode == 0, locked.stderr


def test_a_refused_pack_keeps_the_workers_and_a_good_one_replaces_them(
    server: Server, pack: Path
) -> None:
    supervisor = server.process.pid
    workers = set(serving_workers(supervisor, server.url, 2))
    [(status, old)] = _states(server)
    assert status == "ok"

    kept = (pack / "pasientens_valg.cedar").read_bytes()
    TAMPERING["emptied"][0](pack)
    os.kill(supervisor, signal.SIGHUP)
    _wait_for(server, REFUSED)
    assert set(serving_workers(supervisor, server.url, 2)) == workers  # none replaced
    assert _states(server) == {("ok", old)}

    (pack / "pasientens_valg.cedar").write_bytes(kept)
    _relock(pack)
    os.kill(supervisor, signal.SIGHUP)
    _wait_for(server, "checked, replacing the workers")
    replaced = _wait_replaced(server, workers)
    [(status, new)] = _states(server)  # both workers on the one new revision
    assert (len(replaced), status, new != old) == (2, "ok", True)
