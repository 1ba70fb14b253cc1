"""The bearer tokens this process verified lately, so that a retrieval service reusing its
token for minutes pays one signature check, not one per request.

Bounded (the oldest entry goes first), keyed by the token itself, each entry served only
before the token's `exp` (no leeway: the verifier's leeway is for clock skew at the check) and
only under the keys it was verified with: the key source's `generation` changes whenever its
keys do (a JWKS file changed on disk, a JWKS URL fetched anew), and then every entry goes. A
refused token is never kept: it is checked again each time.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

T = TypeVar("T")
SIZE = 1024


class VerifiedTokens(Generic[T]):
    """What each token verified lately proved (`T`: the caller), until its `exp`."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._entries: dict[str, tuple[T, float]] = {}
        self._generation: int | None = None  # the keys every entry was verified under
        self._lock = threading.Lock()

    def get(self, token: str, generation: int, now: float) -> T | None:
        """What `token` proved, if verified under keys of `generation` and `now` is before its
        `exp` (epoch seconds); else None (verify it)."""
        with self._lock:
            self._same_keys(generation)
            entry = self._entries.get(token)
            if entry is None:
                return None
            if now >= entry[1]:
                del self._entries[token]
                return None
            return entry[0]

    def put(self, token: str, proved: T, exp: float, generation: int) -> None:
        """Keep what `token` proved until `exp`, verified under keys of `generation` (read
        before verifying: a change meanwhile drops it at the next `get`)."""
        with self._lock:
            self._same_keys(generation)
            if token not in self._entries and len(self._entries) >= self.size:
                del self._entries[next(iter(self._entries))]
            self._entries[token] = (proved, exp)

    def __len__(self) -> int:
        return len(self._entries)

    def _same_keys(self, generation: int) -> None:
        if generation != self._generation:
            self._entries.clear()
            self._generation = generation
