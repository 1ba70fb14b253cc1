"""R5 on the KJ path: the document types per class (`dokumenttyper_kjernejournal`), read once."""

from __future__ import annotations

from typing import Any

import pytest

from engine import PolicyError
from engine.pjd.kj_types import read_kj_types
from tests.fixtures import pjd_codes

CLASSES = ("A00-1", "I00-1", "C00-1")
FORM = r"[A-Z][0-9]{2}-[0-9]{1,2}"


def test_the_pack_limits_correspondence_to_referrals_only() -> None:
    assert pjd_codes().kj_types == {"I00-1": frozenset({"I01-1"})}


def test_no_table_is_no_limit() -> None:
    assert read_kj_types({}, CLASSES, FORM) == {}


@pytest.mark.parametrize(
    "table",
    [
        {"B00-1": ["B01-1"]},
        {"I00-1": "I01-1"},
        {"I00-1": ["henvisning"]},
        {"I00-1": [1]},
        ["I00-1"],
    ],
)
def test_a_table_that_does_not_fit_refuses_the_pack(table: Any) -> None:
    with pytest.raises(PolicyError, match="dokumenttyper_kjernejournal"):
        read_kj_types({"dokumenttyper_kjernejournal": table}, CLASSES, FORM)
