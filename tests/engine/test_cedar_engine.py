"""CedarEngine: parse once, validate against the schema, name rules by @id, and fail closed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from engine import (
    EVALUATION_ERROR,
    NO_BASIS,
    CedarEngine,
    Decision,
    Obligation,
    PolicyError,
    Query,
    load_pack,
    read_pack,
)

PJD = Path(__file__).resolve().parents[2] / "policies" / "pjd"

SCHEMA = """
// Et lite regelsett for motoren: en bruker, et dokument og parametere.
entity Bruker = { navn: String, rolle: String, sjef?: Bruker };
entity Dok = { nivaa: Long, eier: Bruker, merker: Set<String> };
entity Parametere = { maks_nivaa: Long };
action "se" appliesTo {
  principal: [Bruker],
  resource: [Dok],
  context: { n: Long, parametere: Parametere },
};
"""

PARAMETERS = {"maks_nivaa": 5, "ikke_i_skjemaet": "ignoreres"}


def _policy(rule_id: str, body: str, *extra: str) -> str:
    notes = [
        f'@id("{rule_id}")',
        f'@tittel("Regel {rule_id}")',
        '@hjemmel("lov § 1")',
        '@bevisgrad("lov")',
        '@sist_vurdert("2026-01-01")',
        *extra,
    ]
    return "\n".join([*notes, body, ""])


GRANT = _policy("alle_kan_se", "permit (principal, action, resource);")
LOG = _policy("logges", "permit (principal, action, resource);", '@forpliktelse("logg")')
LOG_ADMIN = _policy(
    "admin_varsles",
    'permit (principal, action, resource) when { principal.rolle == "admin" };',
    '@forpliktelse("varsle")',
)
TOO_HIGH = _policy(
    "nivaa_for_hoeyt",
    "forbid (principal, action, resource)\n"
    "when { resource.nivaa > context.parametere.maks_nivaa };",
)
SECRET = _policy(
    "hemmelig",
    'forbid (principal, action, resource) when { resource.merker.contains("hemmelig") };',
)
GUEST = _policy(
    "gjest_nektes", 'forbid (principal, action, resource) when { principal.rolle == "gjest" };'
)
OVERFLOW = _policy(
    "overflyt",
    "forbid (principal, action, resource)\nwhen { context.n + 9223372036854775807 < 0 };",
)
BOSS = _policy(
    "sjefen_er_gjest",
    "forbid (principal, action, resource)\n"
    'when { principal has sjef && principal.sjef.rolle == "gjest" };',
)
OWNER = _policy(
    "eier_er_gjest",
    'forbid (principal, action, resource) when { resource.eier.rolle == "gjest" };',
)

USER = {"type": "Bruker", "id": "u1"}
DOC = {"type": "Dok", "id": "d1"}
PARAMS = {"__entity": {"type": "Parametere", "id": "gjeldende"}}


def _pack(tmp_path: Path, files: dict[str, str], schema: str = SCHEMA) -> Path:
    directory = tmp_path / "pakke"
    directory.mkdir(exist_ok=True)
    (directory / "schema.cedarschema").write_text(schema, encoding="utf-8")
    (directory / "parametere.json").write_text(json.dumps(PARAMETERS), encoding="utf-8")
    (directory / "pack.json").write_text("{}", encoding="utf-8")
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def _engine(tmp_path: Path, *policies: str, **files: str) -> CedarEngine:
    all_files = {"regler.cedar": "\n".join(policies), **files}
    return CedarEngine(read_pack(_pack(tmp_path, all_files)))


def _user(rolle: str = "lege", **attrs: Any) -> dict[str, Any]:
    return {"uid": USER, "attrs": {"navn": "Ada", "rolle": rolle, **attrs}}


def _doc(nivaa: int = 1, merker: tuple[str, ...] = (), eier: str = "u1") -> dict[str, Any]:
    attrs = {
        "nivaa": nivaa,
        "eier": {"__entity": {"type": "Bruker", "id": eier}},
        "merker": list(merker),
    }
    return {"uid": DOC, "attrs": attrs}


def _query(n: int = 0, **context: Any) -> Query:
    return Query(USER, "se", DOC, {"n": n, "parametere": PARAMS, **context})


def _decide(engine: CedarEngine, *entities: dict[str, Any], query: Query | None = None) -> Decision:
    (decision,) = engine.decide([query or _query()], list(entities) or [_user(), _doc()])
    return decision


def _ids(decision: Decision) -> list[str]:
    return [r.id for r in decision.reasons]


# --- construction -----------------------------------------------------------------------------


def test_builds_from_the_pjd_pack() -> None:
    pack = load_pack(PJD)
    engine = CedarEngine(pack)
    assert engine.pack is pack
    assert engine.revision == pack.revision
    assert engine.action_type == "PJD::Action"
    assert {"evaluation_error", "ingen_tilgangsgrunnlag", "dokumentvisning"} <= set(
        engine.catalogue
    )
    assert engine.info.actions[("PJD::Action", "list")].context.attributes


def test_parameters_become_the_declared_entity(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, TOO_HIGH)
    assert engine.action_type == "Action"
    assert _decide(engine, _user(), _doc(nivaa=5)).permitted
    assert _ids(_decide(engine, _user(), _doc(nivaa=6))) == ["nivaa_for_hoeyt"]


def test_a_parameter_missing_from_parametere_json_is_refused(tmp_path: Path) -> None:
    directory = _pack(tmp_path, {"regler.cedar": GRANT})
    (directory / "parametere.json").write_text("{}", encoding="utf-8")
    with pytest.raises(PolicyError):
        CedarEngine(read_pack(directory))


def test_a_policy_failing_schema_validation_is_refused(tmp_path: Path) -> None:
    bad = _policy(
        "ukjent_attributt", "forbid (principal, action, resource)\nwhen { principal.alder > 3 };"
    )
    directory = _pack(tmp_path, {"a.cedar": GRANT, "b.cedar": bad})
    with pytest.raises(PolicyError) as caught:
        CedarEngine(read_pack(directory))
    assert caught.value.file == "b.cedar"
    assert "alder" in caught.value.message


def test_a_policy_of_a_wrong_type_is_refused(tmp_path: Path) -> None:
    bad = _policy(
        "feil_type", 'forbid (principal, action, resource) when { resource.nivaa == "x" };'
    )
    with pytest.raises(PolicyError) as caught:
        _engine(tmp_path, GRANT, **{"sikker.cedar": bad})
    assert caught.value.file == "sikker.cedar"


def test_a_policy_without_the_annotations_the_pack_requires_is_refused(tmp_path: Path) -> None:
    directory = _pack(
        tmp_path, {"a.cedar": GRANT, "b.cedar": "forbid (principal, action, resource);\n"}
    )
    required = ["id", "tittel", "hjemmel", "bevisgrad", "sist_vurdert"]
    (directory / "pack.json").write_text(json.dumps({"required_annotations": required}))
    with pytest.raises(PolicyError) as caught:
        CedarEngine(read_pack(directory))
    assert (caught.value.file, caught.value.line) == ("b.cedar", 1)


def test_a_pack_requiring_no_annotations_names_bare_policies_by_cedars_id(tmp_path: Path) -> None:
    bare = "permit (principal, action, resource);\n"
    forbid = 'forbid (principal, action, resource) when { principal.rolle == "gjest" };\n'
    engine = CedarEngine(read_pack(_pack(tmp_path, {"a.cedar": GRANT, "b.cedar": bare + forbid})))
    permit = _decide(engine, _user(), _doc())
    assert permit.effect == "permit"
    assert {r.id for r in permit.reasons} == {"alle_kan_se", "policy1"}
    denied = _decide(engine, _user("gjest"), _doc())
    assert [r.id for r in denied.reasons] == ["policy2"]
    assert denied.reasons[0].file == "b.cedar" and denied.reasons[0].line == 2


def test_an_invalid_schema_is_refused(tmp_path: Path) -> None:
    directory = _pack(tmp_path, {"a.cedar": GRANT}, schema="entity Bruker = { navn: Tekst };\n")
    with pytest.raises(PolicyError) as caught:
        CedarEngine(read_pack(directory))
    assert caught.value.file == "schema.cedarschema"


def test_a_truncated_schema_is_refused_and_does_not_hang(tmp_path: Path) -> None:
    """Run in a child process: a hang must fail this test, not the whole run."""
    directory = _pack(tmp_path, {"a.cedar": GRANT}, schema="entity Bruker in")
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from engine import CedarEngine, PolicyError, read_pack
        try:
            CedarEngine(read_pack(Path({str(directory)!r})))
        except PolicyError as exc:
            print("PolicyError", exc.file)
        else:
            print("loaded")
        """
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=10, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail("CedarEngine did not return on a truncated schema (read_schema loops)")
    assert done.stdout.strip() == "PolicyError schema.cedarschema", done.stderr


def test_pack_entities_must_fit_the_schema(tmp_path: Path) -> None:
    directory = _pack(tmp_path, {"a.cedar": GRANT})
    bad = [{"uid": {"type": "Bruker", "id": "x"}, "attrs": {"navn": "X"}}]  # no `rolle`
    (directory / "entities.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(PolicyError):
        CedarEngine(read_pack(directory))


# --- reasons ----------------------------------------------------------------------------------


def test_permit_names_the_granting_policy(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, TOO_HIGH)
    decision = _decide(engine)
    assert decision == Decision("permit", (engine.catalogue["alle_kan_se"],), ())
    assert decision.reasons[0].file == "regler.cedar"


def test_deny_names_the_forbid_by_its_id(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, TOO_HIGH, SECRET)
    decision = _decide(engine, _user(), _doc(merker=("hemmelig",)))
    assert decision.effect == "deny"
    assert _ids(decision) == ["hemmelig"]
    assert decision.reasons[0] is engine.catalogue["hemmelig"]
    assert decision.obligations == ()
    assert not any(r.id.startswith("policy") for r in decision.reasons)


def test_several_forbids_are_all_named_sorted_by_id(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GUEST, GRANT, TOO_HIGH, SECRET)
    decision = _decide(engine, _user("gjest"), _doc(nivaa=9, merker=("hemmelig",)))
    assert _ids(decision) == ["gjest_nektes", "hemmelig", "nivaa_for_hoeyt"]


def test_forbids_across_files_keep_their_ids(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, **{"a.cedar": SECRET, "z.cedar": GUEST})
    decision = _decide(engine, _user("gjest"), _doc(merker=("hemmelig",)))
    assert _ids(decision) == ["gjest_nektes", "hemmelig"]
    assert {r.file for r in decision.reasons} == {"a.cedar", "z.cedar"}


def test_no_permit_denies_with_no_basis(tmp_path: Path) -> None:
    engine = _engine(tmp_path, TOO_HIGH)
    decision = _decide(engine)
    assert decision == Decision("deny", (NO_BASIS,))
    assert _ids(decision) == ["ingen_tilgangsgrunnlag"]


def test_an_obligation_alone_grants_nothing(tmp_path: Path) -> None:
    engine = _engine(tmp_path, LOG, LOG_ADMIN, TOO_HIGH)
    decision = _decide(engine, _user("admin"), _doc())
    assert decision == Decision("deny", (NO_BASIS,))


def test_a_permit_carries_the_obligations_that_hold(tmp_path: Path) -> None:
    engine = _engine(tmp_path, LOG_ADMIN, GRANT, LOG)
    plain = _decide(engine, _user("lege"), _doc())
    assert plain.effect == "permit"
    assert _ids(plain) == ["alle_kan_se"]
    assert plain.obligations == (Obligation("logg", "logges"),)
    admin = _decide(engine, _user("admin"), _doc())
    assert _ids(admin) == ["alle_kan_se"]
    assert admin.obligations == (
        Obligation("varsle", "admin_varsles"),
        Obligation("logg", "logges"),
    )


def test_a_deny_carries_no_obligations(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, LOG, GUEST)
    decision = _decide(engine, _user("gjest"), _doc())
    assert decision == Decision("deny", (engine.catalogue["gjest_nektes"],), ())


@pytest.mark.parametrize("annotation", ["@forpliktelse", '@forpliktelse("")'])
def test_an_empty_obligation_never_grants(tmp_path: Path, annotation: str) -> None:
    """`@forpliktelse` without a value must not turn an obligation-only permit into a grant."""
    only = _policy("bare_plikt", "permit (principal, action, resource);", annotation)
    try:
        engine = _engine(tmp_path, only)
    except PolicyError:
        return  # refusing the pack at load is fine too
    assert _decide(engine).effect == "deny"


# --- fail closed ------------------------------------------------------------------------------


def test_an_entity_missing_a_required_attribute_denies(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT)
    user = {"uid": USER, "attrs": {"navn": "Ada"}}  # no `rolle`
    assert _decide(engine, user, _doc()) == Decision("deny", (EVALUATION_ERROR,))


def test_an_entity_with_an_attribute_of_the_wrong_type_denies(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT)
    assert _ids(_decide(engine, _user(), _doc(nivaa="høy"))) == ["evaluation_error"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "context",
    [
        {"parametere": PARAMS},  # `n` missing
        {"n": "1", "parametere": PARAMS},  # wrong type
        {"n": 0},  # `parametere` missing
        {"n": 1.5, "parametere": PARAMS},  # no floats in Cedar
        {"n": 2**70, "parametere": PARAMS},  # beyond Long
        {"n": None, "parametere": PARAMS},
    ],
)
def test_a_context_not_matching_the_schema_denies(tmp_path: Path, context: dict[str, Any]) -> None:
    engine = _engine(tmp_path, GRANT)
    decision = _decide(engine, query=Query(USER, "se", DOC, context))
    assert decision == Decision("deny", (EVALUATION_ERROR,))


def test_an_unknown_action_denies(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT)
    query = Query(USER, "slette", DOC, {"n": 0, "parametere": PARAMS})
    assert _ids(_decide(engine, query=query)) == ["evaluation_error"]


def test_a_principal_of_the_wrong_type_denies(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT)
    query = Query(DOC, "se", DOC, {"n": 0, "parametere": PARAMS})
    assert _ids(_decide(engine, query=query)) == ["evaluation_error"]


def test_a_malformed_query_denies_instead_of_raising(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT)
    query = Query({"type": "Bruker"}, "se", DOC, {"n": 0, "parametere": PARAMS})
    assert engine.decide([query], [_user(), _doc()]) == [Decision("deny", (EVALUATION_ERROR,))]


def test_an_erroring_forbid_with_a_holding_permit_denies(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, OVERFLOW)
    assert _decide(engine, query=_query(n=0)).permitted  # no overflow at 0
    assert _decide(engine, query=_query(n=1)) == Decision("deny", (EVALUATION_ERROR,))


def test_a_forbid_reading_a_missing_entity_denies(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, OWNER)
    assert _decide(engine, _user(), _doc(eier="u1")).permitted
    decision = _decide(engine, _user(), _doc(eier="finnes_ikke"))
    assert decision == Decision("deny", (EVALUATION_ERROR,))


def test_a_forbid_reading_an_attribute_of_a_missing_entity_denies(
    tmp_path: Path,
) -> None:
    engine = _engine(tmp_path, GRANT, BOSS)
    boss = {"__entity": {"type": "Bruker", "id": "sjef"}}
    assert _decide(engine, _user(sjef=boss), _doc()) == Decision("deny", (EVALUATION_ERROR,))


def test_an_error_in_one_query_does_not_spill_over(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, OVERFLOW)
    decisions = engine.decide([_query(0), _query(1), _query(0)], [_user(), _doc()])
    assert [d.effect for d in decisions] == ["permit", "deny", "permit"]
    assert _ids(decisions[1]) == ["evaluation_error"]


def test_a_request_entity_cannot_replace_the_parameters(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, TOO_HIGH)
    override = {"uid": PARAMS["__entity"], "attrs": {"maks_nivaa": 100}}
    decision = _decide(engine, _user(), _doc(nivaa=9), override)
    assert decision.effect == "deny"


def test_duplicate_request_entities_deny(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT)
    assert _ids(_decide(engine, _user(), _user("gjest"), _doc())) == ["evaluation_error"]


# --- the call ---------------------------------------------------------------------------------


def test_no_queries_give_no_decisions(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT)
    assert engine.decide([], [_user(), _doc()]) == []
    assert engine.decide([], [{"not": "an entity"}]) == []


def test_answers_come_in_query_order(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, TOO_HIGH)
    docs = [
        {"uid": {"type": "Dok", "id": f"d{n}"}, "attrs": _doc(nivaa=n)["attrs"]} for n in range(10)
    ]
    queries = [Query(USER, "se", d["uid"], {"n": 0, "parametere": PARAMS}) for d in docs]
    decisions = engine.decide(list(reversed(queries)), [_user(), *docs])
    assert [d.effect for d in decisions] == ["deny"] * 4 + ["permit"] * 6


def test_the_engine_is_reusable_and_keeps_no_request_state(tmp_path: Path) -> None:
    engine = _engine(tmp_path, GRANT, GUEST)
    base, catalogue = engine.base, dict(engine.catalogue)
    assert _decide(engine, _user("gjest"), _doc()).effect == "deny"
    assert _decide(engine, _user("lege"), _doc()).effect == "permit"
    assert _decide(engine, _user("gjest"), _doc()).effect == "deny"
    # entities of earlier calls are gone: a call without them cannot find the principal
    assert engine.decide([_query()], []) == [Decision("deny", (EVALUATION_ERROR,))]
    assert engine.base is base
    assert engine.catalogue == catalogue


def test_pack_entities_are_available_to_every_call(tmp_path: Path) -> None:
    directory = _pack(tmp_path, {"a.cedar": "\n".join([GRANT, OWNER])})
    owner = {"uid": {"type": "Bruker", "id": "eier"}, "attrs": {"navn": "E", "rolle": "gjest"}}
    (directory / "entities.json").write_text(json.dumps([owner]), encoding="utf-8")
    engine = CedarEngine(read_pack(directory))
    for _ in range(2):
        assert _ids(_decide(engine, _user(), _doc(eier="eier"))) == ["eier_er_gjest"]
        assert _decide(engine, _user(), _doc(eier="u1")).permitted
