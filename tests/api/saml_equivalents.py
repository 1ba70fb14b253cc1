"""The JSON equivalents of KJ01 and HN01 (tests/fixtures/saml/), read off the assertions by
hand: what a PJD request sends as `identity` + `attestation`, or `citizen`, for the same person,
at the tests' clock `NOW` (the tests sign the assertions as issued a minute before it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
ISSUED = int(datetime(2026, 11, 26, 9, 59, tzinfo=UTC).timestamp())  # IssueInstant, as `toa`
OID = "urn:oid:2.16.578.1.12.4.1"

Json = dict[str, Any]

# KJ01 (brief.md §2.8.5), read by hand: what its JSON equivalent sends
KJ01_IDENTITY: Json = {"pid": "06828399789", "security_level": "4", "hpr_number": "565505933"}
KJ01_ATTESTATION: Json = {
    "type": "nhn:tillitsrammeverk:parameters",
    "toa": ISSUED,
    "practitioner": {
        "hpr_nr": {"id": "565505933", "system": f"{OID}.4.4"},
        "authorization": {"code": "LE", "system": f"{OID}.1.9060"},
        "legal_entity": {"id": "960510542", "system": f"{OID}.4.101", "name": "VOSS HERAD"},
        "point_of_care": {"id": "874593842", "system": f"{OID}.4.101", "name": "VOSS SJUKEHEIM"},
    },
    "care_relationship": {
        "healthcare_service": {"code": "KP01", "system": f"{OID}.1.8663"},
        "purpose_of_use": {"code": "TREAT", "system": "urn:oid:2.16.840.1.113883.1.11.20448"},
        "decision_ref": {"id": "07b4b65f-a538-4c88-b845-c8fd18702f83", "user_selected": True},
    },
    "patients": [{"identifier": {"id": "29698496140", "system": f"{OID}.4.1"}}],
}
# HN01 (brief.md §2.8.6): 29844697323 (born 1946-04-29) with fullmakt for 17855599120 (1955-05-17)
HN01_CITIZEN: Json = {
    "pid": "29844697323",
    "security_level": "4",
    "age": 80,
    "representation": {"acp": f"{OID}.7.2.1.2", "pid": "17855599120", "age": 71},
}
