"""The databases the bench decides over: a scratch PostgreSQL database it creates and drops, a
fresh SQLite file, the demo registry in either, and the access log's record count."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, make_url, text
from sqlmodel import Session

from api.db import init_db, make_engine
from api.registry.store import load_registry_file, replace_registry

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "api" / "demo_registry.json"


class DatabaseError(RuntimeError):
    """PostgreSQL is not there, or a scratch database could not be made."""


def _admin(url: str) -> Engine:
    return make_engine(url).execution_options(isolation_level="AUTOCOMMIT")


def server_version(url: str) -> str:
    """The PostgreSQL server's version, e.g. `15.20`; a DatabaseError naming the URL if down."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SHOW server_version")).scalar_one())
    except Exception as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        raise DatabaseError(f"no PostgreSQL at {shown} (PJD_BENCH_POSTGRES_URL): {exc}") from exc
    finally:
        engine.dispose()


@contextmanager
def scratch_postgres(url: str, purpose: str) -> Iterator[str]:
    """A new, empty database `pjd_bench_<pid>_<purpose>` on `url`'s server; dropped after."""
    name = f"pjd_bench_{os.getpid()}_{purpose}"
    admin = _admin(url)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def demo_registry(url: str) -> str:
    """`url` with the service's tables and the demo registry; returns `url`."""
    engine = make_engine(url)
    try:
        init_db(engine)
        with Session(engine) as session:
            replace_registry(session, load_registry_file(DEMO))
    finally:
        engine.dispose()
    return url


def sqlite_file(folder: Path, name: str) -> str:
    """The URL of a new SQLite file in `folder`."""
    return f"sqlite:///{folder / f'{name}.db'}"


def log_records(engine: Engine) -> int:
    """How many records the access log holds (its head's `seq`)."""
    with engine.connect() as conn:
        seq = conn.execute(text("SELECT seq FROM access_log_head WHERE id = 1")).scalar()
    return int(seq or 0)
