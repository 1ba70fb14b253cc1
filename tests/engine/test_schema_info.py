"""read_schema: the Cedar schema format read into entity types, actions and concrete types.

One test per construct of the format, on schemas written here; the real PJD schema and the test
packs; syntax and resolution errors with their line; truncated text. Every schema a test reads
as valid is first accepted by cedarpy, and `test_schema_crosscheck.py` has cedarpy judge
entities and requests drawn from each model, so a wrong reading shows up there too.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import cedarpy
import pytest

from engine import PolicyError
from engine.schema_info import ActionDecl, Attribute, CedarType, EntityDecl, SchemaInfo, read_schema
from tests.engine.schemas import (
    ACTIONS,
    ANNOTATIONS,
    COMMENTS,
    COMMON_TYPES,
    ENTITIES,
    ISSUE,
    NAMESPACES,
    PRIMITIVES,
    RECORDS,
)
from tests.fixtures import PACKS

ROOT = Path(__file__).resolve().parents[2]
PJD_SCHEMA = ROOT / "policies" / "pjd" / "schema.cedarschema"
BOOL, LONG, STRING = CedarType("Bool"), CedarType("Long"), CedarType("String")
EMPTY = CedarType("Record")


def ent(name: str) -> CedarType:
    return CedarType("Entity", name)


def ext(name: str) -> CedarType:
    return CedarType("Extension", name)


def set_of(element: CedarType) -> CedarType:
    return CedarType("Set", element=element)


def opt(t: CedarType) -> Attribute:
    return Attribute(t, required=False)


def attrs(**fields: CedarType | Attribute) -> dict[str, Attribute]:
    return {n: f if isinstance(f, Attribute) else Attribute(f) for n, f in fields.items()}


def rec(**fields: CedarType | Attribute) -> CedarType:
    return CedarType("Record", attributes=attrs(**fields))


def _read(text: str) -> SchemaInfo:
    cedarpy.Schema.from_str(text)  # the test schema itself must be valid Cedar
    return read_schema(text)


def _action(info: SchemaInfo, kind: str, name: str) -> ActionDecl:
    return info.actions[(kind, name)]


# --- the constructs of the format ---------------------------------------------------------------


def test_several_actions_in_one_declaration_and_one_after_it() -> None:
    """The old scanner lost `delete` and gave `write` the context `{';'}`."""
    info = _read(ISSUE)
    assert set(info.actions) == {("Action", "read"), ("Action", "write"), ("Action", "delete")}
    for name in ("read", "write"):
        assert _action(info, "Action", name) == ActionDecl(
            "Action", name, (), ("user",), ("record",), rec(reason=STRING)
        )
    delete = _action(info, "Action", "delete")
    assert delete.context == rec(action_properties=opt(rec(soft=opt(BOOL))))


def test_namespaces_and_declarations_outside_any() -> None:
    info = _read(NAMESPACES)
    assert info.entities == {
        "Arkiv::Bruker": EntityDecl(
            "Arkiv::Bruker",
            attrs(leder=opt(ent("Arkiv::Bruker")), hjem=ent("Gruppe")),
            ("Felles::Team",),
        ),
        "Felles::Team": EntityDecl("Felles::Team", {}),
        "Felles::Mappe": EntityDecl("Felles::Mappe", attrs(eier=ent("Arkiv::Bruker"))),
        "Dypt::Nede::Ting": EntityDecl("Dypt::Nede::Ting", {}),
        "Gruppe": EntityDecl("Gruppe", attrs(navn=STRING)),
    }
    assert _action(info, "Arkiv::Action", "les").resources == ("Felles::Mappe",)
    assert _action(info, "Dypt::Nede::Action", "se").principals == ("Dypt::Nede::Ting",)
    assert _action(info, "Action", "logg inn").principals == ("Gruppe",)


def test_entity_declarations() -> None:
    info = _read(ENTITIES)
    shared = (attrs(x=LONG), ("C", "D"), STRING)
    assert info.entities["A"] == EntityDecl("A", *shared)
    assert info.entities["B"] == EntityDecl("B", *shared)
    assert info.entities["C"] == EntityDecl("C", {})
    assert info.entities["D"] == EntityDecl("D", attrs(y=opt(BOOL)), ("C",))
    assert info.entities["E"] == EntityDecl("E", {}, enum=("a", "b", "c d"))
    assert info.entities["F"].enum == info.entities["G"].enum == ("x",)
    assert info.entities["H"] == EntityDecl("H", {}, tags=set_of(LONG))
    assert info.entities["I"] == EntityDecl("I", {})
    assert info.entities["J"] == EntityDecl("J", {})


def test_action_declarations() -> None:
    info = _read(ACTIONS)
    bank = "Bank::Action"
    assert set(info.actions) == {
        *((bank, n) for n in ("lese", "alle", "se saldo", "overfoer", "stenge", "revidere")),
        *((bank, n) for n in ("arkivere", 'med "sitat"', "ære", "principal", "type")),
        ("Tilsyn::Action", "kontroll"),
        ("Action", "global"),
    }
    lese, alle = (bank, "lese"), (bank, "alle")
    for name in ("se saldo", "overfoer"):
        assert _action(info, bank, name) == ActionDecl(
            bank,
            name,
            (lese, alle),
            ("Bank::Kunde",),
            ("Bank::Konto", "Bank::Filial"),
            rec(beloep=LONG),
        )
    stenge = _action(info, bank, "stenge")
    assert (stenge.groups, stenge.principals, stenge.resources) == (
        (lese,),
        ("Bank::Kunde",),
        ("Bank::Konto",),
    )
    assert stenge.context == EMPTY
    revidere = _action(info, bank, "revidere")
    assert revidere.groups == (lese, alle, ("Tilsyn::Action", "kontroll"))
    assert _action(info, bank, "arkivere").groups == (("Action", "global"),)
    assert _action(info, bank, "lese") == ActionDecl(bank, "lese")


def test_records() -> None:
    person = _read(RECORDS).entities["Person"].attributes
    assert set(person) == {
        "full name",
        "alder",
        "kallenavn",
        "c//d",
        *("type", "context", "entity", "Set", "tags", "principal", "namespace", "appliesTo"),
        *("adresse", "tom", "dobbel"),
    }
    assert person["full name"] == Attribute(STRING)
    assert person["alder"] == opt(LONG) and person["kallenavn"] == opt(STRING)
    assert person["type"] == Attribute(STRING) and person["Set"] == Attribute(LONG)
    kommune = rec(nr=LONG)
    post = rec(nummer=STRING, sted=opt(rec(navn=STRING, kommune=kommune)))
    assert person["adresse"] == Attribute(rec(gate=STRING, post=post))
    assert person["tom"] == Attribute(EMPTY)
    assert person["dobbel"] == Attribute(STRING)  # repeated: the last one counts, as in Cedar


def test_common_types() -> None:
    info = _read(COMMON_TYPES)
    periode = rec(fra=LONG, til=opt(LONG))
    pasient = info.entities["Klinikk::Pasient"].attributes
    assert pasient == attrs(
        adresse=rec(gate=STRING, periode=opt(periode)),
        kontakt=rec(tlf=opt(STRING)),
        perioder=set_of(periode),
        ip=rec(tekst=STRING),  # Klinikk's own `ipaddr`, not the extension
    )
    lege = info.entities["Klinikk::Lege"].attributes
    assert lege == attrs(vakt=rec(natt=BOOL), ekte_ip=ext("ipaddr"))
    assert _action(info, "Klinikk::Action", "besøk").context == rec(grunn=STRING)
    assert info.entities["Skygge::Bok"].attributes == attrs(
        tittel=ent("Skygge::String"), ekte=STRING
    )
    assert info.entities["Skygge::Y"].attributes == attrs(x=rec(merke=LONG))
    assert info.types["Klinikk::Kode"] == info.types["Klinikk::Grunn"] == STRING
    assert set(info.types) == {
        *("Klinikk::Adresse", "Klinikk::Periode", "Klinikk::ipaddr", "Klinikk::Ktx"),
        *("Klinikk::Grunn", "Klinikk::Kode", "Felles::Kontakt", "Vakt", "Skygge::X"),
    }


def test_primitive_extension_set_and_entity_types() -> None:
    maaling = _read(PRIMITIVES).entities["Maaling"].attributes
    assert maaling == attrs(
        b=BOOL,
        l=LONG,
        s=STRING,
        cb=BOOL,
        cl=LONG,
        cs=STRING,
        ip=ext("ipaddr"),
        d=ext("decimal"),
        t=ext("datetime"),
        varighet=ext("duration"),
        cip=ext("ipaddr"),
        cd=ext("decimal"),
        ct=ext("datetime"),
        cv=ext("duration"),
        sett=set_of(set_of(LONG)),
        poster=set_of(rec(k=STRING, v=opt(LONG))),
        eier=ent("Maaler"),
        eiere=set_of(ent("Maaler")),
    )


def test_annotations_anywhere_cedar_allows_them() -> None:
    info = _read(ANNOTATIONS)
    bruker = attrs(alder=LONG, **{"fullt navn": opt(STRING)})
    assert info.entities["Notert::Bruker"] == EntityDecl("Notert::Bruker", bruker)
    assert _action(info, "Notert::Action", "se").context == rec(a=LONG)
    assert set(info.entities) == {"Notert::Bruker", "Ute"}
    assert set(info.actions) == {("Notert::Action", "se"), ("Action", "ute")}


def test_comments_are_ignored() -> None:
    info = _read(COMMENTS)
    assert info.entities == {"A": EntityDecl("A", attrs(a=LONG, **{"c//d": STRING}))}
    assert set(info.actions) == {("Action", "x")}


def test_windows_line_ends() -> None:
    info = _read("entity A; // en kommentar\r\nentity B = {\r\n  b: Long,\r\n};\r\n")
    assert info.entities["B"].attributes == attrs(b=LONG)


def test_an_empty_schema() -> None:
    assert _read("") == SchemaInfo({}, {})
    assert _read("// bare en kommentar") == SchemaInfo({}, {})


# --- the real schemas -------------------------------------------------------------------------


def test_the_pjd_schema() -> None:
    info = _read(PJD_SCHEMA.read_text(encoding="utf-8"))
    kinds = ("Helsepersonell", "Innbygger", "Dokument", "Pasient", "Parametere")
    assert set(info.entities) == {f"PJD::{k}" for k in kinds}
    assert info.entities["PJD::Innbygger"].attributes == attrs(
        adressebeskyttelse=opt(STRING),  # R34: the population register's, when it has one
        pid=STRING,
        sikkerhetsnivaa=STRING,
        alder=LONG,
        representasjon=STRING,
        representert_pid=STRING,
        pasient_alder=LONG,
    )
    periode = rec(fra=LONG, til=opt(LONG))
    konsument = rec(kategori=STRING, helsenett_medlem=BOOL, pjd_vilkaar=BOOL, aktiv=periode)
    helsepersonell = info.entities["PJD::Helsepersonell"].attributes
    assert len(helsepersonell) == 20
    assert helsepersonell["konsument"] == opt(konsument)
    assert helsepersonell["attest_pasienter"] == Attribute(set_of(STRING))
    kilde = rec(aktiv=periode, kan_liste=set_of(STRING), kan_lese=set_of(STRING))
    assert info.entities["PJD::Dokument"].attributes["kilde"] == opt(kilde)
    kontekst = rec(
        sti=STRING,
        tilgangsgrunnlag=opt(STRING),
        aapner_sperret=BOOL,
        tidspunkt=LONG,
        pasient=ent("PJD::Pasient"),
        parametere=ent("PJD::Parametere"),
    )
    people = ("PJD::Helsepersonell", "PJD::Innbygger")
    for name in ("list", "read"):
        assert _action(info, "PJD::Action", name) == ActionDecl(
            "PJD::Action", name, (), people, ("PJD::Dokument",), kontekst
        )
    view_log = _action(info, "PJD::Action", "view_log")
    assert (view_log.principals, view_log.resources) == (("PJD::Innbygger",), ("PJD::Pasient",))
    assert info.types["PJD::Kontekst"] == kontekst


def test_the_dokumentarkiv_pack() -> None:
    info = _read((PACKS / "dokumentarkiv" / "schema.cedarschema").read_text(encoding="utf-8"))
    assert info.entities == {
        "Arkiv::Bruker": EntityDecl("Arkiv::Bruker", attrs(avdeling=STRING, klarert=BOOL)),
        "Arkiv::Dokument": EntityDecl("Arkiv::Dokument", attrs(avdeling=STRING, gradert=BOOL)),
    }
    context = rec(kanal=opt(STRING), action_properties=opt(rec(grunn=opt(STRING))))
    assert info.actions == {
        ("Arkiv::Action", "les"): ActionDecl(
            "Arkiv::Action", "les", (), ("Arkiv::Bruker",), ("Arkiv::Dokument",), context
        )
    }


# --- errors -----------------------------------------------------------------------------------


SYNTAX_ERRORS = [
    ("entity A in [B]", 1, "ends before"),
    ("namespace N {\n  entity A = {\n    a: Long,\n", 3, "ends before"),
    ("entity A = { a: Long }\nentity B;", 2, "unexpected `entity`"),
    ("entity A {\n  a: Lo ng };", 2, "unexpected `ng`"),
    ("\n\nentity Før;", 3, "unexpected character 'ø'"),
    ('entity U;\naction "uavsluttet;\n', 2, "unexpected character"),
    ("type T = Set<Long;", 1, "expected `>`"),
    ("entity A in [B, ];", 1, "unexpected `]`"),
    ("entity A = T;", 1, "unexpected `T`"),
    ("entity U;\naction a appliesTo {};", 2, "unexpected `}`"),
    ("entity U { in: Long };", 1, "reserved"),
    ('action "a\\q";', 1, "invalid escape"),
    ("}", 1, "unexpected `}`"),
]
UNRESOLVED = [
    ("entity A {\n  a: Ukjent };", 2, "the type Ukjent is not declared"),
    ("type A = B;\ntype B = Set<A>;\nentity U { a: A };", 2, "defined through itself"),
    ("entity U;\naction a in [g] appliesTo { principal: U, resource: U };", 2, "group g"),
    ("entity U;\naction a appliesTo { principal: U, resource: V };", 2, "entity type V"),
    (
        "entity U;\ntype T = Long;\naction a appliesTo {\n"
        "  principal: U, resource: U, context: T };",
        4,
        "record",
    ),
    ("entity U;\naction a appliesTo { principal: [], resource: U };", 2, "applies to nothing"),
    ("entity U;\naction a appliesTo { principal: U, resource: U, principal: U };", 2, "twice"),
    ("entity U;\naction a appliesTo { principal: U };", 2, "principal and resource"),
    ("entity U;\n\nentity U;", 3, "declared twice"),
]


@pytest.mark.parametrize(("text", "line", "words"), SYNTAX_ERRORS + UNRESOLVED)
def test_an_error_names_the_line(text: str, line: int, words: str) -> None:
    """Text Cedar refuses for its syntax or for a name it cannot resolve: PolicyError, line."""
    with pytest.raises(ValueError):
        cedarpy.Schema.from_str(text)  # Cedar refuses each of them too
    with pytest.raises(PolicyError) as caught:
        read_schema(text)
    assert (caught.value.file, caught.value.line) == ("schema.cedarschema", line)
    assert words in caught.value.message


@pytest.mark.parametrize("depth", [200, 3_000])
def test_deep_nesting_is_read_or_refused(depth: int) -> None:
    """Not given to cedarpy: Cedar's own reader may not survive the deepest of these."""
    text = "entity U { a: " + "Set<" * depth + "Long" + ">" * depth + " };"
    try:
        info = read_schema(text)
    except PolicyError as exc:
        assert depth > 200 and "too deeply" in exc.message
    else:
        assert info.entities["U"].attributes["a"].type.kind == "Set"


def test_every_truncation_of_a_schema_returns() -> None:
    """Each prefix of the schemas parses or raises PolicyError, in a child with a time limit."""
    script = textwrap.dedent(
        """
        import sys
        from engine import PolicyError
        from engine.schema_info import read_schema
        from tests.engine.schemas import COMMON_TYPES
        text = open(sys.argv[1], encoding="utf-8").read() + COMMON_TYPES
        for end in range(0, len(text), 7):
            try:
                read_schema(text[:end])
            except PolicyError:
                pass
        print("returned")
        """
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(PJD_SCHEMA)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("read_schema did not return on a truncated schema")
    assert done.stdout.strip() == "returned", done.stderr
