"""The requests the benchmark decides: built from the demo registry and the spec's examples."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.fixtures import ATTESTATIONS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ATTESTATIONS
AT = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
CLASSES = ("A00-1", "E00-1", "I00-1", "C00-1", "B00-1")
SOURCES = ("914637651", "983974899", "974116588")


def attestation() -> dict[str, Any]:
    """Worked examples' BASE: eksempel 3 with toa and decision_ref."""
    raw: dict[str, Any] = json.loads(
        (EXAMPLES / "v1.1-eksempel-3-anestesilege.normalized.json").read_text()
    )
    raw["toa"] = int(AT.timestamp()) - 300
    raw["care_relation"]["decision_ref"] = {"id": "0b1f84dd-6a42", "user_selected": False}
    return raw


def document(i: int) -> dict[str, Any]:
    """The i-th document of a list: classes, sources and years vary."""
    return {
        "id": f"D{i}",
        "source": SOURCES[i % len(SOURCES)],
        "class_code": CLASSES[i % len(CLASSES)],
        "confidentiality": ["N"],
        "service_time": f"{2016 + i % 10}-0{1 + i % 9}-15T10:00:00Z",
    }


def body(action: str, documents: int) -> dict[str, Any]:
    """A PJD request body with `documents` documents."""
    return {
        "action": action,
        "path": "kjernejournalforskriften",
        "access_basis": "samtykke",
        "patient": "05076600324",
        "identity": {"pid": "05086900124", "hpr_number": "222200068", "security_level": "4"},
        "attestation": attestation(),
        "documents": [document(i) for i in range(documents)],
        "at": AT.isoformat(),
    }
