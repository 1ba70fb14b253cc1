"""cedarpy judges the model `read_schema` makes of each test schema, the PJD schema and the packs.

From the model alone, hypothesis draws entities of every declared type and requests for every
action. cedarpy, given the schema text, must accept each (so nothing the model declares is
missing or mistyped in Cedar) and refuse each broken copy: without a required attribute, with an
undeclared one, with a value of the wrong kind, with a parent type or an enumerated id or tags
the model does not allow, a principal type the action does not apply to, a context with a key
missing or added (so nothing the model lacks or allows is allowed or required by Cedar). And
`action in A` must hold for the actions the model puts in A, directly or through other groups,
and for no other.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cedarpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.schema_info import ActionDecl, EntityDecl, SchemaInfo, read_schema
from tests.engine.cedar_values import WRONG, Values
from tests.engine.schemas import CONSTRUCTS
from tests.fixtures import PACKS

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = {
    **CONSTRUCTS,
    "pjd": (ROOT / "policies" / "pjd" / "schema.cedarschema").read_text(encoding="utf-8"),
    **{
        f"pack:{p.parent.name}": p.read_text(encoding="utf-8")
        for p in sorted(PACKS.glob("*/schema.cedarschema"))
    },
}
SETTINGS = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _fits(entities: list[dict[str, Any]], schema: cedarpy.Schema) -> bool:
    try:
        cedarpy.Entities.from_json_str(json.dumps(entities), schema=schema)
    except ValueError:
        return False
    return True


def _broken(info: SchemaInfo, decl: EntityDecl, entity: dict[str, Any]) -> Iterator[Any]:
    """Copies of a fitting entity that Cedar must refuse, each broken in one way."""
    attrs = entity["attrs"]
    for name, a in decl.attributes.items():
        if a.required:
            yield entity | {"attrs": {k: v for k, v in attrs.items() if k != name}}
        if name in attrs:
            yield entity | {"attrs": attrs | {name: WRONG[a.type.kind]}}
    yield entity | {"attrs": attrs | {"ikke_deklarert": 1}}
    others = [kind for kind in info.entities if kind not in decl.parents]
    for kind in others[:2]:
        yield entity | {"parents": [{"type": kind, "id": "x"}]}
    if decl.enum is not None:
        yield entity | {"uid": {"type": decl.name, "id": "ikke oppregnet"}}
    if decl.tags is None:
        yield entity | {"tags": {"t": "x"}}
    else:
        yield entity | {"tags": {"t": WRONG[decl.tags.kind]}}


def _groups(info: SchemaInfo, action: ActionDecl) -> set[tuple[str, str]]:
    """The groups an action is in, directly or through groups."""
    found: set[tuple[str, str]] = set()
    todo = list(action.groups)
    while todo:
        group = todo.pop()
        if group not in found:
            found.add(group)
            todo.extend(info.actions[group].groups if group in info.actions else ())
    return found


def _policies(info: SchemaInfo) -> tuple[str, dict[str, tuple[str, str]]]:
    """A permit per declared action, `@id("gN")`: `action in` that action (as a group)."""
    names = {f"g{n}": g for n, g in enumerate(sorted(info.actions))}
    text = "\n".join(
        f'@id("{n}") permit (principal, action in {t}::{json.dumps(i, ensure_ascii=False)}, '
        "resource);"
        for n, (t, i) in names.items()
    )
    return text, names


def _request(values: Values, action: ActionDecl, data: st.DataObject) -> dict[str, Any]:
    principal = data.draw(st.sampled_from(action.principals))
    resource = data.draw(st.sampled_from(action.resources))
    return {
        "principal": {"type": principal, "id": data.draw(values.id(principal))},
        "action": {"type": action.type, "id": action.id},
        "resource": {"type": resource, "id": data.draw(values.id(resource))},
        "context": data.draw(values.context(action)),
    }


def _errors(request: dict[str, Any], policies: str, schema: cedarpy.Schema) -> list[str]:
    return list(cedarpy.is_authorized(request, policies, [], schema).diagnostics.errors)


def _broken_requests(
    info: SchemaInfo, action: ActionDecl, request: dict[str, Any]
) -> Iterator[Any]:
    """Copies of a fitting request that Cedar must refuse, each broken in one way."""
    for kind in [k for k in info.entities if k not in action.principals][:2]:
        yield request | {"principal": {"type": kind, "id": "x"}}
    for name, a in action.context.attributes.items():
        if a.required:
            yield request | {"context": {k: v for k, v in request["context"].items() if k != name}}
    yield request | {"context": request["context"] | {"ikke_deklarert": 1}}


def _model(name: str) -> tuple[SchemaInfo, cedarpy.Schema, Values]:
    info = read_schema(SCHEMAS[name])
    return info, cedarpy.Schema.from_str(SCHEMAS[name]), Values(info)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
@SETTINGS
@given(data=st.data())
def test_cedar_accepts_the_entities_the_model_describes(name: str, data: st.DataObject) -> None:
    info, schema, values = _model(name)
    for decl in info.entities.values():
        entity = data.draw(values.entity(decl), label=decl.name)
        assert _fits([entity], schema), entity
        for broken in _broken(info, decl, entity):
            assert not _fits([broken], schema), broken


@pytest.mark.parametrize("name", sorted(SCHEMAS))
@SETTINGS
@given(data=st.data())
def test_cedar_accepts_the_requests_the_model_describes(name: str, data: st.DataObject) -> None:
    info, schema, values = _model(name)
    policies, names = _policies(info)
    for action in info.actions.values():
        if not action.principals:
            continue  # an action that applies to nothing cannot be asked for
        request = _request(values, action, data)
        result = cedarpy.is_authorized(request, policies, [], schema)
        assert not result.diagnostics.errors, (request, result.diagnostics.errors)
        ids = result.diagnostics.id_annotations_by_reason
        determining = {names[ids[r]] for r in result.diagnostics.reasons}
        assert determining == {(action.type, action.id)} | _groups(info, action), action
        for broken in _broken_requests(info, action, request):
            assert _errors(broken, policies, schema), broken


def test_every_schema_declares_something_to_check() -> None:
    for name, text in SCHEMAS.items():
        info = read_schema(text)
        assert info.entities, name
    with_groups = [
        n for n, t in SCHEMAS.items() if any(a.groups for a in read_schema(t).actions.values())
    ]
    assert {"actions", "pack:prosjektrom"} <= set(with_groups)
