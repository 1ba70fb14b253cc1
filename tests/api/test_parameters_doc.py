"""The parameter table of policies/README.md is generated from the pack (`pjd catalogue`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api.parameters_doc import END, START, render_parameters, with_parameters, write_parameters
from engine import PolicyError, load_pack, read_pack
from tests.packs import PJD, ROOT

README = ROOT / "policies" / "README.md"


def test_the_committed_readme_holds_a_fresh_table() -> None:
    text = README.read_text(encoding="utf-8")
    assert text == with_parameters(text, render_parameters(load_pack(PJD))), (
        "regenerate the parameter table with `pjd catalogue`"
    )


def test_each_parameter_has_a_row_with_its_value_and_users() -> None:
    table = render_parameters(read_pack(PJD))
    assert table.startswith(START) and table.endswith(END)
    assert "| `fastlege_fase` | `listepasienter` (bare egne listepasienter) eller `alle` |" in table
    assert "| antakelse (Q9) | 2026-11-26 | `foreldre_barn_for_gammelt` |" in table
    assert "kodeverk" not in table


def test_write_replaces_only_the_table(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"før\n{START}\nutdatert tabell\n{END}\netter\n", encoding="utf-8")
    assert write_parameters(PJD, readme)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("før\n" + START) and text.endswith(END + "\netter\n")
    assert "utdatert tabell" not in text


def test_a_readme_without_markers_is_refused() -> None:
    with pytest.raises(PolicyError, match="no parameter table"):
        with_parameters("ingen tabell", "x")


def test_a_pack_without_parameter_metadata_writes_nothing(tmp_path: Path) -> None:
    generic = ROOT / "tests" / "fixtures" / "packs"
    pack = next(p for p in sorted(generic.iterdir()) if (p / "manifest.json").is_file())
    readme = tmp_path / "README.md"
    readme.write_text("urørt", encoding="utf-8")
    assert not write_parameters(shutil.copytree(pack, tmp_path / "p"), readme)
    assert readme.read_text(encoding="utf-8") == "urørt"
