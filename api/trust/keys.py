"""The public keys that may sign tokens: a JWKS file or a JWKS URL, cached and rotated by `kid`.

A file is read again when it changes on disk (a new key added beside the old one is a
rotation without a restart). A URL is fetched at first use and again when a token names a
`kid` the cached set lacks, at most once per `min_refresh` seconds, so a flood of made-up `kid`s
cannot make the service hammer the issuer. Only public asymmetric keys are trusted: a set with
a symmetric (`oct`) key or a private part is refused as a whole.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from api.trust.tokens import TokenRefused

_PRIVATE_PARTS = frozenset({"d", "p", "q", "dp", "dq", "qi", "k"})
MAX_JWKS_BYTES = 1_048_576


class KeysUnavailable(TokenRefused):
    """The trusted keys cannot be read (file missing or invalid, URL unreachable): no token
    verifies, so every one is refused."""


def parse_jwks(data: bytes, where: str) -> KeySet:
    """A key set of public asymmetric keys from JWKS JSON; else `KeysUnavailable`."""
    try:
        document: Any = json.loads(data)
        entries = document["keys"]
        if not isinstance(entries, list) or not entries:
            raise ValueError("`keys` must be a non-empty list")
        for entry in entries:
            if entry.get("kty") not in ("RSA", "EC", "OKP") or _PRIVATE_PARTS & set(entry):
                raise ValueError("only public RSA, EC and OKP keys may be trusted")
        return KeySet.import_key_set(document)
    except (ValueError, KeyError, TypeError, AttributeError, JoseError) as exc:
        raise KeysUnavailable(f"the trusted keys at {where} are not a valid JWKS ({exc})") from exc


class FileKeys:
    """A JWKS file, read again whenever its modification time or size changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._keys: KeySet | None = None
        self._generation = 0
        self._lock = threading.Lock()

    def keys(self, kid: str | None) -> KeySet:
        """The file's keys (read again if the file changed)."""
        try:
            stat = self.path.stat()
        except OSError as exc:
            raise KeysUnavailable(f"the trusted keys file {self.path} cannot be read") from exc
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._keys is None or stamp != self._stamp:
                self._keys = parse_jwks(self.path.read_bytes(), str(self.path))
                self._stamp = stamp
                self._generation += 1
            return self._keys

    def generation(self) -> int:
        """Counts the reads of the file: the file is looked at (and read if it changed) now."""
        self.keys(None)
        return self._generation


class UrlKeys:
    """A JWKS URL (an issuer's `jwks_uri`), cached; fetched again for an unknown `kid` at most
    once per `min_refresh` seconds, each fetch bounded by `timeout` seconds."""

    def __init__(self, url: str, timeout: float = 2.0, min_refresh: float = 60.0) -> None:
        if not url.startswith("https://") and not url.startswith("http://127.0.0.1"):
            raise ValueError("a JWKS URL must be https (or http on 127.0.0.1 for tests)")
        self.url, self.timeout, self.min_refresh = url, timeout, min_refresh
        self._keys: KeySet | None = None
        self._fetched = float("-inf")
        self._generation = 0
        self._lock = threading.Lock()

    def keys(self, kid: str | None) -> KeySet:
        """The cached keys, fetched first if none or if `kid` is unknown (rate-limited)."""
        with self._lock:
            known = self._keys is not None and any(k.kid == kid for k in self._keys.keys)
            due = time.monotonic() - self._fetched >= self.min_refresh
            if (self._keys is None or (not known and kid is not None)) and due:
                self._fetched = time.monotonic()
                fetched = self._fetch()
                self._generation += fetched is not self._keys
                self._keys = fetched
            if self._keys is None:
                raise KeysUnavailable(f"the trusted keys at {self.url} are not fetched yet")
            return self._keys

    def generation(self) -> int:
        """Counts the fetches that brought keys (no fetch now: only `keys` fetches)."""
        return self._generation

    def _fetch(self) -> KeySet:
        request = urllib.request.Request(self.url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                data = answer.read(MAX_JWKS_BYTES + 1)
        except OSError as exc:
            if self._keys is not None:
                return self._keys  # keep the keys we have: the issuer is briefly away
            raise KeysUnavailable(f"the trusted keys at {self.url} cannot be fetched") from exc
        if len(data) > MAX_JWKS_BYTES:
            raise KeysUnavailable(f"the trusted keys at {self.url} are too large")
        return parse_jwks(data, self.url)
