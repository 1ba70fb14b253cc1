"""The AuthZEN request objects as the api parses them: unknown fields ignored, every malformed
request a `RequestError` naming the field (`parse`)."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError

from api.errors import field_path
from engine import RequestError

Semantic = Literal["execute_all", "deny_on_first_deny", "permit_on_first_permit"]
M = TypeVar("M", bound=BaseModel)
Item = dict[str, Any] | RequestError  # a batch item with the defaults, or why it is no object


class In(BaseModel):
    """An AuthZEN request object: unknown fields ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class EntityIn(In):
    """An AuthZEN subject or resource."""

    type: StrictStr = Field(min_length=1)
    id: StrictStr = Field(min_length=1)
    properties: dict[str, Any] | None = None


class ActionIn(In):
    """An AuthZEN action."""

    name: StrictStr = Field(min_length=1)
    properties: dict[str, Any] | None = None


class EvaluationIn(In):
    """One AuthZEN access evaluation request."""

    subject: EntityIn
    action: ActionIn
    resource: EntityIn
    context: dict[str, Any] | None = None


class OptionsIn(In):
    """The options of a batch."""

    evaluations_semantic: Semantic = "execute_all"
    include_context: StrictBool = False


class BatchIn(In):
    """The batch envelope; its subject, action, resource and context are read raw as defaults."""

    evaluations: list[Any] | None = None
    options: OptionsIn | None = None


def first_error(exc: ValidationError) -> RequestError:
    """The first error of a validation, as a `RequestError` naming its field."""
    first = exc.errors()[0]
    return RequestError(field_path(tuple(first["loc"])), str(first["msg"]))


def parse(model: type[M], data: object) -> M:
    """The request as `model`; anything malformed is a `RequestError` naming the field."""
    if not isinstance(data, dict):
        raise RequestError("body", "must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc) from exc


def obligation(obligation_id: str, rule: str) -> dict[str, Any]:
    """An obligation as AuthZEN carries it in `context.obligations`: `{id, type, properties}`."""
    return {"id": obligation_id, "type": "obligation", "properties": {"rule": rule}}


def refused(status: int, message: str) -> dict[str, Any]:
    """A batch item that could not be decided: a deny carrying the error."""
    return {"decision": False, "context": {"error": {"status": status, "message": message}}}


def failed(exc: RequestError) -> dict[str, Any]:
    """A malformed batch item: a deny carrying its 400."""
    return refused(400, f"{exc.field}: {exc.message}")
