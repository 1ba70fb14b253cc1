"""Alembic's environment for the service's schema (run by `api.migrations`, never by a URL of its
own): it migrates the connection it is given. Autogenerate compares the database with the
SQLModel metadata and writes plain SQLAlchemy types, so that a revision does not depend on the
models it was made from (a released revision must run the same for good)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import api.access_log.models  # noqa: F401  (registers the tables)
from api.models import UtcDateTime


def render_item(kind: str, obj: Any, autogen: AutogenContext) -> str | Literal[False]:
    """The models' own column types as the plain types they store."""
    if kind == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    if kind == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=SQLModel.metadata,
    render_item=render_item,
    render_as_batch=True,  # SQLite alters a table by copying it
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
