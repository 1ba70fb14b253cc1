"""The rule catalogue: required annotations, where a bad policy is, and what a RuleRef holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine import (
    EVALUATION_ERROR,
    NO_BASIS,
    SYSTEM_RULES,
    PolicyError,
    PolicyFile,
    RuleRef,
    build_catalogue,
    load_pack,
    pack_catalogue,
)
from engine.catalogue import GRADES, Conventions


def rules_of_file(file: PolicyFile, conventions: Conventions | None = None) -> list[RuleRef]:
    """The checked rules of one file, as the catalogue reads them (without the system rules)."""
    catalogue = build_catalogue([file], conventions or Conventions())
    return [ref for ref in catalogue.values() if ref.effect != "system"]


PJD_ANNOTATIONS = ("id", "tittel", "hjemmel", "bevisgrad", "sist_vurdert")
PJD = Path(__file__).resolve().parents[2] / "policies" / "pjd"
REQUIRED = PJD_ANNOTATIONS
LEGAL = Conventions(required=PJD_ANNOTATIONS)  # what the PJD pack asks of its policies

NOTES = {
    "id": "alle_kan_se",
    "tittel": "Alle kan se",
    "hjemmel": "lov § 1",
    "bevisgrad": "lov",
    "sist_vurdert": "2026-01-01",
}


def _policy(effect: str = "permit", condition: str = "", **notes: str | None) -> str:
    """One policy with NOTES, overridden by `notes` (None drops an annotation)."""
    merged = {**NOTES, **notes}
    lines = [f'@{k}("{v}")' for k, v in merged.items() if v is not None]
    return "\n".join([*lines, f"{effect} (principal, action, resource){condition};", ""])


FIRST = _policy("forbid", id="foerste_regel", tittel="Første regel")
FIRST_LINES = FIRST.count("\n")


def _file(text: str, name: str = "tema.cedar") -> PolicyFile:
    return PolicyFile(name, text)


def _error(*files: PolicyFile) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        build_catalogue(files, LEGAL)
    return caught.value


def _line_of(text: str, effect: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line starting with `effect (` in `text`."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{effect} (")]
    return found[occurrence - 1]


def _with_second(text: str) -> PolicyFile:
    """FIRST (a forbid), a comment and a blank line, then `text` (a permit)."""
    return _file(FIRST + "// neste regel\n\n" + text)


def _second_line(file: PolicyFile) -> int:
    return _line_of(file.text, "permit")


# --- required annotations ---------------------------------------------------------------------


def test_a_valid_file_gives_rule_refs_with_file_and_line() -> None:
    file = _with_second(_policy())
    refs = rules_of_file(file, LEGAL)
    assert [r.id for r in refs] == ["foerste_regel", "alle_kan_se"]
    first, second = refs
    assert first == RuleRef(
        id="foerste_regel",
        title="Første regel",
        legal_basis="lov § 1",
        evidence_grade="lov",
        last_reviewed="2026-01-01",
        effect="forbid",
        file="tema.cedar",
        line=len(NOTES) + 1,
    )
    assert second.effect == "permit"
    assert second.line == _second_line(file) == 14
    assert second.obligation is None
    assert second.counts_as_hidden is False
    assert second.open_question is None


@pytest.mark.parametrize("missing", REQUIRED)
def test_a_policy_lacking_a_required_annotation_is_refused(missing: str) -> None:
    file = _with_second(_policy(**{missing: ""}).replace(f'@{missing}("")\n', ""))
    assert f"@{missing}(" not in file.text.split("// neste regel")[1]
    error = _error(file)
    assert error.file == "tema.cedar"
    assert error.line == _second_line(file)
    assert f"@{missing}" in error.message
    assert str(error).startswith(f"tema.cedar:{_second_line(file)}:")


@pytest.mark.parametrize("missing", REQUIRED)
def test_an_empty_required_annotation_is_refused(missing: str) -> None:
    file = _with_second(_policy(**{missing: ""}))
    error = _error(file)
    assert (error.file, error.line) == ("tema.cedar", _second_line(file))


def test_all_missing_annotations_are_named() -> None:
    error = _error(_file(_policy(tittel=None, hjemmel=None)))
    assert "@tittel" in error.message
    assert "@hjemmel" in error.message


def test_the_line_is_that_of_an_indented_forbid() -> None:
    text = "\n".join(f'@{k}("{v}")' for k, v in NOTES.items() if k != "hjemmel")
    text += "\n  forbid (\n    principal,\n    action,\n    resource\n  );\n"
    error = _error(_file(text))
    assert error.line == len(NOTES)


def test_antakelse_without_open_question_is_refused() -> None:
    file = _with_second(_policy(bevisgrad="antakelse"))
    error = _error(file)
    assert (error.file, error.line) == ("tema.cedar", _second_line(file))
    assert "apent_sporsmal" in error.message


def test_antakelse_with_open_question_is_read() -> None:
    (ref,) = rules_of_file(_file(_policy(bevisgrad="antakelse", apent_sporsmal="Q5")), LEGAL)
    assert ref.evidence_grade == "antakelse"
    assert ref.open_question == "Q5"


@pytest.mark.parametrize("grade", GRADES)
def test_every_grade_is_accepted(grade: str) -> None:
    (ref,) = rules_of_file(_file(_policy(bevisgrad=grade, apent_sporsmal="Q1")), LEGAL)
    assert ref.evidence_grade == grade


@pytest.mark.parametrize("grade", ["Lov", "lovverk", "forskrifter", "antagelse", " lov"])
def test_an_unknown_grade_is_refused(grade: str) -> None:
    file = _with_second(_policy(bevisgrad=grade))
    error = _error(file)
    assert (error.file, error.line) == ("tema.cedar", _second_line(file))
    assert "@bevisgrad" in error.message


@pytest.mark.parametrize("bad", ["26.11.2026", "2026-13-01", "2026-02-30", "i dag", "2026/11/26"])
def test_a_bad_review_date_is_refused(bad: str) -> None:
    file = _with_second(_policy(sist_vurdert=bad))
    error = _error(file)
    assert (error.file, error.line) == ("tema.cedar", _second_line(file))
    assert "@sist_vurdert" in error.message


@pytest.mark.parametrize(
    "bad", ["AlleKanSe", "alle-kan-se", "1_regel", "_regel", "alle kan se", "formål", "R7"]
)
def test_an_id_that_is_not_ascii_snake_case_is_refused(bad: str) -> None:
    file = _with_second(_policy(id=bad))
    error = _error(file)
    assert (error.file, error.line) == ("tema.cedar", _second_line(file))
    assert "snake_case" in error.message


def test_a_duplicate_id_across_files_is_refused_naming_the_second() -> None:
    one = _file(_policy(), "a.cedar")
    two = _file(FIRST + _policy("forbid"), "b.cedar")
    error = _error(one, two)
    assert error.file == "b.cedar"
    assert error.line == FIRST_LINES + len(NOTES) + 1
    assert "alle_kan_se" in error.message


def test_a_duplicate_id_within_one_file_is_refused() -> None:
    error = _error(_file(_policy() + _policy("forbid")))
    assert (error.file, error.line) == ("tema.cedar", 2 * (len(NOTES) + 1))


@pytest.mark.parametrize("system", [r.id for r in SYSTEM_RULES])
def test_a_policy_may_not_take_a_system_rule_id(system: str) -> None:
    error = _error(_file(_policy(id=system)))
    assert error.file == "tema.cedar"
    assert system in error.message


def test_an_unparsable_file_is_refused_naming_it() -> None:
    error = _error(_file(_policy()), _file("permit (principal, action", "oedelagt.cedar"))
    assert error.file == "oedelagt.cedar"
    assert "parse" in error.message


def test_a_policy_whose_effect_follows_its_annotations_on_one_line_is_found() -> None:
    text = "// tema\n" + " ".join(f'@{k}("{v}")' for k, v in NOTES.items())
    text += ' permit (principal, action, resource) when { "forbid (" == "" };\n'
    (ref,) = rules_of_file(_file(text), LEGAL)
    assert (ref.id, ref.line) == ("alle_kan_se", 2)


def test_a_file_with_only_comments_has_no_rules() -> None:
    assert rules_of_file(_file("// ingen regler her\n"), LEGAL) == []


# --- optional annotations ---------------------------------------------------------------------


def test_forpliktelse_is_read_into_the_rule_ref() -> None:
    (ref,) = rules_of_file(_file(_policy(forpliktelse="logg")), LEGAL)
    assert ref.obligation == "logg"
    assert ref.effect == "permit"


def test_telles_som_skjult_is_read_with_or_without_a_value() -> None:
    bare = _policy("forbid").replace("forbid (", "@telles_som_skjult\nforbid (")
    (ref,) = rules_of_file(_file(bare), LEGAL)
    assert ref.counts_as_hidden is True
    (valued,) = rules_of_file(_file(_policy("forbid", telles_som_skjult="ja")), LEGAL)
    assert valued.counts_as_hidden is True


# --- build_catalogue and the PJD pack ---------------------------------------------------------


def test_the_catalogue_holds_system_rules_and_every_policy() -> None:
    catalogue = build_catalogue([_file(_policy(), "a.cedar"), _file(FIRST, "b.cedar")], LEGAL)
    assert set(catalogue) == {
        "evaluation_error",
        "ingen_tilgangsgrunnlag",
        "logg_ikke_skrevet",
        "alle_kan_se",
        "foerste_regel",
    }
    assert catalogue["alle_kan_se"].file == "a.cedar"
    assert catalogue["foerste_regel"].file == "b.cedar"


def test_system_rules_have_neutral_texts_by_default() -> None:
    assert EVALUATION_ERROR.id == "evaluation_error"
    assert NO_BASIS.id == "ingen_tilgangsgrunnlag"
    catalogue = build_catalogue([])
    assert [catalogue[r.id] for r in SYSTEM_RULES] == list(SYSTEM_RULES)
    for rule in SYSTEM_RULES:
        assert rule.effect == "system"
        assert rule.title and rule.legal_basis
        assert "§" not in rule.title + rule.legal_basis  # no statute where a pack names none


def test_the_pjd_catalogue() -> None:
    pack = load_pack(PJD)
    catalogue = pack_catalogue(pack)
    assert pack.required_annotations == PJD_ANNOTATIONS
    for rule in SYSTEM_RULES:
        own = catalogue[rule.id]
        assert own.effect == "system" and own.evidence_grade in GRADES
        assert own.title != rule.title and "§" in own.legal_basis  # the pack's legal texts
    assert catalogue["tilgang_logges"].obligation == "logg"
    assert catalogue["selvvalgt_tilgang_etterkontroll"].obligation == "etterkontroll"
    assert catalogue["dokumentliste_kjernejournal"].effect == "permit"
    assert catalogue["dokumentliste_kjernejournal"].obligation is None
    assert catalogue["attest_utloept"].effect == "forbid"
    assert catalogue["rolle_ikke_tillatt_liste"].open_question == "Q5"
    texts = {f.name: f.text.splitlines() for f in pack.policies}
    policies = [r for r in catalogue.values() if r.effect != "system"]
    effect_lines = [ln for t in texts.values() for ln in t if re.match(r"(permit|forbid) \(", ln)]
    assert len(policies) == len(effect_lines) >= 30
    for ref in policies:
        line = texts[ref.file][ref.line - 1].lstrip()
        assert line.startswith("permit (" if ref.effect == "permit" else "forbid ("), ref
        assert f'@id("{ref.id}")' in "\n".join(texts[ref.file][: ref.line])


# --- packs that require no annotations --------------------------------------------------------


def test_without_required_annotations_a_bare_policy_is_named_by_cedars_id() -> None:
    one = _file("permit (principal, action, resource);\n", "a.cedar")
    two = _file(
        '@id("egen")\nforbid (principal, action, resource);\n'
        "permit (principal, action, resource);\n",
        "b.cedar",
    )
    catalogue = build_catalogue([one, two])
    ids = {r.id: (r.file, r.line, r.policy_id) for r in catalogue.values() if r.effect != "system"}
    assert ids == {
        "policy0": ("a.cedar", 1, "policy0"),
        "egen": ("b.cedar", 2, "policy1"),
        "policy2": ("b.cedar", 3, "policy2"),
    }
    assert catalogue["policy0"].title == "" and catalogue["policy0"].legal_basis == ""


def test_without_required_annotations_no_legal_convention_is_imposed() -> None:
    text = '@id("Alice-kan-lese")\n@bevisgrad("sikker")\npermit (principal, action, resource);\n'
    (ref,) = rules_of_file(_file(text))
    assert (ref.id, ref.evidence_grade) == ("Alice-kan-lese", "sikker")


def test_a_pack_may_require_only_some_annotations() -> None:
    text = '@id("a")\npermit (principal, action, resource);\n'
    error = _error_with(Conventions(required=("id", "hjemmel")), _file(text))
    assert "@hjemmel" in error.message and "@id" not in error.message


def test_an_id_that_equals_another_policys_cedar_id_is_refused() -> None:
    text = 'permit (principal, action, resource);\n@id("policy0")\n'
    text += "forbid (principal, action, resource);\n"
    error = _error_with(Conventions(), _file(text))
    assert "policy0" in error.message and error.line == 3


def test_a_pack_gives_the_system_rules_its_own_texts() -> None:
    notes = {"tittel": "Ingen regel tillater dette", "hjemmel": "instruks § 2"}
    catalogue = build_catalogue([], Conventions(system={"ingen_tilgangsgrunnlag": notes}))
    rule = catalogue["ingen_tilgangsgrunnlag"]
    assert (rule.title, rule.legal_basis, rule.effect) == (*notes.values(), "system")
    assert catalogue["evaluation_error"] is EVALUATION_ERROR


def test_system_texts_follow_the_packs_required_annotations() -> None:
    notes = {"tittel": "Ingen regel", "hjemmel": "lov § 1", "bevisgrad": "lov"}
    error = _error_with(_legal_system(notes))
    assert error.file == "pack.json" and "@sist_vurdert" in error.message
    unknown = _error_with(Conventions(system={"ukjent": {"tittel": "x"}}))
    assert "ukjent" in unknown.message


def _legal_system(notes: dict[str, str]) -> Conventions:
    return Conventions(required=PJD_ANNOTATIONS, system={"ingen_tilgangsgrunnlag": notes})


def _error_with(conventions: Conventions, *files: PolicyFile) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        build_catalogue(files, conventions)
    return caught.value


# --- titles that name a parameter -------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Eldre enn {maks_sekunder:minutter} minutter", "Eldre enn 60 minutter"),
        ("Eldre enn {maks_sekunder:timer} time", "Eldre enn 1 time"),
        ("Under {alder} år", "Under 16 år"),
        ("Nivå {nivaa}", "Nivå 4"),
        ("Nivå {nivaa} eller {alder}", "Nivå 4 eller 16"),
        ("Uten plassholder {", "Uten plassholder {"),
    ],
)
def test_a_title_shows_the_parameter_it_names(title: str, shown: str) -> None:
    parameters = {"maks_sekunder": 3600, "alder": 16, "nivaa": ["4"]}
    (ref,) = rules_of_file(_file(_policy(tittel=title)), Conventions(PJD_ANNOTATIONS, parameters))
    assert ref.title == shown


@pytest.mark.parametrize(
    ("title", "word"), [("{ukjent}", "unknown parameter"), ("{alder:minutter}", "whole number")]
)
def test_a_title_naming_a_missing_or_unfitting_parameter_is_refused(title: str, word: str) -> None:
    file = _with_second(_policy(tittel=title))
    error = _error_with(Conventions(PJD_ANNOTATIONS, {"alder": 16}), file)
    assert word in error.message
    if word == "unknown parameter":  # the title is wrong
        assert (error.file, error.line) == ("tema.cedar", _second_line(file))
    else:  # the parameter is
        assert error.file == "parametere.json"
        assert f"tema.cedar:{_second_line(file)}" in error.message


def test_the_pjd_titles_show_the_parameters() -> None:
    pack = load_pack(PJD)
    catalogue = pack_catalogue(pack)
    minutes = pack.parameters["attest_maks_alder_sekunder"] // 60
    assert catalogue["attest_utloept"].title.startswith(f"Attesten er eldre enn {minutes} minutter")
    age = pack.parameters["innbygger_selvstendig_alder"]
    assert f"under {age} år" in catalogue["innbygger_under_selvstendig_alder"].title
    assert not any("{" in r.title for r in catalogue.values())
