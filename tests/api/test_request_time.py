"""R26: the service's clock decides, read once per request. A request's `at` beyond
PJD_REQUEST_TIME_SKEW of it is a 400 naming `at` (AuthZEN: `context.at`); within it the clock
decides; only PJD_TRUST_REQUEST_TIME=true decides at the `at` given. The log keeps both the
decision time (`at`) and the real time of the access (`recorded_at`); the patient sees the real
time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from api.access_log.store import for_patient
from api.config import get_settings
from api.main import create_app
from api.pjd.facts import RequestTime
from api.registry.store import load_registry_file, replace_registry
from engine import RequestError
from tests.builders import authzen_evaluation as authzen_body
from tests.builders import outcome, pjd_body
from tests.clients import api_client
from tests.people import PATIENT
from tests.tokens import citizen_headers

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
AT = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
PJD, EVALUATION = "/v1/pjd/decisions", "/access/v1/evaluation"
BATCH = "/access/v1/evaluations"
CITIZEN = citizen_headers({"pid": PATIENT, "security_level": "4", "age": 60})


def _client(url: str, trusted: bool) -> Iterator[TestClient]:
    app = create_app(get_settings(database_url=url, trust_request_time=trusted))
    with Session(app.state.runtime.db) as session:
        replace_registry(session, load_registry_file(DEMO))
    with api_client(app) as client:
        yield client


@pytest.fixture
def service_clock(db_engine: Engine) -> Iterator[TestClient]:
    """The service as deployed: request times not trusted (the default)."""
    yield from _client(db_engine.url.render_as_string(False), trusted=False)


@pytest.fixture
def trusted(db_engine: Engine) -> Iterator[TestClient]:
    """A deployment that trusts request times (tests, replay, impact analysis)."""
    yield from _client(db_engine.url.render_as_string(False), trusted=True)


def test_the_defaults_are_a_five_minute_skew_and_no_trust(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PJD_TRUST_REQUEST_TIME", raising=False)
    settings = get_settings()
    assert (settings.request_time_skew, settings.trust_request_time) == (300.0, False)


@pytest.mark.parametrize("off", [timedelta(minutes=6), timedelta(minutes=-6), timedelta(days=70)])
def test_an_at_beyond_the_skew_is_a_400_naming_at(
    service_clock: TestClient, off: timedelta
) -> None:
    asked = datetime.now(UTC) + off
    response = service_clock.post(PJD, json=pjd_body(asked))
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "at"
    with Session(service_clock.app.state.runtime.db) as session:  # type: ignore[attr-defined]
        assert for_patient(session, PATIENT) == []  # nothing decided, nothing logged


def test_an_authzen_time_beyond_the_skew_is_a_400_naming_context_at(
    service_clock: TestClient,
) -> None:
    response = service_clock.post(
        EVALUATION, json=authzen_body(datetime.now(UTC) - timedelta(hours=1))
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "context.at"


def test_an_at_within_the_skew_is_accepted_and_the_clock_decides(service_clock: TestClient) -> None:
    before = datetime.now(UTC)
    response = service_clock.post(PJD, json=pjd_body(before - timedelta(seconds=240)))
    after = datetime.now(UTC)
    assert response.status_code == 200, response.text
    assert outcome(response.json()) == ("permit", ("dokumentliste_hpl45",))
    decided = datetime.fromisoformat(response.json()["at"])
    assert before <= decided <= after  # the service's clock, not the `at` sent
    evaluation = service_clock.post(EVALUATION, json=authzen_body(before + timedelta(seconds=60)))
    assert evaluation.status_code == 200 and evaluation.json()["decision"] is True


def test_a_trusted_deployment_decides_at_the_given_at(trusted: TestClient) -> None:
    response = trusted.post(PJD, json=pjd_body(AT))
    assert response.status_code == 200, response.text
    assert datetime.fromisoformat(response.json()["at"]) == AT
    assert outcome(response.json()) == ("permit", ("dokumentliste_hpl45",))


def test_the_log_keeps_the_decision_time_and_the_real_time_and_shows_the_real_one(
    trusted: TestClient,
) -> None:
    body = pjd_body(AT) | {"action": "read"}
    before = datetime.now(UTC)
    assert trusted.post(PJD, json=body).status_code == 200
    after = datetime.now(UTC)
    with Session(trusted.app.state.runtime.db) as session:  # type: ignore[attr-defined]
        [record] = for_patient(session, PATIENT)
    assert record.at == AT  # the moment decided for
    assert before <= record.recorded_at <= after  # the real time of the access
    page = trusted.get(f"/v1/patients/{PATIENT}/access-log", headers=CITIZEN)
    assert page.status_code == 200, page.text
    [entry] = page.json()["entries"]
    assert before <= datetime.fromisoformat(entry["time"]) <= after
    assert datetime.fromisoformat(entry["decided_at"]) == AT


def test_in_an_authzen_batch_each_time_is_judged_on_the_one_clock(
    service_clock: TestClient,
) -> None:
    now = datetime.now(UTC)
    far, near = authzen_body(now - timedelta(hours=1)), authzen_body(now)
    response = service_clock.post(BATCH, json={"evaluations": [far, near]})
    assert response.status_code == 200, response.text
    refused, decided = response.json()["evaluations"]
    assert refused["decision"] is False
    error = refused["context"]["error"]
    assert error["status"] == 400 and error["message"].startswith("context.at: ")
    assert decided["decision"] is True


@pytest.mark.parametrize(
    ("off", "decided"),
    [
        (timedelta(0), "clock"),
        (timedelta(seconds=300), "clock"),  # the skew itself is within
        (timedelta(seconds=-300), "clock"),
        (timedelta(seconds=300, microseconds=1), None),
        (timedelta(seconds=-301), None),
    ],
)
def test_the_skew_is_inclusive(off: timedelta, decided: str | None) -> None:
    clock = RequestTime(AT, skew=300)
    if decided is None:
        with pytest.raises(RequestError) as refused:
            clock.decided_at(AT + off)
        assert refused.value.field == "at"
    else:
        assert clock.decided_at(AT + off) == AT
    assert RequestTime(AT, trusted=True).decided_at(AT + off) == AT + off
    assert clock.decided_at(None) == AT
