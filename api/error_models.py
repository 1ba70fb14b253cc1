"""The bodies of the error answers, as `/openapi.json` documents them (`api.errors` answers
them and documents each route's)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.pjd.schemas import ReasonOut


class BadRequestError(BaseModel):
    """400: the request is malformed; `field` names the (first) offending field."""

    error: Literal["bad_request"]
    field: str = Field(examples=["documents[0].source"])
    message: str = Field(examples=["documents[0].source: String should match pattern '^[0-9]{9}$'"])


class TooLargeError(BaseModel):
    """413: the request is larger than the service takes; `field` names what (`body`,
    `documents`, `evaluations`, `gp_list`)."""

    error: Literal["too_large"]
    field: str = Field(examples=["documents"])
    message: str = Field(examples=["documents: at most 1000 per request (got 1001)"])


class ForbiddenError(BaseModel):
    """403: the policy denies what the request asks; `reasons` are the deciding rules."""

    error: Literal["forbidden"]
    decision: Literal["deny"]
    reasons: list[ReasonOut]


class NotFoundError(BaseModel):
    """404: the resource the request names does not exist."""

    error: Literal["not_found"]
    message: str


class ConflictError(BaseModel):
    """409: the request conflicts with the resource's state."""

    error: Literal["conflict"]
    message: str


class UnavailableError(BaseModel):
    """503: the service cannot decide at all (no policy pack loaded, no database in time, an
    unexpected error); always with `Retry-After`."""

    error: Literal["unavailable"]
    message: str


class UnauthenticatedError(BaseModel):
    """401: no valid bearer access token (missing, malformed, expired, wrongly signed, another
    issuer or audience); `WWW-Authenticate` carries RFC 6750's challenge."""

    error: Literal["unauthenticated"]
    message: str = Field(examples=["the token has expired"])


class InsufficientScopeError(BaseModel):
    """403: a valid token without one of the operation's scopes (`scopes`)."""

    error: Literal["insufficient_scope"]
    message: str
    scopes: list[str] = Field(examples=[["pjd:decide"]])


class ClaimsRefusedError(BaseModel):
    """401: the person's claims did not verify (`helseid_token`, `saml_assertion`), or came
    unsigned where only signed ones decide; `field` names what carried them."""

    error: Literal["claims_refused"]
    field: str = Field(examples=["helseid_token"])
    message: str = Field(examples=["helseid_token: the token has expired"])
