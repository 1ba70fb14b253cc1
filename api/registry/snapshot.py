"""The registry as an immutable in-memory snapshot of one version (rules R2, R3, R9).

A snapshot holds what decisions read of the registry: per org.nr the consumer and source facts
(grants folded into the source), and the GP list indexed by patient — frozen structures, built
once per registry version by `load_snapshot` inside the caller's consistent read, and shared by
every decision that read that version (`api.registry.cache`). The version row names the content:
every replace bumps it in the same transaction (`api.registry.store.replace_registry`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from sqlalchemy import Connection, RowMapping, Table, select
from sqlmodel import SQLModel

from api.models import GpListEntry, Organisation, RegistryVersion, SourceGrant
from api.registry.gp_index import GpIndex, GpRow
from api.registry.persons import load_persons
from engine.pjd import Consumer, Period, Person, RegistryFacts, Source

VersionKey = tuple[int, str]  # (version, token); (0, "") before the first replace
EMPTY_VERSION: VersionKey = (0, "")
_GP_BATCH = 20_000  # GP list rows fetched at a time (a server-side cursor on PostgreSQL)
_TABLES = SQLModel.metadata.tables
_ORG: Table = _TABLES[Organisation.__tablename__]
_GRANT: Table = _TABLES[SourceGrant.__tablename__]
_GP: Table = _TABLES[GpListEntry.__tablename__]
_VERSION: Table = _TABLES[RegistryVersion.__tablename__]


@dataclass(frozen=True)
class OrgFacts:
    """One organisation as decisions see it: its consumer facts (R2), its source facts (R3)."""

    consumer: Consumer | None = None
    source: Source | None = None


@dataclass(frozen=True)
class RegistrySnapshot:
    """One version of the registry, indexed for the look-ups of a decision."""

    version: VersionKey
    organisations: Mapping[str, OrgFacts] = field(default_factory=lambda: MappingProxyType({}))
    gp_list: GpIndex = field(default_factory=lambda: GpIndex(()))
    persons: Mapping[str, Person] = field(default_factory=lambda: MappingProxyType({}))

    def facts(
        self,
        consumer: str | None,
        sources: Iterable[str],
        patient: str,
        day: date,
        persons: Iterable[str] = (),
    ) -> RegistryFacts:
        """What this registry says for one request: the consumer, the named sources that are
        registered as sources, the patient's GPs on `day`, and the population register's
        entries of the patient and of `persons` (restrictions are not registry)."""
        found = self.organisations.get(consumer) if consumer is not None else None
        named = (self.organisations.get(orgnr) for orgnr in sorted(set(sources)))
        registered = [org.source for org in named if org is not None and org.source is not None]
        return RegistryFacts(
            consumer=found.consumer if found is not None else None,
            sources={source.orgnr: source for source in registered},
            patient_gps=self.gp_list.gps(patient, day),
            persons={
                pid: self.persons[pid] for pid in sorted({patient, *persons}) if pid in self.persons
            },
        )


# Built once: every decision reads the version, and building a statement costs more than running it.
_READ_VERSION = select(_VERSION.c.version, _VERSION.c.token).where(_VERSION.c.id == 1)


def read_version(conn: Connection) -> VersionKey:
    """The registry's version as the caller's transaction sees it."""
    row = conn.execute(_READ_VERSION).one_or_none()
    return EMPTY_VERSION if row is None else (int(row.version), str(row.token))


def load_snapshot(conn: Connection, version: VersionKey) -> RegistrySnapshot:
    """Build the snapshot of `version` from the caller's transaction, in four queries."""
    grants: dict[str, set[tuple[str, str]]] = {}
    for grant in conn.execute(select(_GRANT)).mappings():
        switches = (("list", grant["list"]), ("read", grant["read"]))
        grants.setdefault(grant["orgnr"], set()).update(
            (grant["category"], action) for action, on in switches if on
        )
    organisations = {
        row["orgnr"]: _org_facts(row, frozenset(grants.get(row["orgnr"], ())))
        for row in conn.execute(select(_ORG)).mappings()
    }
    persons = MappingProxyType(dict(load_persons(conn)))
    return RegistrySnapshot(
        version, MappingProxyType(organisations), GpIndex(_gp_rows(conn)), persons
    )


def _gp_rows(conn: Connection) -> Iterator[GpRow]:
    columns = (_GP.c.patient, _GP.c.gp_hpr, _GP.c.start, _GP.c.end)
    query = select(*columns).order_by(_GP.c.patient)
    streamed = query.execution_options(stream_results=True, yield_per=_GP_BATCH)
    return ((patient, hpr, start, end) for patient, hpr, start, end in conn.execute(streamed))


def _org_facts(row: RowMapping, grants: frozenset[tuple[str, str]]) -> OrgFacts:
    consumer = source = None
    if row["is_consumer"] and row["consumer_active_from"] is not None:
        consumer = Consumer(
            orgnr=row["orgnr"],
            category=row["category"],
            helsenett_member=bool(row["helsenett_member"]),
            pjd_terms=bool(row["pjd_terms"]),
            active=Period(row["consumer_active_from"], row["consumer_active_to"]),
            log_anonymised=bool(row["log_anonymised"]),  # null in a column added later
        )
    if row["is_source"] and row["source_active_from"] is not None:
        active = Period(row["source_active_from"], row["source_active_to"])
        source = Source(orgnr=row["orgnr"], active=active, grants=grants)
    return OrgFacts(consumer, source)
