"""A citizen's verified claims (helsenorge), as the PJD endpoint and the log view take them."""

from __future__ import annotations

import json

from pydantic import Field, ValidationError, field_validator

from api.schemas_base import PERSON_ID, In
from engine import RequestError
from engine.model import Citizen

ACP = "2.16.578.1.12.4.1.7.2.1"
REPRESENTATIONS = {"0", "1", "2", "3"}


class RepresentationIn(In):
    """Whom the citizen acts for: the ACP code (2.16.578.1.12.4.1.7.2.1.N), their person id
    and their age, as helsenorge confirmed the representation."""

    acp: str
    pid: str | None = Field(default=None, pattern=PERSON_ID)
    age: int | None = Field(default=None, ge=0, le=130, strict=True)

    @field_validator("acp")
    @classmethod
    def _known_acp(cls, value: str) -> str:
        code = value.removeprefix("urn:oid:").removeprefix(ACP)
        if code.removeprefix(".") not in REPRESENTATIONS or not code.startswith("."):
            raise ValueError(f"acp must be {ACP}.0, .1, .2 or .3")
        return code.removeprefix(".")


class CitizenIn(In):
    """A citizen logged in on helsenorge: person id, security level, age, representation."""

    pid: str = Field(pattern=PERSON_ID)
    security_level: str = Field(min_length=1, max_length=8)
    age: int = Field(ge=0, le=130, strict=True)
    representation: RepresentationIn | None = None

    @field_validator("security_level", mode="before")
    @classmethod
    def _level_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def to_engine(self, field: str = "citizen") -> Citizen:
        """The engine's Citizen; acting for someone else needs their age."""
        rep = self.representation
        if rep is None or rep.acp == "0":
            return Citizen(self.pid, self.security_level, self.age)
        for name in ("pid", "age"):
            if getattr(rep, name) is None:
                where = f"{field}.representation.{name}"
                raise RequestError(where, "acting for someone needs their person id and age")
        return Citizen(self.pid, self.security_level, self.age, rep.acp, rep.age, rep.pid)


def citizen_from_header(value: str | None) -> Citizen:
    """The `X-Citizen` header (the same JSON object as `citizen` in a PJD request)."""
    if not value:
        raise RequestError("X-Citizen", "the citizen's verified claims are required")
    try:
        return CitizenIn.model_validate(json.loads(value)).to_engine("X-Citizen")
    except json.JSONDecodeError as exc:
        raise RequestError("X-Citizen", f"not valid JSON: {exc.msg}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RequestError(f"X-Citizen.{where}", str(first["msg"])) from exc
