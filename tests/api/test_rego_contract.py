"""`rego/inndata.rego` is generated from `schema.cedarschema` (`pjd policies twin`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from api.rego_contract import FILE, render_contract, write_contract
from tests.packs import PJD


def _fresh(directory: Path = PJD) -> str:
    current = (directory / FILE).read_text(encoding="utf-8")
    return render_contract((directory / "schema.cedarschema").read_text(encoding="utf-8"), current)


def test_the_committed_contract_equals_a_fresh_generation() -> None:
    committed = (PJD / FILE).read_text(encoding="utf-8")
    assert committed == _fresh(), "regenerate rego/inndata.rego with `pjd policies twin`"


def test_the_opening_comment_is_kept_and_every_type_is_named() -> None:
    text = _fresh()
    assert text.startswith("package pjd\n\n# Inndata — kontrakten mellom tjenesten og reglene")
    for name in ("Helsepersonell", "Innbygger", "Dokument", "Pasient", "Kontekst", "Parametere"):
        assert f'\t"{name}": {{' in text
    assert '"konsument?": "Konsument"' in text
    assert '"view_log": {"principal": ["Innbygger"], "resource": ["Pasient"]}' in text
    assert '"parametere"' not in text  # the parameters are data.parametere


def test_a_schema_change_is_written_into_the_contract(tmp_path: Path) -> None:
    directory = Path(shutil.copytree(PJD, tmp_path / "pjd"))
    schema = directory / "schema.cedarschema"
    text = schema.read_text(encoding="utf-8")
    schema.write_text(text.replace("    pasient_alder: Long,", "    pasient_alder?: Long,"))
    assert write_contract(directory)
    assert '"pasient_alder?": "Long"' in (directory / FILE).read_text(encoding="utf-8")
    assert not write_contract(directory)
