"""read_schema: the attribute names a Cedar schema declares, per entity type and action context.

Every schema here is also parsed by cedarpy, so the reader is tested only on valid Cedar.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import cedarpy
import pytest

from engine.schema_info import SchemaInfo, read_schema

PJD_SCHEMA = Path(__file__).resolve().parents[2] / "policies" / "pjd" / "schema.cedarschema"


def _read(text: str) -> SchemaInfo:
    cedarpy.Schema.from_str(text)  # the test schema itself must be valid Cedar
    return read_schema(text)


# --- the PJD schema ---------------------------------------------------------------------------


def test_pjd_entities() -> None:
    info = _read(PJD_SCHEMA.read_text(encoding="utf-8"))
    assert set(info.entities) == {
        "PJD::Helsepersonell",
        "PJD::Dokument",
        "PJD::Pasient",
        "PJD::Innbygger",
        "PJD::Parametere",
    }
    assert info.entities["PJD::Innbygger"] == {
        "pid",
        "sikkerhetsnivaa",
        "alder",
        "representasjon",
        "representert_pid",
        "pasient_alder",
    }
    assert info.entities["PJD::Pasient"] == {
        "fnr",
        "fastleger",
        "pjd_sperret",
        "kj_reservert",
        "kj_sperret",
        "kj_blokkert_hpr",
        "sperreregler",
    }
    assert info.entities["PJD::Dokument"] == {
        "pasient",
        "sperrenoekler",
        "virksomhetsnoekler",
        "kilde_orgnr",
        "kilde",
        "klasse",
        "dokumenttype",
        "konfidensialitet",
        "tidspunkt",
        "tilbakeblikk_grense",
    }
    helsepersonell = info.entities["PJD::Helsepersonell"]
    assert {"pid", "sikkerhetsnivaa", "hpr", "konsument", "attest_pasienter"} <= helsepersonell
    assert len(helsepersonell) == 20
    assert info.entities["PJD::Parametere"] == {
        "dokumentklasser",
        "roller_liste",
        "roller_lese",
        "roller_aldri",
        "formaal",
        "formaal_kun_liste",
        "fastlege_fase",
        "attest_maks_alder_sekunder",
        "attest_klokkeavvik_sekunder",
        "sikkerhetsnivaa",
        "personidentifikatorer",
        "nodrett_overstyrer_sperring",
        "kj_reservasjon_gjelder_hpl45",
        "kj_blokkering_gjelder_hpl45",
        "innbygger_selvstendig_alder",
        "foreldre_innsyn_under_alder",
    }
    # nested record attributes are not top-level attributes
    assert "kategori" not in helsepersonell
    assert "fra" not in info.entities["PJD::Dokument"]


def test_pjd_action_contexts() -> None:
    info = _read(PJD_SCHEMA.read_text(encoding="utf-8"))
    expected = {"sti", "tilgangsgrunnlag", "tidspunkt", "pasient", "parametere"}
    assert info.contexts == {
        'PJD::Action::"list"': expected,
        'PJD::Action::"read"': expected,
        'PJD::Action::"view_log"': expected,
    }
    assert "tidspunkt" in info.contexts['PJD::Action::"list"']


def test_pjd_types() -> None:
    info = _read(PJD_SCHEMA.read_text(encoding="utf-8"))
    assert info.types["PJD::Periode"] == {"fra", "til"}
    assert info.types["PJD::Tilgang"] == {"kategori", "handling"}
    assert info.types["PJD::Kilde"] == {"aktiv", "tilganger"}


# --- the shapes of Cedar schema text ----------------------------------------------------------


def test_a_schema_without_namespace() -> None:
    info = _read(
        """
        entity User = { name: String };
        entity Doc = { owner: User };
        action view appliesTo { principal: [User], resource: [Doc], context: { n: Long } };
        """
    )
    assert info.entities == {"User": {"name"}, "Doc": {"owner"}}
    assert info.contexts == {'Action::"view"': {"n"}}


def test_comments_are_ignored() -> None:
    info = _read(
        """
        // entity Commented = { ghost: Long };
        entity A = { // { a brace in a comment
          a: Long, // b: Long,
          "c//d": String,
        };
        """
    )
    assert info.entities == {"A": {"a", "c//d"}}


def test_quoted_and_optional_attributes() -> None:
    info = _read('entity A = { "full name": String, age?: Long, "nick"?: String, plain: Bool };')
    assert info.entities["A"] == {"full name", "age", "nick", "plain"}


def test_several_entities_in_one_declaration() -> None:
    info = _read("entity A, B = { x: Long, y: Set<String> };")
    assert info.entities == {"A": {"x", "y"}, "B": {"x", "y"}}


def test_entity_with_parents_and_no_equals_sign() -> None:
    info = _read(
        """
        entity Group;
        entity Team in [Group] { members: Set<String>, meta: { a: Long, b: Long } };
        entity Org in Group = { orgnr: String };
        """
    )
    assert info.entities == {"Group": set(), "Team": {"members", "meta"}, "Org": {"orgnr"}}


def test_nested_and_generic_types_are_skipped() -> None:
    info = _read(
        """
        type Deep = { a: { b: { c: Set<Set<Long>> } }, d: Long };
        entity E = { r: { x: Long, y: Set<{ z: String }> }, s: Long };
        """
    )
    assert info.entities["E"] == {"r", "s"}
    assert info.types["Deep"] == {"a", "d"}


def test_a_context_given_as_a_named_type() -> None:
    info = _read(
        """
        type Ctx = { a: Long, b?: String };
        entity U;
        action "do", "undo" appliesTo { principal: U, resource: U, context: Ctx };
        """
    )
    assert info.contexts == {'Action::"do"': {"a", "b"}, 'Action::"undo"': {"a", "b"}}
    assert info.types == {"Ctx": {"a", "b"}}


def test_a_context_given_as_a_named_type_declared_later() -> None:
    """Cedar resolves types regardless of order; the reader must too."""
    info = _read(
        """
        entity U;
        action "do" appliesTo { principal: U, resource: U, context: Ctx };
        type Ctx = { a: Long };
        """
    )
    assert info.contexts == {'Action::"do"': {"a"}}


def test_a_context_given_as_a_qualified_named_type() -> None:
    info = _read(
        """
        namespace N {
          type Ctx = { a: Long };
          entity U;
          action "do" appliesTo { principal: U, resource: U, context: N::Ctx };
        }
        """
    )
    assert info.contexts == {'N::Action::"do"': {"a"}}


def test_actions_without_context_or_applies_to() -> None:
    info = _read(
        """
        entity U;
        action read;
        action "write" in [read] appliesTo { principal: [U], resource: [U] };
        action "tag" in [read] appliesTo { context: { z: Bool }, principal: [U], resource: [U] };
        """
    )
    assert info.contexts == {
        'Action::"read"': set(),
        'Action::"write"': set(),
        'Action::"tag"': {"z"},
    }


def test_annotations_are_skipped() -> None:
    info = _read(
        """
        @doc("Brukeren { med krøll }")
        entity A = { a: Long };
        @doc("handling")
        action "x" appliesTo { principal: A, resource: A, context: { c: Long } };
        """
    )
    assert info.entities == {"A": {"a"}}
    assert info.contexts == {'Action::"x"': {"c"}}


def test_annotations_on_attributes_are_not_attributes() -> None:
    info = _read('entity A = { @doc("alder") a: Long, b: String };')
    assert info.entities == {"A": {"a", "b"}}


def test_enum_entities_and_tags() -> None:
    info = _read(
        """
        entity Farge enum ["roed", "groenn"];
        entity U = { f: Farge } tags String;
        entity V { b: Long };
        """
    )
    assert info.entities == {"Farge": set(), "U": {"f"}, "V": {"b"}}


def test_several_namespaces_and_the_empty_one() -> None:
    info = _read(
        """
        namespace A { entity U = { a: Long }; }
        namespace B { entity U = { b: Long }; }
        entity G = { g: Long };
        """
    )
    assert info.entities == {"A::U": {"a"}, "B::U": {"b"}, "G": {"g"}}


def test_a_namespace_path() -> None:
    info = _read(
        """
        namespace B::C {
          entity U = { b: Long };
          action "a" appliesTo { principal: U, resource: U, context: { x: Long } };
        }
        """
    )
    assert info.entities == {"B::C::U": {"b"}}
    assert info.contexts == {'B::C::Action::"a"': {"x"}}


def test_an_empty_schema() -> None:
    assert _read("") == SchemaInfo()
    assert _read("// bare en kommentar\n") == SchemaInfo()


@pytest.mark.parametrize("text", ["entity A in [B]", "namespace N { entity"])
def test_truncated_text_returns_instead_of_looping(text: str) -> None:
    """Invalid text must not hang the reader (the engine reads the schema before cedarpy does)."""
    script = textwrap.dedent(
        f"""
        from engine.schema_info import read_schema
        read_schema({text!r})
        print("returned")
        """
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=5, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"read_schema({text!r}) did not return")
    assert done.stdout.strip() == "returned", done.stderr
