"""A PJD request refuses fields it does not know, naming the nearest known one.

A typo such as `hpr_nr` for `hpr_number` would otherwise drop a fact a rule needs and could
change a decision without a word; so the PJD endpoint's bodies (and the citizen's claims) are
`StrictIn`: an unknown field is a 400 naming it and, where one is close, the known field it
was likely meant to be. AuthZEN's models stay lenient (`api.types.In`): its specification
says unknown fields are ignored.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

UNKNOWN = "unknown_field"


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def known_fields(model: type[BaseModel], path: Sequence[int | str]) -> list[str]:
    """The field names of the model found at `path` (list indexes skipped) below `model`."""
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        found = next(_models_in(field.annotation), None) if field else None
        if found is None:
            return []
        model = found
    return list(model.model_fields)


def _unknown(model: type[BaseModel], error: Any) -> InitErrorDetails:
    loc = tuple(error["loc"])
    if error["type"] == UNKNOWN:  # already named by a nested model
        message = str(error["msg"])
    else:
        near = difflib.get_close_matches(str(loc[-1]), known_fields(model, loc[:-1]), n=1)
        message = "is not a field of this request" + (
            f"; did you mean `{near[0]}`?" if near else ""
        )
    return InitErrorDetails(
        type=PydanticCustomError(UNKNOWN, message), loc=loc, input=error["input"]
    )


class StrictIn(BaseModel):
    """A request body part whose unknown fields are refused (values frozen, as `api.types.In`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="wrap")
    @classmethod
    def _name_unknown_fields(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(data)
        except ValidationError as exc:
            errors = exc.errors()
            if not any(e["type"] in ("extra_forbidden", UNKNOWN) for e in errors):
                raise
            details = [
                _unknown(cls, e) if e["type"] in ("extra_forbidden", UNKNOWN) else e for e in errors
            ]
            raise ValidationError.from_exception_data(exc.title, details) from None  # type: ignore[arg-type]
