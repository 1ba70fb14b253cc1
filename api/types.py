"""What every request body shares: unknown fields ignored, the one set of strict identifiers,
and every form of date and moment the api reads (each parsed here, once).

Every identifier that enters the service — a body, the attestation (`engine.pjd.vocabulary`), an
AuthZEN property, the `X-Citizen` header, a path or query parameter — is held to the same
canonical forms, defined once in `engine.pjd.vocabulary`: a national id (F/D-number) is 11 ASCII
digits, an org.nr 9, an HPR number 6 to 9 without a leading zero. Nothing is trimmed or
converted; a near miss (`"222200068 "`, `０２２…`, `0222200068`) is a 400 naming the field.
The check digits are never checked (the specification's example patient fails mod-11).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from engine import RequestError, TooLarge
from engine.pjd import HPR_NUMBER, ORGNR, PERSON_ID, canonical, oslo_midnight


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


# --- Time: every date and moment the api reads, each form parsed here ---------------------------

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_OFFSET = re.compile(r"(Z|[+-][0-9]{2}:?[0-9]{2})$", re.I)
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def _document_moment(value: object) -> object:
    """RFC 3339 with an offset, or a plain date (an Oslo date, R30); a time without offset is
    refused."""
    if isinstance(value, str) and _DAY.fullmatch(value):
        return date.fromisoformat(value)
    if isinstance(value, str) and not _OFFSET.search(value):
        raise ValueError("a date-time needs an offset (Z or ±hh:mm)")
    if not isinstance(value, str | datetime | date | None):
        raise ValueError("a date-time must be an RFC 3339 string")
    return value


def _in_range(value: datetime | date | None) -> datetime | date | None:
    """Years 1900–9000: enough for any record, far from calendar arithmetic's edges."""
    if value is not None and not 1900 <= value.year <= 9000:
        raise ValueError("the year must be between 1900 and 9000")
    return value


def _rfc3339(value: object) -> object:
    if value is None or isinstance(value, datetime):
        return value
    if not isinstance(value, str) or _DAY.fullmatch(value) or not _OFFSET.search(value):
        raise ValueError("at must be an RFC 3339 date-time with an offset (Z or ±hh:mm)")
    return value


# A document's service time or creation: RFC 3339 with an offset, or a date; years 1900–9000.
DocumentMoment = Annotated[
    datetime | date | None, BeforeValidator(_document_moment), AfterValidator(_in_range)
]
# The moment a request asks about (`at`): RFC 3339 with an offset; years 1900–9000.
AskedAt = Annotated[datetime | None, BeforeValidator(_rfc3339), AfterValidator(_in_range)]


_MOMENT_MESSAGE = "Input should be an RFC 3339 date-time with an offset, or a date as YYYY-MM-DD"


def _moment(value: object) -> datetime:
    """An aware datetime (RFC 3339 with offset) or a date (its midnight in Oslo, R30),
    normalised to UTC."""
    try:
        if isinstance(value, datetime) and value.utcoffset() is not None:
            return value.astimezone(UTC)
        if isinstance(value, date) and not isinstance(value, datetime):
            return oslo_midnight(value)
        if isinstance(value, str) and _DAY.fullmatch(value):
            return oslo_midnight(date.fromisoformat(value))
        if isinstance(value, str) and _DATE_TIME.fullmatch(value):
            return datetime.fromisoformat(value.upper()).astimezone(UTC)
    except (ValueError, OverflowError):
        pass  # a well-formed string naming no real moment (2026-02-30, 24:00:00, out of range)
    raise PydanticCustomError("rfc3339", _MOMENT_MESSAGE)


# A restriction's moment: RFC 3339 with an offset, or a date (midnight in Oslo, R30); in UTC.
Moment = Annotated[datetime, BeforeValidator(_moment)]


def _iso_day(value: object) -> object:
    """Let through only a `date` or a `YYYY-MM-DD` string (no timestamps, no datetimes)."""
    is_day = isinstance(value, date) and not isinstance(value, datetime)
    if is_day or (isinstance(value, str) and _DAY.fullmatch(value)):
        return value
    raise PydanticCustomError("iso_date", "Input should be a date as YYYY-MM-DD")


# A registry day: a date as YYYY-MM-DD, nothing else.
Day = Annotated[date, BeforeValidator(_iso_day)]
