"""What a Cedar schema declares: attribute names per entity type and per action context.

Used to keep only declared attributes when a request's properties become Cedar entities
(AuthZEN: unknown fields are ignored) and to pick the parameters a pack's policies read. A small
reader of the Cedar schema syntax, tolerant of what it does not need: it never loops on
unfinished text, and cedarpy itself decides whether the schema is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r'\s+|//[^\n]*|"(?:[^"\\]|\\.)*"|::|[A-Za-z_][A-Za-z0-9_]*|.', re.S)
_OPEN = {"{": "}", "[": "]", "(": ")", "<": ">"}


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if t.strip() and not t.startswith("//")]


@dataclass
class SchemaInfo:
    """Declared attribute names: `entities[type]` and `contexts[action]` (names qualified)."""

    entities: dict[str, set[str]] = field(default_factory=dict)
    contexts: dict[str, set[str]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)


class _Reader:
    def __init__(self, tokens: list[str]) -> None:
        self.t = tokens
        self.i = 0
        self.pending: list[tuple[list[str], str, str]] = []  # (actions, namespace, type name)

    def peek(self) -> str:
        return self.t[self.i] if self.i < len(self.t) else ""

    def take(self) -> str:
        tok = self.peek()
        self.i += 1
        return tok

    def skip_one(self) -> None:
        """Skip one token, or a whole bracketed group when it opens one."""
        close = _OPEN.get(self.take())
        while close and self.peek() not in (close, ""):
            self.skip_one()
        if close:
            self.take()

    def skip_until(self, *stops: str) -> None:
        while self.peek() not in (*stops, ""):
            self.skip_one()

    def path(self) -> str:
        """A name, possibly qualified (`A::B::C`) or quoted."""
        name = self.take().strip('"')
        while self.peek() == "::":
            name += self.take() + self.take().strip('"')
        return name

    def names(self) -> list[str]:
        out = [self.path()]
        while self.peek() == ",":
            self.take()
            out.append(self.path())
        return out

    def annotations(self) -> None:
        while self.peek() == "@":
            self.take()
            self.take()
            if self.peek() == "(":
                self.skip_one()

    def record(self) -> set[str]:
        """Read `{ a: T, "b"?: T }` and return the top-level attribute names."""
        attrs: set[str] = set()
        self.take()  # {
        while self.peek() not in ("}", ""):
            self.annotations()
            attrs.add(self.take().strip('"'))
            self.skip_until(",", "}")
            if self.peek() == ",":
                self.take()
        self.take()  # }
        return attrs

    def end(self) -> None:
        self.skip_until(";", "}")
        if self.peek() == ";":
            self.take()


def _qualify(ns: str, name: str) -> str:
    return f"{ns}::{name}" if ns and "::" not in name else name


def _entity(r: _Reader, ns: str, info: SchemaInfo) -> None:
    names = r.names()
    r.skip_until(";", "{", "=", "}")
    if r.peek() == "=":
        r.take()
    attrs = r.record() if r.peek() == "{" else set()
    r.end()
    for n in names:
        info.entities[_qualify(ns, n)] = attrs


def _applies_to(r: _Reader, ns: str, info: SchemaInfo, names: list[str]) -> None:
    r.take()  # {
    while r.peek() not in ("}", ""):
        key = r.take()
        if r.peek() == ":":
            r.take()
        if key == "context" and r.peek() == "{":
            for n in names:
                info.contexts[n] = r.record()
        elif key == "context":
            r.pending.append((names, ns, r.path()))
        r.skip_until(",", "}")
        if r.peek() == ",":
            r.take()
    r.take()  # }


def _action(r: _Reader, ns: str, info: SchemaInfo) -> None:
    prefix = f"{ns}::" if ns else ""
    names = [f'{prefix}Action::"{n}"' for n in r.names()]
    for n in names:
        info.contexts[n] = set()
    r.skip_until(";", "appliesTo", "}")
    if r.peek() == "appliesTo":
        r.take()
        if r.peek() == "{":
            _applies_to(r, ns, info, names)
    r.end()


def _type(r: _Reader, ns: str, info: SchemaInfo) -> None:
    name = r.path()
    r.skip_until("=", ";", "}")
    if r.peek() == "=":
        r.take()
    info.types[_qualify(ns, name)] = r.record() if r.peek() == "{" else set()
    r.end()


def _declarations(r: _Reader, ns: str, info: SchemaInfo) -> None:
    readers = {"entity": _entity, "action": _action, "type": _type}
    while r.peek() not in ("}", ""):
        r.annotations()
        word = r.take()
        if word == "namespace":
            inner = r.path()
            r.skip_until("{")
            r.take()
            _declarations(r, inner, info)
            r.take()  # }
        elif word in readers:
            readers[word](r, ns, info)


def read_schema(text: str) -> SchemaInfo:
    """Read the declared attribute names out of Cedar schema text."""
    info = SchemaInfo()
    reader = _Reader(_tokens(text))
    while reader.peek():
        _declarations(reader, "", info)
        reader.take()  # a stray `}` at top level
    for names, ns, type_name in reader.pending:
        attrs = info.types.get(_qualify(ns, type_name), info.types.get(type_name, set()))
        for n in names:
            info.contexts[n] = attrs
    return info
