"""What every policy engine offers the PJD decision path (Cedar, Rego in-process, OPA)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from engine.cedar_engine import Query
from engine.model import Decision, RuleRef
from engine.pack import Pack


class PolicyEngine(Protocol):
    """An engine: the pack it loaded, its revision and catalogue, and a fail-closed `decide`."""

    name: str
    pack: Pack
    revision: str
    catalogue: dict[str, RuleRef]

    def decide(self, queries: Sequence[Query], entities: list[dict[str, Any]]) -> list[Decision]:
        """Decide each query over the pack's entities plus `entities`; any error denies."""
        ...


def build_engine(kind: str, pack: Pack, **options: Any) -> PolicyEngine:
    """The engine `PJD_ENGINE` names: `cedar` or `rego`."""
    from engine.cedar_engine import CedarEngine
    from engine.errors import PolicyError
    from engine.rego_engine import RegoEngine

    if kind == "cedar":
        return CedarEngine(pack)
    if kind == "rego":
        return RegoEngine(pack)
    raise PolicyError("PJD_ENGINE", 0, f"unknown engine {kind!r} (cedar, rego or opa)")
