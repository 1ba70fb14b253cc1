"""The Cedar schema text as written: a lark LALR parser (`cedar_schema.lark`) and its syntax tree.

Names are kept as written (unqualified, unresolved); `engine.schema_info` resolves them. A text
that is not Cedar schema syntax raises `PolicyError("schema.cedarschema", line, message)`. LALR
reads each token once, so any text, truncated or not, is read in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from lark import Lark, Token, Transformer, UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.exceptions import VisitError

from engine.errors import PolicyError

FILE = "schema.cedarschema"
RESERVED = frozenset({"true", "false", "if", "then", "else", "in", "is", "like", "has"})
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "0": "\0", "'": "'", '"': '"'}
_ESCAPE = re.compile(r"\\(u\{([0-9a-fA-F]{1,6})\}|.)", re.S)


@dataclass(frozen=True)
class Name:
    """A name as written (`Long`, `N::User`, `"read"`) and the line it is on."""

    text: str
    line: int


@dataclass(frozen=True)
class Ref:
    """A type written by name: a common type, an entity type or a builtin, still unresolved."""

    name: Name


@dataclass(frozen=True)
class SetOf:
    """`Set<T>`."""

    element: RawType


@dataclass(frozen=True)
class Record:
    """`{ a: T, b?: U }`: (name, type, required) in the order written; a repeated name wins."""

    attributes: tuple[tuple[str, RawType, bool], ...] = ()


RawType = Ref | SetOf | Record


@dataclass(frozen=True)
class EntityDecl:
    """`entity A, B in [C] = { … } tags T;` or `entity E enum ["a"];`."""

    names: tuple[Name, ...]
    parents: tuple[Name, ...] = ()
    shape: Record = Record()
    tags: RawType | None = None
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ActionDecl:
    """`action a, "b" in [g, NS::Action::"h"] appliesTo { … };` (group: type path or "", id)."""

    names: tuple[Name, ...]
    groups: tuple[tuple[str, Name], ...] = ()
    principals: tuple[Name, ...] = ()
    resources: tuple[Name, ...] = ()
    context: RawType | None = None


@dataclass(frozen=True)
class TypeDecl:
    """`type T = …;`."""

    name: Name
    type: RawType


Decl = EntityDecl | ActionDecl | TypeDecl


def _unescape(token: Token) -> str:
    """A Cedar string literal's value: `\\n \\r \\t \\\\ \\0 \\' \\" \\u{…}` are the escapes."""

    def one(match: re.Match[str]) -> str:
        if match.group(2):
            return chr(int(match.group(2), 16))
        if match.group(1) in _ESCAPES:
            return _ESCAPES[match.group(1)]
        raise PolicyError(FILE, token.line or 0, f"invalid escape {match.group(0)!r} in {token}")

    return _ESCAPE.sub(one, str(token)[1:-1])


def _text(item: Name | Token) -> Name:
    if isinstance(item, Name):
        return item
    return Name(_unescape(item), item.line or 0)


def _some(names: tuple[Name, ...], key: Token) -> tuple[Name, ...]:
    if not names:
        raise PolicyError(FILE, key.line or 0, f"`{key}: []` applies to nothing; Cedar refuses it")
    return names


class _Tree(Transformer[Token, list[tuple[str, Decl]]]):
    """Lark's tree → (namespace, declaration) pairs: one method per rule of the grammar."""

    def start(self, tops: list[list[tuple[str, Decl]]]) -> list[tuple[str, Decl]]:
        return [pair for top in tops for pair in top]

    def top(self, items: list[Any]) -> list[tuple[str, Decl]]:
        last = items[-1]
        return last if isinstance(last, list) else [("", last)]

    def namespace(self, items: list[Any]) -> list[tuple[str, Decl]]:
        return [(items[0].text, decl) for decl in items[1:]]

    def member(self, items: list[Any]) -> Decl:
        return items[-1]  # type: ignore[no-any-return]

    def annotation(self, items: list[Any]) -> None:
        return None

    def any_ident(self, items: list[Token]) -> Token:
        return items[0]

    def ident(self, items: list[Token]) -> Name:
        if items[0] in RESERVED:
            raise PolicyError(FILE, items[0].line or 0, f"`{items[0]}` is a reserved identifier")
        return Name(str(items[0]), items[0].line or 0)

    def path(self, items: list[Name]) -> Name:
        return Name("::".join(n.text for n in items), items[0].line)

    def idents(self, items: list[Name]) -> tuple[Name, ...]:
        return tuple(items)

    def names(self, items: list[Name | Token]) -> tuple[Name, ...]:
        return tuple(_text(n) for n in items)

    def strs(self, items: list[Token]) -> tuple[str, ...]:
        return tuple(_unescape(s) for s in items)

    def ent_types(self, items: list[Name | None]) -> tuple[Name, ...]:
        return tuple(n for n in items if n is not None)

    def qual_names(self, items: list[tuple[str, Name]]) -> tuple[tuple[str, Name], ...]:
        return tuple(items)

    def qual_name(self, items: list[Any]) -> tuple[str, Name]:
        *prefix, last = items
        return ("::".join(n.text for n in prefix), _text(last))

    def type_ref(self, items: list[Name]) -> Ref:
        return Ref(items[0])

    def set_type(self, items: list[RawType]) -> SetOf:
        return SetOf(items[0])

    def record(self, items: list[Any]) -> Record:
        return Record(tuple(a for a in items if a is not None))

    def attr_decl(self, items: list[Any]) -> tuple[str, RawType, bool]:
        name, optional, kind = items[-3:]
        return (_text(name).text, kind, optional is None)

    def entity(self, items: list[Any]) -> EntityDecl:
        names, parents, shape, tags = items
        return EntityDecl(names, parents or (), shape or Record(), tags)

    def enum_entity(self, items: list[Any]) -> EntityDecl:
        return EntityDecl(items[0], enum=items[1])

    def typedef(self, items: list[Any]) -> TypeDecl:
        return TypeDecl(items[0], items[1])

    def action(self, items: list[Any]) -> ActionDecl:
        names, groups, applies = items
        parts = dict(applies or ())
        return ActionDecl(
            names,
            groups or (),
            parts.get("principal", ()),
            parts.get("resource", ()),
            parts.get("context"),
        )

    def applies_to(self, items: list[Any]) -> list[tuple[str, Any]]:
        keyword, *parts = items
        line, keys = keyword.line or 0, [key for key, _ in parts]
        for key in ("principal", "resource", "context"):
            if keys.count(key) > 1:
                raise PolicyError(FILE, line, f"`{key}` is declared twice in one appliesTo")
        if "principal" not in keys or "resource" not in keys:
            raise PolicyError(FILE, line, "appliesTo must declare principal and resource")
        return parts

    def principal(self, items: list[Any]) -> tuple[str, tuple[Name, ...]]:
        return ("principal", _some(items[1], items[0]))

    def resource(self, items: list[Any]) -> tuple[str, tuple[Name, ...]]:
        return ("resource", _some(items[1], items[0]))

    def context(self, items: list[RawType]) -> tuple[str, RawType]:
        return ("context", items[0])


@cache
def _parser() -> Lark:
    grammar = files("engine").joinpath("cedar_schema.lark").read_text(encoding="utf-8")
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        maybe_placeholders=True,
        transformer=_Tree(),
    )


def _shown(terminal: str) -> str:
    pattern = _parser().get_terminal(terminal).pattern
    return f"`{pattern.value}`" if pattern.type == "str" else terminal.lower()


def _message(exc: UnexpectedInput) -> str:
    if isinstance(exc, UnexpectedToken):
        if exc.token.type == "$END":
            return "the schema ends before its last declaration does"
        expected = ", ".join(sorted(_shown(t) for t in exc.expected if t != "$END"))
        return f"unexpected `{exc.token}` at column {exc.column}; expected {expected}"
    if isinstance(exc, UnexpectedCharacters):
        return f"unexpected character {exc.char!r} at column {exc.column}"
    return str(exc).splitlines()[0]


def parse(text: str) -> list[tuple[str, Decl]]:
    """Every declaration of a schema text with its namespace ("" outside any namespace)."""
    try:
        decls: list[tuple[str, Decl]] = _parser().parse(text)  # type: ignore[assignment]
    except UnexpectedInput as exc:
        line = exc.line if exc.line > 0 else text.count("\n") + 1
        raise PolicyError(FILE, line, _message(exc)) from exc
    except VisitError as exc:
        raise exc.orig_exc from None
    return decls
