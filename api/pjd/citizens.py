"""A citizen's verified claims (helsenorge), as the PJD endpoint and the log view take them."""

from __future__ import annotations

from pydantic import Field, ValidationError, field_validator

from api.pjd.strict_fields import StrictIn
from api.trust.callers import CITIZEN, Caller, InsufficientScope
from api.trust.claims import ClaimsRefused
from api.trust.verifier import ClaimsVerifier
from api.types import PersonId
from engine import RequestError, strict_json
from engine.pjd import Citizen, Vocabulary


class RepresentationIn(StrictIn):
    """Whom the citizen acts for: the ACP code (2.16.578.1.12.4.1.7.2.1.N, judged against the
    pack's list), their person id and their age, as helsenorge confirmed the representation."""

    acp: str = Field(min_length=1, max_length=64)
    pid: PersonId | None = None
    age: int | None = Field(default=None, ge=0, le=130, strict=True)


class CitizenIn(StrictIn):
    """A citizen logged in on helsenorge: person id, security level, age, representation."""

    pid: PersonId
    security_level: str = Field(min_length=1, max_length=8)
    age: int = Field(ge=0, le=130, strict=True)
    representation: RepresentationIn | None = None

    @field_validator("security_level", mode="before")
    @classmethod
    def _level_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def to_engine(self, vocabulary: Vocabulary, field: str = "citizen") -> Citizen:
        """The engine's Citizen, its ACP code one of the pack's (R19, R20); acting for someone
        else needs their person id and age."""
        rep = self.representation
        acp = "0" if rep is None else vocabulary.acp(rep.acp, f"{field}.representation.acp")
        if rep is None or acp == "0":
            return Citizen(self.pid, self.security_level, self.age)
        for name in ("pid", "age"):
            if getattr(rep, name) is None:
                where = f"{field}.representation.{name}"
                raise RequestError(where, "acting for someone needs their person id and age")
        return Citizen(self.pid, self.security_level, self.age, acp, rep.age, rep.pid)


def _utf8(value: str) -> bytes:
    """The header's bytes (the server hands them on as Latin-1), to be read as UTF-8."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError as exc:  # a caller in the process handing text on
        raise RequestError("X-Citizen", "is not UTF-8") from exc


def citizen_of(
    caller: Caller, header: str | None, vocabulary: Vocabulary, verifier: ClaimsVerifier
) -> Citizen:
    """The citizen behind a log view: the `citizen` claims of the caller's (verified) token,
    else the `X-Citizen` header, where the deployment accepts unverified claims (else 401)."""
    if caller.citizen is not None:
        if header:
            raise RequestError("X-Citizen", "the token carries the citizen's claims: send one")
        return _citizen(caller.citizen, vocabulary, "token.citizen")
    if header and not verifier.accepts_unverified:
        raise ClaimsRefused("X-Citizen", "claims nobody signed are not accepted here")
    return citizen_from_header(header, vocabulary)


def citizen_from_header(value: str | None, vocabulary: Vocabulary) -> Citizen:
    """The `X-Citizen` header (the same JSON object as `citizen` in a PJD request)."""
    if not value:
        raise RequestError("X-Citizen", "the citizen's verified claims are required")
    return _citizen(strict_json.loads(_utf8(value), "X-Citizen"), vocabulary, "X-Citizen")


def _citizen(claims: object, vocabulary: Vocabulary, field: str) -> Citizen:
    try:
        return CitizenIn.model_validate(claims).to_engine(vocabulary, field)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RequestError(f"{field}.{where}", str(first["msg"])) from exc


def bind_citizen(caller: Caller, citizen: Citizen) -> None:
    """The citizen's claims must be the token's person's: the same `pid`, and a person they act
    for whom the token shows they represent; else 403 (`InsufficientScope`) naming the field
    (`X-Citizen.pid`, `X-Citizen.representation.pid`; `token.citizen.…` for the token's own)."""
    field = "token.citizen" if caller.citizen is not None else "X-Citizen"
    if citizen.pid != caller.pid:
        raise InsufficientScope((CITIZEN,), f"{field}.pid is not the token's `pid`")
    acted_for = citizen.represented_pid
    if acted_for not in (None, citizen.pid) and acted_for not in caller.represents:
        message = f"{field}.representation.pid is not one of the token's `represents`"
        raise InsufficientScope((CITIZEN,), message)
