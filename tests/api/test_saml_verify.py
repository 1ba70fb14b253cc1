"""api.trust.saml.verify: a signed XUA assertion verifies; an unsigned, wrongly signed, tampered,
wrapped (XSW), commented, expired, premature, misaddressed, oversized or hostile one is refused."""

from __future__ import annotations

import base64
import copy
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import etree
from signxml import methods
from signxml.signer import XMLSigner
from signxml.verifier import SignatureConfiguration, XMLVerifier

from api.config import Settings
from api.trust.saml import verify
from tests.api.saml_equivalents import NOW
from tests.api.saml_signing import (
    AUDIENCE,
    EXC_C14N,
    HN01,
    KJ01,
    NS,
    SAML,
    SAML_FIXTURES,
    attribute_value,
    kj01,
    refusal,
    settings_trusting,
    signed,
    signing_key,
    text,
    tree,
    unsigned,
)

KEY = signing_key("gateway", NOW)
OTHER = signing_key("another gateway", NOW)
ROLE = "urn:oasis:names:tc:xspa:1.0:subject:role"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Trusting KEY, for KJ01's audience."""
    return settings_trusting(tmp_path, AUDIENCE[KJ01], KEY)


# --- what verifies ----------------------------------------------------------------------------


def test_a_signed_kj01_verifies_as_xml_text(settings: Settings) -> None:
    claims = verify(kj01(), settings, NOW)
    assert claims.source == "saml"
    assert claims.identity is not None and claims.identity["pid"] == "06828399789"
    assert claims.issued_at == NOW - timedelta(minutes=1)
    assert claims.expires_at == NOW + timedelta(minutes=59)


def test_its_base64_verifies_alike_with_or_without_line_breaks(settings: Settings) -> None:
    xml = kj01()
    encoded = base64.b64encode(xml.encode()).decode()
    wrapped = "\r\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
    assert verify(encoded, settings, NOW) == verify(xml, settings, NOW)
    assert verify(wrapped, settings, NOW) == verify(xml, settings, NOW)


def test_a_document_with_a_declaration_and_comments_outside_the_assertion_verifies(
    settings: Settings,
) -> None:
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- NHN -->\n{kj01()}\n<!-- end -->'
    assert verify(xml, settings, NOW).name == "KVART GREVLING"


def test_hn01_verifies_for_its_own_audience(tmp_path: Path) -> None:
    settings = settings_trusting(tmp_path, AUDIENCE[HN01], KEY)
    claims = verify(signed(HN01, NOW, KEY), settings, NOW)
    assert claims.citizen is not None and claims.citizen["pid"] == "29844697323"


def test_any_certificate_of_the_file_may_have_signed_it(tmp_path: Path) -> None:
    rotated = settings_trusting(tmp_path, AUDIENCE[KJ01], OTHER, KEY)
    assert verify(kj01(), rotated, NOW).name == "KVART GREVLING"


# --- the signature ----------------------------------------------------------------------------


def test_an_unsigned_assertion_is_refused(settings: Settings) -> None:
    root = unsigned(KJ01, NOW)
    placeholder = root.find("ds:Signature", NS)
    assert placeholder is not None
    root.remove(placeholder)
    assert "not signed" in refusal(text(root), settings)


def test_the_published_unsigned_fixtures_are_refused(settings: Settings) -> None:
    for name in (KJ01, HN01):
        published = (SAML_FIXTURES / name).read_text("utf-8")
        assert published.count("<!-- ds:Signature removed") == 1
        refusal(published, settings)  # its comment inside the Assertion, or no signature


def test_a_signature_by_an_unconfigured_key_is_refused(tmp_path: Path) -> None:
    other_only = settings_trusting(tmp_path, AUDIENCE[KJ01], OTHER)
    assert "Signature verification failed" in refusal(kj01(), other_only)


def test_a_certificate_expired_at_now_does_not_verify(tmp_path: Path) -> None:
    old = signing_key("last month's gateway", NOW - timedelta(days=30))
    settings = settings_trusting(tmp_path, AUDIENCE[KJ01], old)
    assert "certificate has expired" in refusal(signed(KJ01, NOW, old), settings)


TAMPERED = {
    "role": (
        f"saml:AttributeStatement/saml:Attribute[@Name='{ROLE}']/saml:AttributeValue",
        lambda value: value.replace('code="LE"', 'code="SP"'),
    ),
    "subject": ("saml:Subject/saml:NameID", lambda _: "05086900124"),
    "audience": (
        "saml:Conditions/saml:AudienceRestriction/saml:Audience",
        lambda value: value + " ",
    ),
}


@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_a_value_changed_after_signing_is_refused(settings: Settings, name: str) -> None:
    path, change = TAMPERED[name]
    root = tree(kj01())
    element = root.find(path, NS)
    assert element is not None and element.text is not None
    changed = change(element.text)
    assert changed != element.text
    element.text = changed
    assert "Digest mismatch" in refusal(text(root), settings)


def test_a_changed_attribute_of_hn01_is_refused(tmp_path: Path) -> None:
    settings = settings_trusting(tmp_path, AUDIENCE[HN01], KEY)
    acp = "urn:ihe:iti:xua:2012:acp"
    root = tree(signed(HN01, NOW, KEY))
    value = attribute_value(root, acp)
    value.text = "urn:oid:2.16.578.1.12.4.1.7.2.1.1"  # parent of a child under 12, not fullmakt
    assert "Digest mismatch" in refusal(text(root), settings)


def test_a_changed_validity_is_refused(settings: Settings) -> None:
    root = tree(kj01())
    conditions = root.find("saml:Conditions", NS)
    assert conditions is not None
    conditions.set("NotOnOrAfter", "2099-01-01T00:00:00.000Z")
    assert "Digest mismatch" in refusal(text(root), settings)


def test_a_signature_over_a_part_of_the_assertion_is_refused(settings: Settings) -> None:
    root = unsigned(KJ01, NOW)
    issuer = root.find("saml:Issuer", NS)
    assert issuer is not None
    issuer.set("ID", "_issuer")
    part = XMLSigner(method=methods.enveloped, c14n_algorithm=EXC_C14N).sign(
        root, key=KEY.key, cert=KEY.cert.decode(), reference_uri="#_issuer", id_attribute="ID"
    )
    assert "does not cover the Assertion itself" in refusal(text(part), settings)


# --- signature wrapping (XSW) -----------------------------------------------------------------


def _evil(original: etree._Element, new_id: str) -> etree._Element:
    """An unsigned copy of the assertion naming another health worker, with `new_id`."""
    evil = copy.deepcopy(original)
    for signature in evil.findall("ds:Signature", NS):
        evil.remove(signature)
    name_id = evil.find("saml:Subject/saml:NameID", NS)
    assert name_id is not None
    name_id.text = "05086900124"
    evil.set("ID", new_id)
    return evil


def _detach(element: etree._Element) -> etree._Element:
    """`element` taken out of its parent, its tail (whitespace) kept where it was, as the
    enveloped-signature transform takes it out."""
    parent = element.getparent()
    assert parent is not None
    previous = element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    element.tail = None
    parent.remove(element)
    return element


def _advice(assertion: etree._Element, inner: etree._Element) -> None:
    advice = etree.Element(f"{{{SAML}}}Advice")
    advice.append(inner)
    conditions = assertion.find("saml:Conditions", NS)
    assert conditions is not None
    conditions.addnext(advice)


def test_a_signed_assertion_wrapped_in_an_unsigned_one_is_refused(settings: Settings) -> None:
    original = tree(kj01())
    evil = _evil(original, "_evil")
    _advice(evil, original)
    assert "not signed" in refusal(text(evil), settings)


def _signature_moved_to_a_wrapper(wrapper_id: str | None) -> str:
    """XSW: an unsigned wrapper (its own ID, or the signed one's) takes the signature; the
    signed assertion, its signature taken out, sits in the wrapper's Advice."""
    original = tree(kj01())
    signature = original.find("ds:Signature", NS)
    assert signature is not None
    evil = _evil(original, wrapper_id or str(original.get("ID")))
    _detach(signature)
    evil.find("saml:Issuer", NS).addnext(signature)  # type: ignore[union-attr]
    _advice(evil, original)
    return text(evil)


def test_the_signature_moved_to_a_wrapper_whose_signed_assertion_sits_in_advice_is_refused(
    settings: Settings,
) -> None:
    wrapped = _signature_moved_to_a_wrapper("_evil")
    assert "does not cover the Assertion itself" in refusal(wrapped, settings)


def test_an_id_collision_between_wrapper_and_signed_assertion_is_refused(
    settings: Settings,
) -> None:
    wrapped = _signature_moved_to_a_wrapper(None)
    assert "Ambiguous reference URI" in refusal(wrapped, settings)


@pytest.mark.parametrize("place", ["beside", "extensions"])
def test_an_unsigned_assertion_beside_the_signed_one_is_refused(
    settings: Settings, place: str
) -> None:
    original = tree(kj01())
    protocol = "urn:oasis:names:tc:SAML:2.0:protocol"
    response = etree.Element(f"{{{protocol}}}Response", nsmap={"samlp": protocol})
    holder = response
    if place == "extensions":
        holder = etree.SubElement(response, f"{{{protocol}}}Extensions")
    holder.append(original)
    response.append(_evil(original, "_evil"))
    assert "must be a SAML 2.0 Assertion" in refusal(text(response), settings)


def test_an_assertion_added_inside_the_signed_one_after_signing_is_refused(
    settings: Settings,
) -> None:
    original = tree(kj01())
    _advice(original, _evil(original, "_evil"))
    assert "Digest mismatch" in refusal(text(original), settings)


# --- comments inside signed values ------------------------------------------------------------


def _commented(xml: str) -> str:
    """KJ01 with a comment splitting the signed NameID after signing: `068283<!---->99789`."""
    return xml.replace(">06828399789<", ">068283<!---->99789<")


def test_a_comment_inside_a_signed_value_is_refused(settings: Settings) -> None:
    commented = _commented(kj01())
    assert "<!---->" in commented
    assert "comment" in refusal(commented, settings)


def test_the_signed_data_reads_the_whole_value_where_the_received_tree_reads_half() -> None:
    """Why only signxml's `signed_xml` is read: exclusive c14n drops the comment, so the
    signature still verifies, and the received tree's text of NameID is cut at the comment."""
    root = tree(_commented(kj01()))
    received = root.find("saml:Subject/saml:NameID", NS)
    assert received is not None and received.text == "068283"
    config = SignatureConfiguration(location="./", verification_time=NOW)
    result = XMLVerifier().verify(root, x509_cert=KEY.cert.decode(), expect_config=config)
    assert not isinstance(result, list) and result.signed_xml is not None
    read = result.signed_xml.find("saml:Subject/saml:NameID", NS)
    assert read is not None and read.text == "06828399789"


def test_a_processing_instruction_inside_the_assertion_is_refused(settings: Settings) -> None:
    xml = kj01().replace("<saml:Subject>", "<?evil x?><saml:Subject>", 1)
    assert "processing instruction" in refusal(xml, settings)
