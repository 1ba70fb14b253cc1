"""Emptying a database the session's tests share: the service's tables and Alembic's record of
the revision they are at (else the next `init_db` would take the empty database as migrated)."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlmodel import SQLModel


def drop_schema(engine: Engine) -> None:
    """Drop every table of the service and `alembic_version`."""
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
