"""The HTTP floor: a bare FastAPI app whose one `async def` POST endpoint parses the JSON body
and answers a small JSON object, on the paths the bench loads; served by the same uvicorn, with
the same options, as `pjd serve`. Whatever the service costs above it is the service's own."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request

PATHS = ("/v1/pjd/decisions", "/access/v1/evaluation", "/access/v1/evaluations")


async def decide(request: Request) -> dict[str, Any]:
    """Parse the body as the service would, decide nothing."""
    body = await request.json()
    return {"decision": True, "keys": len(body)}


def create_app() -> FastAPI:
    """The floor app (uvicorn `--factory`): the endpoint on every path, and a health check."""
    app = FastAPI()
    for path in PATHS:
        app.add_api_route(path, decide, methods=["POST"])
    app.add_api_route("/health", health, methods=["GET"])
    return app


async def health() -> dict[str, str]:
    """Up."""
    return {"status": "ok"}
