"""The parameter table of `policies/README.md`, generated from the pack: each parameter's meaning,
value, legal basis, evidence grade, review date and the rules that read it (`pjd catalogue`).

The table stands between two marker lines (`START`, `END`); the rest of the README is written by
hand. `render_parameters` is the pure part, `write_parameters` replaces the table in a README.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine import Pack, PolicyError, load_pack, parameter_users

START = "<!-- parametere:start (generert av `pjd catalogue`; skal ikke redigeres for hånd) -->"
END = "<!-- parametere:end -->"
_HEADER = (
    "| parameter | betydning | verdi nå | hjemmel | bevisgrad | sist vurdert | brukes av |\n"
    "|---|---|---|---|---|---|---|"
)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
        return "; ".join(f"{k} ({_shown(v)})" for k, v in value.items())  # a table per code
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    return value if isinstance(value, str) else json.dumps(value)


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def render_parameters(pack: Pack) -> str:
    """The table of the pack's parameters with metadata, in the order of `parametere.json`."""
    users = parameter_users(((f.name, f.text) for f in pack.policies), pack.parameter_notes)
    rows = []
    for name, parameter in pack.parameter_notes.items():
        notes = parameter.notes
        grade = notes["bevisgrad"]
        if notes.get("apent_sporsmal"):
            grade += f" ({notes['apent_sporsmal']})"
        cells = [f"`{name}`", notes["beskrivelse"], _shown(parameter.value), notes["hjemmel"]]
        cells += [grade, notes["sist_vurdert"], ", ".join(f"`{u}`" for u in users[name])]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join([START, "", _HEADER, *rows, "", END])


def with_parameters(readme: str, table: str, name: str = "README.md") -> str:
    """`readme` with the text between its markers replaced by `table` (markers included)."""
    return between_markers(readme, table, (START, END), "parameter table", name)


def between_markers(
    readme: str, block: str, markers: tuple[str, str], what: str, name: str = "README.md"
) -> str:
    """`readme` with the text from its first marker to its second replaced by `block` (which
    holds both markers); a PolicyError naming `what` when the markers are not there."""
    start, end = readme.find(markers[0]), readme.find(markers[1])
    if start < 0 or end < start:
        raise PolicyError(name, 0, f"no {what} between {markers[0]!r} and {markers[1]!r}")
    return readme[:start] + block + readme[end + len(markers[1]) :]


def write_parameters(policy_dir: Path, readme: Path) -> bool:
    """Write the parameter table of the pack in `policy_dir` into `readme`; False (and nothing
    written) when the pack's parameters carry no metadata."""
    pack = load_pack(policy_dir)
    if not pack.parameter_notes:
        return False
    text = readme.read_text(encoding="utf-8")
    readme.write_text(with_parameters(text, render_parameters(pack), str(readme)), "utf-8")
    return True
