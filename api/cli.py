"""The `pjd` command: serve, decide, check policies, import the registry, verify the access log,
write the catalogue."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from api.access_log import verify
from api.config import get_settings
from api.db import make_engine
from api.errors import field_path
from api.registry import load_registry_file, replace_registry
from api.runtime import start_runtime
from engine import CedarEngine, EngineError, PolicyError, count_rules, load_pack

app = typer.Typer(help="PJD tilgangstjeneste", no_args_is_help=True, add_completion=False)
policies_app = typer.Typer(help="The policy pack", no_args_is_help=True)
registry_app = typer.Typer(help="The registry of organisations and GP lists", no_args_is_help=True)
app.add_typer(policies_app, name="policies")
log_app = typer.Typer(help="The access log", no_args_is_help=True)
app.add_typer(registry_app, name="registry")
app.add_typer(log_app, name="log")


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code=1)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve the decision API."""
    import uvicorn

    from api.main import create_app

    uvicorn.run(create_app(get_settings()), host=host, port=port, log_level="info")


@app.command()
def decide(file: Path) -> None:
    """Decide a PJD request body read from FILE and print the answer as JSON."""
    from api import service
    from api.schemas import PjdDecisionIn

    try:
        text = file.read_bytes()
    except OSError as exc:
        _fail(f"{file}: cannot read the file: {exc.strerror}")
    runtime = start_runtime(get_settings())
    if runtime.engine is None:
        _fail(f"no policy pack loaded: {runtime.load_error}")
    try:
        answer = service.decide(runtime, PjdDecisionIn.model_validate_json(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        _fail(f"{field_path(tuple(first['loc']))}: {first['msg']}")
    except EngineError as exc:
        _fail(str(exc))
    typer.echo(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))


@policies_app.command("check")
def check_policies() -> None:
    """Parse the pack, validate it against its schema and check every rule's annotations."""
    directory = get_settings().policy_dir
    try:
        engine = CedarEngine(load_pack(directory))
    except PolicyError as exc:
        _fail(f"{directory}/{exc.file}:{exc.line}: {exc.message}")
    count = count_rules(engine.catalogue)
    shown = f"{count.pack} rules valid (and {count.system} system rules)"
    typer.echo(f"{directory}: {shown}, revision {engine.revision}")


@registry_app.command("import")
def import_registry(file: Path) -> None:
    """Replace the registry with the JSON in FILE (same body as PUT /v1/registry)."""
    try:
        body = load_registry_file(file)
    except ValidationError as exc:
        first = exc.errors()[0]
        _fail(f"{file}: {field_path(tuple(first['loc']))}: {first['msg']}")
    runtime = start_runtime(get_settings())
    with Session(runtime.db) as session:
        replace_registry(session, body)
    count = f"{len(body.organisations)} organisations, {len(body.gp_list)} GP list entries"
    typer.echo(f"registry replaced: {count}")


@log_app.command("verify")
def verify_log() -> None:
    """Walk the access log's hash chain (PJD_DATABASE_URL); exit 1 at the first broken link."""
    db = make_engine(get_settings().database_url)
    try:
        result = verify(db)
    except SQLAlchemyError as exc:  # no tables, no server: say so without the SQL text
        _fail(f"cannot read the access log: {getattr(exc, 'orig', None) or type(exc).__name__}")
    finally:
        db.dispose()
    if not result.ok:
        _fail(f"broken at seq {result.first_broken}: {result.reason}")
    typer.echo(f"ok: {result.records} records")


@app.command()
def catalogue(output: Path = Path("docs/regler.md")) -> None:
    """Write the rule catalogue (rules, legal basis, the scenarios that prove them)."""
    from api.catalogue_doc import write_catalogue

    settings = get_settings()
    write_catalogue(settings.policy_dir, Path("scenarios"), output)
    typer.echo(f"wrote {output}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
