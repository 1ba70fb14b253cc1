"""A signed XUA assertion's attributes, as the PJD request's JSON (`identity` + `attestation`,
or `citizen`): brief.md §2.8.5 (KJ01, a health worker through HelseID/Kjernejournal) and §2.8.6
(HN01, a citizen on helsenorge acting with fullmakt), the tillitsrammeverk's SAML mapping (its
spec §6.3, quoted in brief.md §2.1) and the ACP list (brief.md §2.6).

Health worker (purpose of use from HL7 PurposeOfUse, or ISO 14265 `1`/`2`):

attribute (under any of its names; several given must agree) → PJD request:

- `Subject/NameID` → `identity.pid`
- `xspa:1.0:subject:subject-id`, `xacml:1.0:subject:subject-id` → the name (`claims.name`)
- `SecurityLevel` (`urn:no:ehelse:saml:1.0:subject:…` or bare) → `identity.security_level`
- `xua:2017:subject:provider-identifier` (II, HPR root), `xspa:{1.0,2.0}:subject:npi` →
  `identity.hpr_number` and `practitioner.hpr_nr`
- `xspa:1.0:subject:role`, `xacml:2.0:subject:role` (CE) → `practitioner.authorization`
- `xspa:1.0:subject:organization-id` (II) and `…:organization` → `practitioner.legal_entity`
- `xspa:1.0:subject:child-organization` (II) and `…:child-organization-name` →
  `practitioner.point_of_care`
- `purposeOfUse`, `purposeofuse`, `xacml:2.0:action:purpose` (CE) →
  `care_relationship.purpose_of_use`
- `…:care-relationship:healthcare-service` (CE) → `care_relationship.healthcare_service`
- `…:care-relationship:purpose-of-use-details` (CE) → `care_relationship.purpose_of_use_details`
- `…:care-relationship:decision-ref` (`<id value>`, `<user-selected value>`) →
  `care_relationship.decision_ref`
- `xacml:{1.0,2.0}:resource:resource-id` (CX) → `patients[0].identifier`, `claims.patient`
- `IssueInstant` → `toa`

Citizen (purpose of use ISO 14265 `13`, "Subject of care uses"): `NameID` → `citizen.pid`,
`SecurityLevel` → `citizen.security_level`, the age from the birth date in the national id,
`urn:ihe:iti:xua:2012:acp` → `citizen.representation.acp`, and the `resource-id` is the person
acted for (`representation.pid`, its age likewise).

Decisions where the brief leaves it open, all fail-closed:

- Purpose of use, ISO 14265 (`1.0.14265.1`) → HL7 PurposeOfUse: `1` ClinicalCare → `TREAT`, `2`
  EmergencyCare → `ETREAT` (the codes XcaDocumentSource's `PurposeOfUse_Old.json` lists, brief.md
  §2.5; HL7's TREAT/ETREAT are the same purposes); `5` Management and every other ISO code has no
  counterpart among TREAT/ETREAT/COC/BTG and is refused; `13` makes the assertion a citizen's.
- `toa`: the assertion carries none (NHN issue #156); its `IssueInstant` stands for it, as a
  HelseID token's `iat` does: the attestation is no younger than the assertion NHN made of it.
- Scope: a health worker's assertion must hold `journaldokumenter_helsepersonell`, a citizen's
  `innsynpasientjournal` (comma-separated), the scopes of KJ01 and HN01; else refused.
- Organisations must be HL7 `II` with the org.nr root; a bare number (as HN01's NHN org) is read
  only for a citizen, where it is not used. The HPR number likewise only from an `II` with the
  HPR root (or `npi`, which must agree).
- ACP: for a health worker (codes .4–.8) it is not mapped: each would only widen access, and the
  service's own rules decide. For a citizen, no ACP (or nil, or `.0`) means acting for oneself,
  so the patient must be the citizen; an ACP other than `.0` needs a different patient.
- Age: the birth date in the national id (Folkeregisteret encodes it; D-nummer day + 40 by
  python-stdnum); Skatteetaten's synthetic test persons (month + 80) read as their month − 80.
- Not mapped (no rule reads them): `homeCommunityId`, `client_id`, `Authentication_method`,
  `bppc:2007:docid`, the `AuthnStatement`; a department (`facility-id`) is not in KJ01 and left
  absent.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from lxml import etree

from api.trust.claims import Json, VerifiedClaims
from api.trust.saml_values import (
    Attributes,
    Code,
    age,
    attributes,
    coded,
    decision_ref,
    identifier,
    optional,
    required,
    resource_id,
    text,
)
from api.trust.saml_verify import NS, SignedAssertion, refuse
from engine.pjd import PRODUCTION_TYPE, without_oid_prefix

XSPA, XACML = "urn:oasis:names:tc:xspa:", "urn:oasis:names:tc:xacml:"
EHELSE = "urn:no:ehelse:saml:"
CARE = "urn:nhn:trust-framework:1.0:ext:care-relationship:"
NAME = (f"{XSPA}1.0:subject:subject-id", f"{XACML}1.0:subject:subject-id")
LEVEL = (f"{EHELSE}1.0:subject:SecurityLevel", "SecurityLevel")
SCOPE = (f"{EHELSE}1.0:subject:Scope", "Scope")
ROLE = (f"{XSPA}1.0:subject:role", f"{XACML}2.0:subject:role")
PURPOSE = (
    f"{XSPA}1.0:subject:purposeOfUse",
    f"{XSPA}1.0:subject:purposeofuse",
    f"{XACML}2.0:action:purpose",
)
PROVIDER = ("urn:ihe:iti:xua:2017:subject:provider-identifier",)
NPI = (f"{XSPA}2.0:subject:npi", f"{XSPA}1.0:subject:npi")
ORGANIZATION = (f"{XSPA}1.0:subject:organization",)
ORGANIZATION_ID = (f"{XSPA}1.0:subject:organization-id",)
CHILD_ORGANIZATION = (f"{XSPA}1.0:subject:child-organization",)
CHILD_NAME = ("urn:nhn:trust-framework:1.0:ext:subject:child-organization-name",)
SERVICE = (f"{CARE}healthcare-service",)
DETAILS = (f"{CARE}purpose-of-use-details",)
DECISION_REF = (f"{CARE}decision-ref",)
RESOURCE = (f"{XACML}2.0:resource:resource-id", f"{XACML}1.0:resource:resource-id")
ACP = ("urn:ihe:iti:xua:2012:acp",)

HL7_PURPOSE = "2.16.840.1.113883.1.11.20448"
ISO_PURPOSE = "1.0.14265.1"
ISO_TO_HL7 = {"1": "TREAT", "2": "ETREAT"}  # brief.md §2.5; any other ISO code is refused
ISO_CITIZEN = "13"  # Subject of care uses
HPR, ORGNR = "2.16.578.1.12.4.1.4.4", "2.16.578.1.12.4.1.4.101"
ACP_SYSTEM, ACP_SELF = "2.16.578.1.12.4.1.7.2.1", "0"
HEALTH_PERSONNEL_SCOPE, CITIZEN_SCOPE = "journaldokumenter_helsepersonell", "innsynpasientjournal"


def claims_of(signed: SignedAssertion, now: datetime) -> VerifiedClaims:
    """The verified claims of a signed assertion: a health worker's or a citizen's, by the
    purpose of use it states."""
    found = attributes(signed.element)
    person = _name_id(signed.element)
    purpose = required(found, PURPOSE, coded)
    patient = required(found, RESOURCE, resource_id)
    claims = VerifiedClaims(
        source="saml",
        name=required(found, NAME, text),
        patient=patient.value,
        issued_at=signed.issued_at,
        expires_at=signed.expires_at,
    )
    level = required(found, LEVEL, text)
    if (without_oid_prefix(purpose.system), purpose.value) == (ISO_PURPOSE, ISO_CITIZEN):
        _require_scope(found, CITIZEN_SCOPE)
        return _citizen(claims, found, person, level, now)
    _require_scope(found, HEALTH_PERSONNEL_SCOPE)
    identity: Json = {"pid": person, "security_level": level}
    hpr = _hpr_number(found)
    if hpr is not None:
        identity["hpr_number"] = hpr
    attestation = _attestation(found, _purpose(purpose), patient, hpr, signed.issued_at)
    return replace(claims, identity=identity, attestation=attestation)


def _name_id(assertion: etree._Element) -> str:
    found = assertion.findall("saml:Subject/saml:NameID", NS)
    if len(found) != 1 or not (found[0].text or "").strip():
        raise refuse("the Assertion must name its subject (one Subject/NameID)")
    return str(found[0].text)


def _require_scope(found: Attributes, scope: str) -> None:
    given = required(found, SCOPE, text)
    if scope not in [s.strip() for s in given.split(",")]:
        raise refuse(f"the Assertion's scope does not hold {scope!r}")


def _purpose(purpose: Code) -> Json:
    """A health worker's purpose of use as HL7 PurposeOfUse (the ISO 14265 table above)."""
    system = without_oid_prefix(purpose.system)
    if system == ISO_PURPOSE:
        if purpose.value not in ISO_TO_HL7:
            raise refuse(f"the ISO 14265 purpose {purpose.value!r} has no HL7 counterpart here")
        return {"code": ISO_TO_HL7[purpose.value], "system": f"urn:oid:{HL7_PURPOSE}"}
    return {"code": purpose.value, "system": purpose.system}


def _hpr_number(found: Attributes) -> str | None:
    """The HPR number of `provider-identifier` (an II with the HPR root) and `npi`, agreeing."""
    numbers: set[str] = set()
    provider = optional(found, PROVIDER, identifier)
    if provider is not None:
        if without_oid_prefix(provider.system) != HPR:
            raise refuse("a health worker's provider-identifier must be an HPR number")
        numbers.add(provider.value)
    npi = optional(found, NPI, text)
    if npi is not None:
        numbers.add(npi)
    if len(numbers) > 1:
        raise refuse("provider-identifier and npi name different HPR numbers")
    return numbers.pop() if numbers else None


def _organisation(found: Attributes, ids: tuple[str, ...], names: tuple[str, ...]) -> Json | None:
    ident = optional(found, ids, identifier)
    if ident is None:
        return None
    if without_oid_prefix(ident.system) != ORGNR:
        raise refuse(f"the attribute {ids[0]!r} must be an org.nr")
    name = optional(found, names, text)
    return {"id": ident.value, "system": ident.system, **({} if name is None else {"name": name})}


def _code(found: Attributes, names: tuple[str, ...]) -> Json | None:
    code = optional(found, names, coded)
    return None if code is None else {"code": code.value, "system": code.system}


def _decision_ref(found: Attributes) -> Json | None:
    ref = optional(found, DECISION_REF, decision_ref)
    return None if ref is None else {"id": ref[0], "user_selected": ref[1]}


def _present(**values: Json | None) -> Json:
    return {k: v for k, v in values.items() if v is not None}


def _attestation(
    found: Attributes, purpose: Json, patient: Code, hpr: str | None, issued: datetime
) -> Json:
    """The attestation in its production shape (`nhn:tillitsrammeverk:parameters`)."""
    practitioner = _present(
        hpr_nr=None if hpr is None else {"id": hpr, "system": f"urn:oid:{HPR}"},
        authorization=_code(found, ROLE),
        legal_entity=_organisation(found, ORGANIZATION_ID, ORGANIZATION),
        point_of_care=_organisation(found, CHILD_ORGANIZATION, CHILD_NAME),
    )
    care = _present(
        healthcare_service=_code(found, SERVICE),
        purpose_of_use=purpose,
        purpose_of_use_details=_code(found, DETAILS),
        decision_ref=_decision_ref(found),
    )
    person = {"id": patient.value, "system": f"urn:oid:{without_oid_prefix(patient.system)}"}
    return {
        "type": PRODUCTION_TYPE,
        "toa": int(issued.timestamp()),
        "practitioner": practitioner,
        "care_relationship": care,
        "patients": [{"identifier": person}],
    }


def _citizen(
    claims: VerifiedClaims, found: Attributes, person: str, level: str, now: datetime
) -> VerifiedClaims:
    """A citizen acting for themself, or (ACP other than `.0`) for the patient."""
    citizen: Json = {"pid": person, "security_level": level, "age": age(person, now, "NameID")}
    code = optional(found, ACP, text)
    acting_for_self = code is None or without_oid_prefix(code) == f"{ACP_SYSTEM}.{ACP_SELF}"
    patient = str(claims.patient)
    if acting_for_self != (patient == person):
        raise refuse("the ACP and the resource-id disagree on whom the citizen acts for")
    if code is not None and not acting_for_self:
        represented = age(patient, now, "resource-id")
        citizen["representation"] = {"acp": code, "pid": patient, "age": represented}
    return replace(claims, citizen=citizen)
