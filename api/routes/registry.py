"""GET and PUT /v1/registry — organisations, source grants and the GP list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlmodel import Session

from api.deps import get_session
from api.registry import RegistryBody, export_registry, replace_registry

router = APIRouter(tags=["registry"])


@router.get("/v1/registry", response_model=RegistryBody, response_model_by_alias=True)
def read_registry(session: Annotated[Session, Depends(get_session)]) -> RegistryBody:
    """The whole registry, in the same shape PUT takes."""
    return export_registry(session)


@router.put("/v1/registry", response_model=RegistryBody, response_model_by_alias=True)
def put_registry(
    body: RegistryBody, session: Annotated[Session, Depends(get_session)]
) -> RegistryBody:
    """Replace the whole registry atomically and return it."""
    replace_registry(session, body)
    return export_registry(session)
