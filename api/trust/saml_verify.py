"""A signed XUA SAML 2.0 assertion, verified: bounded, safely parsed, signed, valid, for us.

What `verified_assertion` checks, in order, refusing with `ClaimsRefused("saml_assertion", …)`:

1. **Form and size.** XML text or its base64 (standard alphabet, line breaks allowed), at most
   `MAX_XML_BYTES` of XML once decoded.
2. **Safe parsing.** The XML passes defusedxml with DTDs, entities and external references
   forbidden (a billion-laughs or an external-entity document is refused before lxml reads it),
   then lxml parses it with a hardened parser (no entity resolution, no network, no DTD loading,
   no huge trees). The root must be a `saml:Assertion`; a comment or processing instruction
   inside it is refused (the classic truncation attack splits a signed text value with a
   comment; NHN's assertions carry none).
3. **Signature.** signxml's `XMLVerifier` against each certificate of `PJD_SAML_CERTS` in turn
   (several: rotation), the `ds:Signature` a direct child of the Assertion, exactly one
   reference, `URI="#<the Assertion's ID>"` resolved by the `ID` attribute only (a duplicate ID
   is refused as ambiguous), SHA-2 RSA/ECDSA only, the certificate valid at `now`.
4. **Only the signed data is read.** Everything after the signature check reads signxml's
   `signed_xml` (re-parsed from the canonical bytes that were digested), never the received
   tree, and it must be the Assertion itself with the root's ID: a wrapped, moved or duplicated
   assertion (XSW) therefore has nothing of its own to offer.
5. **Validity.** `IssueInstant`, `Conditions/@NotBefore` and `@NotOnOrAfter` are required (our
   decision: NHN's assertions carry all three; SAML makes them optional, and an assertion
   without an end is refused), each within `LEEWAY` of `now`, and a `SubjectConfirmationData`
   end when given; every `AudienceRestriction` must name `PJD_SAML_AUDIENCE`.
6. **Issuer and one-time use, read here, judged by `api.trust.saml`.** The signed Assertion
   must name exactly one, non-empty `saml:Issuer` (SAML requires it); `api.trust.saml` then
   requires it to be one of the issuers allowed for the kind of claims the assertion maps to
   (`PJD_SAML_PERSONNEL_ISSUERS` for a health worker, `PJD_SAML_CITIZEN_ISSUERS` for a
   citizen; a list empty, that kind is refused): a certificate of `PJD_SAML_CERTS` alone does
   not let an issuer of citizens' assertions speak for a health worker, nor the other way
   round. A signed `Conditions/OneTimeUse` makes the Assertion's ID usable once: the ID is
   remembered until `NotOnOrAfter` + `LEEWAY` (`api.trust.saml_replay`), in this process only;
   several processes or workers do not share what they saw, and a restart forgets it. Without
   `OneTimeUse` an assertion may be used again within its validity, as XUA assertions are.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import defusedxml.ElementTree as defused
from cryptography import x509
from defusedxml import DefusedXmlException
from lxml import etree
from signxml.algorithms import DigestAlgorithm, SignatureMethod
from signxml.verifier import SignatureConfiguration, VerifyResult, XMLVerifier

from api.config import Settings
from api.trust.claims import ClaimsRefused

FIELD = "saml_assertion"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"saml": SAML, "ds": DS}
MAX_XML_BYTES = 64 * 1024  # NHN's assertions are about 10 kB signed
MAX_TEXT_CHARS = MAX_XML_BYTES * 4 // 3 + 4096  # its base64, with line breaks
LEEWAY = timedelta(seconds=60)  # clocks of the gateway and the source differ a little
_ASSERTION = f"{{{SAML}}}Assertion"
_SIGNATURE_METHODS = frozenset(
    m
    for m in SignatureMethod
    if m.name.startswith(("RSA_SHA", "ECDSA_SHA")) and "SHA1" not in m.name
)
_DIGESTS = frozenset(d for d in DigestAlgorithm if d.name.startswith("SHA") and d.name != "SHA1")


@dataclass(frozen=True)
class SignedAssertion:
    """The signed Assertion element (from signxml's `signed_xml` only) and its validity."""

    element: etree._Element
    issued_at: datetime
    expires_at: datetime
    assertion_id: str
    issuer: str
    one_time_use: bool  # its signed Conditions hold `OneTimeUse`


def refuse(message: str) -> ClaimsRefused:
    """The refusal of the assertion, naming the field that carried it."""
    return ClaimsRefused(FIELD, message)


def verified_assertion(value: str, settings: Settings, now: datetime) -> SignedAssertion:
    """The assertion of `value` (XML or base64 of it), signed by a configured certificate,
    valid at `now` and for our audience; else `ClaimsRefused`."""
    certificates = trusted_certificates(settings)
    if settings.saml_audience is None:
        raise refuse("no SAML audience is configured (PJD_SAML_AUDIENCE)")
    root = parsed(xml_bytes(value))
    signed = _signed_element(root, certificates, now)
    issued, expires = _valid(signed, settings.saml_audience, now)
    one_time = signed.find("saml:Conditions/saml:OneTimeUse", NS) is not None
    return SignedAssertion(
        signed, issued, expires, str(signed.get("ID")), _issuer(signed), one_time
    )


def _issuer(assertion: etree._Element) -> str:
    """The signed Assertion's one `saml:Issuer`; an Assertion naming none is refused."""
    found = assertion.findall("saml:Issuer", NS)
    if len(found) != 1 or not (found[0].text or "").strip():
        raise refuse("the Assertion must name its Issuer (one saml:Issuer)")
    return str(found[0].text)


def xml_bytes(value: str) -> bytes:
    """The XML of `value`: itself when it is XML text, else its base64 decoded; bounded."""
    if not isinstance(value, str) or len(value) > MAX_TEXT_CHARS:
        raise refuse(f"must be XML text or its base64, at most {MAX_XML_BYTES} bytes of XML")
    text = value.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        data = text.encode("utf-8")
    else:
        try:
            data = base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise refuse("is neither XML nor base64") from exc
        if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise refuse("its base64 does not hold XML")
    if len(data) > MAX_XML_BYTES:
        raise refuse(f"holds more than {MAX_XML_BYTES} bytes of XML")
    return data


def _hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def safely_parsed(data: bytes, what: str = "the assertion") -> etree._Element:
    """The root element of `data`, parsed with DTDs, entities and external references refused:
    defusedxml judges it first, then lxml's hardened parser builds the tree."""
    try:
        defused.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        return etree.fromstring(data, parser=_hardened_parser())
    except (DefusedXmlException, defused.ParseError, etree.XMLSyntaxError) as exc:
        raise refuse(f"{what} is not safe, well-formed XML ({type(exc).__name__})") from exc


def parsed(data: bytes) -> etree._Element:
    """The Assertion element of `data`, safely parsed, holding no comment or processing
    instruction."""
    root = safely_parsed(data)
    if root.tag != _ASSERTION:
        raise refuse("must be a SAML 2.0 Assertion")
    if next(root.iter(etree.Comment, etree.ProcessingInstruction), None) is not None:
        raise refuse("holds a comment or processing instruction inside the Assertion")
    return root


def trusted_certificates(settings: Settings) -> tuple[x509.Certificate, ...]:
    """The certificates of `PJD_SAML_CERTS` (PEM, one or more); re-read when the file changes."""
    path = settings.saml_certs
    if path is None:
        raise refuse("no SAML certificates are configured (PJD_SAML_CERTS)")
    try:
        stat = path.stat()
        return _certificates(path, stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError) as exc:
        raise refuse("the configured SAML certificates cannot be read") from exc


@lru_cache(maxsize=4)
def _certificates(path: Path, _mtime: int, _size: int) -> tuple[x509.Certificate, ...]:
    certificates = tuple(x509.load_pem_x509_certificates(path.read_bytes()))
    if not certificates:
        raise ValueError("no certificate")
    return certificates


def _config(now: datetime) -> SignatureConfiguration:
    return SignatureConfiguration(
        require_x509=True,
        location="./",  # the ds:Signature is a child of the Assertion, nowhere else
        expect_references=1,
        signature_methods=_SIGNATURE_METHODS,
        digest_algorithms=_DIGESTS,
        verification_time=now,
    )


def _signed_element(
    root: etree._Element, certificates: tuple[x509.Certificate, ...], now: datetime
) -> etree._Element:
    """The element the signature covers, verified against one of `certificates`; it must be
    the Assertion itself (its ID, the one reference's URI)."""
    assertion_id = root.get("ID")
    if not assertion_id:
        raise refuse("the Assertion has no ID")
    if root.find("ds:Signature", NS) is None:
        raise refuse("the Assertion is not signed")
    failure = "no certificate"
    for certificate in certificates:
        try:
            result = XMLVerifier().verify(
                root,
                x509_cert=certificate,
                expect_config=_config(now),
                id_attribute="ID",
                parser=_hardened_parser(),
            )
        except Exception as exc:  # any failure to verify is a refusal; another certificate may
            failure = str(exc)[:200]
            continue
        if not isinstance(result, VerifyResult):
            raise refuse("the signature must have exactly one reference")
        signed = result.signed_xml
        references = result.signature_xml.findall("ds:SignedInfo/ds:Reference", NS)
        uris = [r.get("URI") for r in references]
        if signed is None or signed.tag != _ASSERTION or signed.get("ID") != assertion_id:
            raise refuse("the signature does not cover the Assertion itself")
        if uris != [f"#{assertion_id}"]:
            raise refuse("the signature must reference the Assertion by its ID")
        return signed
    raise refuse(f"the signature does not verify against a configured certificate: {failure}")


def _instant(element: etree._Element, name: str) -> datetime:
    value = element.get(name)
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError as exc:
        raise refuse(f"{name} is missing or not an xs:dateTime") from exc
    if moment.tzinfo is None:
        raise refuse(f"{name} has no time zone")
    return moment


def _one(element: etree._Element, path: str) -> etree._Element:
    found = element.findall(path, NS)
    if len(found) != 1:
        raise refuse(f"the Assertion must hold exactly one {path}")
    return found[0]


def _valid(assertion: etree._Element, audience: str, now: datetime) -> tuple[datetime, datetime]:
    """(issued, expires) of a signed assertion valid at `now` for `audience`; else refused."""
    if assertion.get("Version") != "2.0":
        raise refuse("the Assertion must be SAML version 2.0")
    issued = _instant(assertion, "IssueInstant")
    conditions = _one(assertion, "saml:Conditions")
    not_before = _instant(conditions, "NotBefore")
    expires = _instant(conditions, "NotOnOrAfter")
    if issued > now + LEEWAY or not_before > now + LEEWAY:
        raise refuse("the Assertion is not yet valid")
    confirmations = assertion.iterfind(
        "saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData[@NotOnOrAfter]", NS
    )
    ends = [expires, *(_instant(c, "NotOnOrAfter") for c in confirmations)]
    if min(ends) <= now - LEEWAY:
        raise refuse("the Assertion has expired")
    restrictions = conditions.findall("saml:AudienceRestriction", NS)
    if not restrictions:
        raise refuse("the Assertion names no audience")
    for restriction in restrictions:
        if audience not in [a.text for a in restriction.findall("saml:Audience", NS)]:
            raise refuse(f"the Assertion is not for the audience {audience!r}")
    return issued, expires
