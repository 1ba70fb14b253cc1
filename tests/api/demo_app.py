"""The app in the process over a fresh database holding the demo registry, for the tests that
run on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from api.config import get_settings
from api.db import make_engine
from api.main import create_app
from api.registry.store import load_registry_file, replace_registry
from tests.api.schema_reset import drop_schema

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
BOTH_DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh SQLite file (`request.param` "sqlite") or the session's PostgreSQL, emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pjd.db'}"
    url: str = request.getfixturevalue("postgres_url")
    fresh = make_engine(url)
    drop_schema(fresh)  # the database is shared by the session's tests
    fresh.dispose()
    return url


@contextmanager
def demo_app(url: str, **settings: object) -> Iterator[FastAPI]:
    """The app over `url` (and other `settings`) with the demo registry imported; its tables
    dropped afterwards."""
    app = create_app(get_settings(database_url=url, **settings))
    db = app.state.runtime.db
    with Session(db) as session:
        replace_registry(session, load_registry_file(DEMO))
    try:
        yield app
    finally:
        drop_schema(db)
        db.dispose()
