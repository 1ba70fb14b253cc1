"""A restriction applies to every decision that starts after its registration returned, and a
withdrawal to every decision that starts after the DELETE returned — across service processes.

Two real `pjd serve` processes share one PostgreSQL database, or the two workers of one
`pjd serve --workers 2` (each client kept on its one connection, held by one worker): one
registers and withdraws, the other decides, immediately, with no pause between an answer and the
next request. Any cache of restrictions (or registry facts) in the deciding process would show as
a wrong decision here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx2
import pytest

from tests.api.live_service import Server, demo_database, serving
from tests.api.worker_connections import client_on, local_port, serving_workers
from tests.builders import Json, pjd_body
from tests.people import PATIENT, SRC_A, WORKER_HPR

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]

ROUNDS = 5
RESTRICTIONS = "/v1/patients/{patient}/restrictions"


# kind, the fields it needs, and the rule that denies once it is registered (list, hpl45 path)
KINDS: dict[str, tuple[Json, str]] = {
    "pjd_sperre": ({}, "pasient_sperret_pjd"),
    "kilde_sperreregel": (
        {"target": {"hpr": WORKER_HPR}, "source": SRC_A},
        "sperreregel_hos_kilde",
    ),
    "kj_blokkering": ({"target": {"hpr": WORKER_HPR}}, "helsepersonell_blokkert_hpl45"),
}


@contextmanager
def _on_one_connection(client: httpx2.Client) -> Iterator[httpx2.Client]:
    """`client`, closed afterwards; it must have kept its connection (hence its worker)."""
    ports: set[int] = set()
    client.event_hooks["response"].append(lambda response: ports.add(local_port(response)))
    try:
        yield client
    finally:
        client.close()
    assert len(ports) == 1, f"the client reconnected ({sorted(ports)}): its worker may differ"


@contextmanager
def _workers_of(server: Server) -> Iterator[tuple[Server, Server]]:
    """The two workers of `server` as two Servers: each a client on a connection it holds."""
    supervisor = server.process.pid
    with ExitStack() as stack:
        pair = [
            Server(
                f"worker {worker}",
                server.process,
                stack.enter_context(_on_one_connection(client_on(supervisor, server.url, worker))),
                server.log,
                server.pid_file,
            )
            for worker in serving_workers(supervisor, server.url, 2)
        ]
        yield pair[0], pair[1]


@pytest.fixture(params=["two processes", "two workers"])
def servers(
    request: pytest.FixtureRequest, postgres_url: str, tmp_path: Path
) -> Iterator[tuple[Server, Server]]:
    """Two `pjd serve` processes on free ports over the same PostgreSQL database, or the two
    workers of one `pjd serve --workers 2`."""
    with demo_database(postgres_url) as database:
        if request.param == "two processes":
            with serving(("A", "B"), database, tmp_path) as s:
                yield s[0], s[1]
        else:
            with (
                serving(("AB",), database, tmp_path, workers=2) as [server],
                _workers_of(server) as s,
            ):
                yield s


def _decision_body() -> Json:
    """BASE of the worked examples listing D1 of SRC-A on the hpl45 path, with no `at`: the
    deciding process reads its clock, as in production (the attestation issued before now)."""
    return pjd_body(None)


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
