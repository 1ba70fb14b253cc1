"""The rule catalogue: required annotations, where a bad policy is, and what a RuleRef holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine import EVALUATION_ERROR, NO_BASIS, PolicyError, RuleRef, build_catalogue, load_pack
from engine.catalogue import GRADES, REQUIRED, SYSTEM_RULES, rules_of_file
from engine.pack import PolicyFile

PJD = Path(__file__).resolve().parents[2] / "policies" / "pjd"

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
        build_catalogue(files)
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
    refs = rules_of_file(file)
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
    (ref,) = rules_of_file(_file(_policy(bevisgrad="antakelse", apent_sporsmal="Q5")))
    assert ref.evidence_grade == "antakelse"
    assert ref.open_question == "Q5"


@pytest.mark.parametrize("grade", GRADES)
def test_every_grade_is_accepted(grade: str) -> None:
    (ref,) = rules_of_file(_file(_policy(bevisgrad=grade, apent_sporsmal="Q1")))
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


def test_a_policy_whose_effect_is_not_at_a_line_start_is_refused() -> None:
    text = (
        "\n".join(f'@{k}("{v}")' for k, v in NOTES.items())
        + " permit (principal, action, resource);\n"
    )
    error = _error(_file(text))
    assert error.file == "tema.cedar"


def test_a_file_with_only_comments_has_no_rules() -> None:
    assert rules_of_file(_file("// ingen regler her\n")) == []


# --- optional annotations ---------------------------------------------------------------------


def test_forpliktelse_is_read_into_the_rule_ref() -> None:
    (ref,) = rules_of_file(_file(_policy(forpliktelse="logg")))
    assert ref.obligation == "logg"
    assert ref.effect == "permit"


def test_telles_som_skjult_is_read_with_or_without_a_value() -> None:
    bare = _policy("forbid").replace("forbid (", "@telles_som_skjult\nforbid (")
    (ref,) = rules_of_file(_file(bare))
    assert ref.counts_as_hidden is True
    (valued,) = rules_of_file(_file(_policy("forbid", telles_som_skjult="ja")))
    assert valued.counts_as_hidden is True


# --- build_catalogue and the PJD pack ---------------------------------------------------------


def test_the_catalogue_holds_system_rules_and_every_policy() -> None:
    catalogue = build_catalogue([_file(_policy(), "a.cedar"), _file(FIRST, "b.cedar")])
    assert set(catalogue) == {
        "evaluation_error",
        "ingen_tilgangsgrunnlag",
        "logg_ikke_skrevet",
        "alle_kan_se",
        "foerste_regel",
    }
    assert catalogue["alle_kan_se"].file == "a.cedar"
    assert catalogue["foerste_regel"].file == "b.cedar"


def test_system_rules() -> None:
    assert EVALUATION_ERROR.id == "evaluation_error"
    assert NO_BASIS.id == "ingen_tilgangsgrunnlag"
    for rule in (EVALUATION_ERROR, NO_BASIS):
        assert rule.effect == "system"
        assert rule.evidence_grade in GRADES
        assert rule.title and rule.legal_basis


def test_the_pjd_catalogue() -> None:
    pack = load_pack(PJD)
    catalogue = build_catalogue(pack.policies)
    assert catalogue["evaluation_error"] is EVALUATION_ERROR
    assert catalogue["ingen_tilgangsgrunnlag"] is NO_BASIS
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
