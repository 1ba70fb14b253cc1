"""The API's description: `/openapi.json`, and the pages `/docs` (Swagger UI) and `/redoc`.

Open to anyone only where the deployment says so (`PJD_API_DOCS_PUBLIC=true`; `make run` does,
for the developer's browser). Otherwise the service describes itself to no anonymous caller:
`/openapi.json` answers a caller with a valid bearer token (any scope, as `/v1/rules` does), and
`/docs` and `/redoc`, pages a browser opens without a token, are not served (404).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from api.deps import scoped


def description_urls(public: bool) -> dict[str, Any]:
    """FastAPI's arguments for its own description routes: its defaults when public, none
    otherwise (`add_description` then adds the authenticated `/openapi.json`)."""
    return {} if public else {"openapi_url": None, "docs_url": None, "redoc_url": None}


def add_description(app: FastAPI) -> None:
    """`/openapi.json` for an authenticated caller (not itself in the description)."""

    @app.get("/openapi.json", include_in_schema=False, dependencies=[scoped()])
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())
