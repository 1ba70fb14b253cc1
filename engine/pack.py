"""A policy pack on disk: schema, policy files, parameters, optional entities and pack.json."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import PolicyError
from engine.vocabulary import Vocabulary, read_vocabulary


@dataclass(frozen=True)
class PolicyFile:
    """One `.cedar` file: its name relative to the pack and its text."""

    name: str
    text: str


@dataclass(frozen=True)
class Pack:
    """Everything a pack holds, read once; `revision` is a hash of all of it."""

    directory: Path
    schema: str
    policies: tuple[PolicyFile, ...]
    parameters: dict[str, Any] = field(default_factory=dict)
    entities: tuple[dict[str, Any], ...] = ()
    namespace: str = ""
    revision: str = ""
    title: str = ""
    fact_provider: str = ""  # the api's provider of facts for this pack ("pjd"), or none
    required_annotations: tuple[str, ...] = ()
    system_rules: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    vocabulary: Vocabulary | None = None  # the PJD pack's code lists (`kodeverk`), read once

    def codes(self) -> Vocabulary:
        """The PJD code lists; a pack without them cannot judge a PJD request's codes."""
        if self.vocabulary is None:
            raise PolicyError("parametere.json", 0, "the pack has no code lists (kodeverk)")
        return self.vocabulary


_SHAPES: dict[str, type] = {"parametere.json": dict, "pack.json": dict, "entities.json": list}


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyError(path.name, 0, f"not UTF-8 text: {exc.reason}") from exc


def _read_json(path: Path) -> Any:
    try:
        data = json.loads(_text(path))
    except json.JSONDecodeError as exc:
        raise PolicyError(path.name, exc.lineno, f"invalid JSON: {exc.msg}") from exc
    if _SHAPES[path.name] is dict and not isinstance(data, dict):
        raise PolicyError(path.name, 1, "must hold a JSON object")
    if _SHAPES[path.name] is list and not (
        isinstance(data, list) and all(isinstance(e, dict) for e in data)
    ):
        raise PolicyError(path.name, 1, "must hold a list of entity objects")
    return data


def _revision(schema: str, files: tuple[PolicyFile, ...], extra: list[Path]) -> str:
    digest = hashlib.sha256(schema.encode())
    for f in files:
        digest.update(f.name.encode() + b"\0" + f.text.encode())
    for path in extra:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PolicyError("pack.json", 0, f"{key} must be a list of names")
    return tuple(value)


def _system_rules(value: Any) -> dict[str, dict[str, str]]:
    ok = isinstance(value, dict) and all(
        isinstance(notes, dict) and all(isinstance(v, str) for v in notes.values())
        for notes in value.values()
    )
    if not ok:
        raise PolicyError("pack.json", 0, "system_rules must map a rule id to its annotations")
    return {str(k): dict(v) for k, v in value.items()}


def _meta(raw: dict[str, Any]) -> dict[str, Any]:
    """The fields of pack.json the service reads, checked; others are the pack's own."""
    texts = {k: raw.get(k, "") for k in ("namespace", "title", "fact_provider")}
    for key, value in texts.items():
        if not isinstance(value, str):
            raise PolicyError("pack.json", 0, f"{key} must be a string")
    return texts | {
        "required_annotations": _strings(
            raw.get("required_annotations", []), "required_annotations"
        ),
        "system_rules": _system_rules(raw.get("system_rules", {})),
    }


def load_pack(directory: Path) -> Pack:
    """Read a pack directory; refuse one without a schema or without policies, or a PJD pack
    (`fact_provider` "pjd") whose code lists do not read (`engine.vocabulary`)."""
    schema_path = directory / "schema.cedarschema"
    if not schema_path.is_file():
        raise PolicyError(str(schema_path), 0, "the pack has no schema.cedarschema")
    files = tuple(
        PolicyFile(p.relative_to(directory).as_posix(), _text(p))
        for p in sorted(directory.glob("*.cedar"))
    )
    if not files:
        raise PolicyError(str(directory), 0, "the pack has no .cedar policy files")
    optional = [directory / n for n in ("parametere.json", "entities.json", "pack.json")]
    present = [p for p in optional if p.is_file()]
    data = {p.name: _read_json(p) for p in present}
    pack_meta = _meta(data.get("pack.json", {}))
    parameters = data.get("parametere.json", {})
    schema = _text(schema_path)
    return Pack(
        directory=directory,
        schema=schema,
        policies=files,
        parameters=parameters,
        entities=tuple(data.get("entities.json", [])),
        revision=_revision(schema, files, present),
        vocabulary=read_vocabulary(parameters) if pack_meta["fact_provider"] == "pjd" else None,
        **pack_meta,
    )
