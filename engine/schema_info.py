"""What a Cedar schema declares: entity types, actions and the concrete type of every attribute.

`read_schema` parses the Cedar schema format (`engine.schema_syntax`, a lark grammar) and
resolves every name as Cedar does: an unqualified name written in namespace `NS` is `NS`'s common
type, else `NS`'s entity type, else the empty namespace's common type, else its entity type, else
a builtin (`Bool`, `Long`, `String`, `ipaddr`, `decimal`, `datetime`, `duration`, also written
`__cedar::…`); a qualified name is taken as written. Common types are resolved away: every
`CedarType` in the model is concrete. A text Cedar would refuse for its syntax or for a name it
cannot resolve raises `PolicyError("schema.cedarschema", line, message)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from engine import schema_syntax as syn
from engine.errors import PolicyError

Kind = Literal["Bool", "Long", "String", "Set", "Record", "Entity", "Extension"]
PRIMITIVES: tuple[Kind, ...] = ("Bool", "Long", "String")
EXTENSIONS = ("ipaddr", "decimal", "datetime", "duration")
FILE = syn.FILE
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class CedarType:
    """A concrete Cedar type; `name` is the entity type or the extension, `element` a set's."""

    kind: Kind
    name: str = ""
    element: CedarType | None = None
    attributes: Mapping[str, Attribute] = field(default_factory=dict)


@dataclass(frozen=True)
class Attribute:
    """A record's or an entity's attribute: its type and whether it must be present."""

    type: CedarType
    required: bool = True


def _empty_record() -> CedarType:
    return CedarType("Record")


@dataclass(frozen=True)
class EntityDecl:
    """An entity type: qualified name, attributes, parent types, tags and enumerated ids."""

    name: str
    attributes: Mapping[str, Attribute]
    parents: tuple[str, ...] = ()
    tags: CedarType | None = None
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ActionDecl:
    """An action: its entity type and id, its groups, what it applies to and its context."""

    type: str
    id: str
    groups: tuple[tuple[str, str], ...] = ()
    principals: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    context: CedarType = field(default_factory=_empty_record)


@dataclass(frozen=True)
class SchemaInfo:
    """A schema's entity types and actions (key: action type, id); `types` the common types."""

    entities: Mapping[str, EntityDecl]
    actions: Mapping[tuple[str, str], ActionDecl]
    types: Mapping[str, CedarType] = field(default_factory=dict)


def _qualified(ns: str, name: str) -> str:
    return f"{ns}::{name}" if ns else name


def _candidates(ns: str, name: str) -> tuple[str, ...]:
    """Where an unqualified name written in `ns` may point: `ns` first, then the empty one."""
    return (f"{ns}::{name}", name) if ns and "::" not in name else (name,)


def _once(table: dict[K, V], key: K, line: int, value: V) -> None:
    if key in table:
        raise PolicyError(FILE, line, f"{key} is declared twice")
    table[key] = value


class _Resolver:
    """Resolves the raw declarations of one schema into the model."""

    def __init__(self, decls: list[tuple[str, syn.Decl]]) -> None:
        self.decls = decls
        self.common: dict[str, tuple[str, syn.TypeDecl]] = {}
        self.entity_names: dict[str, int] = {}
        self.action_ids: dict[tuple[str, str], int] = {}
        self.done: dict[str, CedarType] = {}
        self.pending: list[str] = []
        for ns, decl in decls:
            if isinstance(decl, syn.TypeDecl):
                _once(self.common, _qualified(ns, decl.name.text), decl.name.line, (ns, decl))
            elif isinstance(decl, syn.EntityDecl):
                for n in decl.names:
                    _once(self.entity_names, _qualified(ns, n.text), n.line, n.line)
            else:
                for n in decl.names:
                    _once(self.action_ids, (_qualified(ns, "Action"), n.text), n.line, n.line)

    def common_type(self, key: str, line: int) -> CedarType:
        """The concrete type of a common type; a cycle of common types is refused."""
        if key not in self.done:
            if key in self.pending:
                raise PolicyError(FILE, line, f"the common type {key} is defined through itself")
            self.pending.append(key)
            ns, decl = self.common[key]
            self.done[key] = self.type(ns, decl.type)
            self.pending.pop()
        return self.done[key]

    def ref(self, ns: str, name: syn.Name) -> CedarType:
        """A type written by name, resolved in Cedar's order."""
        for key in _candidates(ns, name.text):
            if key in self.common:
                return self.common_type(key, name.line)
            if key in self.entity_names:
                return CedarType("Entity", key)
        builtin = name.text.removeprefix("__cedar::")
        if builtin in PRIMITIVES:
            return CedarType(builtin)
        if builtin in EXTENSIONS:
            return CedarType("Extension", builtin)
        raise PolicyError(FILE, name.line, f"the type {name.text} is not declared")

    def type(self, ns: str, raw: syn.RawType) -> CedarType:
        """The concrete type of a type as written in `ns`."""
        if isinstance(raw, syn.Ref):
            return self.ref(ns, raw.name)
        if isinstance(raw, syn.SetOf):
            return CedarType("Set", element=self.type(ns, raw.element))
        attrs = {n: Attribute(self.type(ns, t), required) for n, t, required in raw.attributes}
        return CedarType("Record", attributes=attrs)

    def entity_type(self, ns: str, name: syn.Name) -> str:
        """An entity type named in `in […]` or `appliesTo`."""
        for key in _candidates(ns, name.text):
            if key in self.entity_names:
                return key
        raise PolicyError(FILE, name.line, f"the entity type {name.text} is not declared")

    def context(self, ns: str, raw: syn.RawType | None) -> CedarType:
        """An action's context: a record, or the name of a common type that is one."""
        if raw is None:
            return _empty_record()
        line = raw.name.line if isinstance(raw, syn.Ref) else 0
        if isinstance(raw, syn.Ref):
            keys = [k for k in _candidates(ns, raw.name.text) if k in self.common]
            if not keys:
                raise PolicyError(FILE, raw.name.line, f"the type {raw.name.text} is not declared")
            resolved = self.common_type(keys[0], raw.name.line)
        else:
            resolved = self.type(ns, raw)
        if resolved.kind != "Record":
            raise PolicyError(FILE, line, "an action's context must be a record")
        return resolved

    def group(self, ns: str, written: tuple[str, syn.Name]) -> tuple[str, str]:
        """An action group: `g` or `Action::"g"` is looked up in `ns`, then in the empty one."""
        path, name = written
        for kind in _candidates(ns, path or "Action"):
            if (kind, name.text) in self.action_ids:
                return (kind, name.text)
        shown = f'{path}::"{name.text}"' if path else name.text
        raise PolicyError(FILE, name.line, f"the action group {shown} is not declared")

    def entities(self, ns: str, decl: syn.EntityDecl) -> list[EntityDecl]:
        """The entity types one declaration declares."""
        shape = self.type(ns, decl.shape)
        parents = tuple(self.entity_type(ns, p) for p in decl.parents)
        tags = self.type(ns, decl.tags) if decl.tags is not None else None
        return [
            EntityDecl(_qualified(ns, n.text), shape.attributes, parents, tags, decl.enum)
            for n in decl.names
        ]

    def actions(self, ns: str, decl: syn.ActionDecl) -> list[ActionDecl]:
        """The actions one declaration declares."""
        kind = _qualified(ns, "Action")
        groups = tuple(self.group(ns, g) for g in decl.groups)
        principals = tuple(self.entity_type(ns, p) for p in decl.principals)
        resources = tuple(self.entity_type(ns, r) for r in decl.resources)
        context = self.context(ns, decl.context)
        return [
            ActionDecl(kind, n.text, groups, principals, resources, context) for n in decl.names
        ]

    def info(self) -> SchemaInfo:
        """The whole model."""
        entities: dict[str, EntityDecl] = {}
        actions: dict[tuple[str, str], ActionDecl] = {}
        for ns, decl in self.decls:
            if isinstance(decl, syn.EntityDecl):
                entities |= {e.name: e for e in self.entities(ns, decl)}
            elif isinstance(decl, syn.ActionDecl):
                actions |= {(a.type, a.id): a for a in self.actions(ns, decl)}
        types = {
            key: self.common_type(key, decl.name.line) for key, (_, decl) in self.common.items()
        }
        return SchemaInfo(entities, actions, types)


def read_schema(text: str) -> SchemaInfo:
    """Parse and resolve Cedar schema text; a syntax or resolution error is a `PolicyError`."""
    try:
        return _Resolver(syn.parse(text)).info()
    except RecursionError as exc:
        raise PolicyError(FILE, 0, "the schema nests its types too deeply to read") from exc
