"""The engine's error tree. The api maps each to HTTP in one place.

EngineError
├── PolicyError        a policy pack that cannot be loaded (names file and line)
│   └── ArgumentError  an engine asked for with an argument it cannot use (names the argument)
├── RequestError       a request that cannot be decided as asked (names the field)
│   └── AttestationError (engine.pjd.attestation) a malformed attestation
└── TooLarge           a request larger than the service takes (names the field)
"""

from __future__ import annotations


class EngineError(Exception):
    """Base of the engine's errors."""


class PolicyError(EngineError):
    """The policy pack is invalid; `file` and `line` say where."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message


class ArgumentError(PolicyError):
    """An engine cannot be built with this argument; `argument` names it (the caller knows
    which of its settings gave it)."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(argument, 0, message)
        self.argument = argument


class RequestError(EngineError, ValueError):
    """The request cannot be decided as asked; `field` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class TooLarge(EngineError):
    """The request holds more than the service takes (too many documents, too long a body);
    `field` names what. Not a `ValueError`: a pydantic validator raising it is not turned into
    a validation error, so it reaches the api's mapping (413) as it is."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
