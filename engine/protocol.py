"""What every policy engine offers a decision path (Cedar, Rego in-process, OPA)."""

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

    def decide(self, queries: Sequence[Query], entities: list[dict[str, Any]]) -> list[Decision]:
        """Decide each query over the pack's entities plus `entities`; any error denies."""
        ...


def build_engine(kind: str, pack: Pack, **options: Any) -> PolicyEngine:
    """The engine `PJD_ENGINE` names: `cedar`, `rego` or `opa` (options `url`, `timeout`)."""
    from engine.cedar_engine import CedarEngine
    from engine.errors import PolicyError
    from engine.rego_engine import RegoEngine

    if kind == "cedar":
        return CedarEngine(pack)
    if kind == "rego":
        return RegoEngine(pack)
    if kind == "opa":
        from engine.opa_engine import OpaEngine

        if not options.get("url"):
            raise PolicyError("PJD_OPA_URL", 0, "the opa engine needs the OPA server's url")
        return OpaEngine(pack, str(options["url"]), float(options.get("timeout", 2.0)))
    raise PolicyError("PJD_ENGINE", 0, f"unknown engine {kind!r} (cedar, rego or opa)")
