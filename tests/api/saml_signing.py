"""Signing the XUA assertions of `tests/fixtures/saml/` at test time, with a key and self-signed
certificate made here (test-only, never stored), their validity set around the test's clock."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import methods
from signxml.signer import XMLSigner

from api.config import Settings, get_settings
from api.trust.claims import ClaimsRefused
from api.trust.saml import verify
from tests.api.saml_equivalents import NOW
from tests.fixtures import FIXTURES

SAML_FIXTURES = FIXTURES / "saml"
KJ01, HN01 = "IT_SamlToken_KJ01.xml", "IT_SamlToken_HN01.xml"
AUDIENCE = {KJ01: "nhn:dokumentdeling-saml", HN01: "https://xds-web.test.nhn.no/"}
# their `saml:Issuer`: HelseID's XDS SAML issuer (test) and helsenorge
ISSUER = {KJ01: "https://helseid-xdssaml.test.nhn.no", HN01: "sikkerhet.helsenorge.no"}
ISSUERS = {"saml_personnel_issuers": (ISSUER[KJ01],), "saml_citizen_issuers": (ISSUER[HN01],)}
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"saml": SAML, "ds": DS}
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
_PLACEHOLDER = f'<ds:Signature xmlns:ds="{DS}" Id="placeholder"/>'
_UNSIGNED = "<!-- ds:Signature removed for brevity -->"


@dataclass(frozen=True)
class SigningKey:
    """A test-only RSA key and its self-signed certificate (PEM)."""

    key: bytes
    cert: bytes


@cache
def signing_key(name: str, now: datetime) -> SigningKey:
    """A key and a certificate valid a day either side of `now`, one per `name`."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"test-only {name}")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return SigningKey(pem_key, cert.public_bytes(serialization.Encoding.PEM))


def settings_trusting(folder: Path, audience: str, *keys: SigningKey) -> Settings:
    """Settings whose PJD_SAML_CERTS file holds the certificates of `keys`, allowing KJ01's
    issuer for health workers and HN01's for citizens (`ISSUERS`)."""
    path = folder / "saml-certs.pem"
    path.write_bytes(b"".join(k.cert for k in keys))
    return get_settings(saml_certs=path, saml_audience=audience, **ISSUERS)


def _instant(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def unsigned(name: str, now: datetime) -> etree._Element:
    """The fixture's Assertion, issued a minute before `now` and valid 60 minutes, with a
    placeholder where its signature goes."""
    text = (SAML_FIXTURES / name).read_text(encoding="utf-8").replace(_UNSIGNED, _PLACEHOLDER)
    root = etree.fromstring(text.lstrip("\ufeff").encode())
    issued = now - timedelta(minutes=1)
    root.set("IssueInstant", _instant(issued))
    conditions = root.find("saml:Conditions", NS)
    assert conditions is not None
    conditions.set("NotBefore", _instant(issued))
    conditions.set("NotOnOrAfter", _instant(issued + timedelta(minutes=60)))
    return root


Change = Callable[[etree._Element], None]


def sign(root: etree._Element, key: SigningKey) -> etree._Element:
    """The Assertion signed (enveloped, RSA-SHA256, exclusive c14n) as NHN's gateway signs it."""
    signer = XMLSigner(
        method=methods.enveloped,
        signature_algorithm="rsa-sha256",
        digest_algorithm="sha256",
        c14n_algorithm=EXC_C14N,
    )
    reference = f"#{root.get('ID')}"
    signed: etree._Element = signer.sign(
        root, key=key.key, cert=key.cert.decode(), reference_uri=reference, id_attribute="ID"
    )
    return signed


def signed(name: str, now: datetime, key: SigningKey, before: Change | None = None) -> str:
    """The fixture signed with `key`, as XML text; `before` changes it before signing."""
    root = unsigned(name, now)
    if before is not None:
        before(root)
    return etree.tostring(sign(root, key)).decode()


def one_time_use(root: etree._Element) -> None:
    """Marks the Assertion `OneTimeUse` (in its Conditions) and gives it a fresh ID, so that
    no other test's use of it counts (the replay cache lives as long as the process)."""
    conditions = root.find("saml:Conditions", NS)
    assert conditions is not None
    etree.SubElement(conditions, f"{{{SAML}}}OneTimeUse")
    root.set("ID", f"_{uuid.uuid4()}")


def issued_by(issuer: str) -> Change:
    """A change naming `issuer` as the Assertion's (signed) Issuer."""

    def change(root: etree._Element) -> None:
        found = root.find("saml:Issuer", NS)
        assert found is not None
        found.text = issuer

    return change


def attribute_value(root: etree._Element, name: str) -> etree._Element:
    """The (first) AttributeValue of the attribute `name`."""
    found = root.find(
        f"saml:AttributeStatement/saml:Attribute[@Name='{name}']/saml:AttributeValue", NS
    )
    assert found is not None, name
    return found


def refusal(value: str, settings: Settings, now: datetime = NOW) -> str:
    """The message of the refusal of `value` (which must be refused, naming the field)."""
    with pytest.raises(ClaimsRefused) as refused:
        verify(value, settings, now)
    assert refused.value.field == "saml_assertion"
    return refused.value.message


def tree(xml: str) -> etree._Element:
    """The tree of a signed assertion's text, to change after signing."""
    return etree.fromstring(xml.encode())


def text(root: etree._Element) -> str:
    """A tree's text, as a caller would send it."""
    return etree.tostring(root).decode()


def kj01() -> str:
    """KJ01 signed by the gateway's test key, issued a minute before `NOW`."""
    return signed(KJ01, NOW, signing_key("gateway", NOW))
