"""What a Cedar schema declares: attribute names per entity type and per action context.

Used to keep only declared attributes when a request's properties become Cedar entities
(AuthZEN: unknown fields are ignored) and to pick the parameters a pack's policies read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r'\s+|//[^\n]*|"(?:[^"\\]|\\.)*"|::|[A-Za-z_][A-Za-z0-9_]*|.', re.S)


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

    def peek(self) -> str:
        return self.t[self.i] if self.i < len(self.t) else ""

    def take(self) -> str:
        tok = self.peek()
        self.i += 1
        return tok

    def skip_balanced(self) -> None:
        """Skip one token, or a whole bracketed group when it opens one."""
        depth = 0
        while self.i < len(self.t):
            tok = self.take()
            depth += {"{": 1, "[": 1, "(": 1, "<": 1}.get(tok, 0)
            depth -= {"}": 1, "]": 1, ")": 1, ">": 1}.get(tok, 0)
            if depth <= 0:
                return

    def names(self) -> list[str]:
        out = [self.take().strip('"')]
        while self.peek() == ",":
            self.take()
            out.append(self.take().strip('"'))
        return out

    def record(self) -> set[str]:
        """Read `{ a: T, "b"?: T }` and return the top-level attribute names."""
        attrs: set[str] = set()
        self.take()  # {
        while self.peek() not in ("}", ""):
            attrs.add(self.take().strip('"'))
            if self.peek() == "?":
                self.take()
            self.take()  # :
            while self.peek() not in (",", "}", ""):
                self.skip_balanced()
            if self.peek() == ",":
                self.take()
        self.take()  # }
        return attrs

    def until_semicolon(self) -> None:
        while self.peek() not in (";", ""):
            self.skip_balanced()
        self.take()


def _qualify(ns: str, name: str) -> str:
    return f"{ns}::{name}" if ns and "::" not in name else name


def _entity(r: _Reader, ns: str, info: SchemaInfo) -> None:
    names = r.names()
    attrs: set[str] = set()
    while r.peek() not in (";", "{", "="):
        r.skip_balanced()
    if r.peek() == "=":
        r.take()
    if r.peek() == "{":
        attrs = r.record()
    r.until_semicolon()
    for n in names:
        info.entities[_qualify(ns, n)] = attrs


def _action(r: _Reader, ns: str, info: SchemaInfo) -> None:
    names = r.names()
    context: set[str] = set()
    while r.peek() not in (";", "appliesTo", ""):
        r.skip_balanced()
    if r.peek() == "appliesTo":
        r.take()
        r.take()  # {
        while r.peek() not in ("}", ""):
            key = r.take()
            r.take()  # :
            if key == "context" and r.peek() == "{":
                context = r.record()
            elif key == "context":
                context = info.types.get(_qualify(ns, r.take()), set())
            else:
                while r.peek() not in (",", "}", ""):
                    r.skip_balanced()
            if r.peek() == ",":
                r.take()
    r.until_semicolon()
    for n in names:
        info.contexts[(f"{ns}::" if ns else "") + f'Action::"{n}"'] = context


def _type(r: _Reader, ns: str, info: SchemaInfo) -> None:
    name = r.take()
    r.take()  # =
    info.types[_qualify(ns, name)] = r.record() if r.peek() == "{" else set()
    r.until_semicolon()


def _declarations(r: _Reader, ns: str, info: SchemaInfo) -> None:
    readers = {"entity": _entity, "action": _action, "type": _type}
    while r.peek() not in ("}", ""):
        word = r.take()
        if word == "@":
            r.take()
            r.skip_balanced()
        elif word == "namespace":
            inner = r.take()
            r.take()  # {
            _declarations(r, inner, info)
            r.take()  # }
        elif word in readers:
            readers[word](r, ns, info)


def read_schema(text: str) -> SchemaInfo:
    """Read the declared attribute names out of Cedar schema text."""
    info = SchemaInfo()
    _declarations(_Reader(_tokens(text)), "", info)
    return info
