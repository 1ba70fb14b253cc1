"""The `# METADATA` block over each rule of the Rego twin, generated from its Cedar twin's
annotations (`pjd policies twin`); the hand-written rule heads and bodies are left alone.

A block is `title` (the Cedar `@tittel`), `scope: rule`, and under `custom:` every annotation of
the Cedar rule, in the order `id`, `tittel`, `hjemmel`, `bevisgrad`, `apent_sporsmal`,
`sist_vurdert`, then the rest by name. Titles stay as Cedar writes them (`{parameter}`): the twin
check renders them with the pack's parameters, so a changed parameter needs no new twin. A block
whose rule has no Cedar twin is left as it is; the twin check refuses it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from engine import PolicyFile, read_pack, rules_of_rego, written_annotations

_ORDER = ("id", "tittel", "hjemmel", "bevisgrad", "apent_sporsmal", "sist_vurdert")


def metadata_block(notes: Mapping[str, str]) -> list[str]:
    """The METADATA comment lines for a rule with Cedar annotations `notes`."""
    keys = [k for k in _ORDER if k in notes] + sorted(k for k in notes if k not in _ORDER)
    quoted = {k: json.dumps(notes[k], ensure_ascii=False) for k in keys}
    title = json.dumps(notes.get("tittel", ""), ensure_ascii=False)
    head = ["# METADATA", f"# title: {title}", "# scope: rule", "# custom:"]
    return head + [f"#   {k}: {quoted[k]}" for k in keys]


def render_metadata(file: PolicyFile, annotations: Mapping[str, Mapping[str, str]]) -> str:
    """`file`'s text with each rule's METADATA block written from its Cedar annotations."""
    lines = file.text.splitlines()
    for rule in reversed(rules_of_rego(file)):  # from the end: earlier line numbers stand
        head = rule.line - 1
        start = max(i for i in range(head) if lines[i].strip() == "# METADATA")
        if rule.id in annotations:
            lines[start:head] = metadata_block(annotations[rule.id])
    return "\n".join(lines) + "\n"


def write_metadata(policy_dir: Path) -> list[str]:
    """Rewrite the METADATA blocks of the pack's twin; the names of the files that changed."""
    pack = read_pack(policy_dir)
    annotations = written_annotations(pack.policies)
    changed = []
    for file in pack.rego:
        fresh = render_metadata(file, annotations)
        if fresh != file.text:
            (policy_dir / file.name).write_text(fresh, encoding="utf-8")
            changed.append(file.name)
    return changed
