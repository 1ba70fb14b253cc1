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
# An escape of a character `_IN_VALUES` or `_IN_NAMES` refuses (or of a surrogate)
_ESCAPED = re.compile(r"\\(?:[bfnrt]|u(?:00[01]|007[fF]|00[89]|[dD][89a-fA-F]))")
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")  # U+0080-U+009F in UTF-8


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
    whose members are named as they are: `documents[0].id`).

    Most texts break no rule, so they are read once by the quick reading (`_quick`), whose
    checks run in C or once per object or number; only a text it doubts is read again and
    walked value by value, to name the first value that breaks a rule."""
    text = _text(raw, field)
    value = _quick(text, field)
    if value is not _DOUBTED:
        return value
    value = _parse(text, field, _FULL)
    _check(value, field, field if prefix is None else prefix)
    return value


def _parse(text: str, field: str, decoder: json.JSONDecoder) -> object:
    """`json.loads(text)` with `decoder`'s hooks (made once, not per text)."""
    try:
        if text.startswith("\ufeff"):  # as `json.loads` refuses it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return decoder.decode(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise RequestError(field, f"is not valid JSON: {exc.msg} ({where})") from exc
    except _NotJson as exc:
        raise RequestError(field, f"is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise RequestError(field, f"is nested more than {MAX_DEPTH} deep") from exc


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


class _Doubt(Exception):
    """The quick reading met a value that may break a rule (internal to this module)."""


_DOUBTED = object()  # what `_quick` returns for a text to be read again and walked


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    value = dict(pairs)
    if len(value) != len(pairs):
        raise _Doubt()
    return value


def _quick_integer(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Doubt()
    value = int(text)
    if not -_LONG <= value < _LONG:
        raise _Doubt()
    return value


def _quick_fraction(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Doubt()
    value = float(text)
    if not math.isfinite(value):
        raise _Doubt()
    return value


def _quick(text: str, field: str) -> object:
    """The value, if it surely breaks no rule: no string that may hold a refused character
    (`_suspect`), no member name twice and no number refused (judged as it is read), no
    deeper nesting than allowed; else `_DOUBTED`. Malformed JSON is refused here as by the
    full reading, which would meet it at the same place."""
    if _suspect(text):
        return _DOUBTED
    try:
        value = _parse(text, field, _QUICK)
    except _Doubt:
        return _DOUBTED
    if text.count("[") + text.count("{") <= MAX_DEPTH or _within_depth(value):
        return value  # fewer brackets than the limit cannot nest past it
    return _DOUBTED


def _suspect(text: str) -> bool:
    """Whether the text may hold a string with a character `_check` refuses: such an escape,
    DEL, a C1 control or a surrogate (a raw C0 control in a string is no JSON at all). Each
    test runs in C: `_IN_VALUES` itself, a wide character class, is slow to search."""
    if _ESCAPED.search(text) is not None or "\x7f" in text:
        return True
    if text.isascii():
        return False
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate
    return _C1_UTF8.search(encoded) is not None


def _within_depth(value: object) -> bool:
    """Whether no array or object lies `MAX_DEPTH` or more levels below `value`."""
    level = [value] if isinstance(value, dict | list) else []
    for _ in range(MAX_DEPTH):
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
    return not level


_FULL = json.JSONDecoder(
    object_pairs_hook=_object,
    parse_int=_integer,
    parse_float=_fraction,
    parse_constant=_constant,
)
_QUICK = json.JSONDecoder(
    object_pairs_hook=_unique,
    parse_int=_quick_integer,
    parse_float=_quick_fraction,
    parse_constant=_constant,
)
