"""The one strict JSON reader of every JSON input: bodies, `X-Citizen`, attestation strings.

Stricter than `json.loads`, in the spirit of I-JSON (RFC 7493): only UTF-8 (no BOM, no UTF-16 or
-32, no lone surrogates), no duplicate member names, no NaN or Infinity, nesting at most
`MAX_DEPTH` deep, a number at most `MAX_NUMBER_CHARS` characters long (an integer within Cedar's
64-bit Long, a fraction finite), and no control character in any string or member name: NUL,
the other C0 controls, DEL and the C1 controls (U+0080–U+009F) are refused; TAB, LF and CR only
inside string values, where an attestation sent as pretty-printed JSON text holds them. A
refusal is a `RequestError` naming the JSON path of the offending value (`documents[0].id`)
under the field given as the root, or the root when no path can be known (nested too deeply).
"""

from __future__ import annotations

import json
import math
import re

from engine.errors import RequestError

MAX_DEPTH = 32  # arrays and objects within one another
MAX_NUMBER_CHARS = 32  # characters of a number as written, sign and exponent included
_LONG = 2**63  # Cedar's Long: -2**63 … 2**63 - 1
_IN_VALUES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control_characters(text: str) -> bool:
    """Whether `text` holds NUL, another C0 control (TAB, LF and CR too), DEL, a C1 control or a
    lone surrogate: what no identifier, path or query parameter may hold."""
    return _IN_NAMES.search(text) is not None


class _Refused:
    """What a parse hook returns for a value it refuses; the walk reports it with its path."""

    def __init__(self, message: str) -> None:
        self.message = message


class _Duplicated(dict[str, object]):
    """An object that named a member twice (the last one kept, as `json` does); refused."""

    def __init__(self, pairs: list[tuple[str, object]], name: str) -> None:
        super().__init__(pairs)
        self.name = name


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: set[str] = set()
    for name, _ in pairs:
        if name in seen:
            return _Duplicated(pairs, name)
        seen.add(name)
    return dict(pairs)


def _integer(text: str) -> object:
    if len(text) > MAX_NUMBER_CHARS:
        return _Refused(f"a number may have at most {MAX_NUMBER_CHARS} characters")
    value = int(text)
    if not -_LONG <= value < _LONG:
        return _Refused("an integer must be within -2**63 … 2**63-1")
    return value


def _fraction(text: str) -> object:
    if len(text) > MAX_NUMBER_CHARS:
        return _Refused(f"a number may have at most {MAX_NUMBER_CHARS} characters")
    value = float(text)
    return value if math.isfinite(value) else _Refused("a number must be finite")


class _NotJson(Exception):
    """`NaN`, `Infinity` or `-Infinity`: a syntax error of JSON, which `json` accepts."""


def _constant(name: str) -> object:
    raise _NotJson(f"{name} is not a JSON number")


def _text(raw: str | bytes | bytearray, field: str) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return bytes(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestError(field, f"is not valid JSON: not UTF-8 at byte {exc.start}") from exc


def loads(raw: str | bytes | bytearray, field: str, prefix: str | None = None) -> object:
    """Read JSON text strictly. `field` names the whole text in its errors (`body`,
    `X-Citizen`); the paths of its members start with `prefix` (default `field`; "" for a body,
    whose members are named as they are: `documents[0].id`)."""
    text = _text(raw, field)
    try:
        value = json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_integer,
            parse_float=_fraction,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise RequestError(field, f"is not valid JSON: {exc.msg} ({where})") from exc
    except _NotJson as exc:
        raise RequestError(field, f"is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise RequestError(field, f"is nested more than {MAX_DEPTH} deep") from exc
    _check(value, field, field if prefix is None else prefix)
    return value


def _member(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _check(value: object, field: str, prefix: str) -> None:
    """Walk the parsed value (without recursion) and refuse the first value that breaks a rule."""
    stack: list[tuple[object, str, int]] = [(value, prefix, 0)]
    while stack:
        item, path, depth = stack.pop()
        where = path or field
        if isinstance(item, _Refused):
            raise RequestError(where, item.message)
        if isinstance(item, str) and _IN_VALUES.search(item):
            raise RequestError(where, "must not hold NUL, control characters or lone surrogates")
        if isinstance(item, dict | list) and depth >= MAX_DEPTH:
            raise RequestError(where, f"is nested more than {MAX_DEPTH} deep")
        if isinstance(item, _Duplicated):
            raise RequestError(_member(path, item.name), "is given twice (duplicate member name)")
        if isinstance(item, dict):
            for name in item:
                if has_control_characters(name):
                    raise RequestError(where, "a member name must not hold control characters")
            stack.extend((v, _member(path, k), depth + 1) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in reversed(list(enumerate(item))))
