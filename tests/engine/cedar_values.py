"""Hypothesis strategies for Cedar JSON values, entities and contexts, read off a `SchemaInfo`.

Values come in every JSON form Cedar reads with a schema: `{"type", "id"}` and `{"__entity"}`
for entities; `{"__extn": {"fn", "arg"}}`, `{"fn", "arg"}` and the plain string for extensions.
`wrong` draws a value that no Cedar type-checks against the given type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from engine.schema_info import ActionDecl, Attribute, CedarType, EntityDecl, SchemaInfo

EXAMPLES = {
    "ipaddr": ("10.0.0.1", "10.1.2.3", "192.168.1.7", "10.0.0.0/8", "127.0.0.1", "::1"),
    "decimal": ("0.5", "1.0", "12.2500", "-3.5", "99.9999"),
    "datetime": ("2026-01-01", "2026-06-01T12:00:00Z", "2025-12-31T23:59:59Z", "2027-03-01"),
    "duration": ("1h", "30m", "2d", "-1h", "1d12h", "90s"),
}
CONSTRUCTOR = {"ipaddr": "ip", "decimal": "decimal", "datetime": "datetime", "duration": "duration"}
WRONG: dict[str, Any] = {  # a value of the wrong kind for each kind
    "Bool": 1,
    "Long": "1",
    "String": 1,
    "Entity": 7,
    "Extension": "not an extension value",
    "Set": "not a set",
    "Record": "not a record",
}


def extension(name: str, arg: str) -> st.SearchStrategy[Any]:
    """An extension value in one of the JSON forms Cedar reads with a schema."""
    fn = CONSTRUCTOR[name]
    return st.sampled_from([{"__extn": {"fn": fn, "arg": arg}}, {"fn": fn, "arg": arg}, arg])


def entity_ref(kind: str, eid: str) -> st.SearchStrategy[Any]:
    """An entity reference in one of the JSON forms Cedar reads."""
    uid = {"type": kind, "id": eid}
    return st.sampled_from([uid, {"__entity": uid}])


@dataclass(frozen=True)
class Values:
    """Draws for one schema: `strings` and `ids` (per entity type) say which values to use."""

    info: SchemaInfo
    strings: Sequence[str] = ("", "a", "b")
    ids: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def id(self, kind: str) -> st.SearchStrategy[str]:
        """An id for an entity type: enumerated ones for an enum, else the known ones or new."""
        decl = self.info.entities.get(kind)
        if decl is not None and decl.enum is not None:
            return st.sampled_from(decl.enum)
        return st.sampled_from([*self.ids.get(kind, ()), "ny"])

    def value(self, t: CedarType) -> st.SearchStrategy[Any]:
        """A value of type `t`."""
        if t.kind == "Bool":
            return st.booleans()
        if t.kind == "Long":
            return st.one_of(st.integers(-3, 12), st.sampled_from([-(2**63), 2**63 - 1]))
        if t.kind == "String":
            return st.sampled_from(self.strings)
        if t.kind == "Entity":
            return self.id(t.name).flatmap(lambda eid: entity_ref(t.name, eid))
        if t.kind == "Extension":
            return st.sampled_from(EXAMPLES[t.name]).flatmap(lambda a: extension(t.name, a))
        if t.kind == "Set":
            assert t.element is not None
            return st.lists(self.value(t.element), max_size=3)
        return self.record(t.attributes)

    def record(self, attributes: Mapping[str, Attribute]) -> st.SearchStrategy[dict[str, Any]]:
        """A record: every required attribute, some of the optional ones."""
        drawn = {name: self.value(a.type) for name, a in attributes.items()}
        present = st.fixed_dictionaries(
            {n: st.just(True) if a.required else st.booleans() for n, a in attributes.items()}
        )
        return present.flatmap(
            lambda keep: st.fixed_dictionaries({n: s for n, s in drawn.items() if keep[n]})
        )

    def entity(self, decl: EntityDecl, eid: str | None = None) -> st.SearchStrategy[Any]:
        """An entity of a declared type in Cedar's JSON form: uid, attrs, parents, tags."""
        ids = st.just(eid) if eid else self.id(decl.name)
        return ids.flatmap(lambda i: self._entity(decl, {"type": decl.name, "id": i}))

    def _entity(self, decl: EntityDecl, uid: dict[str, str]) -> st.SearchStrategy[Any]:
        parent = st.sampled_from(decl.parents or ("",)).flatmap(
            lambda kind: self.id(kind).map(lambda i: {"type": kind, "id": i})
        )
        parents = st.lists(parent.filter(lambda p: p != uid), max_size=2 if decl.parents else 0)
        parts: dict[str, st.SearchStrategy[Any]] = {
            "uid": st.just(uid),
            "attrs": self.record(decl.attributes),
            "parents": parents,
        }
        if decl.tags is not None:
            parts["tags"] = st.dictionaries(st.sampled_from(["t1", "t2"]), self.value(decl.tags))
        return st.fixed_dictionaries(parts)

    def context(self, action: ActionDecl) -> st.SearchStrategy[dict[str, Any]]:
        """A context the action's declaration accepts."""
        return self.record(action.context.attributes)
