"""What every request body shares: unknown fields ignored, and the one set of strict identifiers.

Every identifier that enters the service — a body, the attestation (`engine.pjd.vocabulary`), an
AuthZEN property, the `X-Citizen` header, a path or query parameter — is held to the same
canonical forms, defined once in `engine.pjd.vocabulary`: a national id (F/D-number) is 11 ASCII
digits, an org.nr 9, an HPR number 6 to 9 without a leading zero. Nothing is trimmed or
converted; a near miss (`"222200068 "`, `０２２…`, `0222200068`) is a 400 naming the field.
The check digits are never checked (the specification's example patient fails mod-11).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from engine import RequestError, TooLarge
from engine.pjd import HPR_NUMBER, ORGNR, PERSON_ID, canonical


def _strict(pattern: str) -> StringConstraints:
    return StringConstraints(strict=True, pattern=f"^{pattern}$")


PersonId = Annotated[str, _strict(PERSON_ID)]
Orgnr = Annotated[str, _strict(ORGNR)]
HprNumber = Annotated[str, _strict(HPR_NUMBER)]


def check_person_id(value: str, field: str = "patient") -> str:
    """A national id from a path parameter (11 ASCII digits); else a 400 naming `field`."""
    if not canonical(PERSON_ID, value):
        raise RequestError(field, "should be a national id of 11 digits (0-9)")
    return value


def check_orgnr(value: str | None, field: str) -> str:
    """An org.nr from a query parameter (9 ASCII digits), required; else a 400 naming `field`."""
    if value is None or not canonical(ORGNR, value):
        raise RequestError(field, "should be an org.nr of 9 digits (0-9)")
    return value


def at_most(limit: int, field: str) -> Callable[[object], object]:
    """A before-validator: a list of more than `limit` entries is a 413 naming `field`, refused
    before any entry is validated."""

    def check(value: object) -> object:
        if isinstance(value, list) and len(value) > limit:
            raise TooLarge(field, f"at most {limit} per request (got {len(value)})")
        return value

    return check


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise PydanticCustomError("nul_character", "Text must not contain a NUL character")
    return text


# Free text that every database stores: PostgreSQL refuses a NUL character in text (a lone
# surrogate pydantic refuses by itself). For the free-text fields of bodies that are stored.
Storable = AfterValidator(_no_nul)


class In(BaseModel):
    """A request body: unknown fields are ignored, values are frozen."""

    model_config = ConfigDict(extra="ignore", frozen=True)
