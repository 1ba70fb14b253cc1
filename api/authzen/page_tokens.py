"""AuthZEN search page tokens: opaque to the caller, tamper-evident, bound to one search.

A token carries where the next page starts, a digest of the search it continues (everything in
the request but `page.token`) and the policy revision it was issued under, signed with
HMAC-SHA256. The key is `PJD_PAGE_SECRET`, or a random key made once per process — then a token
is good only at the process that issued it; several workers behind one address need the secret.
A token that is altered, foreign, for another search or from before a policy change is a
`RequestError` on `page.token`: the caller starts again without one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from engine import RequestError

FIELD = "page.token"
_PROCESS_KEY = secrets.token_bytes(32)


def secret_key(configured: str | None) -> bytes:
    """The signing key: the configured secret, or this process's random one."""
    return configured.encode("utf-8") if configured else _PROCESS_KEY


def digest(search: Any) -> str:
    """The digest a token binds: the search as canonical JSON."""
    canonical = json.dumps(search, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Pager:
    """Issues and reads the tokens of one search under one key and policy revision."""

    key: bytes
    search: str  # the digest of the search
    revision: str

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self.key, payload, hashlib.sha256).digest()

    def issue(self, offset: int) -> str:
        """The token of the page that starts at `offset`."""
        body = {"o": offset, "q": self.search, "r": self.revision}
        payload = json.dumps(body, separators=(",", ":")).encode("utf-8")
        return f"{_encode(payload)}.{_encode(self._mac(payload))}"

    def offset(self, token: str) -> int:
        """Where the page a token names starts; a token not good for this search is refused."""
        body = self._verified(token)
        if body.get("r") != self.revision:
            raise RequestError(
                FIELD, "the policy changed since this token; search again without it"
            )
        if body.get("q") != self.search:
            raise RequestError(FIELD, "belongs to another search: send the first page's request")
        offset = body.get("o")
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise RequestError(FIELD, "is not a page token of this service")
        return offset

    def _verified(self, token: str) -> dict[str, Any]:
        try:
            payload_text, mac_text = token.split(".")
            payload, mac = _decode(payload_text), _decode(mac_text)
            authentic = hmac.compare_digest(mac, self._mac(payload))
            body = json.loads(payload) if authentic else None
        except (ValueError, binascii.Error):
            body = None
        if not isinstance(body, dict):
            raise RequestError(FIELD, "is not a page token of this service (altered or foreign)")
        return body


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _decode(text: str) -> bytes:
    if not text.isascii():
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
