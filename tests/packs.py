"""Packs for tests: a copy of a pack, changed on purpose and locked again, loads as reviewed."""

from __future__ import annotations

import shutil
from pathlib import Path

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
