"""`pjd dev-key` and `pjd token`: the development signing key `make run` trusts, and a token
signed with it (its last line), for trying the service by hand. Registered by `api.cli`."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli_errors import CliError, settings
from api.dev_tokens import DEV_ISSUER, ensure_dev_key, mint
from api.trust.callers import SCOPES

ScopeOption = Annotated[
    list[str], typer.Option("--scope", help=f"a scope to grant (repeatable): {', '.join(SCOPES)}")
]
PidOption = Annotated[str | None, typer.Option("--pid", help="a citizen's person id")]
RepresentsOption = Annotated[
    list[str] | None, typer.Option("--represents", help="a person the citizen represents")
]
Lifetime = Annotated[int, typer.Option(min=1, max=86_400, help="seconds the token is valid")]


def dev_key() -> None:
    """Create the development signing key (PJD_DEV_SIGNING_KEY) and its public JWKS."""
    the_settings = settings()
    public = ensure_dev_key(the_settings.dev_signing_key)
    typer.echo(f"development key: {the_settings.dev_signing_key}")
    typer.echo(f"trust it with PJD_JWKS_FILE={public} PJD_TOKEN_ISSUER={DEV_ISSUER}")


def token(
    scope: ScopeOption,
    pid: PidOption = None,
    represents: RepresentsOption = None,
    lifetime: Lifetime = 3600,
) -> None:
    """Print an access token signed with the development key; the token is the last line."""
    unknown = sorted(set(scope) - set(SCOPES))
    if unknown:
        raise CliError(f"--scope: unknown {', '.join(unknown)} (known: {', '.join(SCOPES)})")
    the_settings = settings()
    try:
        value = mint(the_settings, scope, pid, represents or (), lifetime)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    typer.echo(f"scope {' '.join(scope)}, valid {lifetime} s; send it as: Authorization: Bearer")
    typer.echo(value)
