"""Publishing a pack's Rego twin to an OPA server: a deployment step (`pjd policies publish`),
never done by an engine, which only checks what the server holds (`OpaEngine.verify`).

The server is made to hold exactly the twin: every `.rego` file is pushed as policy
`<package>/<file>` (`PUT /v1/policies/…`) and the parameters as `data.parametere`
(`PUT /v1/data/parametere`), unless the server already holds exactly these (loaded there as a
bundle or published before). A module of the twin's package the twin lacks, pushed under
another id, is refused; a failed push is rolled back; and the server must then answer as the
twin does (`OpaEngine.verify`). Any failure is a `PolicyError` naming the url.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from typing import Any

from opa_client.errors import DeleteDataError, DeletePolicyError, RegoParseError

from engine.errors import PolicyError
from engine.opa_engine import OpaEngine
from engine.opa_http import PARAMETERS, client_for, server_modules, server_parameters
from engine.pack import Pack


def apply(client: Any, put: Mapping[str, str], delete: Sequence[str]) -> None:
    """PUT and DELETE policies. OPA compiles every change against the modules it holds, so a
    module may have to wait for one it uses: rejected changes are retried while any succeeds."""
    pending: list[tuple[str, str | None]] = [*put.items(), *((d, None) for d in delete)]
    while pending:
        rejected, error = [], ""
        for policy_id, text in pending:
            try:
                if text is None:
                    client.delete_policy(policy_id)
                else:
                    client.update_policy_from_string(text, policy_id, rego_compat=False)
            except (RegoParseError, DeletePolicyError) as exc:
                rejected.append((policy_id, text))
                error = f"{policy_id}: {exc}"
        if len(rejected) == len(pending):
            raise ValueError(f"the server refuses {error}")
        pending = rejected


def _restore(client: Any, before: Mapping[str, str], pushed: Sequence[str], old: Any) -> str:
    """Put back what the server held before a failed push; say if that failed too."""
    try:
        apply(client, before, [p for p in pushed if p not in before])
        if old is None:
            with suppress(DeleteDataError):  # never pushed
                client.delete_data(PARAMETERS)
        else:
            client.update_or_create_data(old, PARAMETERS)
    except Exception as exc:  # the server may now hold a mix: say so
        return f"; restoring the previous modules failed too ({exc!r}): restart OPA and the service"
    return "; the previous modules are restored"


def sync(client: Any, url: str, package: str, modules: Mapping[str, str], parameters: Any) -> bool:
    """Make the server hold exactly `modules` and `parameters`; False when it already did."""
    present = server_modules(client, package)
    old = server_parameters(client)
    if sorted(present.values()) == sorted(modules.values()) and old == parameters:
        return False
    foreign = sorted(p for p in present if not p.startswith(f"{package}/"))
    if foreign:
        message = f"the server holds {foreign[0]!r} of package {package}, not the pack's twin"
        raise PolicyError(url, 0, message + "; remove it or load the whole twin as a bundle")
    try:
        apply(client, modules, [p for p in present if p not in modules])
        client.update_or_create_data(parameters, PARAMETERS)
    except Exception as exc:
        outcome = _restore(client, present, list(modules), old)
        raise PolicyError(url, 0, f"pushing the twin failed: {exc}{outcome}") from exc
    return True


def publish_twin(pack: Pack, url: str, timeout: float = 2.0) -> bool:
    """Make the OPA server at `url` hold the pack's twin and parameters, and check that it
    answers as the twin does; False when it already held them. The twin is compiled and checked
    locally first, so nothing malformed is pushed."""
    engine = OpaEngine(pack, url, timeout)
    modules = engine.modules()
    try:
        with client_for(engine.url, timeout, retries=2) as admin:
            if not admin.check_health():
                raise PolicyError(engine.url, 0, "the OPA server does not answer /health")
            pushed = sync(admin, engine.url, engine.twin.package, modules, pack.parameters)
    except PolicyError:
        raise
    except Exception as exc:  # unreachable, timed out, an odd answer
        raise PolicyError(engine.url, 0, f"the OPA server cannot be used: {exc!r}") from exc
    engine.verify()
    engine.close()
    return pushed
