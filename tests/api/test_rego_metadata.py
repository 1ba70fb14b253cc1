"""Every rule's `# METADATA` in the Rego twin is generated from its Cedar annotations
(`pjd policies twin`); the load-time twin check still refuses a block that differs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api.rego_metadata import metadata_block, render_metadata, write_metadata
from engine import PolicyError, RegoEngine, read_pack, written_annotations
from tests.packs import PJD


def test_the_committed_twin_equals_a_fresh_generation() -> None:
    pack = read_pack(PJD)
    annotations = written_annotations(pack.policies)
    stale = [f.name for f in pack.rego if render_metadata(f, annotations) != f.text]
    assert stale == [], "regenerate the METADATA blocks with `pjd policies twin`"


def test_a_block_carries_every_cedar_annotation_with_the_title_as_written() -> None:
    notes = written_annotations(read_pack(PJD).policies)["attest_utstedt_fram_i_tid"]
    block = metadata_block(notes)
    assert block[:4] == [
        "# METADATA",
        '# title: "Attesten er utstedt etter tidspunktet for forespørselen, utover tillatt '
        'klokkeavvik"',
        "# scope: rule",
        "# custom:",
    ]
    assert '#   apent_sporsmal: "Q11"' in block
    assert len(block) == 4 + len(notes)


def test_a_changed_annotation_is_written_into_the_twin_and_its_body_kept(tmp_path: Path) -> None:
    directory = Path(shutil.copytree(PJD, tmp_path / "pjd"))
    cedar = directory / "attest.cedar"
    cedar.write_text(cedar.read_text(encoding="utf-8").replace("ATT-6", "ATT-6 og ATT-7"))
    rego = directory / "rego" / "attest.rego"
    before = rego.read_text(encoding="utf-8")
    with pytest.raises(PolicyError, match=r"differs from attest\.cedar"):
        RegoEngine(read_pack(directory))  # a stale twin is refused
    assert write_metadata(directory) == ["rego/attest.rego"]
    after = rego.read_text(encoding="utf-8")
    assert '#   hjemmel: "Tillitsrammeverket ATT-6 og ATT-7"' in after
    assert [x for x in before.splitlines() if not x.startswith("#")] == [
        x for x in after.splitlines() if not x.startswith("#")
    ]
    RegoEngine(read_pack(directory))  # the twin agrees again
    assert write_metadata(directory) == []
