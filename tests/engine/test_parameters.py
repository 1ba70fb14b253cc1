"""Parameters with their own metadata: engines see only the values, each parameter carries its
meaning, legal basis, grade and review date, and the rules that read it are found in the Cedar."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine import PolicyError, pack_catalogue, read_pack
from engine.parameters import parameter_users
from tests.packs import PJD, ROOT, copy_pack

RAW = json.loads((PJD / "parametere.json").read_text(encoding="utf-8"))


def _with(tmp_path: Path, name: str, entry: Any) -> Path:
    directory = copy_pack(tmp_path / "pjd")
    raw = {**RAW, name: entry}
    (directory / "parametere.json").write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    return directory


def test_engines_see_the_values_only() -> None:
    pack = read_pack(PJD)
    plain = {k: (v if k == "kodeverk" else v["verdi"]) for k, v in RAW.items()}
    assert pack.parameters == plain
    assert "kodeverk" not in pack.parameter_notes
    assert set(pack.parameter_notes) == set(RAW) - {"kodeverk"}


def test_every_parameter_is_read_by_the_rules_that_name_it() -> None:
    pack = read_pack(PJD)
    users = parameter_users(((f.name, f.text) for f in pack.policies), pack.parameter_notes)
    texts = {r.id: r.file for r in pack_catalogue(pack).values()}
    for name, rules in users.items():
        for rule in rules:
            text = (PJD / texts[rule]).read_text(encoding="utf-8")
            derived = pack.parameter_notes[name].notes.get("avledet_som", "")
            assert f"parametere.{name}" in text or derived.rsplit(".", 1)[-1] in text
    assert users["tilbakeblikk_aar"] == ("utenfor_tilbakeblikk",)  # through avledet_som
    assert set(users["sikkerhetsnivaa"]) == {
        "sikkerhetsnivaa_for_lavt",
        "innbygger_sikkerhetsnivaa_for_lavt",
    }


@pytest.mark.parametrize("note", ["beskrivelse", "hjemmel", "bevisgrad", "sist_vurdert"])
def test_a_parameter_missing_a_note_is_refused_naming_it(tmp_path: Path, note: str) -> None:
    entry = {k: v for k, v in RAW["formaal"].items() if k != note}
    with pytest.raises(PolicyError) as caught:
        read_pack(_with(tmp_path, "formaal", entry))
    assert caught.value.file == "parametere.json"
    assert caught.value.message == f"formaal: the parameter lacks {note}"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"bevisgrad": "gjetning"}, "formaal.bevisgrad 'gjetning' is not one of"),
        ({"bevisgrad": "antakelse"}, "must carry formaal.apent_sporsmal"),
        ({"sist_vurdert": "i fjor"}, "formaal.sist_vurdert is not a date"),
        ({"kilde": "x"}, "formaal: notes must be texts among"),
        ({"hjemmel": 45}, "formaal: the parameter lacks hjemmel"),
    ],
)
def test_a_parameter_breaking_the_conventions_is_refused(
    tmp_path: Path, change: dict[str, Any], words: str
) -> None:
    with pytest.raises(PolicyError, match=words.replace(".", r"\.").replace("'", ".")):
        read_pack(_with(tmp_path, "formaal", {**RAW["formaal"], **change}))


def test_a_plain_value_where_metadata_is_asked_for_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="formaal: a parameter is an object"):
        read_pack(_with(tmp_path, "formaal", ["TREAT"]))


def test_a_parameter_no_rule_reads_is_refused(tmp_path: Path) -> None:
    entry = {**RAW["formaal"], "verdi": 1}
    pack = read_pack(_with(tmp_path, "ubrukt", entry))
    with pytest.raises(PolicyError, match="ubrukt: no rule reads the parameter"):
        pack_catalogue(pack)


def test_a_pack_that_asks_for_no_metadata_reads_plain_parameters(tmp_path: Path) -> None:
    directory = copy_pack(tmp_path / "todo", ROOT / "tests" / "fixtures" / "packs" / "todo")
    plain = {"formaal": {"verdi": ["TREAT"]}, "grense": 3}
    (directory / "parametere.json").write_text(json.dumps(plain), encoding="utf-8")
    pack = read_pack(directory)
    assert pack.parameters == plain  # left whole: the pack asks for no metadata
    assert pack.parameter_notes == {}
