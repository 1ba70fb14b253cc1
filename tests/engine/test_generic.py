"""The generic path's promises one by one: names, short forms, fail-closed answers, the store.

`test_generic_differential.py` holds it to Cedar's answers on generated requests; this file
pins the rules it documents and what it costs: one cedarpy call for a search, the stored
entities parsed once per engine.
"""

from __future__ import annotations

import math
from typing import Any

import cedarpy
import pytest

from engine import CedarEngine, load_pack
from engine.generic import Evaluation, Party, decide_generic, decide_generic_batch, expand
from engine.schema_info import CedarType
from tests.fixtures import PACKS


@pytest.fixture(scope="module")
def rom() -> CedarEngine:
    return CedarEngine(load_pack(PACKS / "prosjektrom"))


def _ids(engine: CedarEngine, ev: Evaluation) -> tuple[str, list[str]]:
    d = decide_generic(engine, ev)
    return (d.effect, [r.id for r in d.reasons])


def _see(subject: str, resource: str, **props: Any) -> Evaluation:
    return Evaluation(Party("Bruker", subject, props), "se", Party("Dokument", resource))


def test_a_stored_hierarchy_decides(rom: CedarEngine) -> None:
    """kari is in backend, in utviklere, in alle: `principal in Rom::Gruppe::"alle"` holds."""
    assert _ids(rom, _see("kari", "d1")) == ("permit", ["alle_leser_aapne"])
    assert _ids(rom, _see("siri", "d1")) == ("deny", ["ingen_tilgangsgrunnlag"])


def test_names_are_looked_up_in_the_pack_namespace_or_taken_qualified(rom: CedarEngine) -> None:
    qualified = Evaluation(Party("Rom::Bruker", "kari"), "se", Party("Rom::Dokument", "d1"))
    assert _ids(rom, qualified) == _ids(rom, _see("kari", "d1"))
    for ev in (
        Evaluation(Party("Robot", "r"), "se", Party("Dokument", "d1")),
        Evaluation(Party("Bruker", "kari"), "se", Party("Arkiv::Dokument", "d1")),
        Evaluation(Party("Bruker", "kari"), "slett_alt", Party("Dokument", "d1")),
    ):
        assert _ids(rom, ev) == ("deny", ["ingen_tilgangsgrunnlag"])


def test_an_action_group_decides_for_its_members(rom: CedarEngine) -> None:
    """`slette` is in `administrere` and in `endre`, which is in `lese`: all three grant."""
    delete = Evaluation(Party("Bruker", "per"), "slette", Party("Dokument", "d3"))
    assert _ids(rom, delete) == ("deny", ["arkivet_er_laast"])  # d3 is in the archive
    own = Evaluation(Party("Bruker", "kari"), "slette", Party("Dokument", "d1"))
    granted = ["alle_leser_aapne", "ansvarlig_administrerer", "forfatteren_endrer"]
    assert _ids(rom, own) == ("permit", granted)


def test_the_bare_id_short_form_is_the_declared_entity() -> None:
    bruker = CedarType("Entity", "Rom::Bruker")
    assert expand(bruker, "kari") == {"__entity": {"type": "Rom::Bruker", "id": "kari"}}
    assert expand(CedarType("Set", element=bruker), ["a"]) == [
        {"__entity": {"type": "Rom::Bruker", "id": "a"}}
    ]
    assert expand(CedarType("String"), "kari") == "kari"
    assert expand(bruker, {"type": "Rom::Bruker", "id": "x"}) == {"type": "Rom::Bruker", "id": "x"}


def test_via_a_bare_id_in_the_context(rom: CedarEngine) -> None:
    bare = Evaluation(
        Party("Bruker", "ola"), "se", Party("Dokument", "d1"), context={"via": "kari"}
    )
    assert _ids(rom, bare) == ("permit", ["alle_leser_aapne", "ser_via_lederen"])


@pytest.mark.parametrize(
    "props",
    [
        {"nivaa": "4"},
        {"nivaa": True},
        {"nivaa": 2**64},
        {"nivaa": math.nan},
        {"nivaa": object()},
        {"leder": 7},
        {"ansvarlig_for": "p1"},
    ],
)
def test_a_value_of_the_wrong_shape_is_an_evaluation_error(
    rom: CedarEngine, props: dict[str, Any]
) -> None:
    assert _ids(rom, _see("kari", "d1", **props)) == ("deny", ["evaluation_error"])


def test_one_bad_evaluation_does_not_fail_its_batch(rom: CedarEngine) -> None:
    good = _see("kari", "d1")
    bad = Evaluation(
        Party("Bruker", "kari"), "se", Party("Dokument", "d1"), context={"x": object()}
    )
    decisions = decide_generic_batch(rom, [good, bad, good])
    assert [d.effect for d in decisions] == ["permit", "permit", "permit"]  # `x` is undeclared
    worse = Evaluation(good.subject, "se", good.resource, context={"via": object()})
    decisions = decide_generic_batch(rom, [good, worse, good])
    assert [[r.id for r in d.reasons] for d in decisions][1] == ["evaluation_error"]
    assert decisions[0] == decisions[2] == decide_generic(rom, good)


def test_a_search_is_one_cedarpy_call(rom: CedarEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = cedarpy.is_authorized_batch

    def counted(requests: list[Any], *args: Any, **kwargs: Any) -> Any:
        calls.append(len(requests))
        return real(requests, *args, **kwargs)

    monkeypatch.setattr(cedarpy, "is_authorized_batch", counted)
    subject = Party("Bruker", "ola", {"nivaa": 5})  # overlaid: d2 is no longer forbidden
    docs = [f"d{n}" for n in range(1, 5)]
    evs = [Evaluation(subject, "se", Party("Dokument", d)) for d in docs]
    decisions = decide_generic_batch(rom, evs)
    assert calls == [4]
    assert [[r.id for r in d.reasons] for d in decisions] == [
        ["alle_leser_aapne"],
        ["ingen_tilgangsgrunnlag"],  # hemmelig, but nivaa 5: not hemmelig_krever_nivaa
        ["alle_leser_aapne"],
        ["alle_leser_aapne"],
    ]


def test_stored_entities_are_parsed_once_per_overlaid_uid(rom: CedarEngine) -> None:
    base = rom.base
    before = rom._without.cache_info()
    for level in (1, 5, 1, 5):
        decide_generic(rom, _see("per", "d2", nivaa=level))
    after = rom._without.cache_info()
    assert after.misses - before.misses <= 1
    assert rom.base is base
    assert _ids(rom, _see("ola", "d2")) == ("deny", ["hemmelig_krever_nivaa"])  # stored again
