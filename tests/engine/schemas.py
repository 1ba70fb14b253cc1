"""Cedar schemas written for the tests of `read_schema`: one per construct of the format.

`test_schema_info.py` checks the model read from each; `test_schema_crosscheck.py` has cedarpy
judge entities and requests drawn from that model.
"""

from __future__ import annotations

# The report of issue 8: `delete` vanished and `write`'s context became `{';'}`.
ISSUE = """
entity user;
entity record;
action read, write appliesTo { principal: [user], resource: [record], context: { reason: String } };
action delete appliesTo {
  principal: [user],
  resource: [record],
  context: { action_properties?: { soft?: Bool } }
};
"""

NAMESPACES = """
namespace Arkiv {
  entity Bruker in [Felles::Team] = { leder?: Bruker, hjem: Gruppe };
  action les appliesTo { principal: Bruker, resource: Felles::Mappe };
}
namespace Felles {
  entity Team;
  entity Mappe = { eier: Arkiv::Bruker };
}
namespace Dypt::Nede { entity Ting; action "se" appliesTo { principal: Ting, resource: Ting }; }
entity Gruppe = { navn: String };
action "logg inn" appliesTo { principal: Gruppe, resource: Gruppe };
"""

ENTITIES = """
entity A, B in [C, D] = { x: Long } tags String;
entity C;
entity D in C { y?: Bool };
entity E enum ["a", "b", "c d"];
entity F, G enum ["x"];
entity H tags Set<Long>;
entity I = {};
entity J in [];
"""

ACTIONS = r"""
namespace Bank {
  entity Kunde;
  entity Konto in [Kunde];
  entity Filial;
  action "lese";
  action alle;
  action "se saldo", overfoer in ["lese", alle] appliesTo {
    principal: Kunde,
    resource: [Konto, Filial],
    context: { beloep: Long },
  };
  action stenge in lese appliesTo { resource: Konto, principal: [Kunde] };
  action revidere in [Bank::Action::"lese", Action::"alle", Tilsyn::Action::"kontroll"]
    appliesTo { context: {}, principal: Kunde, resource: Filial, } attributes {};
  action arkivere in [global];
  action "med \"sitat\"", "\u{e6}re", principal, "type";
}
namespace Tilsyn { action kontroll; }
action global;
"""

RECORDS = """
entity Person = {
  "full name": String,
  alder?: Long,
  "kallenavn"?: String,
  "c//d": String,
  type: String, context: Long, entity: Bool, Set: Long, tags: String, principal: Long,
  namespace: Long, appliesTo: Long,
  adresse: {
    gate: String,
    post: { nummer: String, sted?: { navn: String, kommune: { nr: Long, }, }, },
  },
  tom: {},
  dobbel: Long,
  dobbel: String,
};
"""

COMMON_TYPES = """
namespace Klinikk {
  entity Pasient = {
    adresse: Adresse,
    kontakt: Felles::Kontakt,
    perioder: Set<Periode>,
    ip: ipaddr,
  };
  type Adresse = { gate: String, periode?: Klinikk::Periode };
  type Periode = { fra: Long, til?: Long };
  type ipaddr = { tekst: __cedar::String };
  entity Lege { vakt: Vakt, ekte_ip: __cedar::ipaddr };
  action "besøk" appliesTo { principal: Lege, resource: Pasient, context: Ktx };
  type Ktx = { grunn: Grunn };
  type Grunn = Kode;
  type Kode = String;
}
namespace Felles { type Kontakt = { tlf?: String }; }
type Vakt = { natt: Bool };
namespace Skygge {
  entity String { navn: __cedar::String };
  entity Bok { tittel: String, ekte: __cedar::String };
  entity X;
  type X = { merke: Long };
  entity Y { x: X };
}
"""

PRIMITIVES = """
entity Maaler;
entity Maaling = {
  b: Bool, l: Long, s: String,
  cb: __cedar::Bool, cl: __cedar::Long, cs: __cedar::String,
  ip: ipaddr, d: decimal, t: datetime, varighet: duration,
  cip: __cedar::ipaddr, cd: __cedar::decimal, ct: __cedar::datetime, cv: __cedar::duration,
  sett: Set<Set<Long>>,
  poster: Set<{ k: String, v?: Long }>,
  eier: Maaler,
  eiere: Set<Maaler>,
};
"""

ANNOTATIONS = r"""
@doc("Et navnerom { med ; tegn }")
@intern
namespace Notert {
  @doc("bruker") @entity("et nøkkelord som navn")
  entity Bruker = {
    @doc("alder i år") @pii alder: Long,
    @sensitiv "fullt navn"?: String,
  };
  @doc("type") type T = { @x a: Long };
  @doc("handling \"sitat\" }") @action
  action "se" appliesTo { principal: Bruker, resource: Bruker, context: T };
}
@doc("utenfor") entity Ute;
@doc("en handling utenfor")
action ute;
"""

COMMENTS = """// innledning
entity A = { // { en krøll i en kommentar
  a: Long, // b: Long,
  "c//d": String, // "e": Long
}; // etter
// entity Kommentert = { spoekelse: Long };
action "x" // navnet
  appliesTo { principal: A, resource: A }; // slutt uten linjeskift"""

CONSTRUCTS = {
    "issue": ISSUE,
    "namespaces": NAMESPACES,
    "entities": ENTITIES,
    "actions": ACTIONS,
    "records": RECORDS,
    "common_types": COMMON_TYPES,
    "primitives": PRIMITIVES,
    "annotations": ANNOTATIONS,
    "comments": COMMENTS,
}
