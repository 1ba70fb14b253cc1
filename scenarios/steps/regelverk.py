"""Regelverket: policy-pakken og parameterne i parametere.json (endret i en kopi per scenario)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers

from tests.packs import relock

PAKKE = Path(__file__).resolve().parents[2] / "policies" / "pjd"


@pytest.fixture
def policy_dir() -> Path:
    """Pakken tjenesten starter med: repoets policies/pjd, med mindre et steg har endret den."""
    return PAKKE


def _endret_pakke(policy_dir: Path, tmp_path: Path, navn: str, verdi: Any) -> Path:
    """En kopi av pakken med parameteren `navn` satt til `verdi`, låst på nytt."""
    kopi = Path(tempfile.mkdtemp(prefix="pakke-", dir=tmp_path)) / "pjd"
    shutil.copytree(policy_dir, kopi)
    fil = kopi / "parametere.json"
    parametere = json.loads(fil.read_text(encoding="utf-8"))
    assert navn in parametere, f"ukjent parameter {navn!r}; kjente: {sorted(parametere)}"
    oppføring = parametere[navn]
    if isinstance(oppføring, dict) and "verdi" in oppføring:  # verdien står under `verdi`
        oppføring["verdi"] = verdi
    else:
        parametere[navn] = verdi
    fil.write_text(json.dumps(parametere, ensure_ascii=False, indent=2), encoding="utf-8")
    return relock(kopi)  # en endret parameter er en ny, låst pakke


def _verdi(policy_dir: Path, navn: str) -> Any:
    parametere = json.loads((policy_dir / "parametere.json").read_text(encoding="utf-8"))
    return parametere[navn]["verdi"]


@given(parsers.parse('parameteren "{navn}" er {verdi}'), target_fixture="policy_dir")
def parameteren_er(navn: str, verdi: str, policy_dir: Path, tmp_path: Path) -> Path:
    """En kopi av pakken med én parameter endret; verdien skrives som JSON (`"alle"`, `["LE"]`)."""
    return _endret_pakke(policy_dir, tmp_path, navn, json.loads(verdi))


HVEM = {"innbyggeren": "innbygger", "representanter": "representant"}


@given(
    parsers.parse('tabellen "nektet_innsyn" sier at koden "{kode}" ikke nekter {hvem}'),
    target_fixture="policy_dir",
)
def koden_nekter_ikke(kode: str, hvem: str, policy_dir: Path, tmp_path: Path) -> Path:
    """R17 per kode: en kopi av pakken der koden ikke nekter innbyggeren eller representanter."""
    assert hvem in HVEM, f"ukjent {hvem!r}; bruk en av {sorted(HVEM)}"
    tabell = _verdi(policy_dir, "nektet_innsyn")
    assert kode in tabell, f"koden {kode!r} står ikke i tabellen"
    tabell[kode][HVEM[hvem]] = False
    return _endret_pakke(policy_dir, tmp_path, "nektet_innsyn", tabell)
