"""The engine's value types: what a decision is asked about (`Query`) and what it answers
(`Decision`, with the rules as the catalogue knows them and the caller's obligations)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Effect = Literal["permit", "deny"]


@dataclass(frozen=True)
class Query:
    """One request to an engine: principal and resource uids, action id (of `action_type`),
    context, in Cedar's JSON form."""

    principal: Mapping[str, str]
    action: str
    resource: Mapping[str, str]
    context: Mapping[str, Any]
    action_type: str = ""  # "" is the pack's own `NS::Action`


@dataclass(frozen=True)
class RuleRef:
    """A rule as the catalogue knows it: stable id, Norwegian title and legal basis."""

    id: str
    title: str
    legal_basis: str
    evidence_grade: str
    last_reviewed: str
    open_question: str | None = None
    effect: Literal["permit", "forbid", "system"] = "forbid"
    obligation: str | None = None
    counts_as_hidden: bool = False
    file: str = ""
    line: int = 0
    policy_id: str = field(default="", compare=False)  # Cedar's id in the joined pack: policyN


@dataclass(frozen=True)
class Obligation:
    """Something the caller must do with a permit (log, follow up, notify)."""

    id: str
    rule: str


@dataclass(frozen=True)
class Decision:
    """One decision: permit or deny, the rules that decided it and the obligations."""

    effect: Effect
    reasons: tuple[RuleRef, ...]
    obligations: tuple[Obligation, ...] = ()

    @property
    def permitted(self) -> bool:
        return self.effect == "permit"

    @property
    def hidden(self) -> bool:
        """A deny by rules that all count as hidden (`@telles_som_skjult`): the caller counts it.
        A document also denied for any other reason is not counted: a requester who could not
        see it anyway learns nothing of it (R29)."""
        reasons = self.reasons
        return self.effect == "deny" and bool(reasons) and all(r.counts_as_hidden for r in reasons)


def _system_rule(rule_id: str, title: str, legal_basis: str) -> RuleRef:
    """A rule of the service's own, deciding whatever the pack says; a pack may retitle it."""
    return RuleRef(
        rule_id, title, legal_basis, evidence_grade="", last_reviewed="", effect="system"
    )


EVALUATION_ERROR = _system_rule(
    "evaluation_error",
    "The policy engine could not decide the request; it is denied (fail closed)",
    "fail closed",
)
NO_BASIS = _system_rule(
    "ingen_tilgangsgrunnlag",
    "No policy permits the request; it is denied (default deny)",
    "default deny",
)
LOG_FAILED = _system_rule(
    "logg_ikke_skrevet",
    "The decision could not be logged; without a log record nothing is permitted",
    "fail closed",
)
SYSTEM_RULES = (EVALUATION_ERROR, NO_BASIS, LOG_FAILED)


def system_denial(catalogue: Mapping[str, RuleRef], rule: RuleRef) -> Decision:
    """A deny by a system rule, with the texts the pack gives it."""
    return Decision("deny", (catalogue.get(rule.id, rule),))


def entity_uid(entity: Mapping[str, Any]) -> tuple[str, str]:
    """The (type, id) of an entity in Cedar's JSON form."""
    uid = entity.get("uid", {})
    uid = uid.get("__entity", uid)
    return (str(uid.get("type")), str(uid.get("id")))
