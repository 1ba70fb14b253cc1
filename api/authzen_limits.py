"""What the AuthZEN endpoints refuse to take on: too many evaluations, a search the pack cannot
answer. Each is its own answer (413, 501), decided before anything is evaluated."""

from __future__ import annotations

from typing import Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel

MAX_EVALUATIONS = 1000  # items in one batch
MAX_PAGE = 1000  # results in one search page, whatever `page.limit` asks


class BatchTooLarge(Exception):
    """A batch with more than MAX_EVALUATIONS items."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


class SearchUnsupported(Exception):
    """Search asked of a pack that has no store of entities to search (the PJD pack)."""


class TooLargeError(BaseModel):
    """413: the batch holds more evaluations than one request may."""

    error: Literal["too_large"]
    field: Literal["evaluations"]
    message: str


class UnsupportedError(BaseModel):
    """501: the loaded policy pack offers no search."""

    error: Literal["not_implemented"]
    message: str


def too_large(exc: BatchTooLarge) -> JSONResponse:
    """The 413 answer: nothing in the batch was decided."""
    message = (
        f"evaluations: {exc.count} evaluations; at most {MAX_EVALUATIONS} in one request "
        "(nothing was decided: split the batch)"
    )
    body = {"error": "too_large", "field": "evaluations", "message": message}
    return JSONResponse(status_code=413, content=body)


def not_implemented() -> JSONResponse:
    """The 501 answer to a search of the PJD pack."""
    message = (
        "search is offered for generic Cedar packs only: the PJD pack decides each document "
        "from the facts the request brings and holds no store of subjects or documents to search"
    )
    return JSONResponse(status_code=501, content={"error": "not_implemented", "message": message})
