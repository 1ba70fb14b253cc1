"""What every request body shares: ignore unknown fields, ASCII-digit id patterns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

PERSON_ID = r"^[0-9]{11}$"
ORGNR = r"^[0-9]{9}$"


class In(BaseModel):
    """A request body: unknown fields are ignored, values are frozen."""

    model_config = ConfigDict(extra="ignore", frozen=True)
