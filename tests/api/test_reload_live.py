"""Reloading a real `pjd serve`: SIGHUP and `pjd policies reload` swap in a good new pack; a
tampered one is refused, the last good pack keeps deciding and `/health` says `degraded`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.live_service import PJD, Server, demo_database, serving
from tests.api.test_pjd_endpoint import KJ, URL
from tests.builders import Json, document, pjd_body
from tests.engine.test_manifest import TAMPERING
from tests.packs import copy_pack, parameter_values, set_parameters
from tests.people import PATIENT

# D2 is a C00-1 document from 2025-10-01: outside the Kjernejournal look-back of one year at
# 2026-11-26, inside it once `tilbakeblikk_aar` gives C00-1 five years
BODY = pjd_body(
    path=KJ,
    access_basis="samtykke",
    documents=[document("D1"), document("D2", class_code="C00-1", service_time="2025-10-01")],
)
BEFORE = [
    ("D1", "permit", ["dokumentliste_kjernejournal"]),
    ("D2", "deny", ["utenfor_tilbakeblikk"]),
]
AFTER = [
    ("D1", "permit", ["dokumentliste_kjernejournal"]),
    ("D2", "permit", ["dokumentliste_kjernejournal"]),
]
BLOCKED = [("D1", "deny", ["pasient_sperret_pjd"]), ("D2", "deny", ["pasient_sperret_pjd"])]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return copy_pack(tmp_path / "pjd")


@pytest.fixture
def server(tmp_path: Path, pack: Path) -> Iterator[Server]:
    with (
        demo_database(f"sqlite:///{tmp_path / 'pjd.db'}") as database,
        serving(("R",), database, tmp_path, pack) as started,
    ):
        yield started[0]


def _pjd(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PJD), *args], env=os.environ | env, capture_output=True, text=True, timeout=120
    )


def _health(server: Server) -> tuple[int, Json]:
    response = server.client.get("/health")
    return response.status_code, response.json()


def _decide(server: Server) -> tuple[str, list[tuple[str, str, list[str]]]]:
    response = server.client.post(URL, json=BODY)
    assert response.status_code == 200, response.text
    answer = response.json()
    results = answer["results"]
    return answer["policy_revision"], [
        (r["document"], r["decision"], [x["rule"] for x in r["reasons"]]) for r in results
    ]


def _sighup_and_wait(server: Server, before: Json) -> tuple[int, Json]:
    """SIGHUP the process; wait until /health reports a reload after `before`."""
    os.kill(server.process.pid, signal.SIGHUP)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status, health = _health(server)
        if health.get("reloaded_at") != before.get("reloaded_at"):
            return status, health
        time.sleep(0.05)
    pytest.fail(f"no reload reported:\n{server.output()}")


def _lengthen_lookback(pack: Path) -> None:
    lookback = {**parameter_values(pack)["tilbakeblikk_aar"], "C00-1": 5}
    set_parameters(pack, {"tilbakeblikk_aar": lookback})


def test_sighup_swaps_in_a_good_pack_and_keeps_the_last_good_one_on_a_tampered_pack(
    server: Server, pack: Path
) -> None:
    status, first = _health(server)
    assert (status, first["status"], first.get("reloaded_at")) == (200, "ok", None)
    old = first["policy_revision"]
    assert _decide(server) == (old, BEFORE)
    assert json.loads(server.pid_file.read_text())["pid"] == server.process.pid

    _lengthen_lookback(pack)
    locked = _pjd("policies", "lock", PJD_POLICY_DIR=str(pack))
    assert locked.returncode == 0, locked.stderr
    reloaded = _pjd("policies", "reload", PJD_PID_FILE=str(server.pid_file))
    assert reloaded.returncode == 0, reloaded.stderr + server.output()
    status, second = _health(server)
    new = second["policy_revision"]
    assert reloaded.stdout.strip() == f"reloaded: {old} → {new}"
    assert (status, second["status"], new != old) == (200, "ok", True)
    assert second["loaded_at"] > first["loaded_at"]
    assert _decide(server) == (new, AFTER)

    body = {"kind": "pjd_sperre", "registered_by": "helsenorge"}
    registered = server.client.post(f"/v1/patients/{PATIENT}/restrictions", json=body)
    assert registered.status_code == 201, registered.text
    assert _decide(server) == (new, BLOCKED)
    kept = (pack / "pasientens_valg.cedar").read_bytes()
    TAMPERING["emptied"][0](pack)
    status, third = _sighup_and_wait(server, second)
    assert (status, third["status"]) == (200, "degraded")
    assert third["reload_error"].startswith("pasientens_valg.cedar:0: emptied")
    assert (third["policy_revision"], third["loaded_at"]) == (new, second["loaded_at"])
    assert _decide(server) == (new, BLOCKED)  # the blocked patient stays blocked
    refused = _pjd("policies", "reload", PJD_PID_FILE=str(server.pid_file))
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"reload refused, {new} stays in use: pasientens_valg.cedar")

    (pack / "pasientens_valg.cedar").write_bytes(kept)
    status, fourth = _sighup_and_wait(server, _health(server)[1])
    assert (status, fourth["status"], fourth["policy_revision"]) == (200, "ok", new)
    assert "reload_error" not in fourth
    log = server.log.read_text(encoding="utf-8")
    assert f"policy pack loaded: {old} → {new} (cedar)" in log
    assert f"policy pack refused (in use: {new}): pasientens_valg.cedar" in log


def test_the_pid_file_goes_when_the_service_stops(tmp_path: Path, pack: Path) -> None:
    with (
        demo_database(f"sqlite:///{tmp_path / 'pjd.db'}") as database,
        serving(("S",), database, tmp_path, pack) as [started],
    ):
        assert started.pid_file.is_file()
    assert not started.pid_file.exists()
    stale = _pjd("policies", "reload", PJD_PID_FILE=str(started.pid_file))
    assert stale.returncode == 1
    assert "no pid file" in stale.stderr
