"""Engines on the real PJD pack, built once per session and shared by the engine tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import CedarEngine, Pack, RegoEngine, load_pack

PJD = Path(__file__).resolve().parents[2] / "policies" / "pjd"


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack(PJD)


@pytest.fixture(scope="session")
def cedar(pack: Pack) -> CedarEngine:
    return CedarEngine(pack)


@pytest.fixture(scope="session")
def rego(pack: Pack) -> RegoEngine:
    return RegoEngine(pack)
