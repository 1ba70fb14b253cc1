"""A policy pack on disk, read once: schema, policy files, Rego twin, parameters, entities,
pack.json, and the manifest that locks them (checked by `engine.manifest.load_pack`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import PolicyError
from engine.parameters import ParameterNote, read_parameters

KindReader = Callable[[Mapping[str, Any]], object]

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
_DATA = ("parametere.json", "entities.json", "pack.json")  # in the revision's order


@dataclass(frozen=True)
class PolicyFile:
    """One `.cedar` or `.rego` file: its name relative to the pack and its text."""

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
    fact_provider: str = ""  # the pack's kind: whose facts the api gathers for it, or none
    required_annotations: tuple[str, ...] = ()
    system_rules: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    rego: tuple[PolicyFile, ...] = ()  # the Rego twin, `rego/*.rego`
    digests: Mapping[str, str] = field(default_factory=dict)  # sha256 of every deciding file
    manifest: bytes | None = None  # manifest.json as read
    signature: bytes | None = None  # manifest.sig as read
    kind_data: object = field(default=None, compare=False)  # what its kind's reader read, once
    parameter_notes: Mapping[str, ParameterNote] = field(default_factory=dict)  # if it asks


_KINDS: dict[str, KindReader] = {}


def register_kind(name: str, reader: KindReader) -> None:
    """Let packs of kind `name` (`pack.json` `fact_provider`) have their parameters read by
    `reader` at load (a `PolicyError` refuses the pack); `Pack.kind_data` holds what it returns."""
    _KINDS[name] = reader


_SHAPES: dict[str, type] = {"parametere.json": dict, "pack.json": dict, "entities.json": list}


def deciding_files(root: Path) -> list[Path]:
    """Every file of the pack that decides: schema, `*.cedar`, `rego/*.rego` and the JSON data."""
    found = [root / n for n in ("schema.cedarschema", *_DATA)]
    found += [*root.glob("*.cedar"), *(root / "rego").glob("*.rego")]
    return sorted(p for p in found if p.is_file())


def _read(root: Path, path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        name = path.relative_to(root).as_posix()
        raise PolicyError(name, 0, f"cannot be read: {exc.strerror or exc}") from exc


def _text(name: str, raw: bytes) -> str:
    """The text of a file as `Path.read_text` gives it (UTF-8, universal newlines)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyError(name, 0, f"not UTF-8 text: {exc.reason}") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_json(name: str, raw: bytes) -> Any:
    try:
        data = json.loads(_text(name, raw))
    except json.JSONDecodeError as exc:
        raise PolicyError(name, exc.lineno, f"invalid JSON: {exc.msg}") from exc
    if _SHAPES[name] is dict and not isinstance(data, dict):
        raise PolicyError(name, 1, "must hold a JSON object")
    if _SHAPES[name] is list and not (
        isinstance(data, list) and all(isinstance(e, dict) for e in data)
    ):
        raise PolicyError(name, 1, "must hold a list of entity objects")
    return data


def _revision(schema: str, files: tuple[PolicyFile, ...], raw: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256(schema.encode())
    for f in files:
        digest.update(f.name.encode() + b"\0" + f.text.encode())
    for name in (n for n in _DATA if n in raw):
        digest.update(name.encode() + b"\0" + raw[name])
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
        **{
            key: _strings(raw.get(key, []), key)
            for key in ("parameter_metadata", "plain_parameters")
        },
    }


def _optional(path: Path) -> bytes | None:
    return _read(path.parent, path) if path.is_file() else None


def _files(raw: Mapping[str, bytes], suffix: str) -> tuple[PolicyFile, ...]:
    return tuple(PolicyFile(n, _text(n, b)) for n, b in raw.items() if n.endswith(suffix))


def _required(root: Path, raw: Mapping[str, bytes], policies: tuple[PolicyFile, ...]) -> None:
    """Refuse a pack without a schema, without policies or without pack.json."""
    if "schema.cedarschema" not in raw:
        raise PolicyError(str(root / "schema.cedarschema"), 0, "the pack has no schema.cedarschema")
    if not policies:
        raise PolicyError(str(root), 0, "the pack has no .cedar policy files")
    if "pack.json" not in raw:
        raise PolicyError("pack.json", 0, "the pack has no pack.json")


def _kind_data(kind: str, parameters: Mapping[str, Any]) -> object:
    reader = _KINDS.get(kind)
    return reader(parameters) if reader else None


def read_pack(directory: Path) -> Pack:
    """Read and parse a pack directory, each file once, without checking its manifest."""
    root = directory.resolve()  # one folder, even if `directory` is a link switched meanwhile
    raw = {p.relative_to(root).as_posix(): _read(root, p) for p in deciding_files(root)}
    policies = _files(raw, ".cedar")
    _required(directory, raw, policies)
    data = {n: _read_json(n, raw[n]) for n in _DATA if n in raw}
    schema = _text("schema.cedarschema", raw["schema.cedarschema"])
    meta = _meta(data["pack.json"])
    parameters, notes = read_parameters(data.get("parametere.json", {}), meta)
    return Pack(
        directory=directory,
        schema=schema,
        policies=policies,
        parameters=parameters,
        entities=tuple(data.get("entities.json", [])),
        revision=_revision(schema, policies, raw),
        kind_data=_kind_data(meta["fact_provider"], parameters),
        **{k: v for k, v in meta.items() if k not in ("parameter_metadata", "plain_parameters")},
        parameter_notes=notes,
        rego=_files(raw, ".rego"),
        digests={n: hashlib.sha256(b).hexdigest() for n, b in raw.items()},
        manifest=_optional(root / MANIFEST),
        signature=_optional(root / SIGNATURE),
    )
