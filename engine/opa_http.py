"""An OPA server through opa-python-client: the client for a url, and what the server holds.

The url is OPA's API root, `http(s)://host[:port]` (the client adds `/v1`); anything else is
refused before any call. A twin's modules on the server are those of its Rego package (or below
it), whatever their policy ids; the parameters are `data.parametere`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from opa_client import OpaClient
from opa_client.errors import PolicyNotFoundError

from engine.errors import ArgumentError

PARAMETERS = "parametere"  # data.parametere


def check_url(url: str) -> str:
    """`url` without a trailing slash, if it is OPA's root; else an ArgumentError."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = 0
    if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        raise ArgumentError("url", f"{url!r} is not OPA's root: http(s)://host[:port]")
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        raise ArgumentError("url", f"{url!r} is not OPA's root, without path or credentials")
    return url.rstrip("/")


def client_for(url: str, timeout: float, retries: int) -> Any:
    """An OpaClient for OPA's root `url`."""
    parts = urlsplit(check_url(url))
    hostname = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = f"[{hostname}]" if ":" in hostname else hostname
    ssl = parts.scheme == "https"
    return OpaClient(host=host, port=port, ssl=ssl, timeout=timeout, retries=retries)


def server_modules(client: Any, package: str) -> dict[str, str]:
    """The server's modules of `package` (or below it), by `/v1/policies`: policy id → text."""
    own = re.compile(rf"^package\s+{re.escape(package)}(\.|\s|$)", re.MULTILINE)
    found = {}
    for policy_id in client.get_policies_list():
        raw = client.get_policy(policy_id)["result"]["raw"]
        if own.search(raw):
            found[policy_id] = raw
    return found


def server_parameters(client: Any) -> Any:
    """`data.parametere` on the server; None when undefined."""
    try:
        return client.get_data(PARAMETERS)["result"]
    except PolicyNotFoundError:
        return None
