"""The Rego twin's input contract, `rego/inndata.rego`, generated from `schema.cedarschema`.

`inndata_skjema` names each entity type and common type of the schema with its attributes'
types as the Rego engine checks them ("String", "Long", "Bool", "Set<…>", or a record's name; a
trailing "?" on a name: optional); the context's `parametere` are `data.parametere`, so the
`Parametere` entry is the parameters' own contract. `inndata_handlinger` is `appliesTo`. The
file's opening comment is kept as written; everything after it is generated (`pjd policies twin`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from engine.schema_info import Attribute, CedarType, SchemaInfo, read_schema

FILE = "rego/inndata.rego"
PARAMETERS = "Parametere"
_WIDTH = 100
_PARAMETERS_NOTE = (
    "\t# Parameterne reglene leser (parametere.json kan ha flere, f.eks. `tilbakeblikk_aar`)."
)
_ACTIONS_NOTE = "# Cedar `appliesTo`: hvem som kan gjøre hva med hvilken ressurs."


def _short(name: str) -> str:
    return name.rsplit("::", 1)[-1]


def _type(kind: CedarType, records: Mapping[int, str]) -> str:
    if kind.kind == "Set" and kind.element is not None:
        return f"Set<{_type(kind.element, records)}>"
    if kind.kind == "Record":
        return records[id(kind)]
    return _short(kind.name) if kind.kind == "Entity" else kind.kind


def _lines(items: Iterable[str], indent: str) -> list[str]:
    """`items` joined by ", ", wrapped at the line width."""
    out: list[str] = []
    for item in items:
        if out and len((out[-1] + " " + item).expandtabs(4)) <= _WIDTH:
            out[-1] += " " + item
        else:
            out.append(indent + item)
    return out


def _entry(name: str, attributes: Mapping[str, Attribute], records: Mapping[int, str]) -> list[str]:
    items = [
        f'"{n}{"" if a.required else "?"}": "{_type(a.type, records)}",'
        for n, a in attributes.items()
    ]
    one = f'\t"{name}": {{{" ".join(items).rstrip(",")}}},'
    if len(one.expandtabs(4)) <= _WIDTH:
        return [one]
    return [f'\t"{name}": {{', *_lines(items, "\t\t"), "\t},"]


def _contract(info: SchemaInfo) -> list[str]:
    records = {id(t): _short(n) for n, t in info.types.items()}
    out = ["inndata_skjema := {"]
    parameters: list[str] = []
    for name, entity in info.entities.items():
        entry = _entry(_short(name), entity.attributes, records)
        if _short(name) == PARAMETERS:
            parameters = [_PARAMETERS_NOTE, *entry]
        else:
            out += entry
    for name, kind in info.types.items():
        attrs = {n: a for n, a in kind.attributes.items() if n != "parametere"}
        out += _entry(_short(name), attrs, records)
    return [*out, *parameters, "}"]


def _actions(info: SchemaInfo) -> list[str]:
    out = [_ACTIONS_NOTE, "inndata_handlinger := {"]
    for (_, action), decl in info.actions.items():
        principals = ", ".join(f'"{_short(p)}"' for p in decl.principals)
        resources = ", ".join(f'"{_short(r)}"' for r in decl.resources)
        out.append(f'\t"{action}": {{"principal": [{principals}], "resource": [{resources}]}},')
    return [*out, "}"]


def render_contract(schema: str, current: str) -> str:
    """`rego/inndata.rego` for `schema`, keeping the package line and opening comment of
    `current` (all before `inndata_skjema`)."""
    head = current.split("inndata_skjema :=", 1)[0].rstrip("\n") + "\n\n"
    info = read_schema(schema)
    return head + "\n".join([*_contract(info), "", *_actions(info)]) + "\n"


def write_contract(policy_dir: Path) -> bool:
    """Write the pack's `rego/inndata.rego` from its schema; False when it already was so."""
    path = policy_dir / FILE
    current = path.read_text(encoding="utf-8")
    fresh = render_contract(
        (policy_dir / "schema.cedarschema").read_text(encoding="utf-8"), current
    )
    if fresh == current:
        return False
    path.write_text(fresh, encoding="utf-8")
    return True
