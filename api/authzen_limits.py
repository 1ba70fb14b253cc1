"""What the AuthZEN endpoints refuse to take on: too many evaluations (`engine.TooLarge`, a 413
in `api.errors`), a search the pack does not offer (404, like a path that is not there). Each
is refused before anything is evaluated."""

from __future__ import annotations

from fastapi.responses import JSONResponse

MAX_EVALUATIONS = 1000  # items in one batch
MAX_PAGE = 1000  # results in one search page, whatever `page.limit` asks


class SearchUnsupported(Exception):
    """Search asked of a pack that has no store of entities to search (the PJD pack)."""


def not_offered() -> JSONResponse:
    """The 404 answer to a search of the PJD pack: a server error it is not, nor a bad request."""
    message = (
        "search is offered for generic Cedar packs only: the PJD pack decides each document "
        "from the facts the request brings and holds no store of subjects or documents to search"
    )
    return JSONResponse(status_code=404, content={"error": "not_found", "message": message})
