"""The generated rule catalogue: rules linked to the `Regel:` blocks tagged with their ids."""

from __future__ import annotations

from itertools import takewhile
from pathlib import Path

from api.catalogue_doc import (
    catalogue_markdown,
    render_catalogue,
    tagged_rules,
    topic_of,
    write_catalogue,
)
from engine import RuleRef, load_pack, pack_catalogue

ROOT = Path(__file__).resolve().parents[2]

FEATURE = """\
# language: no
@dokumenttyper
Egenskap: Dokumenttyper som kan deles

  @dokumentklasse_ikke_tillatt
  @http
  Regel: Bare epikriser, radiologi, henvisninger og prøvesvar deles

    Eksempel: Et løpende journalnotat vises ikke
      Gitt et dokument av klasse "B00-1"
      Så er beslutningen "deny"

  Regel: En regel uten merke
"""


def _rule(rule_id: str, file: str, line: int, **extra: str) -> RuleRef:
    return RuleRef(
        id=rule_id,
        title=f"Tittel for {rule_id}",
        legal_basis="kjernejournalforskriften § 4 første ledd nr. 7",
        evidence_grade=extra.get("grade", "forskrift"),
        last_reviewed="2026-11-26",
        open_question=extra.get("question"),
        file=file,
        line=line,
    )


def _row(markdown: str, rule_id: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith(f"| `{rule_id}` |"))


def test_a_tagged_regel_is_linked_to_its_rule_and_an_untagged_rule_shows_a_dash(
    tmp_path: Path,
) -> None:
    features = tmp_path / "scenarios"
    (features / "dokumenttyper").mkdir(parents=True)
    (features / "dokumenttyper" / "klasser.feature").write_text(FEATURE, encoding="utf-8")
    catalogue = {
        "dokumentklasse_ikke_tillatt": _rule("dokumentklasse_ikke_tillatt", "klasser.cedar", 5),
        "rolle_utelukket": _rule(
            "rolle_utelukket", "roller.cedar", 9, grade="antakelse", question="Q5"
        ),
    }

    markdown = render_catalogue(catalogue, features)

    linked = _row(markdown, "dokumentklasse_ikke_tillatt")
    assert "`scenarios/dokumenttyper/klasser.feature`" in linked
    assert "Bare epikriser, radiologi, henvisninger og prøvesvar deles" in linked
    untagged = _row(markdown, "rolle_utelukket")
    assert untagged.endswith("| Q5 | — |")
    assert "## klasser.cedar" in markdown and "## roller.cedar" in markdown


def test_tags_count_only_on_the_lines_right_before_regel() -> None:
    text = (
        "@a @b # merknad\n\n# kommentar\n@c\nRegel: Første\nEksempel: x\n@d\nGitt y\nRegel: Andre\n"
    )

    assert tagged_rules(text) == [(["a", "b", "c"], "Første"), ([], "Andre")]


def test_write_catalogue_links_scenarios_relative_to_the_output(tmp_path: Path) -> None:
    features = tmp_path / "scenarios"
    features.mkdir()
    (features / "klasser.feature").write_text(FEATURE, encoding="utf-8")
    output = tmp_path / "docs" / "regler.md"

    write_catalogue(ROOT / "policies" / "pjd", features, output)

    row = _row(output.read_text(encoding="utf-8"), "dokumentklasse_ikke_tillatt")
    assert "](../scenarios/klasser.feature)" in row
    assert "## Systemregler" in output.read_text(encoding="utf-8")


def test_docs_regler_lists_every_rule_of_the_pjd_pack() -> None:
    catalogue = pack_catalogue(load_pack(ROOT / "policies" / "pjd"))
    text = (ROOT / "docs" / "regler.md").read_text(encoding="utf-8")

    missing = [rule_id for rule_id in catalogue if f"| `{rule_id}` |" not in text]

    assert missing == [], "regenerate docs/regler.md with `pjd catalogue`"


def test_docs_regler_is_a_fresh_render_byte_for_byte() -> None:
    committed = (ROOT / "docs" / "regler.md").read_bytes()
    fresh = catalogue_markdown(ROOT / "policies" / "pjd", ROOT / "scenarios", "../scenarios")

    assert committed == fresh.encode("utf-8"), "regenerate docs/regler.md with `pjd catalogue`"


def test_the_topic_is_the_whole_opening_comment() -> None:
    text = (
        "\n// Kildens forhåndsklarering — pasientjournalloven § 19 annet ledd.\n"
        "//   Kilden bestemmer på forhånd\n// hvem som får se.\n//\n"
        "// Et nytt avsnitt.\n\n// Ikke lenger innledningen.\n"
        '@id("x")\n'
    )

    assert topic_of(text) == (
        "Kildens forhåndsklarering — pasientjournalloven § 19 annet ledd. Kilden bestemmer på "
        "forhånd hvem som får se.\n\nEt nytt avsnitt."
    )


def test_a_file_without_an_opening_comment_has_no_topic() -> None:
    assert topic_of('@id("x")\n// senere kommentar\n') == ""


def test_every_file_in_docs_regler_carries_its_whole_opening_comment() -> None:
    text = (ROOT / "docs" / "regler.md").read_text(encoding="utf-8")
    for policy in sorted((ROOT / "policies" / "pjd").glob("*.cedar")):
        lines = policy.read_text(encoding="utf-8").splitlines()
        comment = list(takewhile(lambda line: line.startswith("//"), lines))
        opening = topic_of(policy.read_text(encoding="utf-8"))
        assert f"## {policy.name}\n\n{opening}\n\n" in text, policy.name
        assert comment[-1].removeprefix("//").strip() in opening, policy.name
