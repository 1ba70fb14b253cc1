"""api.trust.saml.verify: the assertion's validity (`NotBefore`/`NotOnOrAfter`, a small
leeway) and audience, the settings it needs, and hostile or malformed input (an XML bomb, an
external entity, oversized or not XML at all), each refused."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import etree

from api.config import Settings, get_settings
from api.trust.saml import verify
from api.trust.saml_verify import MAX_XML_BYTES
from tests.api.saml_equivalents import NOW
from tests.api.saml_signing import (
    AUDIENCE,
    DS,
    KJ01,
    NS,
    SAML,
    kj01,
    refusal,
    settings_trusting,
    signed,
    signing_key,
)

KEY = signing_key("gateway", NOW)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Trusting KEY, for KJ01's audience."""
    return settings_trusting(tmp_path, AUDIENCE[KJ01], KEY)


# --- validity and audience --------------------------------------------------------------------


def test_an_expired_assertion_is_refused(settings: Settings) -> None:
    later = NOW + timedelta(minutes=61)
    assert "expired" in refusal(signed(KJ01, NOW, KEY), settings, later)


def test_the_leeway_is_small(settings: Settings) -> None:
    just_after_end = NOW + timedelta(minutes=59, seconds=30)
    assert verify(kj01(), settings, just_after_end).name == "KVART GREVLING"
    assert "expired" in refusal(kj01(), settings, NOW + timedelta(minutes=60, seconds=30))


def test_an_assertion_not_yet_valid_is_refused(settings: Settings) -> None:
    assert "not yet valid" in refusal(kj01(), settings, NOW - timedelta(minutes=5))


def test_an_assertion_without_an_end_is_refused(settings: Settings) -> None:
    def endless(root: etree._Element) -> None:
        conditions = root.find("saml:Conditions", NS)
        assert conditions is not None
        del conditions.attrib["NotOnOrAfter"]

    assert "NotOnOrAfter" in refusal(signed(KJ01, NOW, KEY, endless), settings)


def test_a_subject_confirmation_that_ended_ends_the_assertion(settings: Settings) -> None:
    def confirmed_briefly(root: etree._Element) -> None:
        confirmation = root.find("saml:Subject/saml:SubjectConfirmation", NS)
        assert confirmation is not None
        data = etree.SubElement(confirmation, f"{{{SAML}}}SubjectConfirmationData")
        data.set("NotOnOrAfter", "2026-11-26T10:05:00Z")

    xml = signed(KJ01, NOW, KEY, confirmed_briefly)
    assert verify(xml, settings, NOW).name == "KVART GREVLING"
    assert "expired" in refusal(xml, settings, NOW + timedelta(minutes=10))


def test_an_assertion_for_another_audience_is_refused(tmp_path: Path) -> None:
    elsewhere = settings_trusting(tmp_path, "https://xds-web.test.nhn.no/", KEY)
    assert "audience" in refusal(kj01(), elsewhere)


def test_every_audience_restriction_must_name_us(settings: Settings) -> None:
    def restricted_twice(root: etree._Element) -> None:
        conditions = root.find("saml:Conditions", NS)
        assert conditions is not None
        other = etree.SubElement(conditions, f"{{{SAML}}}AudienceRestriction")
        etree.SubElement(other, f"{{{SAML}}}Audience").text = "https://elsewhere.example/"

    assert "audience" in refusal(signed(KJ01, NOW, KEY, restricted_twice), settings)


def test_nothing_verifies_without_certificates_or_audience(tmp_path: Path) -> None:
    assert "PJD_SAML_CERTS" in refusal(kj01(), get_settings(saml_audience=AUDIENCE[KJ01]))
    certs = settings_trusting(tmp_path, AUDIENCE[KJ01], KEY).saml_certs
    assert "PJD_SAML_AUDIENCE" in refusal(kj01(), get_settings(saml_certs=certs))
    missing = get_settings(saml_certs=tmp_path / "absent.pem", saml_audience=AUDIENCE[KJ01])
    assert "cannot be read" in refusal(kj01(), missing)


# --- hostile or malformed input ---------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_x" Version="2.0"
 IssueInstant="2026-11-26T09:59:00Z"><saml:Issuer>&lol9;</saml:Issuer></saml:Assertion>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE saml:Assertion [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_x" Version="2.0"
 IssueInstant="2026-11-26T09:59:00Z"><saml:Issuer>&xxe;</saml:Issuer></saml:Assertion>"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE saml:Assertion SYSTEM "http://127.0.0.1:9/evil.dtd">
<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_x"/>"""


@pytest.mark.parametrize(
    "document",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
@pytest.mark.parametrize("form", ["xml", "base64"])
def test_a_document_with_a_dtd_or_entities_is_refused(
    settings: Settings, document: str, form: str
) -> None:
    value = document if form == "xml" else base64.b64encode(document.encode()).decode()
    assert "not safe, well-formed XML (DTDForbidden)" in refusal(value, settings)  # defusedxml


def test_a_signed_assertion_with_a_dtd_before_it_is_refused(settings: Settings) -> None:
    xml = f'<!DOCTYPE saml:Assertion [ <!ENTITY a "b"> ]>\n{kj01()}'
    assert "not safe" in refusal(xml, settings)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not base64 and not XML!", "neither XML nor base64"),
        (base64.b64encode(b'{"json": true}').decode(), "does not hold XML"),
        ("<saml:Assertion", "well-formed"),
        ("<Assertion/>", "must be a SAML 2.0 Assertion"),
        (f'<saml:Assertion xmlns:saml="{SAML}" ID="_a"/>', "not signed"),
        (
            f'<saml:Assertion xmlns:saml="{SAML}"><ds:Signature xmlns:ds="{DS}"/></saml:Assertion>',
            "no ID",
        ),
    ],
    ids=["neither", "base64-of-json", "truncated", "not-saml", "no-signature", "no-id"],
)
def test_what_is_not_an_assertion_is_refused(settings: Settings, value: str, message: str) -> None:
    assert message in refusal(value, settings)


def test_an_oversized_assertion_is_refused(settings: Settings) -> None:
    assert "more than" in refusal(kj01() + " " * MAX_XML_BYTES, settings)
    assert "at most" in refusal("A" * (MAX_XML_BYTES * 2), settings)
