"""The `pjd` command: serve, decide (a dry run), check, lock, publish or reload the policies,
import the registry or change one grant, verify the access log, write the catalogue, make a
development key and token (`api.cli_tokens`); `serve` is `api.cli_serve`. A failure is one line
on stderr, exit 1."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, ParamSpec

import typer
from pydantic import ValidationError
from sqlmodel import Session

from api import cli_serve, cli_tokens
from api.access_log.store import verify
from api.cli_errors import (
    CliError,
    database_errors,
    invalid,
    policy_failure,
    read_file,
    read_json,
    require_file,
    require_log,
    settings,
)
from api.db import make_engine
from api.errors import Conflict, NotFound
from api.policy_lock import KEY, check_engines, load_locked, lock, policy_key
from api.registry.grants import NotACategory, set_grant
from api.registry.store import GrantIn, RegistryBody, replace_registry
from api.runtime import Runtime, start_runtime
from engine import (
    ArgumentError,
    EngineError,
    PolicyError,
    TooLarge,
    count_rules,
    load_pack,
    publish_twin,
)

app = typer.Typer(help="PJD tilgangstjeneste", no_args_is_help=True, add_completion=False)
policies_app = typer.Typer(help="The policy pack", no_args_is_help=True)
registry_app = typer.Typer(help="The registry of organisations and GP lists", no_args_is_help=True)
app.add_typer(policies_app, name="policies")
log_app = typer.Typer(help="The access log", no_args_is_help=True)
app.add_typer(registry_app, name="registry")
app.add_typer(log_app, name="log")
DRY_RUN = "dry run: nothing was written to the access log"
P = ParamSpec("P")


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code=1)


def one_line_errors(command: Callable[P, None]) -> Callable[P, None]:
    """Run a command; a CliError is its one line on stderr and exit code 1, no traceback."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except CliError as exc:
            _fail(str(exc))

    return run


app.command("dev-key")(one_line_errors(cli_tokens.dev_key))
app.command("token")(one_line_errors(cli_tokens.token))
app.command("serve")(one_line_errors(cli_serve.serve))


def _runtime() -> Runtime:
    """The runtime on PJD_DATABASE_URL and PJD_POLICY_DIR; a database failure is a CliError."""
    the_settings = settings()
    with database_errors(the_settings.database_url):
        return start_runtime(the_settings)


@app.command()
@one_line_errors
def decide(file: Path) -> None:
    """Decide a PJD request body read from FILE and print the answer (a dry run: not logged)."""
    from api.pjd import service
    from api.pjd.schemas import PjdDecisionIn

    try:
        body = PjdDecisionIn.model_validate_json(read_json(file))
    except ValidationError as exc:
        raise invalid(exc, file, name_file=False) from exc
    except TooLarge as exc:
        raise CliError(str(exc)) from exc
    runtime = _runtime()
    if runtime.engine is None:
        raise CliError(f"no policy pack loaded: {runtime.load_error}")
    try:
        with database_errors(runtime.settings.database_url):
            answer = service.decide(runtime, body, log=False)
    except EngineError as exc:
        raise CliError(str(exc)) from exc
    typer.echo(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))
    typer.echo(DRY_RUN, err=True)


@policies_app.command("check")
@one_line_errors
def check_policies() -> None:
    """Check the pack against its manifest (and PJD_POLICY_KEY), its schema and its Rego twin."""
    the_settings = settings()
    directory = the_settings.policy_dir
    try:
        key = policy_key(the_settings)
        engine = check_engines(load_pack(directory, key, KEY))
    except PolicyError as exc:
        raise policy_failure(directory, exc) from exc
    count = count_rules(engine.catalogue)
    shown = f"{count.pack} rules valid (and {count.system} system rules)"
    signed = ", signature valid" if key is not None else ""
    typer.echo(f"{directory}: {shown}, revision {engine.revision}; matches manifest.json{signed}")


OpaUrl = Annotated[
    str | None, typer.Option("--opa-url", help="OPA's root url, http(s)://host[:port]")
]
SignKey = Annotated[
    Path | None, typer.Option("--sign", help="Ed25519 private key (PEM): also write manifest.sig")
]


@policies_app.command("lock")
@one_line_errors
def lock_policies(sign: SignKey = None) -> None:
    """Check the pack and write its manifest.json (with --sign KEYFILE also manifest.sig)."""
    directory = settings().policy_dir
    key = read_file(sign) if sign is not None else None
    try:
        locked = lock(directory, key)
    except PolicyError as exc:
        raise policy_failure(directory, exc) from exc
    except ValueError as exc:
        raise CliError(f"{sign}: {exc}") from exc
    except OSError as exc:
        raise CliError(f"{directory}: cannot write the manifest: {exc.strerror or exc}") from exc
    shown = f"{locked.files} files, {locked.rules} rules, revision {locked.revision}"
    signed = "; signed: manifest.sig" if locked.signed else ""
    stale = (
        "; removed the old manifest.sig (lock --sign to sign)" if locked.removed_signature else ""
    )
    typer.echo(f"{directory / 'manifest.json'}: locked {shown}{signed}{stale}")


@policies_app.command("twin")
@one_line_errors
def twin_policies() -> None:
    """Write the Rego twin's generated parts from the Cedar pack: every rule's # METADATA block
    (from its Cedar annotations) and rego/inndata.rego (from the schema)."""
    from api.rego_contract import FILE, write_contract
    from api.rego_metadata import write_metadata

    directory = settings().policy_dir
    try:
        changed = [*write_metadata(directory), *([FILE] if write_contract(directory) else [])]
    except PolicyError as exc:
        raise policy_failure(directory, exc) from exc
    except OSError as exc:
        raise CliError(f"{exc.filename or directory}: cannot write: {exc.strerror or exc}") from exc
    typer.echo(f"{directory}: wrote {', '.join(changed)}" if changed else f"{directory}: unchanged")


@policies_app.command("publish")
@one_line_errors
def publish_policies(opa_url: OpaUrl = None) -> None:
    """Publish the checked pack's Rego twin and parameters to an OPA server (--opa-url, else
    PJD_OPA_URL); the `opa` engine only verifies that the server holds them."""
    the_settings = settings()
    url = opa_url or the_settings.opa_url
    if not url:
        raise CliError("PJD_OPA_URL: give --opa-url URL or set PJD_OPA_URL")
    try:
        pushed = publish_twin(load_locked(the_settings), url, the_settings.opa_timeout)
    except ArgumentError as exc:
        raise CliError(f"--opa-url: {exc.message}") from exc
    except PolicyError as exc:
        if exc.file == url.rstrip("/"):
            raise CliError(f"{exc.file}: {exc.message}") from exc
        raise policy_failure(the_settings.policy_dir, exc) from exc
    done = "published the twin" if pushed else "already held the twin"
    typer.echo(f"{url}: {done} of {the_settings.policy_dir}")


@policies_app.command("reload")
@one_line_errors
def reload_policies(timeout: float = 60.0) -> None:
    """Make the running `pjd serve` (PJD_PID_FILE) reload its pack: SIGHUP, then /health."""
    from api.reloading import request_reload

    typer.echo(request_reload(settings().pid_file, timeout))


@registry_app.command("import")
@one_line_errors
def import_registry(file: Path) -> None:
    """Replace the registry with the JSON in FILE (same body as PUT /v1/registry)."""
    try:
        body = RegistryBody.model_validate_json(read_json(file))
    except ValidationError as exc:
        raise invalid(exc, file) from exc
    runtime = _runtime()
    with database_errors(runtime.settings.database_url), Session(runtime.db) as session:
        replace_registry(session, body)
    count = f"{len(body.organisations)} organisations, {len(body.gp_list)} GP list entries"
    typer.echo(f"registry replaced: {count}")


MayList = Annotated[bool, typer.Option("--list/--no-list", help="may CATEGORY list")]
MayRead = Annotated[bool, typer.Option("--read/--no-read", help="may CATEGORY read")]


@registry_app.command("grant")
@one_line_errors
def grant(orgnr: str, category: str, may_list: MayList = False, may_read: MayRead = False) -> None:
    """Set what source ORGNR shares with CATEGORY (e.g. innbygger): --list, --read, or neither."""
    new = GrantIn(list=may_list, read=may_read)
    runtime = _runtime()
    try:
        with database_errors(runtime.settings.database_url), Session(runtime.db) as session:
            set_grant(session, orgnr, category, new)
    except NotACategory as exc:
        raise CliError(f"{exc} (a consumer category or innbygger)") from exc
    except (NotFound, Conflict) as exc:
        raise CliError(str(exc)) from exc
    typer.echo(f"{orgnr} grants {category}: list {_yes(may_list)}, read {_yes(may_read)}")


def _yes(value: bool) -> str:
    return "yes" if value else "no"


@log_app.command("verify")
@one_line_errors
def verify_log() -> None:
    """Walk the access log's hash chain (PJD_DATABASE_URL); exit 1 at the first broken link."""
    url = settings().database_url
    require_file(url)
    with database_errors(url):
        db = make_engine(url)
        try:
            require_log(db, url)
            result = verify(db)
        finally:
            db.dispose()
    if not result.ok:
        raise CliError(f"broken at seq {result.first_broken}: {result.reason}")
    typer.echo(f"ok: {result.records} records")


Readme = Annotated[
    Path, typer.Option("--readme", help="the README whose parameter table is rewritten")
]


@app.command()
@one_line_errors
def catalogue(
    output: Path = Path("docs/regler.md"), readme: Readme = Path("policies/README.md")
) -> None:
    """Write the rule catalogue (rules, legal basis, the scenarios that prove them) and, for a
    pack whose parameters carry metadata, the parameter table of the policies' README, and
    that README's table of the rules by evidence grade."""
    from api.catalogue_doc import write_catalogue
    from api.grades_doc import write_grades
    from api.parameters_doc import write_parameters

    policy_dir = settings().policy_dir
    for path, what, write in (
        (output, "the catalogue", lambda: write_catalogue(policy_dir, Path("scenarios"), output)),
        (readme, "the parameter table", lambda: write_parameters(policy_dir, readme)),
        (readme, "the grade table", lambda: write_grades(policy_dir, readme)),
    ):
        try:
            if write() is not False:
                typer.echo(f"wrote {what}: {path}")
        except PolicyError as exc:
            raise policy_failure(policy_dir, exc) from exc
        except OSError as exc:
            raise CliError(f"{path}: cannot write {what}: {exc.strerror or exc}") from exc


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
