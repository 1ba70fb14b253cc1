"""What every policy engine offers a decision path (Cedar, Rego in-process, Rego on OPA)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from engine.model import Decision, Query, RuleRef
from engine.pack import Pack


class PolicyEngine(Protocol):
    """An engine: the pack it loaded, its revision and catalogue, and a fail-closed `decide`."""

    name: str
    pack: Pack
    revision: str
    catalogue: dict[str, RuleRef]
    failed: Decision  # the deny `evaluation_error`, with the pack's texts
    no_basis: Decision  # the deny `ingen_tilgangsgrunnlag`, with the pack's texts

    def verify(self) -> None:
        """Check what the engine relies on outside the process (the OPA server holds the twin);
        a `PolicyError` when it cannot be used. In-process engines have nothing to check."""
        ...

    def decide(self, queries: Sequence[Query], entities: list[dict[str, Any]]) -> list[Decision]:
        """Decide each query over the pack's entities plus `entities`; any error denies."""
        ...


def build_engine(
    kind: str, pack: Pack, url: str | None = None, timeout: float = 2.0
) -> PolicyEngine:
    """An engine of `kind` for the pack: `cedar`, `rego`, or `opa` (the OPA server at `url`,
    `timeout` seconds per call). Makes no call; an unusable argument is an `ArgumentError`."""
    from engine.cedar_engine import CedarEngine
    from engine.errors import ArgumentError
    from engine.rego_engine import RegoEngine

    if kind == "cedar":
        return CedarEngine(pack)
    if kind == "rego":
        return RegoEngine(pack)
    if kind == "opa":
        from engine.opa_engine import OpaEngine

        if not url:
            raise ArgumentError("url", "the opa engine needs the OPA server's url")
        return OpaEngine(pack, url, timeout)
    raise ArgumentError("kind", f"unknown engine {kind!r} (cedar, rego or opa)")
