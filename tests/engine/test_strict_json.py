"""engine.strict_json: what it reads as `json` does, what it refuses, and the path it names."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import RequestError
from engine.strict_json import MAX_DEPTH, MAX_NUMBER_CHARS, has_control_characters, loads

FORBIDDEN = [
    chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))
]
ALLOWED_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")))
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**18), max_value=10**18)
    | st.floats(allow_nan=False, allow_infinity=False)
    | ALLOWED_TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ALLOWED_TEXT, inner, max_size=4),
    max_leaves=20,
)


def refusal(text: str | bytes, field: str = "body", prefix: str | None = "") -> RequestError:
    with pytest.raises(RequestError) as error:
        loads(text, field, prefix)
    return error.value


@given(VALUES)
def test_strict_json_reads_what_json_writes(value: Any) -> None:
    text = json.dumps(value)
    assert loads(text, "body") == json.loads(text)
    assert loads(text.encode(), "body") == json.loads(text)


@given(ALLOWED_TEXT, st.sampled_from(FORBIDDEN), ALLOWED_TEXT)
def test_a_control_character_in_a_string_is_refused_naming_its_path(
    before: str, control: str, after: str
) -> None:
    text = json.dumps({"documents": [{"id": before + control + after}]})
    error = refusal(text)
    assert error.field == "documents[0].id"
    assert "control characters" in error.message


@pytest.mark.parametrize("control", ["\t", "\n", "\r"])
def test_tab_lf_and_cr_pass_in_values_not_in_names(control: str) -> None:
    assert loads(json.dumps({"a": f"x{control}y"}), "body") == {"a": f"x{control}y"}
    assert refusal(json.dumps({f"a{control}": 1})).field == "body"


def test_a_lone_surrogate_is_refused() -> None:
    assert refusal('{"a": ["\\udc00"]}').field == "a[0]"


def test_a_surrogate_pair_is_one_character() -> None:
    assert loads('"\\ud83d\\ude00"', "body") == "\U0001f600"


def test_a_duplicate_member_name_is_refused_at_its_path() -> None:
    error = refusal('{"a": {"b": [{"c": 1, "c": 1}]}}')
    assert (error.field, error.message) == ("a.b[0].c", "is given twice (duplicate member name)")
    assert refusal('{"a": 1, "a": 2}', "X-Citizen", None).field == "X-Citizen.a"


def test_nesting_up_to_the_limit_passes_one_more_is_refused() -> None:
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH, "body") is not None
    error = refusal("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert error.field == "[0]" * MAX_DEPTH
    assert refusal("[" * 100_000 + "]" * 100_000).field == "body"  # past the recursion limit


@pytest.mark.parametrize(
    "number",
    ["1" * (MAX_NUMBER_CHARS + 1), "-" + "1" * MAX_NUMBER_CHARS, "1" * 5000, "0." + "1" * 31],
)
def test_a_number_longer_than_the_limit_is_refused(number: str) -> None:
    error = refusal(f'{{"toa": {number}}}', "attestation", None)
    assert error.field == "attestation.toa"
    assert str(MAX_NUMBER_CHARS) in error.message


def test_integers_are_within_a_64_bit_long_fractions_finite() -> None:
    assert loads(f"[{2**63 - 1}, {-(2**63)}]", "body") == [2**63 - 1, -(2**63)]
    assert refusal(f"[{2**63}]").field == "[0]"
    assert refusal(f"[{-(2**63) - 1}]").field == "[0]"
    assert refusal('{"x": 1e400}').field == "x"
    assert loads("[1.5e300]", "body") == [1.5e300]
    assert math.isfinite(loads("1e-400", "body"))  # type: ignore[arg-type]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(constant: str) -> None:
    error = refusal(f'{{"x": [{constant}]}}')
    assert error.field == "body" and "not valid JSON" in error.message


@pytest.mark.parametrize(
    "raw",
    ['{"a": "æ"}'.encode("utf-16"), b'\xef\xbb\xbf{"a": 1}', b'{"a": "\xe6"}', b'"\xed\xa0\x80"'],
)
def test_only_utf8_without_a_bom(raw: bytes) -> None:
    error = refusal(raw)
    assert error.field == "body" and "not valid JSON" in error.message


def test_utf8_text_is_read() -> None:
    assert loads('{"navn": "Ærlig Øystein Åsen"}'.encode(), "body") == {
        "navn": "Ærlig Øystein Åsen"
    }


def test_malformed_json_names_line_and_column() -> None:
    error = refusal('{\n  "a": 1,\n}', "attestation", None)
    assert error.field == "attestation"
    assert error.message.startswith("is not valid JSON") and "line 3, column 1" in error.message


def test_control_characters_for_identifiers() -> None:
    assert not has_control_characters("05076600324 Æøå")
    assert all(has_control_characters(f"a{c}b") for c in [*FORBIDDEN, "\t", "\n", "\r"])


@given(ALLOWED_TEXT, st.sampled_from([*FORBIDDEN, "\ud800", "\udfff"]), st.booleans())
def test_a_refused_character_sent_unescaped_is_refused_too(
    text: str, control: str, in_name: bool
) -> None:
    value = {text + control: 1} if in_name else {"a": [text + control]}
    error = refusal(json.dumps(value, ensure_ascii=False))
    assert error.field == ("body" if in_name else "a[0]")


@pytest.mark.parametrize(
    ("escape", "field"),
    [("\\u001F", "a"), ("\\u007F", "a"), ("\\u009f", "a"), ("\\uDBFF", "a"), ("\\b", "a")],
)
def test_an_escape_in_either_case_is_refused(escape: str, field: str) -> None:
    assert refusal(f'{{"a": "x{escape}"}}').field == field


@pytest.mark.parametrize("escape", ["\\u00d8", "\\u00A0", "\\u2028", "\\\\u0000", "\\\\b", "\\/"])
def test_an_escape_of_an_allowed_character_passes(escape: str) -> None:
    text = f'{{"{escape}": "x{escape}"}}'
    assert loads(text, "body") == json.loads(text)


@given(VALUES, st.integers(min_value=0, max_value=MAX_DEPTH + 2))
def test_the_depth_is_judged_however_many_brackets(value: Any, wrap: int) -> None:
    wide = [{"k": [value]}] * 12  # more brackets than the limit, only three levels deep
    for _ in range(wrap):
        wide = [wide]
    text = json.dumps(wide)
    if wrap + 3 + _depth(value) <= MAX_DEPTH:
        assert loads(text, "body") == json.loads(text)
    else:
        assert "nested more than" in refusal(text).message


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0
