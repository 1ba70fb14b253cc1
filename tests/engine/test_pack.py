"""read_pack: what a pack on disk holds, its revision, and the packs it refuses (the manifest
that `load_pack` checks besides: tests/engine/test_manifest.py)."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from engine import CedarEngine, Pack, PolicyError, load_pack, read_pack

PJD = Path(__file__).resolve().parents[2] / "policies" / "pjd"

SCHEMA = "entity User = { name: String };\n"
POLICY = """@id("alle_kan")
@tittel("Alle kan")
@hjemmel("lov § 1")
@bevisgrad("lov")
@sist_vurdert("2026-01-01")
permit (principal, action, resource);
"""


def _copy_pjd(tmp_path: Path) -> Path:
    target = tmp_path / "pjd"
    shutil.copytree(PJD, target)
    return target


def _minimal(tmp_path: Path) -> Path:
    directory = tmp_path / "mini"
    directory.mkdir()
    (directory / "schema.cedarschema").write_text(SCHEMA, encoding="utf-8")
    (directory / "a.cedar").write_text(POLICY, encoding="utf-8")
    (directory / "pack.json").write_text("{}", encoding="utf-8")
    return directory


def _policy_error(directory: Path) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        read_pack(directory)
    return caught.value


# --- the PJD pack -----------------------------------------------------------------------------


def test_loads_the_pjd_pack() -> None:
    pack = load_pack(PJD)
    assert isinstance(pack, Pack)
    assert pack.directory == PJD
    assert pack.namespace == "PJD"
    assert "namespace PJD" in pack.schema
    names = [f.name for f in pack.policies]
    assert names == sorted(names)
    assert {"tilgangsgrunnlag.cedar", "forpliktelser.cedar", "kilde.cedar"} <= set(names)
    assert all(f.text == (PJD / f.name).read_text(encoding="utf-8") for f in pack.policies)
    assert pack.parameters["fastlege_fase"] == "listepasienter"
    assert pack.parameters["tilbakeblikk_aar"] == {"E00-1": 5, "I00-1": 1, "C00-1": 1}
    assert pack.entities == ()
    assert len(pack.revision) == 16
    int(pack.revision, 16)  # hexadecimal


def test_revision_is_stable_across_loads_and_directories(tmp_path: Path) -> None:
    first, second = load_pack(PJD), load_pack(PJD)
    assert first.revision == second.revision
    assert read_pack(_copy_pjd(tmp_path)).revision == first.revision


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("roller.cedar", lambda text: text + "\n// en kommentar\n"),
        ("schema.cedarschema", lambda text: text + "\n// en kommentar\n"),
        ("parametere.json", lambda text: text.replace('"listepasienter"', '"alle"')),
        ("pack.json", lambda text: text.replace("tilgangsregler", "regler")),
    ],
)
def test_revision_changes_when_a_file_changes(
    tmp_path: Path, name: str, change: Callable[[str], str]
) -> None:
    directory = _copy_pjd(tmp_path)
    before = read_pack(directory).revision
    path = directory / name
    new_text = change(path.read_text(encoding="utf-8"))
    assert new_text != path.read_text(encoding="utf-8")
    path.write_text(new_text, encoding="utf-8")
    assert read_pack(directory).revision != before


def test_revision_changes_when_a_policy_file_is_added_or_renamed(tmp_path: Path) -> None:
    directory = _minimal(tmp_path)
    before = read_pack(directory).revision
    (directory / "a.cedar").rename(directory / "b.cedar")
    renamed = read_pack(directory).revision
    assert renamed != before
    (directory / "c.cedar").write_text("// tom\n", encoding="utf-8")
    assert read_pack(directory).revision not in (before, renamed)


def test_revision_changes_when_entities_are_added(tmp_path: Path) -> None:
    directory = _minimal(tmp_path)
    before = read_pack(directory).revision
    entities = [{"uid": {"type": "User", "id": "u"}, "attrs": {"name": "x"}}]
    (directory / "entities.json").write_text(json.dumps(entities), encoding="utf-8")
    pack = read_pack(directory)
    assert pack.revision != before
    assert pack.entities == tuple(entities)


def test_minimal_pack_without_optional_files(tmp_path: Path) -> None:
    pack = read_pack(_minimal(tmp_path))
    assert pack.namespace == ""
    assert pack.parameters == {}
    assert pack.entities == ()
    assert [f.name for f in pack.policies] == ["a.cedar"]


def test_only_top_level_cedar_files_are_policies(tmp_path: Path) -> None:
    directory = _minimal(tmp_path)
    (directory / "notes.txt").write_text("permit (principal, action, resource);", encoding="utf-8")
    (directory / "rego").mkdir()
    (directory / "rego" / "x.cedar").write_text("garbage", encoding="utf-8")
    assert [f.name for f in read_pack(directory).policies] == ["a.cedar"]


# --- refused packs ----------------------------------------------------------------------------


def test_refuses_a_pack_without_schema(tmp_path: Path) -> None:
    directory = _minimal(tmp_path)
    (directory / "schema.cedarschema").unlink()
    error = _policy_error(directory)
    assert error.file.endswith("schema.cedarschema")
    assert "schema" in error.message


def test_refuses_a_missing_directory(tmp_path: Path) -> None:
    error = _policy_error(tmp_path / "finnes_ikke")
    assert error.file.endswith("schema.cedarschema")


def test_refuses_a_pack_without_policy_files(tmp_path: Path) -> None:
    directory = _minimal(tmp_path)
    (directory / "a.cedar").unlink()
    error = _policy_error(directory)
    assert error.file == str(directory)
    assert ".cedar" in error.message


@pytest.mark.parametrize("name", ["parametere.json", "entities.json", "pack.json"])
def test_refuses_invalid_json_naming_file_and_line(tmp_path: Path, name: str) -> None:
    directory = _minimal(tmp_path)
    (directory / name).write_text('{\n  "a": 1,\n  "b": \n}\n', encoding="utf-8")
    error = _policy_error(directory)
    assert error.file == name
    assert error.line == 4
    assert "invalid JSON" in error.message
    assert str(error).startswith(f"{name}:4:")


def test_refuses_invalid_json_in_the_pjd_parameters(tmp_path: Path) -> None:
    directory = _copy_pjd(tmp_path)
    path = directory / "parametere.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].rstrip(",")  # line 3 loses its comma; line 4 is then unexpected
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = _policy_error(directory)
    assert (error.file, error.line) == ("parametere.json", 4)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("parametere.json", "[1, 2]"),
        ("pack.json", '["PJD"]'),
        ("entities.json", '{"uid": "x"}'),
    ],
)
def test_refuses_json_of_the_wrong_shape_with_a_policy_error(
    tmp_path: Path, name: str, text: str
) -> None:
    """Valid JSON of the wrong shape must be a PolicyError (the api's reload catches only that)."""
    directory = _copy_pjd(tmp_path)
    (directory / name).write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        CedarEngine(read_pack(directory))
    assert caught.value.file.endswith(name)


def test_refuses_a_policy_file_that_is_not_utf8_with_a_policy_error(tmp_path: Path) -> None:
    directory = _minimal(tmp_path)
    (directory / "b.cedar").write_bytes("// blåbær\n".encode("latin-1"))
    error = _policy_error(directory)
    assert error.file.endswith("b.cedar")


# --- pack.json: what the service reads of it --------------------------------------------------


def test_the_pjd_pack_says_what_it_requires_and_gives_its_system_texts() -> None:
    pack = load_pack(PJD)
    assert pack.required_annotations == ("id", "tittel", "hjemmel", "bevisgrad", "sist_vurdert")
    assert pack.fact_provider == "pjd"
    assert set(pack.system_rules) == {
        "evaluation_error",
        "ingen_tilgangsgrunnlag",
        "logg_ikke_skrevet",
    }


def test_a_pack_json_without_fields_requires_nothing(tmp_path: Path) -> None:
    pack = read_pack(_minimal(tmp_path))
    assert (pack.required_annotations, pack.system_rules, pack.fact_provider) == ((), {}, "")


def test_a_pack_without_pack_json_is_refused(tmp_path: Path) -> None:
    directory = _minimal(tmp_path)
    (directory / "pack.json").unlink()
    error = _policy_error(directory)
    assert (error.file, error.message) == ("pack.json", "the pack has no pack.json")


@pytest.mark.parametrize(
    ("meta", "key"),
    [
        ({"required_annotations": "id"}, "required_annotations"),
        ({"required_annotations": ["id", 3]}, "required_annotations"),
        ({"required_annotations": [""]}, "required_annotations"),
        ({"system_rules": ["evaluation_error"]}, "system_rules"),
        ({"system_rules": {"evaluation_error": {"tittel": 1}}}, "system_rules"),
        ({"namespace": 7}, "namespace"),
        ({"fact_provider": ["pjd"]}, "fact_provider"),
    ],
)
def test_an_ill_typed_pack_json_field_is_refused(
    tmp_path: Path, meta: dict[str, object], key: str
) -> None:
    directory = _minimal(tmp_path)
    (directory / "pack.json").write_text(json.dumps(meta), encoding="utf-8")
    error = _policy_error(directory)
    assert error.file == "pack.json" and key in error.message


def test_the_pack_holds_its_rego_twin_and_the_sha256_of_each_file_it_read() -> None:
    pack = load_pack(PJD)
    assert [f.name for f in pack.rego] == sorted(
        p.relative_to(PJD).as_posix() for p in PJD.glob("rego/*.rego")
    )
    assert (
        pack.digests["schema.cedarschema"]
        == hashlib.sha256((PJD / "schema.cedarschema").read_bytes()).hexdigest()
    )
    assert pack.manifest == (PJD / "manifest.json").read_bytes()


def test_a_pack_behind_a_link_is_read_from_one_folder(tmp_path: Path) -> None:
    link = tmp_path / "gjeldende"
    link.symlink_to(_copy_pjd(tmp_path), target_is_directory=True)
    pack = load_pack(link)
    assert (pack.directory, pack.revision) == (link, load_pack(PJD).revision)
