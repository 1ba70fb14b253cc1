"""GET and PUT /v1/registry — organisations, source grants and the GP list."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import Session

from api.bounded_input import CheckedRoute
from api.db import read_transaction
from api.deps import DbSession, RegistryCaller, RuntimeDep
from api.error_docs import error_responses
from api.registry.store import RegistryBody, RegistryPut, export_registry, replace_registry
from api.runtime import Runtime

router = APIRouter(tags=["registry"], route_class=CheckedRoute)


def _export(runtime: Runtime) -> RegistryBody:
    """The registry as one consistent read (never half of a concurrent replace)."""
    with read_transaction(runtime.db) as conn, Session(bind=conn) as session:
        return export_registry(session)


@router.get(
    "/v1/registry",
    response_model=RegistryBody,
    response_model_by_alias=True,
    responses=error_responses(503),
)
def read_registry(runtime: RuntimeDep, _: RegistryCaller) -> RegistryBody:
    """The whole registry, in the same shape PUT takes."""
    return _export(runtime)


@router.put(
    "/v1/registry",
    response_model=RegistryBody,
    response_model_by_alias=True,
    responses=error_responses(503),
)
def put_registry(
    body: RegistryPut, runtime: RuntimeDep, session: DbSession, caller: RegistryCaller
) -> RegistryBody:
    """Replace the whole registry atomically and return it."""
    replace_registry(session, body, caller.client_id)
    runtime.registry.poke()  # load the new version off the request path
    return _export(runtime)
