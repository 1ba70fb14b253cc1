"""Packs for tests: a copy of a pack, changed on purpose and locked again, loads as reviewed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from engine import MANIFEST, build_manifest, read_pack

ROOT = Path(__file__).resolve().parents[1]
PJD = ROOT / "policies" / "pjd"


def relock(directory: Path) -> Path:
    """Write `directory`'s manifest.json as it is now (`pjd policies lock` without its checks)."""
    (directory / MANIFEST).write_bytes(build_manifest(read_pack(directory)))
    return directory


def copy_pack(target: Path, source: Path = PJD) -> Path:
    """A copy of `source` (manifest and all) at `target`."""
    shutil.copytree(source, target)
    return target


def set_parameters(directory: Path, changes: Mapping[str, Any]) -> Path:
    """Give parameters of the pack at `directory` new values, keeping their metadata (an entry
    with `verdi` gets its value there); the pack is not relocked."""
    path = directory / "parametere.json"
    parameters = json.loads(path.read_text(encoding="utf-8"))
    for name, value in changes.items():
        entry = parameters.get(name)
        if isinstance(entry, dict) and "verdi" in entry:
            entry["verdi"] = value
        else:
            parameters[name] = value
    path.write_text(json.dumps(parameters, ensure_ascii=False, indent=2), encoding="utf-8")
    return directory


def parameter_values(directory: Path = PJD) -> dict[str, Any]:
    """The parameters of the pack at `directory` as engines see them."""
    return dict(read_pack(directory).parameters)
