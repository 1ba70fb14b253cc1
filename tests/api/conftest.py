"""Database fixtures for the API tests: every store test runs on SQLite and on PostgreSQL.

PostgreSQL comes from `PJD_TEST_POSTGRES_URL` (default: the CI machine's local server). The
session gets a fresh database `pjd_test_<hex>`, dropped at the end. An unreachable server fails
the PostgreSQL tests with a clear message; they are never skipped.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from api.config import DbTimeouts
from api.db import init_db, make_engine
from tests.api.schema_reset import drop_schema

PACK = Path(__file__).resolve().parents[2] / "policies" / "pjd"
POSTGRES_URL_ENV = "PJD_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


TRUST_REQUEST_TIME_ENV = "PJD_TRUST_REQUEST_TIME"


@pytest.fixture(scope="session", autouse=True)
def trusted_request_times() -> Iterator[None]:
    """The API tests decide at the fixed moments they send (`at`), as a deployment that trusts
    request times does (R26: tests, replay); the services they start inherit it. A test of the
    service's own clock builds its settings with `trust_request_time=False`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TRUST_REQUEST_TIME_ENV, "true")
        yield


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database for this test session (dropped at teardown)."""
    base = os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)
    name = f"pjd_test_{secrets.token_hex(6)}"
    server = make_engine(
        base, DbTimeouts(statement=0, lock=0)
    )  # CREATE/DROP DATABASE may take long
    admin = server.execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        server.dispose()
        shown = make_url(base).render_as_string(hide_password=True)
        pytest.fail(
            f"PostgreSQL is unreachable at {shown} ({exc.orig}). Start it (.ci/run does) or set "
            f"{POSTGRES_URL_ENV}; the PostgreSQL tests are required, not optional.",
            pytrace=False,
        )
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine with the schema created: a tmp_path SQLite file, or the session's PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'pjd.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    drop_schema(engine)  # PostgreSQL's database is shared by the session's tests
    init_db(engine)
    try:
        yield engine
    finally:
        drop_schema(engine)
        engine.dispose()


@pytest.fixture
def session(db_engine: Engine) -> Iterator[Session]:
    """A session on `db_engine`, closed after the test."""
    with Session(db_engine) as db_session:
        yield db_session


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """For the `pjd` command: a fresh SQLite database and the real pack, through the environment."""
    monkeypatch.setenv("PJD_DATABASE_URL", f"sqlite:///{tmp_path / 'pjd.db'}")
    monkeypatch.setenv("PJD_POLICY_DIR", str(PACK))
    return tmp_path
