"""Request-scoped dependencies: the runtime and a database session."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlmodel import Session

from api import deadline
from api.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    """The runtime the app was started with."""
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_session(request: Request) -> Iterator[Session]:
    """A database session for one request (none once the request's deadline has passed)."""
    deadline.check("opening a database session")
    with Session(get_runtime(request).db) as session:
        yield session
