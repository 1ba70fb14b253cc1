"""R21 under load: 2,000 decisions from 16 concurrent clients to a running service on PostgreSQL
leave exactly 2,000 access-log records, one per decision, in an intact chain.

A real `pjd serve` process (as in production: uvicorn, its thread pool, the database pool)
decides one-document PJD requests sent by 16 threads, each with its own HTTP client; a quarter
of them are denied. Nothing here asserts timing; the duration is printed (`-rP` shows it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from sqlmodel import Session, col, select

from api.access_log.models import LogRecord
from api.access_log.store import count, verify
from api.db import make_engine
from tests.api.live_service import demo_database, serving
from tests.builders import AT, Json, attestation, document, pjd_body
from tests.clients import service_headers

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]

CLIENTS = 16
DECISIONS = 2000
DENIED_CLASS = "B00-1"  # not among the classes PJD may show: dokumentklasse_ikke_tillatt


@pytest.fixture
def base_url(postgres_url: str, tmp_path: Path) -> Iterator[str]:
    """A `pjd serve` process on a free port over the database; its base URL."""
    with demo_database(postgres_url) as database, serving(("load",), database, tmp_path) as s:
        yield s[0].url


def _body(number: int, attested: Json) -> Json:
    """Decision `number`: list one document of SRC-A on the hpl45 path; every 4th is denied."""
    class_code = DENIED_CLASS if number % 4 == 3 else "A00-1"
    sent = document(f"load-{number:04d}", class_code=class_code)
    return pjd_body(AT, documents=[sent], attestation=attested)


def _expected(number: int) -> tuple[str, list[str]]:
    if number % 4 == 3:
        return "deny", ["dokumentklasse_ikke_tillatt"]
    return "permit", ["dokumentliste_hpl45"]


def _client_run(base_url: str, numbers: range) -> list[tuple[int, int, Json | str]]:
    """One client thread: its own HTTP client, its share of the decisions, one after another."""
    attested = attestation(AT)
    answers: list[tuple[int, int, Json | str]] = []
    with httpx2.Client(base_url=base_url, headers=service_headers(), timeout=60.0) as client:
        for number in numbers:
            response = client.post("/v1/pjd/decisions", json=_body(number, attested))
            ok = response.status_code == 200
            answers.append((number, response.status_code, response.json() if ok else response.text))
    return answers


def test_2000_concurrent_decisions_leave_2000_records_in_an_intact_chain(
    base_url: str, postgres_url: str
) -> None:
    shares = [range(i, DECISIONS, CLIENTS) for i in range(CLIENTS)]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        runs = list(pool.map(lambda share: _client_run(base_url, share), shares))
    elapsed = time.monotonic() - started
    print(f"{DECISIONS} decisions from {CLIENTS} clients in {elapsed:.1f} s")

    answers = [answer for run in runs for answer in run]
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

    engine = make_engine(postgres_url)
    try:
        with Session(engine) as session:
            assert count(session) == DECISIONS
            query = select(LogRecord.decision_id, LogRecord.document, LogRecord.decision)
            rows = session.exec(query.order_by(col(LogRecord.seq))).all()
        logged = {decision_id: (document, effect) for decision_id, document, effect in rows}
        assert len(logged) == DECISIONS  # one record per decision, none twice
        assert set(logged) == set(decided)  # no decision is missing from the log
        for decision_id, (number, effect) in decided.items():
            assert logged[decision_id] == (f"load-{number:04d}", effect), decision_id
        result = verify(engine)
        assert result.ok, result
        assert result.records == DECISIONS
    finally:
        engine.dispose()
