"""The OPA engine: the pack's Rego twin evaluated by an OPA server, through opa-python-client.

The same twin, input contract and answer mapping as the Rego engine (`RegoEngine`, whose
construction also compiles and checks the twin locally, so nothing malformed is pushed); only
the evaluation differs: `POST /v1/data/pjd/beslutning` with `{"input": …}` to the server.

At construction the server is made to hold exactly the twin: every `.rego` file is pushed as
policy `pjd/<file>` (`PUT /v1/policies/…`) and the parameters as `data.parametere`
(`PUT /v1/data/parametere`), unless the server already holds exactly these (loaded there as a
bundle or pushed by an earlier start). A module of package `pjd` the twin lacks is refused, a
failed push is rolled back, and the server must answer the contract as the twin does. Any
failure is a `PolicyError` naming the url, so the runtime keeps its last good engine.

Fail closed per query: an answer without `result` (OPA's "undefined" is HTTP 200 without it), a
timeout, a refused connection, a non-200, malformed JSON or an odd value is a deny
`evaluation_error`. The HTTP clients are pooled: one per concurrent caller, never shared.
"""

from __future__ import annotations

import queue
import re
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import urlsplit

from opa_client import OpaClient
from opa_client.errors import (
    DeleteDataError,
    DeletePolicyError,
    PolicyNotFoundError,
    RegoParseError,
)

from engine.errors import PolicyError
from engine.model import Decision, Query
from engine.pack import Pack
from engine.rego_engine import ACTIONS, CONTRACT, ENTRYPOINT, PACKAGE, RegoEngine

PREFIX = f"{PACKAGE}/"  # the twin's policy ids on the server: pjd/rego/<file>.rego
PARAMETERS = "parametere"  # data.parametere
_OWN_PACKAGE = re.compile(rf"^package\s+{PACKAGE}(\.|\s|$)", re.MULTILINE)


def client_for(url: str, timeout: float, retries: int) -> Any:
    """An OpaClient for `http(s)://host[:port]` (OPA's API root; the client adds `/v1`)."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = 0
    if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        raise PolicyError(url, 0, "PJD_OPA_URL must be http(s)://host[:port]")
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        raise PolicyError(url, 0, "PJD_OPA_URL must be OPA's root, without path or credentials")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    ssl = parts.scheme == "https"
    return OpaClient(host=host, port=port, ssl=ssl, timeout=timeout, retries=retries)


def server_modules(client: Any) -> dict[str, str]:
    """The server's modules of package `pjd` (or below it): policy id → text."""
    found = {}
    for policy_id in client.get_policies_list():
        raw = client.get_policy(policy_id)["result"]["raw"]
        if _OWN_PACKAGE.search(raw):
            found[policy_id] = raw
    return found


def server_parameters(client: Any) -> Any:
    """`data.parametere` on the server; None when undefined."""
    try:
        return client.get_data(PARAMETERS)["result"]
    except PolicyNotFoundError:
        return None


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


def sync(client: Any, url: str, modules: Mapping[str, str], parameters: dict[str, Any]) -> bool:
    """Make the server hold exactly `modules` and `parameters`; False when it already did."""
    present = server_modules(client)
    old = server_parameters(client)
    if sorted(present.values()) == sorted(modules.values()) and old == parameters:
        return False
    foreign = sorted(p for p in present if not p.startswith(PREFIX))
    if foreign:
        message = f"the server holds {foreign[0]!r} of package {PACKAGE}, not the pack's twin"
        raise PolicyError(url, 0, message + "; remove it or load the whole twin as a bundle")
    try:
        apply(client, modules, [p for p in present if p not in modules])
        client.update_or_create_data(parameters, PARAMETERS)
    except Exception as exc:
        outcome = _restore(client, present, list(modules), old)
        raise PolicyError(url, 0, f"pushing the twin failed: {exc}{outcome}") from exc
    return True


def _close_all(clients: list[Any]) -> None:
    for client in clients:
        client.close_connection()


class OpaEngine(RegoEngine):
    """Decides queries with the pack's Rego twin held by an OPA server."""

    name = "opa"

    def __init__(self, pack: Pack, url: str, timeout: float = 2.0) -> None:
        super().__init__(pack)  # checks and compiles the twin locally: nothing malformed is pushed
        self.url, self.timeout = url.rstrip("/"), timeout
        self._clients: list[Any] = []
        self._idle: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._closer = weakref.finalize(self, _close_all, self._clients)
        modules = {PREFIX + f.name: f.text for f in self.files}
        try:
            with client_for(self.url, timeout, retries=2) as admin:
                if not admin.check_health():
                    raise PolicyError(self.url, 0, "the OPA server does not answer /health")
                self.pushed = sync(admin, self.url, modules, pack.parameters)
                self._verify(admin, modules)
        except PolicyError:
            raise
        except Exception as exc:  # unreachable, timed out, an odd answer: not loaded
            raise PolicyError(self.url, 0, f"the OPA server cannot be used: {exc!r}") from exc

    def _verify(self, client: Any, modules: Mapping[str, str]) -> None:
        """The server holds exactly the twin and answers the contract as the local twin does."""
        if sorted(server_modules(client).values()) != sorted(modules.values()):
            raise PolicyError(self.url, 0, f"the server's package {PACKAGE} is not the twin")
        for path, expected in ((CONTRACT, self.contract), (ACTIONS, self._actions)):
            answer = client.query_rule({}, path)
            if not isinstance(answer, dict) or answer.get("result") != expected:
                raise PolicyError(self.url, 0, f"the server answers data.{path} unlike the twin")

    def close(self) -> None:
        """Close every HTTP client (also done when the engine is garbage collected)."""
        self._closer()

    @contextmanager
    def _client(self) -> Iterator[Any]:
        """An idle client of the pool, or a new one; returned after use."""
        try:
            client = self._idle.get_nowait()
        except queue.Empty:
            client = client_for(self.url, self.timeout, retries=1)
            with self._lock:
                self._clients.append(client)
        try:
            yield client
        finally:
            self._idle.put(client)

    def _decide(self, q: Query, store: Mapping[tuple[str, str], Any]) -> Decision:
        """One query to the server; an undefined answer or any failure denies."""
        try:
            data = self._input(q, store)
            with self._client() as client:
                answer = client.query_rule(data, ENTRYPOINT)
            if not isinstance(answer, dict) or "result" not in answer:
                return self.failed  # OPA's undefined: 200 without `result`
            return self._decision(answer["result"])
        except Exception:  # fail closed: whatever goes wrong, nothing is permitted
            return self.failed
