"""The generic AuthZEN path decides as Cedar does, on every test pack (differential, hypothesis).

Hypothesis draws AuthZEN evaluations from each pack's schema model and its stored entities:
declared and undeclared types and actions, stored and new ids, properties of the right and the
wrong shape, undeclared properties and context keys, action properties. The oracle is
`cedarpy.is_authorized` on cedarpy's own parse of the pack's raw policy text and raw schema text
and an entity list built straightforwardly: the stored entities with the declared properties of
the subject and the resource put in place of their stored attributes. Its answer is read as the
service promises to read it: Allow is a permit by its policies' `@id`s (a permit only through
`@forpliktelse` policies is a deny, and those are its obligations), Deny by the forbids or
`ingen_tilgangsgrunnlag`, any error is `evaluation_error`, and an undeclared entity type or
action is `ingen_tilgangsgrunnlag`. `decide_generic` and `decide_generic_batch` must give exactly
that, and the draws (with a few written evaluations, `RARE`) must make every policy of the pack
decide at least once. The draws are derandomized.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import cedarpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import CedarEngine, Decision, Pack, load_pack
from engine.generic import Evaluation, Party, decide_generic, decide_generic_batch
from engine.schema_info import ActionDecl, SchemaInfo
from tests.engine.cedar_values import WRONG, Values
from tests.fixtures import PACKS

NAMES = ("dokumentarkiv", "prosjektrom", "nettverk", "vaktliste")
RARE = {  # evaluations that reach a policy random draws seldom reach; run before the draws
    "dokumentarkiv": [
        Evaluation(
            Party("Bruker", "kari"), "les", Party("Dokument", "notat"), {"grunn": "nysgjerrighet"}
        )
    ],
    "prosjektrom": [
        Evaluation(
            Party("Bruker", "ola"),
            "se",
            Party("Dokument", "d1"),
            context={"via": {"type": "Rom::Bruker", "id": "kari"}},
        ),
        Evaluation(Party("Bruker", "ola"), "redigere", Party("Dokument", "d2"), {"utkast": True}),
    ],
    "nettverk": [
        Evaluation(
            Party("Enhet", "e1"),
            "overvåke",
            Party("Tjeneste", "t1"),
            {"intervall": "30s"},
            {"kilde": "10.0.0.9"},
        ),
        Evaluation(
            Party("Enhet", "e1"),
            "koble",
            Party("Tjeneste", "t2"),
            context={"tidspunkt": "2026-06-01T01:00:00Z"},
        ),
    ],
    "vaktliste": [
        Evaluation(
            Party("Ansatt", "anne"),
            "bytte vakt",
            Party("Skift", "s1"),
            context={"naa": 150, "paa_vegne_av": {"type": "Vakt::Ansatt", "id": "cecilie"}},
        )
    ],
}
Answer = tuple[str, frozenset[str], frozenset[str]]  # effect, rule ids, obligation ids
SYSTEM = {"evaluation_error", "ingen_tilgangsgrunnlag"}


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@dataclass(frozen=True)
class Setup:
    """One pack: the service's engine, and what the oracle and the draws need."""

    pack: Pack
    engine: CedarEngine
    info: SchemaInfo
    values: Values
    policies: Any  # cedarpy's own parse of the raw policy text (a PolicySet)
    schema: Any  # and of the raw schema text (a Schema): neither is the engine's
    obliging: frozenset[str]  # ids of the policies with @forpliktelse
    ids: frozenset[str]

    def kind(self, name: str) -> str:
        namespace = self.pack.namespace
        return name if "::" in name or not namespace else f"{namespace}::{name}"

    def short(self, kind: str) -> str:
        return kind.removeprefix(f"{self.pack.namespace}::") if self.pack.namespace else kind


def _strings(pack: Pack, policies: str) -> list[str]:
    """The strings the policies compare with (thrice), those the entities hold, and two others."""
    rules = "\n".join(line for line in policies.splitlines() if not line.startswith("@"))
    literals = sorted(set(re.findall(r'"([^"\\]{0,20})"', rules)))
    held = set(re.findall(r'"([^"\\]{0,20})"', json.dumps(pack.entities)))
    held -= {"uid", "type", "id", "attrs", "parents", "tags", "__entity", "__extn", "fn", "arg"}
    return [*literals * 3, *sorted(held | {"", "x"})]


@cache
def _setup(name: str) -> Setup:
    pack = load_pack(PACKS / name)
    engine = CedarEngine(pack)
    policies = "\n".join(f.text for f in pack.policies)
    ids: dict[str, list[str]] = {}
    for entity in pack.entities:
        ids.setdefault(entity["uid"]["type"], []).append(entity["uid"]["id"])
    obliging = frozenset(r.id for r in engine.catalogue.values() if r.obligation)
    rules = frozenset(engine.catalogue) - SYSTEM - {"logg_ikke_skrevet"}
    values = Values(engine.info, _strings(pack, policies), ids)
    handles = (cedarpy.PolicySet.from_str(policies), cedarpy.Schema.from_str(pack.schema))
    return Setup(pack, engine, engine.info, values, *handles, obliging, rules)


# --- the oracle ---------------------------------------------------------------------------------


def _entities(s: Setup, ev: Evaluation) -> list[Any]:
    """The stored entities with the subject's and the resource's declared properties overlaid."""
    stored = [{"parents": [], **copy.deepcopy(e)} for e in s.pack.entities]  # Cedar needs parents
    store = {(e["uid"]["type"], e["uid"]["id"]): e for e in stored}
    for party in (ev.subject, ev.resource):
        kind = s.kind(party.type)
        declared = s.info.entities[kind].attributes
        given = {k: v for k, v in party.properties.items() if k in declared}
        if given:
            entity = store.get(
                (kind, party.id), {"uid": {"type": kind, "id": party.id}, "parents": []}
            )
            store[(kind, party.id)] = entity | {"attrs": {**entity.get("attrs", {}), **given}}
    return list(store.values())


def _read(s: Setup, result: cedarpy.AuthzResult) -> Answer:
    diagnostics = result.diagnostics
    if result.decision not in (cedarpy.Decision.Allow, cedarpy.Decision.Deny) or diagnostics.errors:
        return ("deny", frozenset({"evaluation_error"}), frozenset())
    ids = frozenset(diagnostics.id_annotations_by_reason[r] for r in diagnostics.reasons)
    if result.decision == cedarpy.Decision.Deny:
        return ("deny", ids or frozenset({"ingen_tilgangsgrunnlag"}), frozenset())
    if not ids - s.obliging:
        return ("deny", frozenset({"ingen_tilgangsgrunnlag"}), frozenset())
    return ("permit", ids - s.obliging, ids & s.obliging)


def oracle(s: Setup, ev: Evaluation) -> Answer:
    """What Cedar answers for the evaluation, read as the service promises to read it."""
    action_type = s.kind("Action")
    kinds = (s.kind(ev.subject.type), s.kind(ev.resource.type))
    if (
        not all(k in s.info.entities for k in kinds)
        or (action_type, ev.action) not in s.info.actions
    ):
        return ("deny", frozenset({"ingen_tilgangsgrunnlag"}), frozenset())
    declared = s.info.actions[(action_type, ev.action)].context.attributes
    context = {k: v for k, v in ev.context.items() if k in declared and k != "action_properties"}
    if ev.action_properties is not None and "action_properties" in declared:
        context["action_properties"] = ev.action_properties
    request = {
        "principal": {"type": kinds[0], "id": ev.subject.id},
        "action": {"type": action_type, "id": ev.action},
        "resource": {"type": kinds[1], "id": ev.resource.id},
        "context": context,
    }
    try:
        result = cedarpy.is_authorized(request, s.policies, _entities(s, ev), s.schema)
    except Exception:
        return ("deny", frozenset({"evaluation_error"}), frozenset())
    return _read(s, result)


def answer(d: Decision) -> Answer:
    """The service's decision in the oracle's terms."""
    return (d.effect, frozenset(r.id for r in d.reasons), frozenset(o.rule for o in d.obligations))


# --- the draws ----------------------------------------------------------------------------------


def _broken(values: dict[str, Any], attributes: Any, how: int, key: str) -> dict[str, Any]:
    """Now and then one fault: a key dropped, a value of the wrong kind, an undeclared key."""
    if key not in attributes or how > 3:
        return values
    kind = attributes[key].type.kind
    if how == 0:
        return {k: v for k, v in values.items() if k != key}
    if how == 1:
        return values | {key: WRONG[kind]}
    if how == 2 and kind == "Record" and isinstance(values.get(key), dict):
        return values | {key: values[key] | {"ikke_deklarert": 1}}  # inside a nested record
    return values | {"ikke_deklarert": "x"}


def _faulty(s: Setup, attributes: Any, drawn: Any) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.sampled_from(sorted(attributes) or [""])
    return st.tuples(drawn, st.integers(0, 11), keys).map(
        lambda t: _broken(t[0], attributes, t[1], t[2])
    )


def _properties(s: Setup, attributes: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Some of the declared attributes, with a fault now and then."""
    keys = st.lists(st.sampled_from(sorted(attributes)), unique=True) if attributes else st.just([])
    drawn = keys.flatmap(
        lambda ks: st.fixed_dictionaries({k: s.values.value(attributes[k].type) for k in ks})
    )
    return _faulty(s, attributes, drawn)


@st.composite
def _party(draw: st.DrawFn, s: Setup, allowed: tuple[str, ...]) -> Party:
    kind = draw(st.sampled_from([*allowed * 6, *s.info.entities, "Ukjent"]))
    decl = s.info.entities.get(kind)
    eid = draw(s.values.id(kind)) if decl else "x"
    empty = st.just({})
    props = draw(st.one_of(empty, empty, _properties(s, decl.attributes))) if decl else {}
    name = draw(st.sampled_from([s.short(kind), s.short(kind), kind]))
    return Party(name, eid, props)


def _action_properties(s: Setup, action: ActionDecl) -> st.SearchStrategy[Any]:
    declared = action.context.attributes.get("action_properties")
    if declared is None:
        return st.sampled_from([None, {"grunn": "x"}])
    record = declared.type.attributes
    return st.one_of(st.none(), _faulty(s, record, s.values.record(record)))


@st.composite
def evaluation(draw: st.DrawFn, s: Setup) -> Evaluation:
    """One AuthZEN evaluation against the pack."""
    actions = [a for a in s.info.actions.values() if a.principals]
    action = draw(st.sampled_from(actions))
    declared = action.context.attributes
    context = draw(_faulty(s, declared, s.values.record(declared)))
    if draw(st.integers(0, 9)) == 0:
        context["action_properties"] = {"smuglet": True}
    return Evaluation(
        subject=draw(_party(s, action.principals)),
        action=draw(st.sampled_from([action.id] * 12 + ["ukjent_handling"])),
        resource=draw(_party(s, action.resources)),
        action_properties=draw(_action_properties(s, action)),
        context=context,
    )


# --- the properties -----------------------------------------------------------------------------


def _covered(s: Setup, seen: set[str]) -> None:
    missing = s.ids - seen
    assert not missing, f"no draw made these policies decide: {sorted(missing)}"
    assert {"permit", "evaluation_error", "ingen_tilgangsgrunnlag"} <= seen


@pytest.mark.parametrize("name", NAMES)
def test_one_evaluation_is_decided_as_cedar_decides(name: str) -> None:
    s, seen = _setup(name), set[str]()

    def check(ev: Evaluation) -> None:
        expected = oracle(s, ev)
        assert answer(decide_generic(s.engine, ev)) == expected, ev
        seen.update({expected[0], *expected[1], *expected[2]})

    for ev in RARE.get(name, []):
        check(ev)
    _settings(200)(given(ev=evaluation(s))(check))()
    _covered(s, seen)


@pytest.mark.parametrize("name", NAMES)
def test_a_batch_is_decided_as_each_alone(name: str) -> None:
    """Mixed evaluations, and a search: one subject against every stored resource of a type."""
    s, seen = _setup(name), set[str]()

    @_settings(40)
    @given(evs=st.lists(evaluation(s), min_size=1, max_size=4))
    def check(evs: list[Evaluation]) -> None:
        first = evs[0]
        stored = s.values.ids.get(s.kind(first.resource.type), [])
        search = [replace(first, resource=Party(first.resource.type, i)) for i in stored]
        batch = [*evs, *search]
        expected = [oracle(s, ev) for ev in batch]
        assert [answer(d) for d in decide_generic_batch(s.engine, batch)] == expected
        seen.update(e for x in expected for e in (x[0], *x[1], *x[2]))

    check()
    assert "permit" in seen


def _bare(value: Any) -> Any:
    """Every entity reference in a value written as a bare id string."""
    if isinstance(value, dict):
        uid = value.get("__entity", value)
        if isinstance(uid, dict) and set(uid) == {"type", "id"}:
            return uid["id"]
        return {k: _bare(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_bare(v) for v in value]
    return value


@pytest.mark.parametrize("name", NAMES)
def test_the_bare_id_short_form_decides_as_the_reference(name: str) -> None:
    s = _setup(name)

    @_settings(40)
    @given(ev=evaluation(s))
    def check(ev: Evaluation) -> None:
        bare = replace(
            ev,
            subject=replace(ev.subject, properties=_bare(dict(ev.subject.properties))),
            resource=replace(ev.resource, properties=_bare(dict(ev.resource.properties))),
            context=_bare(dict(ev.context)),
        )
        assert decide_generic(s.engine, bare) == decide_generic(s.engine, ev)

    check()
