"""The attribute values of a signed XUA assertion: plain text, HL7 v3 `CE`/`II` fragments,
the patient's HL7 v2 `CX` identifier and a person's age from their national id.

Every value read here comes from the signed Assertion (`api.trust.saml_verify`); an HL7
fragment carried as escaped text (`&lt;Role xmlns="urn:hl7-org:v3" xsi:type="CE" …/&gt;`, as
NHN sends it, its `xsi` prefix undeclared) is parsed as safely as the assertion itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from lxml import etree
from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer

from api.trust.saml_verify import NS, refuse, safely_parsed
from engine.pjd import oslo_date

HL7 = "urn:hl7-org:v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NIL = f"{{{XSI}}}nil"
# `29698496140^^^&2.16.578.1.12.4.1.4.1&ISO`; NHN's KJ01 escapes the `&` twice (`&amp;`)
_CX = re.compile(r"([0-9]{11})\^\^\^&(?:amp;)?([0-9.]{1,64})&(?:amp;)?ISO")
_PERSON_ID = re.compile(r"[0-9]{11}")
# Skatteetaten's synthetic test persons (Tenor, as in NHN's test assertions) add 80 to the month
_SYNTHETIC_MONTH = 80

# Attribute name → its values as sent (None: `xsi:nil`); an HL7 value is its element
Value = str | etree._Element | None
Attributes = Mapping[str, Sequence[Value]]
T = TypeVar("T")


@dataclass(frozen=True)
class Code:
    """An HL7 `CE` (`code` in `system`) or `II` (`extension` in `root`)."""

    value: str
    system: str


def attributes(assertion: etree._Element) -> dict[str, list[Value]]:
    """Every attribute of the assertion's attribute statements; a name given twice is refused."""
    found: dict[str, list[Value]] = {}
    for attribute in assertion.iterfind("saml:AttributeStatement/saml:Attribute", NS):
        name = attribute.get("Name") or ""
        if name in found:
            raise refuse(f"the attribute {name!r} is given twice")
        found[name] = [_value(v) for v in attribute.iterfind("saml:AttributeValue", NS)]
    return found


def _value(element: etree._Element) -> Value:
    children = list(element)
    if element.get(_NIL) == "true" and not children and not element.text:
        return None
    if children:
        if len(children) != 1 or (element.text or "").strip():
            raise refuse("an attribute value must be text or one element")
        return children[0]
    return element.text or ""


def optional(found: Attributes, names: Sequence[str], read: Callable[[Value, str], T]) -> T | None:
    """The one value, as `read` reads it, of the attribute under any of `names` (NHN sends
    several names for one thing: read, they must agree); None when absent or nil."""
    values: list[T] = []
    for name in names:
        given = found.get(name)
        if given is None:
            continue
        if len(given) != 1:
            raise refuse(f"the attribute {name!r} must have exactly one value")
        if given[0] is not None:
            values.append(read(given[0], name))
    if len(set(values)) > 1:
        raise refuse(f"the attributes {list(names)} disagree")
    return values[0] if values else None


def required(found: Attributes, names: Sequence[str], read: Callable[[Value, str], T]) -> T:
    """The one value of the attribute (`optional`), which must be given."""
    value = optional(found, names, read)
    if value is None:
        raise refuse(f"the attribute {names[0]!r} is missing")
    return value


def text(value: Value, name: str) -> str:
    """A plain text value, non-empty."""
    if not isinstance(value, str) or not value.strip():
        raise refuse(f"the attribute {name!r} must be text")
    return value


def hl7(value: Value, name: str) -> etree._Element:
    """An HL7 v3 element: given as an element, or as its escaped text."""
    if isinstance(value, str):
        wrapped = f'<value xmlns:xsi="{XSI}">{value}</value>'.encode()
        children = list(safely_parsed(wrapped, f"the attribute {name!r}"))
        if len(children) != 1:
            raise refuse(f"the attribute {name!r} must hold one HL7 element")
        value = children[0]
    if not isinstance(value, etree._Element):
        raise refuse(f"the attribute {name!r} must hold an HL7 element")
    return value


def coded(value: Value, name: str) -> Code:
    """An HL7 v3 `CE`: its `code` in its `codeSystem`."""
    element = _hl7_v3(value, name)
    return Code(_attribute(element, "code", name), _attribute(element, "codeSystem", name))


def identifier(value: Value, name: str) -> Code:
    """An HL7 v3 `II`: its `extension` in its `root`."""
    element = _hl7_v3(value, name)
    return Code(_attribute(element, "extension", name), _attribute(element, "root", name))


def _hl7_v3(value: Value, name: str) -> etree._Element:
    element = hl7(value, name)
    if etree.QName(element).namespace != HL7:
        raise refuse(f"the attribute {name!r} must be an element of {HL7}")
    return element


def _attribute(element: etree._Element, attribute: str, name: str) -> str:
    found = element.get(attribute)
    if not found:
        raise refuse(f"the attribute {name!r} lacks {attribute!r}")
    return found


def resource_id(value: Value, name: str) -> Code:
    """The patient of `resource-id`, HL7 v2 CX `<id>^^^&<OID>&ISO`: the id in its OID."""
    found = _CX.fullmatch(text(value, name))
    if found is None:
        raise refuse(f"the attribute {name!r} is not an id^^^&OID&ISO")
    return Code(found[1], found[2])


def age(person_id: str, now: datetime, name: str) -> int:
    """Completed years at `now` of the person whose national id (fødselsnummer, D-nummer) is
    `person_id`: the register encodes the birth date in it."""
    if not _PERSON_ID.fullmatch(person_id):
        raise refuse(f"{name} {person_id!r} is not a national id (11 digits)")
    month = int(person_id[2:4])
    if month > _SYNTHETIC_MONTH:
        person_id = f"{person_id[:2]}{month - _SYNTHETIC_MONTH:02d}{person_id[4:]}"
    try:
        born = fodselsnummer.get_birth_date(person_id)
    except ValidationError as exc:
        raise refuse(f"{name} {person_id!r} holds no birth date") from exc
    today = oslo_date(now)  # R30: a birthday begins at Oslo midnight
    if born > today:
        raise refuse(f"{name} {person_id!r} is born after now")
    return _years(born, today)


def _years(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def decision_ref(value: Value, name: str) -> tuple[str, bool]:
    """NHN's `<decision-ref><id value=…/><user-selected value="True"/></decision-ref>`: the id
    and whether the health worker chose the access themself (absent: not)."""
    element = hl7(value, name)
    ref_id, selected = element.find("id"), element.find("user-selected")
    if element.tag != "decision-ref" or ref_id is None or not ref_id.get("value"):
        raise refuse(f"the attribute {name!r} must be <decision-ref><id value=…/>…")
    chosen = "false" if selected is None else (selected.get("value") or "").lower()
    if chosen not in ("true", "false"):
        raise refuse(f"the attribute {name!r}: user-selected must be True or False")
    return str(ref_id.get("value")), chosen == "true"
