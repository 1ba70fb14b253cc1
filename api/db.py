"""Database engine and schema creation (SQLite by default, PostgreSQL in production)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import SQLModel, create_engine

import api.log_models  # noqa: F401
from api import models  # noqa: F401  (registers the tables)


def make_engine(url: str) -> Engine:
    """Create the SQLAlchemy engine for `url`; SQLite files get their folder created."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        return create_engine(url, connect_args={"check_same_thread": False})
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def init_db(engine: Engine) -> None:
    """Create missing tables and indexes."""
    SQLModel.metadata.create_all(engine)
