"""The pack's manifest: what it locks, that every committed one is fresh, and every tampering
with a pack — emptied, deleted, added or edited files, removed rules, a manifest edited to match
without a new signature — refused by `load_pack`, naming the file and what is wrong."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from engine import (
    PolicyError,
    build_manifest,
    load_pack,
    pack_catalogue,
    read_pack,
    rule_ids,
    rules_of_rego,
    sign_manifest,
)
from tests.packs import PJD, ROOT, copy_pack, relock

FIXTURE_PACKS = sorted(p for p in (ROOT / "tests" / "fixtures" / "packs").iterdir() if p.is_dir())
PERMIT_ALL = '@id("alt_er_lov")\npermit (principal, action, resource);\n'


def keypair() -> tuple[bytes, bytes]:
    """A fresh Ed25519 key: (private PEM, public PEM)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


def sign(directory: Path, private: bytes) -> None:
    manifest = (directory / "manifest.json").read_bytes()
    (directory / "manifest.sig").write_bytes(sign_manifest(manifest, private))


def refusal(directory: Path, key: bytes | None = None) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        load_pack(directory, key)
    return caught.value


# --- what the manifest locks ------------------------------------------------------------------


@pytest.mark.parametrize("directory", [PJD, *FIXTURE_PACKS], ids=lambda p: p.name)
def test_every_committed_manifest_is_a_fresh_lock(directory: Path) -> None:
    committed = (directory / "manifest.json").read_bytes()
    fresh = build_manifest(read_pack(directory))
    assert committed == fresh, f"{directory} changed since its lock: run `pjd policies lock`"
    load_pack(directory)


def test_the_manifest_lists_every_deciding_file_with_its_sha256() -> None:
    files = json.loads((PJD / "manifest.json").read_text(encoding="utf-8"))["files"]
    on_disk = {p.relative_to(PJD).as_posix() for p in PJD.glob("*.cedar")}
    on_disk |= {p.relative_to(PJD).as_posix() for p in PJD.glob("rego/*.rego")}
    on_disk |= {"schema.cedarschema", "parametere.json", "pack.json"}
    assert set(files) == on_disk
    assert list(files) == sorted(files)
    assert all(re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) for entry in files.values())


def test_the_manifest_lists_each_files_rule_ids_as_the_catalogue_and_the_twin() -> None:
    pack = load_pack(PJD)
    files = json.loads(pack.manifest or b"")["files"]
    for ref in pack_catalogue(pack).values():
        if ref.effect != "system":
            assert ref.id in files[ref.file]["rules"]
    for twin in pack.rego:
        assert files[twin.name]["rules"] == sorted(r.id for r in rules_of_rego(twin))
    rules = [r for r in pack_catalogue(pack).values() if r.effect != "system"]
    assert sum(len(v["rules"]) for k, v in files.items() if k.endswith(".cedar")) == len(rules)
    assert files["rego/inndata.rego"]["rules"] == []
    assert "rules" not in files["parametere.json"]


def test_the_lock_is_deterministic_and_the_same_in_any_folder(tmp_path: Path) -> None:
    copy = copy_pack(tmp_path / "pjd")
    assert build_manifest(read_pack(copy)) == build_manifest(read_pack(PJD))
    assert rule_ids(read_pack(copy)) == rule_ids(read_pack(PJD))


# --- tampering, refused -------------------------------------------------------------------------


def _empty(name: str) -> Callable[[Path], None]:
    def empty(d: Path) -> None:
        (d / name).write_text("", encoding="utf-8")

    return empty


def _delete(*names: str) -> Callable[[Path], None]:
    def delete(d: Path) -> None:
        for name in names:
            (d / name).unlink()

    return delete


def _keep_only(name: str) -> Callable[[Path], None]:
    def keep(d: Path) -> None:
        for path in d.glob("*.cedar"):
            if path.name != name:
                path.unlink()

    return keep


def _add(name: str, text: str) -> Callable[[Path], None]:
    def add(d: Path) -> None:
        (d / name).write_text(text, encoding="utf-8")

    return add


def _edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        text = (d / name).read_text(encoding="utf-8")
        assert old in text, f"{name} lacks {old!r}"
        (d / name).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _truncate(name: str) -> Callable[[Path], None]:
    def truncate(d: Path) -> None:
        text = (d / name).read_text(encoding="utf-8")
        (d / name).write_text(text[: len(text) // 2], encoding="utf-8")

    return truncate


def _remove_rule(name: str, rule: str) -> Callable[[Path], None]:
    """Cut rule `rule`'s annotations and policy out of `name` (up to the next blank line)."""

    def remove(d: Path) -> None:
        text = (d / name).read_text(encoding="utf-8")
        start = text.index(f'@id("{rule}")')
        end = text.find("\n\n", start)
        (d / name).write_text(text[:start] + (text[end:] if end >= 0 else ""), encoding="utf-8")

    return remove


SPERRET = "'pasient_sperret_pjd' missing"
# name → (tampering, the file the refusal names, words in its message)
TAMPERING: dict[str, tuple[Callable[[Path], None], str, tuple[str, ...]]] = {
    "emptied": (_empty("pasientens_valg.cedar"), "pasientens_valg.cedar", ("emptied", SPERRET)),
    "truncated": (_truncate("pasientens_valg.cedar"), "pasientens_valg.cedar", ("altered",)),
    "deleted": (_delete("sperrede_dokumenter.cedar"), "sperrede_dokumenter.cedar", ("missing",)),
    "deleted_with_twin": (
        _delete("pasientens_valg.cedar", "rego/pasientens_valg.rego"),
        "pasientens_valg.cedar",
        ("missing", "rego/pasientens_valg.rego: missing"),
    ),
    "all_but_the_grants": (_keep_only("tilgangsgrunnlag.cedar"), "attest.cedar", ("missing",)),
    "added_cedar": (_add("ekstra.cedar", PERMIT_ALL), "ekstra.cedar", ("added",)),
    "added_rego": (_add("rego/ekstra.rego", "package pjd\n"), "rego/ekstra.rego", ("added",)),
    "emptied_twin": (
        _empty("rego/pasientens_valg.rego"),
        "rego/pasientens_valg.rego",
        ("emptied", SPERRET),
    ),
    "parameter": (
        _edit("parametere.json", '"listepasienter"', '"alle"'),
        "parametere.json",
        ("altered",),
    ),
    "rule_removed": (
        _remove_rule("sperrede_dokumenter.cedar", "dokument_sperret_nors"),
        "sperrede_dokumenter.cedar",
        ("'dokument_sperret_nors' missing",),
    ),
    "pack_json_deleted": (_delete("pack.json"), "pack.json", ("no pack.json",)),
    "schema_deleted": (_delete("schema.cedarschema"), "schema.cedarschema", ("no schema",)),
    "manifest_deleted": (_delete("manifest.json"), "manifest.json", ("pjd policies lock",)),
}


@pytest.mark.parametrize("case", TAMPERING)
def test_a_tampered_pack_is_refused_naming_the_file(tmp_path: Path, case: str) -> None:
    tamper, file, words = TAMPERING[case]
    directory = copy_pack(tmp_path / "pjd")
    tamper(directory)
    error = refusal(directory)
    assert error.file.endswith(file), str(error)
    for word in words:
        assert word in error.message, str(error)


def test_an_added_file_that_does_not_decide_is_no_tampering(tmp_path: Path) -> None:
    directory = copy_pack(tmp_path / "pjd")
    (directory / "NOTATER.md").write_text("permit (principal, action, resource);\n")
    (directory / "rego" / "x.cedar").write_text(PERMIT_ALL)
    assert load_pack(directory).revision == load_pack(PJD).revision


def test_a_manifest_whose_rule_ids_were_edited_is_refused(tmp_path: Path) -> None:
    directory = copy_pack(tmp_path / "pjd")
    path = directory / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["files"]["kilde.cedar"]["rules"].append("kilde_er_alltid_grei")
    path.write_text(json.dumps(data), encoding="utf-8")
    error = refusal(directory)
    assert error.file == "kilde.cedar"
    assert "'kilde_er_alltid_grei' missing" in error.message


@pytest.mark.parametrize(
    "text",
    ["", "[]", '{"format": 2, "files": {}}', '{"format": 1, "files": {}}', "{nei"],
    ids=["empty", "list", "format", "no_files", "not_json"],
)
def test_a_malformed_manifest_is_refused(tmp_path: Path, text: str) -> None:
    directory = copy_pack(tmp_path / "pjd")
    (directory / "manifest.json").write_text(text, encoding="utf-8")
    assert refusal(directory).file == "manifest.json"


def test_a_changed_pack_locked_again_loads(tmp_path: Path) -> None:
    directory = copy_pack(tmp_path / "pjd")
    TAMPERING["parameter"][0](directory)
    assert load_pack(relock(directory)).parameters["fastlege_fase"] == "alle"


# --- the signature ------------------------------------------------------------------------------


def test_a_signed_pack_loads_under_its_key(tmp_path: Path) -> None:
    private, public = keypair()
    directory = copy_pack(tmp_path / "pjd")
    sign(directory, private)
    assert load_pack(directory, public).revision == load_pack(PJD).revision
    assert load_pack(directory).revision == load_pack(PJD).revision  # no key: not checked


def test_a_key_requires_a_signature(tmp_path: Path) -> None:
    _, public = keypair()
    error = refusal(copy_pack(tmp_path / "pjd"), public)
    assert (error.file, "missing") == ("manifest.sig", error.message.split(":")[0])


def test_a_manifest_relocked_over_a_tampered_file_without_a_new_signature_is_refused(
    tmp_path: Path,
) -> None:
    private, public = keypair()
    directory = copy_pack(tmp_path / "pjd")
    sign(directory, private)
    TAMPERING["emptied"][0](directory)
    relock(directory)  # the manifest now matches the emptied file; the signature is the old one
    error = refusal(directory, public)
    assert error.file == "manifest.sig"
    assert "does not sign manifest.json" in error.message


def test_a_signature_by_another_key_is_refused(tmp_path: Path) -> None:
    private, _ = keypair()
    _, other = keypair()
    directory = copy_pack(tmp_path / "pjd")
    sign(directory, private)
    assert refusal(directory, other).file == "manifest.sig"


def test_a_garbled_signature_is_refused(tmp_path: Path) -> None:
    _, public = keypair()
    directory = copy_pack(tmp_path / "pjd")
    (directory / "manifest.sig").write_text("ikke base64!\n")
    error = refusal(directory, public)
    assert (error.file, error.message) == ("manifest.sig", "not a base64 Ed25519 signature")


def test_a_key_that_is_not_an_ed25519_public_key_is_refused(tmp_path: Path) -> None:
    private, _ = keypair()
    directory = copy_pack(tmp_path / "pjd")
    sign(directory, private)
    assert refusal(directory, b"not a key").file == "public key"
    assert refusal(directory, private).file == "public key"  # the private half


def test_signing_wants_an_ed25519_private_key() -> None:
    _, public = keypair()
    with pytest.raises(ValueError, match="private key"):
        sign_manifest(b"{}", public)
