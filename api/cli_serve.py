"""`pjd serve`: the decision API on uvicorn (uvloop and httptools), one process or `--workers`
N. Registered by `api.cli`."""

from __future__ import annotations

import importlib.util
from typing import Annotated, Any

import typer

from api.cli_errors import database_errors, settings
from api.config import Settings
from api.runtime import start_runtime

Workers = Annotated[int, typer.Option(min=1, help="processes serving requests")]
# uvicorn's supervisor kills a worker that misses its ping, and a spawned worker answers only
# once it has imported `pjd` anew: seconds on a busy host, beyond uvicorn's 5 s default, so
# every worker would be killed and respawned while starting (and a SIGHUP restart given up).
WORKER_PING_SECONDS = 60


def serve(host: str = "127.0.0.1", port: int = 8080, workers: Workers = 1) -> None:
    """Serve the decision API; SIGHUP (or `pjd policies reload`) reloads the policy pack.

    With `--workers` above 1 each worker process has its own pack and database pool, and
    the supervisor replaces the workers on SIGHUP once the pack on disk loads (api.workers)."""
    import uvicorn

    from api.main import create_app
    from api.reloading import logging_to_stderr, pid_file, reloads_on_sighup, service_url
    from api.workers import run_workers

    the_settings = settings()
    if workers > 1:
        with database_errors(the_settings.database_url):  # fail here in one line, not in a worker
            start_runtime(the_settings).db.dispose()
        options = uvicorn_options(the_settings, host, port)
        run_workers(
            the_settings, workers, options | {"timeout_worker_healthcheck": WORKER_PING_SECONDS}
        )
        return
    with logging_to_stderr(), reloads_on_sighup() as reload_with:
        with database_errors(the_settings.database_url):
            the_app = create_app(the_settings)
        reload_with(the_app.state.runtime)
        with pid_file(the_settings.pid_file, service_url(host, port)):
            uvicorn.run(the_app, **uvicorn_options(the_settings, host, port))


def uvicorn_options(the_settings: Settings, host: str, port: int) -> dict[str, Any]:
    """What `serve` runs uvicorn with, one process or many."""
    loop, http = serve_stack()
    return {
        "host": host,
        "port": port,
        "loop": loop,
        "http": http,
        "log_level": "info",
        "access_log": the_settings.http_access_log,
        "timeout_keep_alive": the_settings.http_keep_alive,
    }


def serve_stack() -> tuple[str, str]:
    """uvicorn's event loop and HTTP parser for `serve`: uvloop and httptools (dependencies,
    hence installed; asyncio's own loop and h11 only where they are missing)."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return loop, http
