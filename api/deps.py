"""Request-scoped dependencies: the runtime, a database session, the checked `patient`, the
authenticated caller; and every dependency alias the routes use, declared once here."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPBearer, SecurityScopes
from sqlmodel import Session

from api import deadline
from api.runtime import Runtime
from api.trust.callers import CITIZEN, Authenticator, Caller, authorize
from api.types import check_person_id


def get_runtime(request: Request) -> Runtime:
    """The runtime the app was started with."""
    runtime: Runtime = request.app.state.runtime
    return runtime


async def _runtime(request: Request) -> Runtime:
    """`get_runtime` as a dependency, on the event loop (a `def` one costs a thread hop)."""
    return get_runtime(request)


def get_session(request: Request) -> Iterator[Session]:
    """A database session for one request (none once the request's deadline has passed)."""
    deadline.check("opening a database session")
    with Session(get_runtime(request).db) as session:
        yield session


def _patient(patient: str) -> str:
    """The `patient` path parameter, checked before the body (a 400 naming `patient`)."""
    return check_person_id(patient)


async def _authenticated(request: Request) -> Caller:
    """The token's caller: on the event loop if verified lately, else verified in a thread (the
    keys may have to be fetched)."""
    patient = request.path_params.get("patient")
    if patient is not None:
        check_person_id(patient)  # a malformed patient is a 400, whoever asks
    authenticator: Authenticator = request.app.state.authenticator
    header, now = request.headers.get("authorization"), datetime.now(UTC)
    caller = authenticator.cached(header, now)
    if caller is None:
        caller = await run_in_threadpool(authenticator.caller, header, now)
    request.state.caller = caller
    return caller


class Bearer(HTTPBearer):
    """The caller a route's bearer token proves, holding one of the route's scopes (401 / 403):
    the security scheme the OpenAPI documents (`bearer`, with the route's scopes) and the
    dependency that authenticates, in one, so that a request has one dependency fewer to
    solve. `citizen`: a citizen's token (`pjd:citizen`) whichever patient the path names;
    the route binds the citizen's claims to the token's person, the policy decides on the
    patient."""

    def __init__(self, *, citizen: bool = False) -> None:
        super().__init__(
            scheme_name="bearer",
            bearerFormat="JWT",
            description="An OAuth 2.0 access token (JWT, RFC 9068) from the trusted issuer; "
            "the operation's scopes: any one of them suffices (`pjd:citizen` for the token's "
            "own person or one it represents).",
            auto_error=False,
        )
        self.citizen = citizen

    async def __call__(  # type: ignore[override]
        self, request: Request, security: SecurityScopes
    ) -> Caller:
        caller = await _authenticated(request)
        if self.citizen:
            authorize(caller, (CITIZEN,), caller.pid)
        else:
            authorize(caller, security.scopes, request.path_params.get("patient"))
        return caller


BEARER, CITIZEN_BEARER = Bearer(), Bearer(citizen=True)


def scoped(*scopes: str) -> Any:
    """A route dependency: the caller must hold one of `scopes`."""
    return Security(BEARER, scopes=list(scopes))


# The dependency aliases of the routes, declared once.
RuntimeDep = Annotated[Runtime, Depends(_runtime)]
DbSession = Annotated[Session, Depends(get_session)]
PatientParam = Annotated[str, Depends(_patient)]
RestrictionsCaller = Annotated[Caller, scoped("pjd:restrictions", "pjd:citizen")]
RegistryCaller = Annotated[Caller, scoped("pjd:registry")]
LogCaller = Annotated[Caller, scoped("pjd:log")]
CitizenCaller = Annotated[Caller, Security(CITIZEN_BEARER, scopes=[CITIZEN])]
