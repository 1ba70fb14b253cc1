"""A restriction applies to every decision that starts after its registration returned, and a
withdrawal to every decision that starts after the DELETE returned — across service processes.

Two real `pjd serve` processes share one PostgreSQL database: one registers and withdraws, the
other decides, immediately, with no pause between an answer and the next request. Any cache of
restrictions (or registry facts) in the deciding process would show as a wrong decision here.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2
import pytest
from sqlmodel import Session, SQLModel

from api.db import init_db, make_engine
from api.registry import load_registry_file, replace_registry

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT.parent / "shared" / "domain" / "examples"
DEMO = ROOT / "api" / "demo_registry.json"
PACK = ROOT / "policies" / "pjd"
PJD = Path(sys.executable).parent / "pjd"

STARTUP_SECONDS = 60.0
PATIENT = "05076600324"
PID = "05086900124"
HPR = "222200068"
SRC_A = "914637651"
ROUNDS = 5
RESTRICTIONS = "/v1/patients/{patient}/restrictions"

Json = dict[str, Any]

# kind, the fields it needs, and the rule that denies once it is registered (list, hpl45 path)
KINDS: dict[str, tuple[Json, str]] = {
    "pjd_sperre": ({}, "pasient_sperret_pjd"),
    "kilde_sperreregel": ({"target": {"hpr": HPR}, "source": SRC_A}, "sperreregel_hos_kilde"),
    "kj_blokkering": ({"target": {"hpr": HPR}}, "helsepersonell_blokkert_hpl45"),
}


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    client: httpx2.Client
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    last = "no answer yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"pjd serve ({server.name}) exited with {server.process.returncode} before "
                f"/health answered:\n{server.output()}",
                pytrace=False,
            )
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
        f"pjd serve ({server.name}) did not answer /health with 200 within {STARTUP_SECONDS} s "
        f"(last: {last}):\n{server.output()}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture
def database(postgres_url: str) -> Iterator[str]:
    """The session's PostgreSQL database with fresh tables and the demo registry imported."""
    engine = make_engine(postgres_url)
    SQLModel.metadata.drop_all(engine)  # the database is shared by the session's tests
    init_db(engine)
    with Session(engine) as session:
        replace_registry(session, load_registry_file(DEMO))
    engine.dispose()
    try:
        yield postgres_url
    finally:
        engine = make_engine(postgres_url)
        SQLModel.metadata.drop_all(engine)
        engine.dispose()


@pytest.fixture
def servers(database: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two `pjd serve` processes on free ports over the same PostgreSQL database."""
    assert PJD.is_file(), f"the pjd command is missing at {PJD}"
    env = os.environ | {"PJD_DATABASE_URL": database, "PJD_POLICY_DIR": str(PACK)}
    started: list[Server] = []
    try:
        for name in ("A", "B"):
            port = _free_port()
            log = tmp_path / f"serve-{name}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [str(PJD), "serve", "--host", "127.0.0.1", "--port", str(port)],
                    env=env,
                    cwd=tmp_path,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            client = httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=30.0)
            started.append(Server(name, process, client, log))
        for server in started:
            _wait_healthy(server)
        yield started[0], started[1]
    finally:
        for server in started:
            server.client.close()
            _stop(server.process)


def _decision_body() -> Json:
    """BASE of the worked examples listing D1 of SRC-A on the hpl45 path, decided at the clock."""
    attestation: Json = json.loads(
        (EXAMPLES / "v1.1-eksempel-3-anestesilege.normalized.json").read_text(encoding="utf-8")
    )
    attestation["toa"] = int(datetime.now(UTC).timestamp()) - 300
    attestation["care_relation"]["decision_ref"] = {
        "id": "0b1f84dd-6a42-4597-a726-3c39bb69f0d6",
        "user_selected": False,
    }
    return {
        "action": "list",
        "path": "hpl45",
        "patient": PATIENT,
        "identity": {"pid": PID, "hpr_number": HPR, "security_level": "4"},
        "attestation": attestation,
        "documents": [
            {
                "id": "D1",
                "source": SRC_A,
                "class_code": "A00-1",
                "confidentiality": ["N"],
                "service_time": "2019-05-01",
            }
        ],
        # no `at`: the deciding process reads its clock, as in production
    }


def _decide(server: Server, body: Json) -> tuple[str, list[str]]:
    response = server.client.post("/v1/pjd/decisions", json=body)
    assert response.status_code == 200, f"{server.name}: {response.text}"
    [result] = response.json()["results"]
    return result["decision"], [reason["rule"] for reason in result["reasons"]]


def _register(server: Server, kind: str, fields: Json) -> Json:
    body = {"kind": kind, "registered_by": "helsenorge", **fields}
    response = server.client.post(RESTRICTIONS.format(patient=PATIENT), json=body)
    assert response.status_code == 201, f"{server.name}: {response.text}"
    stored: Json = response.json()
    return stored


def _withdraw(server: Server, stored: Json) -> None:
    response = server.client.delete(f"{RESTRICTIONS.format(patient=PATIENT)}/{stored['id']}")
    assert response.status_code == 200, f"{server.name}: {response.text}"
    assert response.json()["withdrawn_at"] is not None


PERMIT = ("permit", ["dokumentliste_hpl45"])


def test_registration_and_withdrawal_in_one_process_bind_the_other_at_once(
    servers: tuple[Server, Server],
) -> None:
    a, b = servers
    body = _decision_body()
    for round_ in range(ROUNDS):
        # register in one process, decide in the other; swap roles every other round
        writer, decider = (a, b) if round_ % 2 == 0 else (b, a)
        for kind, (fields, rule) in KINDS.items():
            where = f"round {round_}, {kind}, written in {writer.name}, decided in {decider.name}"
            assert _decide(decider, body) == PERMIT, where
            stored = _register(writer, kind, fields)
            assert _decide(decider, body) == ("deny", [rule]), f"{where}: after POST returned"
            _withdraw(writer, stored)
            assert _decide(decider, body) == PERMIT, f"{where}: after DELETE returned"


def test_both_processes_see_every_restriction_in_force_together(
    servers: tuple[Server, Server],
) -> None:
    a, b = servers
    body = _decision_body()
    stored = {kind: _register(a, kind, fields) for kind, (fields, _) in KINDS.items()}
    for server in (a, b):
        decision, rules = _decide(server, body)
        assert decision == "deny", server.name
        assert sorted(rules) == sorted(rule for _, rule in KINDS.values()), server.name
    for kind in KINDS:  # withdraw one at a time, in the other process; the rest still deny
        _withdraw(b, stored.pop(kind))
        expected = sorted(KINDS[k][1] for k in stored)
        for server in (b, a):
            decision, rules = _decide(server, body)
            if expected:
                assert (decision, sorted(rules)) == ("deny", expected), (server.name, kind)
            else:
                assert (decision, rules) == PERMIT, (server.name, kind)
