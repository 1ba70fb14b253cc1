"""R17 per code: the `nektet_innsyn` table, read and checked when the pack loads."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from engine import PolicyError
from engine.pjd.withheld import read_withheld, withheld_from

PARAMETERS = Path(__file__).resolve().parents[2] / "policies" / "pjd" / "parametere.json"


def _parameters() -> dict[str, Any]:
    data = json.loads(PARAMETERS.read_text(encoding="utf-8"))
    values = {name: entry.get("verdi", entry) for name, entry in data.items()}
    values["kodeverk"] = data["kodeverk"]
    return values


CODES = frozenset(_parameters()["kodeverk"]["konfidensialitet"]["koder"])


def test_the_default_table_withholds_every_norn_code_from_both() -> None:
    """Defaults keep the earlier behaviour: every NORN code denies citizen and representative."""
    table = read_withheld(_parameters(), CODES)
    assert set(table) == {c for c in CODES if c.startswith("NORN_")}
    assert set(table.values()) == {frozenset({"innbygger", "representant"})}


def test_only_the_two_grounds_of_the_act_are_graded_lov() -> None:
    entries = json.loads(PARAMETERS.read_text(encoding="utf-8"))["nektet_innsyn"]["verdi"]
    assert {c for c, e in entries.items() if e["bevisgrad"] == "lov"} == {"NORN_FFL", "NORN_KUT"}
    assert all(
        e.get("apent_sporsmal") == "Q10" for e in entries.values() if e["bevisgrad"] != "lov"
    )


def test_a_document_is_withheld_by_its_codes_and_an_unknown_code_from_both() -> None:
    parameters = _parameters()
    parameters["nektet_innsyn"]["NORN_EPO"]["representant"] = False
    table = read_withheld(parameters, CODES)
    assert withheld_from(table, CODES, ["N"]) == []
    assert withheld_from(table, CODES, ["NORN_EPO"]) == ["innbygger"]
    assert withheld_from(table, CODES, ["NORN_EPO", "NORN_FFL"]) == ["innbygger", "representant"]
    assert withheld_from(table, CODES, ["NORN-EPO"]) == ["innbygger", "representant"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.pop("NORN_KUT"), "differ on \\['NORN_KUT'\\]"),
        (lambda t: t.update(NORN_NY=copy.deepcopy(t["NORN_FFL"])), "differ on \\['NORN_NY'\\]"),
        (lambda t: t["NORN_FFL"].pop("representant"), "NORN_FFL"),
        (lambda t: t["NORN_FFL"].update(innbygger="ja"), "NORN_FFL"),
        (lambda t: t["NORN_FFL"].pop("hjemmel"), "NORN_FFL"),
        (lambda t: t["NORN_EPO"].pop("apent_sporsmal"), "apent_sporsmal"),
        (lambda t: t["NORN_FFL"].update(bevisgrad="sikkert"), "bevisgrad"),
    ],
)
def test_a_table_that_does_not_fit_refuses_the_pack(change: Any, message: str) -> None:
    parameters = _parameters()
    change(parameters["nektet_innsyn"])
    with pytest.raises(PolicyError, match=message):
        read_withheld(parameters, CODES)
