"""The rule catalogue as Markdown for lawyers: each rule, its legal basis and its scenarios.

A scenario proves a rule when the rule id is a tag on the line(s) right before a `Regel:` line
of a `.feature` file (blank and comment lines may come between). `write_catalogue` builds
`docs/regler.md` from a pack and the scenarios; `render_catalogue` is the pure part.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from engine import RuleRef, count_rules, load_pack, pack_catalogue

NONE = "—"
_EFFECT = {"permit": "tillatelse", "forbid": "forbud", "system": "systemregel"}
_HEADER = (
    "| Regel | Virkning | Tittel | Hjemmel | Bevisgrad | Sist vurdert | Åpent spørsmål "
    "| Scenarioer |\n|---|---|---|---|---|---|---|---|"
)
_INTRO = (
    "# Regelkatalog — pasientens journaldokumenter\n\n"
    "Generert av `pjd catalogue` fra regelsettet og scenarioene; skal ikke redigeres for hånd.\n"
    "Hver regel er oppført med tittel, hjemmel, bevisgrad, dato for siste vurdering, eventuelt\n"
    "åpent spørsmål, og scenarioene (`Regel:` i en `.feature`-fil merket med regelens id) som\n"
    "viser at den virker. «—» betyr at ingen scenario er knyttet til regelen ennå.\n"
)


@dataclass(frozen=True)
class ScenarioRef:
    """A `Regel:` block in a feature file: the file's path (as shown) and the rule's title."""

    path: str
    title: str


def tagged_rules(text: str) -> list[tuple[list[str], str]]:
    """Every `Regel:` of a feature text with the tags on the line(s) right before it."""
    found: list[tuple[list[str], str]] = []
    tags: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("@"):
            code = line.split(" #", 1)[0]
            tags += [t[1:] for t in code.split() if t.startswith("@") and len(t) > 1]
        elif line.startswith("Regel:"):
            found.append((tags, line.removeprefix("Regel:").strip()))
            tags = []
        elif line and not line.startswith("#"):
            tags = []
    return found


def scenario_index(features_dir: Path, link_base: str | None = None) -> dict[str, list[str]]:
    """Rule id → Markdown references to the `Regel:` blocks tagged with it, in file order."""
    index: dict[str, list[str]] = {}
    if not features_dir.is_dir():
        return index
    shown_root = PurePosixPath(features_dir.name or features_dir.resolve().name)
    for feature in sorted(features_dir.rglob("*.feature")):
        relative = feature.relative_to(features_dir).as_posix()
        shown = str(shown_root / relative)
        for tags, title in tagged_rules(feature.read_text(encoding="utf-8")):
            cell = _scenario_cell(ScenarioRef(shown, title), link_base, relative)
            for tag in dict.fromkeys(tags):
                index.setdefault(tag, []).append(cell)
    return index


def _scenario_cell(ref: ScenarioRef, link_base: str | None, relative: str) -> str:
    place = f"[`{ref.path}`]({link_base}/{relative})" if link_base else f"`{ref.path}`"
    return f"{place}: {_cell(ref.title)}"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _row(rule: RuleRef, scenarios: Mapping[str, list[str]]) -> str:
    effect = _EFFECT[rule.effect]
    if rule.obligation:
        effect = f"forpliktelse `{rule.obligation}`"
    cells = [
        f"`{rule.id}`",
        effect,
        _cell(rule.title),
        _cell(rule.legal_basis),
        rule.evidence_grade,
        rule.last_reviewed,
        rule.open_question or NONE,
        "<br>".join(scenarios.get(rule.id, [])) or NONE,
    ]
    return "| " + " | ".join(cells) + " |"


def _section(
    heading: str, lead: str, rules: Iterable[RuleRef], scenarios: Mapping[str, list[str]]
) -> str:
    rows = "\n".join(_row(rule, scenarios) for rule in rules)
    lead_text = f"{lead}\n\n" if lead else ""
    return f"## {heading}\n\n{lead_text}{_HEADER}\n{rows}\n"


def render_catalogue(
    catalogue: dict[str, RuleRef],
    features_dir: Path,
    *,
    topics: Mapping[str, str] | None = None,
    link_base: str | None = None,
) -> str:
    """The catalogue as Markdown: a table per policy file, then the service's system rules.

    `topics` maps a policy file to its opening comment; `link_base` (a path from the output's folder
    to `features_dir`) turns scenario paths into links.
    """
    scenarios = scenario_index(features_dir, link_base)
    rules = sorted(catalogue.values(), key=lambda r: (r.file, r.line, r.id))
    policy_rules = [r for r in rules if r.effect != "system"]
    files = list(dict.fromkeys(r.file for r in policy_rules))
    count = count_rules(catalogue)
    covered = sum(1 for r in policy_rules if r.id in scenarios)
    summary = (
        f"{count.pack} regler i regelsettet, {covered} med minst ett scenario; i tillegg "
        f"{count.system} systemregler (tjenestens egne, nederst).\n"
    )
    parts = [_INTRO, summary]
    for file in files:
        lead = (topics or {}).get(file, "")
        parts.append(_section(file, lead, [r for r in policy_rules if r.file == file], scenarios))
    system = [r for r in rules if r.effect == "system"]
    lead = "Regler tjenesten selv bruker når regelsettet ikke kan avgjøre (lukket ved feil)."
    parts.append(_section("Systemregler", lead, system, scenarios))
    return "\n".join(parts)


def topic_of(policy_text: str) -> str:
    """A policy file's whole opening comment as Markdown: one paragraph per empty `//` line."""
    paragraphs: list[list[str]] = [[]]
    for line in policy_text.lstrip().splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        text = stripped.removeprefix("//").strip()
        if text:
            paragraphs[-1].append(text)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(" ".join(words) for words in paragraphs if words)


def catalogue_markdown(policy_dir: Path, features_dir: Path, link_base: str | None) -> str:
    """The catalogue of the pack in `policy_dir`, each file with its opening comment."""
    pack = load_pack(policy_dir)
    topics = {f.name: topic_of(f.text) for f in pack.policies}
    catalogue = pack_catalogue(pack)
    return render_catalogue(catalogue, features_dir, topics=topics, link_base=link_base)


def write_catalogue(policy_dir: Path, features_dir: Path, output: Path) -> None:
    """Write the catalogue of the pack in `policy_dir`, linked to the scenarios, to `output`."""
    output.parent.mkdir(parents=True, exist_ok=True)
    link_base = Path(os.path.relpath(features_dir, output.parent)).as_posix()
    text = catalogue_markdown(policy_dir, features_dir, link_base)
    output.write_text(text, encoding="utf-8")
