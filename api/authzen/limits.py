"""What the AuthZEN endpoints refuse to take on: too many evaluations (`engine.TooLarge`, a 413
in `api.errors`), a search the pack cannot answer (501). Each is refused before anything is
evaluated."""

from __future__ import annotations

from typing import Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel

MAX_EVALUATIONS = 1000  # items in one batch
MAX_PAGE = 1000  # results in one search page, whatever `page.limit` asks


class SearchUnsupported(Exception):
    """Search asked of a pack that has no store of entities to search (the PJD pack)."""


class UnsupportedError(BaseModel):
    """501: the loaded policy pack offers no search."""

    error: Literal["not_implemented"]
    message: str


def not_implemented() -> JSONResponse:
    """The 501 answer to a search of the PJD pack."""
    message = (
        "search is offered for generic Cedar packs only: the PJD pack decides each document "
        "from the facts the request brings and holds no store of subjects or documents to search"
    )
    return JSONResponse(status_code=501, content={"error": "not_implemented", "message": message})
