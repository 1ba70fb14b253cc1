"""The /health probe answers `ok` for a database that answers, also when it must open a new
connection: on PostgreSQL a connect needs more of its deadline than the probe's timeout leaves
(api.db's connect margin), and a probe that never opened one reported a healthy database as
unavailable whenever no pooled connection was idle (a busy worker, a fresh process)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event

from api.db import make_engine
from api.health.readiness import DatabaseProbe

TIMEOUT = 1.0  # PJD_HEALTH_TIMEOUT's default


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_pool(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[Engine]:
    """An engine whose pool holds no connection yet."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/probe.db"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def test_the_probe_opens_a_new_connection_within_its_timeout(empty_pool: Engine) -> None:
    connects: list[object] = []
    event.listen(empty_pool, "connect", lambda *args: connects.append(args))
    status = asyncio.run(DatabaseProbe(empty_pool, TIMEOUT).status())
    assert status == {"status": "ok"}
    assert len(connects) == 1  # it did open one: the pool had none


def test_the_probe_opens_a_new_connection_while_every_pooled_one_is_busy(
    empty_pool: Engine,
) -> None:
    with empty_pool.connect(), empty_pool.connect():
        status = asyncio.run(DatabaseProbe(empty_pool, TIMEOUT).status())
    assert status == {"status": "ok"}
