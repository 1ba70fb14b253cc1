"""Request-scoped dependencies: the runtime, a database session, the checked `patient`; and
every dependency alias the routes use, declared once here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from api import deadline
from api.runtime import Runtime
from api.types import check_person_id


def get_runtime(request: Request) -> Runtime:
    """The runtime the app was started with."""
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_session(request: Request) -> Iterator[Session]:
    """A database session for one request (none once the request's deadline has passed)."""
    deadline.check("opening a database session")
    with Session(get_runtime(request).db) as session:
        yield session


def _patient(patient: str) -> str:
    """The `patient` path parameter, checked before the body (a 400 naming `patient`)."""
    return check_person_id(patient)


# The dependency aliases of the routes, declared once.
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
DbSession = Annotated[Session, Depends(get_session)]
PatientParam = Annotated[str, Depends(_patient)]
