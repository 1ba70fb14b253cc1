"""The `pjd` command's failures, each as one clear line: a file, its JSON, the settings or the
database (PJD_DATABASE_URL unparseable, an unknown driver, an unreachable server, a schema this
version does not know, no log)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine, inspect, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from api.config import Settings, get_settings
from api.errors import field_path
from api.migrations import SchemaError
from engine import PolicyError, RequestError, strict_json

EXAMPLE_URLS = "sqlite:///var/pjd.db or postgresql+psycopg://user@host/db"


class CliError(Exception):
    """A failure the command reports as one line on stderr, then exits 1."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


def settings() -> Settings:
    """The settings from the environment; a bad PJD_* value is a CliError naming it."""
    try:
        return get_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "PJD_" + str(first["loc"][0]).upper() if first["loc"] else "PJD_*"
        raise CliError(f"{name}: {first['msg']}") from exc


def policy_failure(directory: Path, exc: PolicyError) -> CliError:
    """A pack that does not load: the file (and line) or the setting, and what is wrong."""
    named = Path(exc.file).is_absolute() or exc.file.startswith("PJD_")
    place = exc.file if named else str(directory / exc.file)
    return CliError(f"{place}{f':{exc.line}' if exc.line else ''}: {exc.message}")


def read_file(path: Path) -> bytes:
    """The bytes of `path`; a missing or unreadable file is a CliError naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise CliError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise CliError(f"{path}: is a folder, not a file") from exc
    except OSError as exc:
        raise CliError(f"{path}: cannot read the file: {exc.strerror or exc}") from exc


def read_json(path: Path) -> bytes:
    """The bytes of `path`, held to the service's strict JSON (`engine.strict_json`: no duplicate
    names, bounded depth and numbers, no control characters); text that is not JSON at all is
    left to pydantic, whose message says where."""
    raw = read_file(path)
    try:
        strict_json.loads(raw, "body", "")
    except RequestError as exc:
        if exc.field == "body" and exc.message.startswith("is not valid JSON"):
            return raw
        raise CliError(f"{path}: {exc.field}: {exc.message}") from exc
    return raw


def invalid(exc: ValidationError, file: Path, name_file: bool = True) -> CliError:
    """FILE is not JSON, or does not validate: its first error, naming the field (and FILE)."""
    first = exc.errors()[0]
    if first["type"] == "json_invalid":
        return CliError(f"{file}: not valid JSON: {first['msg'].removeprefix('Invalid JSON: ')}")
    prefix = f"{file}: " if name_file else ""
    return CliError(f"{prefix}{field_path(tuple(first['loc']))}: {first['msg']}")


def shown_url(url: str) -> str:
    """The database URL as it may be shown: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a URL)"


def database_failure(url: str, exc: Exception) -> CliError:
    """What is wrong with the database at `url`, in words."""
    shown = shown_url(url)
    if isinstance(exc, NoSuchModuleError):
        driver = make_url(url).drivername
        return CliError(
            f"PJD_DATABASE_URL {shown}: unknown database driver {driver!r}; use e.g. {EXAMPLE_URLS}"
        )
    if isinstance(exc, SchemaError):
        return CliError(f"the database {shown}: {exc}")
    if isinstance(exc, ArgumentError):
        return CliError(f"PJD_DATABASE_URL is not a database URL; use e.g. {EXAMPLE_URLS}")
    if isinstance(exc, ImportError):
        return CliError(f"PJD_DATABASE_URL {shown}: the database driver is not installed ({exc})")
    if isinstance(exc, SQLAlchemyError):
        reason = getattr(exc, "orig", None) or type(exc).__name__  # never the SQL text
        problem = "cannot connect to" if isinstance(exc, OperationalError) else "error in"
        return CliError(f"{problem} the database {shown}: {reason}")
    return CliError(f"cannot open the database {shown}: {getattr(exc, 'strerror', None) or exc}")


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Turn a failure of the database at `url` (opening or using it) into a CliError."""
    try:
        yield
    except (SQLAlchemyError, SchemaError, ImportError, OSError) as exc:
        raise database_failure(url, exc) from exc


NO_LOG = "cannot read the access log: "


def require_file(url: str) -> None:
    """A CliError when `url` is a SQLite file that does not exist (opening it would create it)."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise CliError(f"{NO_LOG}there is no database file {url.removeprefix('sqlite:///')}")


def require_log(db: Engine, url: str) -> None:
    """A CliError unless the database at `url` holds an access log."""
    if not inspect(db).has_table("access_log"):
        shown = shown_url(url)
        raise CliError(f"{NO_LOG}{shown} has no access log yet (the service creates it at start)")
