"""R21 under load: 1,000 decisions from 16 concurrent clients to a running service on PostgreSQL
leave exactly 1,000 access-log records, one per decision, seq 1 … 1,000, in an intact chain —
whether one process decides, one `pjd serve --workers 2` or two `pjd serve` processes.

Real `pjd serve` processes (as in production: uvicorn, its thread pool, the database pool)
decide one-document PJD requests sent by 16 threads, each with its own HTTP client and its one
keep-alive connection; a quarter of them are denied. With several processes the clients are
spread evenly over them: by URL over separate processes, by connection over the workers of one
(each client connects until a connection lands on the worker it was given). Every process writes
to the one chain, so the head row serialises them; no record may be lost, doubled or misplaced.
Nothing here asserts timing; the duration is printed (`-rP` shows it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from sqlmodel import Session, col, select

from api.access_log.models import LogRecord
from api.access_log.store import count, verify
from api.db import make_engine
from tests.api.live_service import Server, demo_database, serving
from tests.api.worker_connections import client_on, local_port, serving_workers
from tests.builders import AT, Json, attestation, document, pjd_body
from tests.clients import service_headers

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]

CLIENTS = 16
DECISIONS = 1000
DENIED_CLASS = "B00-1"  # not among the classes PJD may show: dokumentklasse_ikke_tillatt


# a deployment: `pjd serve` process names and workers per process
DEPLOYMENTS = {
    "one process": (("load",), 1),
    "two workers": (("load",), 2),
    "two processes": (("load-A", "load-B"), 1),
}

# client number -> its HTTP client, and the process or worker that client's connection is on
Connect = Callable[[int], tuple[httpx2.Client, str]]


def _by_url(servers: list[Server]) -> Connect:
    def connect(number: int) -> tuple[httpx2.Client, str]:
        server = servers[number % len(servers)]
        client = httpx2.Client(base_url=server.url, headers=service_headers(), timeout=60.0)
        return client, server.name

    return connect


def _by_worker(server: Server, count: int) -> Connect:
    supervisor = server.process.pid
    workers = serving_workers(supervisor, server.url, count)

    def connect(number: int) -> tuple[httpx2.Client, str]:
        worker = workers[number % count]
        return client_on(supervisor, server.url, worker), f"worker {worker}"

    return connect


@pytest.fixture(params=list(DEPLOYMENTS))
def connect(request: pytest.FixtureRequest, postgres_url: str, tmp_path: Path) -> Iterator[Connect]:
    """`pjd serve` over the database as the deployment says; how client number i connects."""
    names, workers = DEPLOYMENTS[request.param]
    with (
        demo_database(postgres_url) as database,
        serving(names, database, tmp_path, workers=workers) as servers,
    ):
        yield _by_worker(servers[0], workers) if workers > 1 else _by_url(servers)


def _body(number: int, attested: Json) -> Json:
    """Decision `number`: list one document of SRC-A on the hpl45 path; every 4th is denied."""
    class_code = DENIED_CLASS if number % 4 == 3 else "A00-1"
    sent = document(f"load-{number:04d}", class_code=class_code)
    return pjd_body(AT, documents=[sent], attestation=attested)


def _expected(number: int) -> tuple[str, list[str]]:
    if number % 4 == 3:
        return "deny", ["dokumentklasse_ikke_tillatt"]
    return "permit", ["dokumentliste_hpl45"]


Answer = tuple[int, int, Json | str]


def _client_run(connect: Connect, client_number: int) -> tuple[str, list[Answer]]:
    """One client thread: its own HTTP client on its one connection (hence on one process or
    worker, which it names), its share of the decisions, one after another."""
    attested, answers, ports = attestation(AT), list[Answer](), set[int]()
    client, where = connect(client_number)
    try:
        for number in range(client_number, DECISIONS, CLIENTS):
            response = client.post("/v1/pjd/decisions", json=_body(number, attested))
            ports.add(local_port(response))
            ok = response.status_code == 200
            answers.append((number, response.status_code, response.json() if ok else response.text))
    finally:
        client.close()
    assert len(ports) == 1, f"client {client_number} reconnected: {where} may not hold"
    return where, answers


def _check_answers(answers: list[Answer]) -> dict[str, tuple[int, str]]:
    """Every decision answered once, as expected; decision id -> (number, effect)."""
    assert sorted(number for number, _, _ in answers) == list(range(DECISIONS))
    failed = [(number, status, body) for number, status, body in answers if status != 200]
    assert not failed, f"{len(failed)} answers were not 200, first: {failed[:3]}"
    decided: dict[str, tuple[int, str]] = {}
    for number, _, body in answers:
        assert isinstance(body, dict)
        [result] = body["results"]
        assert result["document"] == f"load-{number:04d}"
        assert (result["decision"], [r["rule"] for r in result["reasons"]]) == _expected(number)
        decided[body["decision_id"]] = (number, result["decision"])
    assert len(decided) == DECISIONS  # every decision has an id of its own
    assert {effect for _, effect in decided.values()} == {"permit", "deny"}
    return decided


def test_1000_concurrent_decisions_leave_1000_records_in_an_intact_chain(
    connect: Connect, postgres_url: str
) -> None:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        runs = list(pool.map(lambda number: _client_run(connect, number), range(CLIENTS)))
    elapsed = time.monotonic() - started
    spread = {where: sum(len(a) for w, a in runs if w == where) for where, _ in runs}
    print(f"{DECISIONS} decisions from {CLIENTS} clients in {elapsed:.1f} s, by {spread}")
    assert len(set(spread.values())) == 1  # the clients were spread evenly

    decided = _check_answers([answer for _, run in runs for answer in run])
    engine = make_engine(postgres_url)
    try:
        with Session(engine) as session:
            assert count(session) == DECISIONS
            query = select(
                LogRecord.seq, LogRecord.decision_id, LogRecord.document, LogRecord.decision
            )
            rows = session.exec(query.order_by(col(LogRecord.seq))).all()
        assert [seq for seq, _, _, _ in rows] == list(range(1, DECISIONS + 1))  # no gap, no twice
        logged = {decision_id: (document, effect) for _, decision_id, document, effect in rows}
        assert len(logged) == DECISIONS  # one record per decision, none twice
        assert set(logged) == set(decided)  # no decision is missing from the log
        for decision_id, (number, effect) in decided.items():
            assert logged[decision_id] == (f"load-{number:04d}", effect), decision_id
        result = verify(engine)
        assert result.ok, result
        assert result.records == DECISIONS
    finally:
        engine.dispose()
