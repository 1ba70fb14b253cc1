"""Database engine and schema migration (SQLite by default, PostgreSQL in production).

Every wait on the database is bounded (`DbTimeouts`): PostgreSQL gets `connect_timeout`,
`statement_timeout` and `lock_timeout`, SQLite a busy timeout, the pool a checkout timeout. A
connection checked out while a deadline is set (`api.deadline`) is armed with it, then pinged
(a connection the database dropped, e.g. after a restart, is replaced: the service recovers by
itself); a new connection never waits past the deadline for its connect. `read_transaction` is
the one consistent read a decision makes. SQLite runs in WAL mode, so that readers never wait
for the log's writers nor they for readers; `one_writer` lets a process's appends take turns.
"""

from __future__ import annotations

import math
import os
import socket
import sqlite3
import threading
import uuid
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, make_url
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool
from sqlmodel import create_engine

import api.access_log.models  # noqa: F401
from api import (
    deadline,
    migrations,
    models,  # noqa: F401  (registers the tables)
)
from api.config import DbTimeouts
from api.deadline import WATCHDOG
from api.errors import DatabaseUnavailable

_NO_LIMIT = 86_400.0  # SQLite's busy timeout for `lock = 0` (no limit): a day
_TICKET = "pjd_watchdog_ticket"
# seconds a new PostgreSQL connection needs left of the deadline: psycopg waits at least 2 s for
# a connect (the watchdog is armed only once it is made), so one started with `left` seconds may
# end 2 − left after the deadline; with 1 s, at most 1 s after it, well inside every bound
CONNECT_MARGIN = 1.0
_WRITERS: weakref.WeakKeyDictionary[Engine, tuple[threading.Lock, float]] = (
    weakref.WeakKeyDictionary()
)
_KEEPERS: weakref.WeakKeyDictionary[Engine, sqlite3.Connection] = weakref.WeakKeyDictionary()


def make_engine(url: str, timeouts: DbTimeouts | None = None) -> Engine:
    """Create the SQLAlchemy engine for `url`, bounded by `timeouts`; SQLite files get their
    folder created."""
    limits = timeouts or DbTimeouts()
    if _in_memory(url):
        return _memory_engine(limits)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        busy = {"check_same_thread": False, "timeout": limits.lock or _NO_LIMIT}
        engine = create_engine(url, connect_args=busy, pool_timeout=limits.pool)
        _WRITERS[engine] = (threading.Lock(), limits.lock or _NO_LIMIT)
    else:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        engine = create_engine(
            url,
            connect_args=_postgres_arguments(url, limits),
            **_pool(limits),
        )
    _watch(engine, limits)
    return engine


def _in_memory(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def _memory_engine(limits: DbTimeouts) -> Engine:
    """An in-memory SQLite database, shared by the pool's connections (SQLite's shared cache;
    a plain `:memory:` connection would be a database of its own) and kept while the engine
    lives. Its locks do not wait: a conflicting access fails at once (a 503, or the deny
    `logg_ikke_skrevet`), as fits a database for trying the service out."""
    name = f"file:pjd-{uuid.uuid4().hex}?mode=memory&cache=shared"
    timeout = limits.lock or _NO_LIMIT

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(name, uri=True, check_same_thread=False, timeout=timeout)

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool, **_pool(limits))
    _KEEPERS[engine] = connect()
    _WRITERS[engine] = (threading.Lock(), timeout)
    _watch(engine, limits)
    return engine


def _pool(limits: DbTimeouts) -> dict[str, Any]:
    return {"pool_size": 10, "max_overflow": 20, "pool_timeout": limits.pool}


def _postgres_arguments(url: str, limits: DbTimeouts) -> dict[str, Any]:
    """psycopg's connect_timeout and the server-side timeouts (milliseconds; 0 = none)."""
    ours = f"-c statement_timeout={round(limits.statement * 1000)}"
    ours += f" -c lock_timeout={round(limits.lock * 1000)}"
    given = make_url(url).query.get("options")
    options = " ".join([*([given] if isinstance(given, str) else given or ()), ours])
    return {"connect_timeout": limits.connect, "options": options}


def _watch(engine: Engine, limits: DbTimeouts) -> None:
    """Arm each checkout with the deadline in force and ping it; bound each connect by it."""
    postgres = engine.dialect.name == "postgresql"

    @event.listens_for(engine, "do_connect")
    def _connect(_: Any, __: Any, ___: Any, params: dict[str, Any]) -> None:
        left = deadline.remaining()
        if left is None or not postgres:
            return
        # psycopg waits at least 2 s for a connect: so little time left is not worth starting it
        deadline.check("connecting to the database", margin=CONNECT_MARGIN)
        params["connect_timeout"] = max(2, min(limits.connect, math.ceil(left)))

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: ConnectionPoolEntry, _: Any) -> None:
        due = deadline.current()
        if due is not None:
            record.info[_TICKET] = WATCHDOG.arm(due, _abort(dbapi_connection))
        if postgres:
            _ping(engine, dbapi_connection)

    @event.listens_for(engine, "checkin")
    def _checkin(_: Any, record: ConnectionPoolEntry) -> None:
        ticket = record.info.pop(_TICKET, None)
        if ticket is not None:
            WATCHDOG.disarm(ticket)


def _ping(engine: Engine, dbapi_connection: Any) -> None:
    """A connection the server dropped is replaced (the pool invalidated) while time is left."""
    try:
        engine.dialect.do_ping(dbapi_connection)
    except engine.dialect.loaded_dbapi.Error as exc:
        left = deadline.remaining()
        if engine.dialect.is_disconnect(exc, dbapi_connection, None) and (left is None or left > 0):
            raise InvalidatePoolError() from exc
        raise


def _abort(dbapi_connection: Any) -> Callable[[], None]:
    """The watchdog's action on this connection, made at checkout (while this thread owns it):
    make the call waiting on it fail now. SQLite: interrupt the statement. PostgreSQL: shut its
    socket down, so that the driver sees the connection closed — that socket and no other. The
    watchdog reads libpq's descriptor number while the request thread may be closing it (libpq
    is not thread-safe), and a number just closed is soon another socket's, e.g. an accepted
    HTTP connection's: the socket is known by its inode, taken now and compared on the dup."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        return dbapi_connection.interrupt
    if dbapi_connection.closed:  # lost already: the ping replaces it, and arms the new one
        return lambda: None
    taken = _identity(dbapi_connection.pgconn.socket)

    def shut_down() -> None:
        with socket.socket(fileno=os.dup(dbapi_connection.pgconn.socket)) as sock:
            if _identity(sock.fileno()) == taken:  # the dup holds it: it cannot change now
                sock.shutdown(socket.SHUT_RDWR)

    return shut_down


def _identity(fd: int) -> tuple[int, int]:
    """Which socket (file) a descriptor names: unique while it is open, unlike the number."""
    found = os.fstat(fd)
    return found.st_dev, found.st_ino


@contextmanager
def one_writer(engine: Engine) -> Iterator[None]:
    """SQLite: one writer of this process at a time, queued here rather than in SQLite's busy
    handler (which lets a writer starve); for at most the busy timeout or the deadline."""
    writer = _WRITERS.get(engine)
    if writer is None:  # PostgreSQL: its locks queue the writers fairly
        yield
        return
    lock, limit = writer
    left = deadline.remaining()
    if not lock.acquire(timeout=max(0.0, min(limit, left if left is not None else limit))):
        raise DatabaseUnavailable("the database is unavailable: its write lock is taken")
    try:
        yield
    finally:
        lock.release()


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """One consistent read: REPEATABLE READ on PostgreSQL, one explicit transaction on SQLite
    (pysqlite would run each SELECT on its own)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN")
            yield conn


def init_db(engine: Engine) -> None:
    """Migrate the schema to this version's head (`api.migrations`: Alembic; a database made
    before migrations is adopted, one at an unknown newer revision refused with `SchemaError`);
    switch SQLite to WAL (it stays so)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    with one_writer(engine):
        migrations.upgrade(engine)
