"""Regelverket: policy-pakken og parameterne i parametere.json (endret i en kopi per scenario)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from pytest_bdd import given, parsers

from tests.packs import relock

PAKKE = Path(__file__).resolve().parents[2] / "policies" / "pjd"


@pytest.fixture
def policy_dir() -> Path:
    """Pakken tjenesten starter med: repoets policies/pjd, med mindre et steg har endret den."""
    return PAKKE


@given(parsers.parse('parameteren "{navn}" er {verdi}'), target_fixture="policy_dir")
def parameteren_er(navn: str, verdi: str, policy_dir: Path, tmp_path: Path) -> Path:
    """En kopi av pakken med én parameter endret; verdien skrives som JSON (`"alle"`, `["LE"]`)."""
    kopi = Path(tempfile.mkdtemp(prefix="pakke-", dir=tmp_path)) / "pjd"
    shutil.copytree(policy_dir, kopi)
    fil = kopi / "parametere.json"
    parametere = json.loads(fil.read_text(encoding="utf-8"))
    assert navn in parametere, f"ukjent parameter {navn!r}; kjente: {sorted(parametere)}"
    oppføring = parametere[navn]
    if isinstance(oppføring, dict) and "verdi" in oppføring:  # verdien står under `verdi`
        oppføring["verdi"] = json.loads(verdi)
    else:
        parametere[navn] = json.loads(verdi)
    fil.write_text(json.dumps(parametere, ensure_ascii=False, indent=2), encoding="utf-8")
    return relock(kopi)  # en endret parameter er en ny, låst pakke
