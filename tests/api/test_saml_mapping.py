"""api.trust.saml: KJ01 and HN01's attributes as the PJD request's JSON; disagreeing, unknown
or malformed values are refused, never guessed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from api.config import Settings
from api.pjd.citizens import CitizenIn
from api.pjd.schemas import IdentityIn
from api.trust.claims import ClaimsRefused, VerifiedClaims
from api.trust.saml import verify
from api.trust.saml_values import age
from engine.pjd import parse_attestation
from tests.api.saml_equivalents import (
    HN01_CITIZEN,
    ISSUED,
    KJ01_ATTESTATION,
    KJ01_IDENTITY,
    NOW,
    OID,
)
from tests.api.saml_signing import (
    AUDIENCE,
    HN01,
    KJ01,
    NS,
    SAML,
    attribute_value,
    settings_trusting,
    signed,
    signing_key,
)

KEY = signing_key("gateway", NOW)
XSPA = "urn:oasis:names:tc:xspa:1.0:subject:"
ROLE, PURPOSE = f"{XSPA}role", f"{XSPA}purposeOfUse"
ACP = "urn:ihe:iti:xua:2012:acp"
RESOURCE = "urn:oasis:names:tc:xacml:2.0:resource:resource-id"

Json = dict[str, Any]
Change = Callable[[etree._Element], None]


def settings_for(tmp_path: Path, name: str) -> Settings:
    return settings_trusting(tmp_path, AUDIENCE[name], KEY)


def claims(tmp_path: Path, name: str, before: Change | None = None) -> VerifiedClaims:
    return verify(signed(name, NOW, KEY, before), settings_for(tmp_path, name), NOW)


def refusal(tmp_path: Path, name: str, before: Change) -> str:
    with pytest.raises(ClaimsRefused) as refused:
        claims(tmp_path, name, before)
    return refused.value.message


def set_value(name: str, value: str | None) -> Change:
    """Before signing: the attribute `name`'s value set (None: made nil)."""

    def change(root: etree._Element) -> None:
        element = attribute_value(root, name)
        if value is None:
            element.text = None
            element.set("{http://www.w3.org/2001/XMLSchema-instance}nil", "true")
        else:
            element.text = value

    return change


def add_attribute(name: str, value: str) -> Change:
    def change(root: etree._Element) -> None:
        statement = root.find("saml:AttributeStatement", NS)
        assert statement is not None
        attribute = etree.SubElement(statement, f"{{{SAML}}}Attribute", Name=name)
        etree.SubElement(attribute, f"{{{SAML}}}AttributeValue").text = value

    return change


def remove_attribute(name: str) -> Change:
    def change(root: etree._Element) -> None:
        found = root.find(f"saml:AttributeStatement/saml:Attribute[@Name='{name}']", NS)
        assert found is not None
        found.getparent().remove(found)  # type: ignore[union-attr]

    return change


def both(*changes: Change) -> Change:
    def change(root: etree._Element) -> None:
        for one in changes:
            one(root)

    return change


def ce(tag: str, code: str, system: str) -> str:
    return f'<{tag} xmlns="urn:hl7-org:v3" xsi:type="CE" code="{code}" codeSystem="{system}"/>'


# --- KJ01: a health worker --------------------------------------------------------------------


def test_kj01_maps_onto_identity_and_a_production_attestation(tmp_path: Path) -> None:
    mapped = claims(tmp_path, KJ01)
    assert mapped.identity == KJ01_IDENTITY
    assert mapped.attestation == KJ01_ATTESTATION
    assert mapped.citizen is None
    assert (mapped.name, mapped.patient) == ("KVART GREVLING", "29698496140")


def test_kj01s_claims_are_what_the_pjd_request_takes(tmp_path: Path) -> None:
    mapped = claims(tmp_path, KJ01)
    IdentityIn.model_validate(mapped.identity)
    attestation = parse_attestation(mapped.attestation)
    assert attestation.variant == "production"
    assert attestation.authorization is not None and attestation.authorization.code == "LE"
    assert attestation.toa == ISSUED


def test_a_role_given_as_an_element_maps_as_its_escaped_text(tmp_path: Path) -> None:
    def as_element(root: etree._Element) -> None:
        for name in (ROLE, "urn:oasis:names:tc:xacml:2.0:subject:role"):
            value = attribute_value(root, name)
            value.text = None
            value.append(etree.fromstring(ce("Role", "LE", f"{OID}.1.9060").replace("xsi:", "")))

    assert claims(tmp_path, KJ01, as_element).attestation == KJ01_ATTESTATION


@pytest.mark.parametrize(
    ("code", "expected"),
    [("1", "TREAT"), ("2", "ETREAT")],
)
def test_an_iso_14265_purpose_maps_by_the_table(tmp_path: Path, code: str, expected: str) -> None:
    iso = both(
        set_value(PURPOSE, ce("PurposeOfUse", code, "1.0.14265.1")),
        remove_attribute("urn:oasis:names:tc:xacml:2.0:action:purpose"),
    )
    mapped = claims(tmp_path, KJ01, iso)
    assert mapped.attestation is not None
    purpose = mapped.attestation["care_relationship"]["purpose_of_use"]
    assert purpose == {"code": expected, "system": "urn:oid:2.16.840.1.113883.1.11.20448"}


def test_an_iso_14265_purpose_without_a_counterpart_is_refused(tmp_path: Path) -> None:
    iso = both(
        set_value(PURPOSE, ce("PurposeOfUse", "5", "1.0.14265.1")),
        remove_attribute("urn:oasis:names:tc:xacml:2.0:action:purpose"),
    )
    assert "no HL7 counterpart" in refusal(tmp_path, KJ01, iso)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_value(ROLE, ce("Role", "SP", f"{OID}.1.9060")), "disagree"),
        (set_value(RESOURCE, "05076600324^^^&2.16.578.1.12.4.1.4.1&ISO"), "disagree"),
        (set_value("urn:oasis:names:tc:xspa:2.0:subject:npi", "9144897"), "disagree"),
        (
            both(
                set_value("urn:oasis:names:tc:xspa:2.0:subject:npi", "9144897"),
                set_value("urn:oasis:names:tc:xspa:1.0:subject:npi", "9144897"),
            ),
            "different HPR",
        ),
        (set_value("urn:oasis:names:tc:xacml:1.0:subject:subject-id", "ANNEN"), "disagree"),
    ],
    ids=["role", "patient", "npi", "hpr", "name"],
)
def test_names_of_one_thing_that_disagree_are_refused(
    tmp_path: Path, change: Change, message: str
) -> None:
    assert message in refusal(tmp_path, KJ01, change)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (add_attribute(ROLE, "again"), "given twice"),
        (set_value("urn:no:ehelse:saml:1.0:subject:Scope", "innsynpasientjournal"), "scope"),
        (set_value(RESOURCE, "29698496140"), "id^^^&OID&ISO"),
        (set_value(f"{XSPA}organization-id", "960510542"), "HL7"),
        (
            set_value(f"{XSPA}child-organization", ce("x", "1", "2").replace("CE", "II")),
            "lacks 'extension'",
        ),
        (
            set_value(
                "urn:ihe:iti:xua:2017:subject:provider-identifier",
                '<id xmlns="urn:hl7-org:v3" extension="06828399789" root="2.16.578.1.12.4.1.4.1"/>',
            ),
            "must be an HPR number",
        ),
        (set_value(ROLE, '<!DOCTYPE r [<!ENTITY a "b">]><Role/>'), "not safe"),
        (
            set_value(
                "urn:nhn:trust-framework:1.0:ext:care-relationship:decision-ref",
                '<decision-ref><id value="x"/><user-selected value="ja"/></decision-ref>',
            ),
            "True or False",
        ),
        (set_value(ROLE, "LE"), "HL7"),
    ],
    ids=[
        "twice",
        "scope",
        "resource-id",
        "bare-orgnr",
        "no-extension",
        "provider-not-hpr",
        "dtd-in-value",
        "user-selected",
        "role-as-text",
    ],
)
def test_a_value_the_mapping_cannot_read_is_refused(
    tmp_path: Path, change: Change, message: str
) -> None:
    assert message in refusal(tmp_path, KJ01, change)


def test_without_any_purpose_the_assertion_is_refused(tmp_path: Path) -> None:
    none_left = both(
        remove_attribute(PURPOSE), remove_attribute("urn:oasis:names:tc:xacml:2.0:action:purpose")
    )
    assert "is missing" in refusal(tmp_path, KJ01, none_left)


def test_a_health_workers_acp_is_not_mapped(tmp_path: Path) -> None:
    fastlege = set_value(ACP, f"{OID}.7.2.1.4")
    assert claims(tmp_path, KJ01, fastlege).attestation == KJ01_ATTESTATION


# --- HN01: a citizen --------------------------------------------------------------------------


def test_hn01_maps_onto_a_citizen_acting_with_fullmakt(tmp_path: Path) -> None:
    mapped = claims(tmp_path, HN01)
    assert mapped.citizen == HN01_CITIZEN
    assert mapped.identity is None and mapped.attestation is None
    assert mapped.patient == "17855599120"
    assert mapped.name == "Salig Jordb\\u00E6r"  # as NHN published it
    CitizenIn.model_validate(mapped.citizen)


def test_a_citizen_acting_for_themself_has_no_representation(tmp_path: Path) -> None:
    own = both(
        set_value(RESOURCE, "29844697323^^^&2.16.578.1.12.4.1.4.1&ISO"),
        set_value(ACP, f"{OID}.7.2.1.0"),
    )
    mapped = claims(tmp_path, HN01, own)
    assert mapped.citizen == {"pid": "29844697323", "security_level": "4", "age": 80}
    assert mapped.patient == "29844697323"


@pytest.mark.parametrize(
    "change",
    [
        set_value(ACP, None),
        set_value(ACP, f"{OID}.7.2.1.0"),
        set_value(RESOURCE, "29844697323^^^&2.16.578.1.12.4.1.4.1&ISO"),
    ],
    ids=["no-acp-for-another", "self-acp-for-another", "fullmakt-for-oneself"],
)
def test_an_acp_and_a_patient_that_disagree_are_refused(tmp_path: Path, change: Change) -> None:
    assert "whom the citizen acts for" in refusal(tmp_path, HN01, change)


def test_a_citizens_assertion_without_the_journal_scope_is_refused(tmp_path: Path) -> None:
    scope = set_value("Scope", "innsynregisterbruk,prover")
    assert "innsynpasientjournal" in refusal(tmp_path, HN01, scope)


# --- the age in a national id -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "years"),
    [
        ("05076600324", 60),  # fødselsnummer, born 1966-07-05
        ("45076600324", 60),  # its D-nummer (day + 40)
        ("29844697323", 80),  # a synthetic test person (month + 80), born 1946-04-29
        ("26112650024", 0),  # born today
        ("27111050024", 15),  # born 2010-11-27: 16 tomorrow
    ],
)
def test_the_age_is_the_completed_years_of_the_birth_date_in_the_id(
    person: str, years: int
) -> None:
    assert age(person, NOW, "NameID") == years


@pytest.mark.parametrize("person", ["8507660032", "85076600324", "31136600324", "01012799924"])
def test_an_id_without_a_birth_date_before_now_is_refused(person: str) -> None:
    with pytest.raises(ClaimsRefused):
        age(person, NOW, "NameID")
