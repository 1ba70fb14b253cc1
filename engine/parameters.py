"""A pack's parameters (`parametere.json`), each with its own metadata when the pack asks for it.

A pack whose `pack.json` lists `parameter_metadata` (the PJD pack: `beskrivelse`, `hjemmel`,
`bevisgrad`, `sist_vurdert`) writes every parameter as an object: its value under `verdi`, then
those notes (an `antakelse` also `apent_sporsmal`; a parameter the service turns into a resource
attribute, rather than a rule reading it, names that attribute in `avledet_som`). Names listed in
`plain_parameters` (the PJD pack: `kodeverk`) stay plain values. Engines see only the values, as
they would without metadata. Each annotated parameter must be read by at least one rule — in its
condition, as `context.parametere.<navn>`, or through its `avledet_som` attribute — and the rules
that read it are its `users`. Without `parameter_metadata` the parameters are plain, as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import cedarpy

from engine.conventions import check_legal_notes
from engine.errors import PolicyError

FILE = "parametere.json"
VALUE = "verdi"
_OPTIONAL = ("apent_sporsmal", "avledet_som")


@dataclass(frozen=True)
class ParameterNote:
    """One parameter's value and metadata."""

    name: str
    value: Any
    notes: Mapping[str, str]


def _notes(name: str, entry: Any, required: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(entry, dict) or VALUE not in entry:
        raise PolicyError(FILE, 0, f"{name}: a parameter is an object with its value in {VALUE!r}")
    notes = {k: v for k, v in entry.items() if k != VALUE}
    missing = [k for k in required if not (isinstance(notes.get(k), str) and notes[k].strip())]
    if missing:
        raise PolicyError(FILE, 0, f"{name}: the parameter lacks {', '.join(missing)}")
    unknown = sorted(k for k, v in notes.items() if k not in {*required, *_OPTIONAL})
    if unknown or not all(isinstance(v, str) for v in notes.values()):
        raise PolicyError(FILE, 0, f"{name}: notes must be texts among {[*required, *_OPTIONAL]}")
    check_legal_notes(FILE, 0, notes, required, f"{name}.")
    return notes


_PARAMETERS = {".": {"left": {"Var": "context"}, "attr": "parametere"}}


def _reads(node: Any, found: set[str]) -> set[str]:
    """Every attribute an EST expression reads: `parametere.<navn>` as `navn`, others as `.navn`."""
    if isinstance(node, dict):
        for op in (".", "has"):
            access = node.get(op)
            if isinstance(access, dict) and "attr" in access:
                is_parameter = access.get("left") == _PARAMETERS
                found.add(access["attr"] if is_parameter else "." + access["attr"])
        for child in node.values():
            _reads(child, found)
    elif isinstance(node, list):
        for child in node:
            _reads(child, found)
    return found


def _readers(texts: Iterable[tuple[str, str]]) -> list[tuple[str, set[str]]]:
    """(rule id, what its conditions read) of each static policy, in file order."""
    out = []
    for name, text in texts:
        try:
            est = json.loads(cedarpy.policies_to_json_str(text))
        except ValueError as exc:
            raise PolicyError(name, 0, f"the policy file does not parse: {exc}") from exc
        static = est.get("staticPolicies", {})
        for key in sorted(static, key=lambda k: int(k[len("policy") :])):
            policy = static[key]
            rule_id = policy.get("annotations", {}).get("id") or key
            out.append((rule_id, _reads(policy.get("conditions", []), set())))
    return out


def parameter_users(
    policies: Iterable[tuple[str, str]], parameters: Mapping[str, ParameterNote]
) -> dict[str, tuple[str, ...]]:
    """Each annotated parameter's users: the rules whose conditions read it, in file order;
    `policies` is (file name, Cedar text). A parameter no rule reads refuses the pack."""
    readers = _readers(policies) if parameters else []
    out = {}
    for name, parameter in parameters.items():
        derived = parameter.notes.get("avledet_som", "")
        wanted = {name} | ({"." + derived.rsplit(".", 1)[-1]} if derived else set())
        out[name] = tuple(rule for rule, reads in readers if reads & wanted)
        if not out[name]:
            raise PolicyError(FILE, 0, f"{name}: no rule reads the parameter")
    return out


def read_parameters(
    data: Mapping[str, Any], meta: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, ParameterNote]]:
    """The parameters' values as engines see them, and each annotated one's metadata; `meta`
    is pack.json's (`parameter_metadata`, `plain_parameters`)."""
    required, plain = meta["parameter_metadata"], meta["plain_parameters"]
    values, annotated = dict(data), {}
    for name, entry in data.items() if required else ():
        if name not in plain:
            notes = _notes(name, entry, required)
            values[name] = entry[VALUE]
            annotated[name] = ParameterNote(name, entry[VALUE], notes)
    return values, annotated
