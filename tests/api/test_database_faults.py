"""Bounded time under database faults (DESIGN principle 11), against a PostgreSQL the test owns.

Each test starts a private cluster (`pg_cluster`), the service over it — as a real `pjd serve`
process and in the process (TestClient) — and then stops the database (`pg_ctl stop -m
immediate`), freezes it (SIGSTOP of the postmaster and every backend: nothing answers, not even
the statement timeout) or locks the access log (ACCESS EXCLUSIVE, held by another connection).
Every request must answer within the deadline plus 2 s: 503 `{error: "unavailable"}` with
`Retry-After` where the service cannot read what it needs, the deny `logg_ikke_skrevet` where
only the log cannot be written (R21); never a 500, never a hang. `/health` answers while every
request thread waits, names the database, and the service recovers by itself afterwards.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import httpx2
import psycopg
import pytest
from sqlmodel import Session

from api import deadline
from api.config import get_settings
from api.db import init_db, make_engine
from api.health.readiness import CACHE_SECONDS
from api.main import create_app
from api.registry.store import load_registry_file, replace_registry
from tests.api.live_service import DEMO, serving, show_logs
from tests.api.pg_cluster import Cluster, private_cluster
from tests.builders import AT, PERMIT, authzen_evaluation, outcome, pjd_body
from tests.clients import api_client, service_headers
from tests.people import PATIENT, SRC_A
from tests.tokens import citizen_headers

pytestmark = pytest.mark.postgres

DEADLINE = 2.0
SETTINGS = {  # PJD_* for the service under test: small, so that the test is quick
    "PJD_REQUEST_DEADLINE": str(DEADLINE),
    "PJD_DB_CONNECT_TIMEOUT": "2",
    "PJD_DB_STATEMENT_TIMEOUT": "1.5",
    "PJD_DB_LOCK_TIMEOUT": "1",
    "PJD_DB_POOL_TIMEOUT": "1",
    "PJD_HEALTH_TIMEOUT": "0.5",
    "PJD_REGISTRY_POLL": "0.5",
}
BOUND = DEADLINE + 2.0  # every answer within the deadline + 2 s
HEALTH_BOUND = 0.5 + 1.5  # /health within its probe's timeout + 1.5 s
RECOVERY_SECONDS = 30.0
CITIZEN = citizen_headers({"pid": PATIENT, "security_level": "4", "age": 60})
LATER = {"kind": "kj_reservasjon", "registered_by": "helsenorge", "valid_from": "2100-01-01"}
LOG_FAILED = "logg_ikke_skrevet"
THREADS = 48  # more requests at once than uvicorn's thread pool has threads (40)


class Client(Protocol):
    """What the tests need of TestClient and of httpx2.Client alike."""

    def request(self, method: str, url: str, **kwargs: Any) -> Any: ...


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A private PostgreSQL cluster holding the demo registry; always stopped afterwards."""
    with private_cluster() as running:
        engine = make_engine(running.url)
        try:
            init_db(engine)
            with Session(engine) as session:
                replace_registry(session, load_registry_file(DEMO))
        finally:
            engine.dispose()
        yield running


@pytest.fixture(params=["live", "in-process"])
def client(
    request: pytest.FixtureRequest, cluster: Cluster, tmp_path: Path
) -> Iterator[Callable[[], Client]]:
    """A factory of clients of the service over the cluster (one per thread for `live`)."""
    if request.param == "live":
        opened: list[httpx2.Client] = []

        def new_client() -> Client:
            opened.append(
                httpx2.Client(base_url=server.url, headers=service_headers(), timeout=30.0)
            )
            return opened[-1]

        with serving(("faults",), cluster.url, tmp_path, settings=SETTINGS) as [server]:
            try:
                yield new_client
            finally:
                for http in opened:
                    http.close()
                show_logs([server])  # on stderr, which pytest shows when the test failed
        return
    options = {name.removeprefix("PJD_").lower(): value for name, value in SETTINGS.items()}
    app = create_app(get_settings(database_url=cluster.url, **options))
    with api_client(app) as test_client:
        yield lambda: test_client


# --- the requests and what they must answer ---------------------------------------------------


def _timed(client: Client, method: str, url: str, **kwargs: Any) -> tuple[Any, float]:
    started = time.monotonic()
    response = client.request(method, url, **kwargs)
    return response, time.monotonic() - started


def _calls(restriction: str) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Every kind of request that needs the database, by name."""
    url = f"/v1/patients/{PATIENT}/restrictions"
    registry = load_registry_file(DEMO).model_dump(mode="json", by_alias=True)
    return {
        "decision": ("POST", "/v1/pjd/decisions", {"json": pjd_body(AT)}),
        "authzen": ("POST", "/access/v1/evaluation", {"json": authzen_evaluation(AT)}),
        "registration": ("POST", url, {"json": LATER}),
        "restrictions": ("GET", url, {}),
        "withdrawal": ("DELETE", f"{url}/{restriction}", {}),
        "registry": ("PUT", "/v1/registry", {"json": registry}),
        "registry export": ("GET", "/v1/registry", {}),
        "patient log": ("GET", f"/v1/patients/{PATIENT}/access-log", {"headers": CITIZEN}),
        "controller log": ("GET", "/v1/access-log", {"params": {"source": SRC_A}}),
    }


def _warm_up(client: Client) -> str:
    """The service works: a permit, health ok; returns a restriction id to withdraw later."""
    response = client.request("POST", "/v1/pjd/decisions", json=pjd_body(AT))
    assert response.status_code == 200, response.text
    assert outcome(response.json()) == PERMIT
    health = client.request("GET", "/health")
    assert health.status_code == 200, health.text
    assert health.json()["database"] == {"status": "ok"}
    registered = client.request("POST", f"/v1/patients/{PATIENT}/restrictions", json=LATER)
    assert registered.status_code == 201, registered.text
    restriction: str = registered.json()["id"]
    return restriction


def _assert_unavailable(response: Any, elapsed: float, what: str) -> None:
    assert response.status_code == 503, f"{what}: {response.status_code} {response.text}"
    assert response.headers["Retry-After"].isdigit(), what
    body = response.json()
    assert body["error"] == "unavailable" and "database" in body["message"], (what, body)
    assert elapsed < BOUND, f"{what} took {elapsed:.1f} s"


def _assert_health_unavailable(client: Client) -> None:
    """Each /health answers in time; one from before the fault may be reused for a second."""
    until = time.monotonic() + CACHE_SECONDS + HEALTH_BOUND
    while True:
        response, elapsed = _timed(client, "GET", "/health")
        assert elapsed < HEALTH_BOUND, f"/health took {elapsed:.1f} s"
        if response.status_code != 200 or time.monotonic() > until:
            break
        time.sleep(0.1)
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"].isdigit()
    health = response.json()
    assert health["status"] == "unavailable"
    assert health["database"]["status"] == "unavailable" and health["database"]["error"]
    assert health["policy_revision"] and health["engine"] == "cedar"  # the rest stays


def _assert_everything_unavailable(client: Client, restriction: str) -> None:
    for what, (method, url, kwargs) in _calls(restriction).items():
        response, elapsed = _timed(client, method, url, **kwargs)
        _assert_unavailable(response, elapsed, what)
    _assert_health_unavailable(client)


def _assert_recovers(client: Client) -> None:
    """Without a restart of the service: health ok again, then a permit. On a fresh client's
    connection: one left idle, the server's keep-alive (5 s) may close as a request is sent."""
    until = time.monotonic() + RECOVERY_SECONDS
    while client.request("GET", "/health").status_code != 200:
        assert time.monotonic() < until, "the service did not recover"
        time.sleep(0.2)
    response = client.request("POST", "/v1/pjd/decisions", json=pjd_body(AT))
    assert response.status_code == 200, response.text
    assert outcome(response.json()) == PERMIT


# --- stopped ----------------------------------------------------------------------------------


def test_a_stopped_database_is_503_everywhere_and_the_service_recovers(
    client: Callable[[], Client], cluster: Cluster
) -> None:
    one = client()
    restriction = _warm_up(one)
    with cluster.stopped():
        _assert_everything_unavailable(one, restriction)
    _assert_recovers(client())


# --- frozen -----------------------------------------------------------------------------------


def _decide_timed(client: Client) -> tuple[int, float]:
    response, elapsed = _timed(client, "POST", "/v1/pjd/decisions", json=pjd_body(AT))
    return response.status_code, elapsed


def test_a_frozen_database_is_503_within_the_deadline_and_health_still_answers(
    client: Callable[[], Client], cluster: Cluster
) -> None:
    one = client()
    restriction = _warm_up(one)
    with cluster.frozen():
        _assert_everything_unavailable(one, restriction)
        with ThreadPoolExecutor(THREADS) as pool:  # every request thread waits on the database
            waiting = [pool.submit(_decide_timed, client()) for _ in range(THREADS)]
            time.sleep(0.5)
            assert sum(not future.done() for future in waiting) > 0
            _assert_health_unavailable(one)  # the event loop answers meanwhile
            answers = [future.result() for future in waiting]
        assert {status for status, _ in answers} == {503}, answers
        assert max(elapsed for _, elapsed in answers) < BOUND, answers
    _assert_recovers(client())


def test_the_watchdog_shuts_down_the_connections_socket_and_no_other(postgres_url: str) -> None:
    """The number libpq closed may be an HTTP connection's when the watchdog acts: left alone."""
    engine = make_engine(postgres_url)
    mine, peer = socket.socketpair()
    with mine, peer:
        engine.connect().close()  # pooled: the checkout below does not connect
        with deadline.within(1.0) as due, engine.connect() as conn:
            pgconn = conn.connection.dbapi_connection.pgconn  # type: ignore[union-attr]
            os.dup2(mine.fileno(), pgconn.socket)  # closed and taken by another socket at once
            acted = threading.Event()
            deadline.WATCHDOG.arm(due, acted.set)  # the same deadline, later: after the abort
            assert acted.wait(30)
            mine.sendall(b"still open")
            assert peer.recv(64) == b"still open"
            conn.invalidate()  # libpq's socket is not the database's any more
    engine.dispose()


# --- the access log locked --------------------------------------------------------------------


@contextmanager
def locked_log(cluster: Cluster) -> Iterator[None]:
    """ACCESS EXCLUSIVE on access_log, held by another connection until the block ends."""
    with psycopg.connect(cluster.url.replace("+psycopg", "")) as holder:
        holder.execute("LOCK TABLE access_log IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            holder.rollback()


def test_a_locked_log_denies_within_the_lock_timeout_and_the_rest_still_works(
    client: Callable[[], Client], cluster: Cluster
) -> None:
    one = client()
    restriction = _warm_up(one)
    calls = _calls(restriction)
    with locked_log(cluster):
        for what in ("decision", "authzen", "patient log"):
            method, url, kwargs = calls[what]
            response, elapsed = _timed(one, method, url, **kwargs)
            assert elapsed < BOUND, f"{what} took {elapsed:.1f} s"
            rules = _deciding_rules(what, response)
            assert rules == [LOG_FAILED], (what, response.text)  # R21: unlogged, denied
        method, url, kwargs = calls["controller log"]
        response, elapsed = _timed(one, method, url, **kwargs)
        _assert_unavailable(response, elapsed, "controller log")  # it reads the locked table
        for what, status in (("registration", 201), ("withdrawal", 200), ("registry", 200)):
            method, url, kwargs = calls[what]
            response, elapsed = _timed(one, method, url, **kwargs)
            assert (response.status_code, elapsed < BOUND) == (status, True), (what, elapsed)
        assert one.request("GET", "/health").json()["status"] == "ok"
    _assert_recovers(client())


def _deciding_rules(what: str, response: Any) -> list[str]:
    body = response.json()
    if what == "decision":
        assert response.status_code == 200, response.text
        return [r["rule"] for r in body["results"][0]["reasons"]]
    if what == "authzen":
        assert response.status_code == 200 and body["decision"] is False, response.text
        return [r["rule"] for r in body["context"]["reasons"]]
    assert response.status_code == 403 and body["decision"] == "deny", response.text
    return [r["rule"] for r in body["reasons"]]
