"""The PJD fact model: who asks, about which documents, and what the registry knows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from engine.pjd.attestation import Attestation

Action = Literal["list", "read"]
Path = Literal["kjernejournalforskriften", "hpl45", "helsenorge"]
AccessBasis = Literal["samtykke", "akutt", "unntak"]


@dataclass(frozen=True)
class Identity:
    """Verified HelseID claims about the logged-in health worker: `authorizations` are every
    HPR authorization code (Volven 9060) the person holds, as verified (R27; may be empty)."""

    pid: str
    security_level: str
    hpr_number: str | None = None
    authorizations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Period:
    """A validity period: active from `start` (inclusive) until `end` (exclusive) or open."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class Consumer:
    """A registered consumer organisation (R2)."""

    orgnr: str
    category: str
    helsenett_member: bool
    pjd_terms: bool
    active: Period
    log_anonymised: bool = False  # R22: the access log names none of its health workers


@dataclass(frozen=True)
class Source:
    """A registered source organisation and its grants per consumer category (R3)."""

    orgnr: str
    active: Period
    grants: frozenset[tuple[str, str]] = frozenset()  # (category, action)


@dataclass(frozen=True)
class Document:
    """Document metadata as the retrieval service sends it."""

    id: str
    source: str
    class_code: str
    type_code: str = ""
    confidentiality: tuple[str, ...] = ()
    service_time: datetime | None = None
    created: datetime | None = None


@dataclass(frozen=True)
class PatientRestriction:
    """A restriction in force for the patient at `at` (R10–R14): what kind, against whom, where.

    `kind`: pjd_sperre, kj_reservasjon, kj_sperring, kj_blokkering or kilde_sperreregel;
    `target_type`: hpr, pid, authorization or orgnr; `source`/`document` for a source's rule.
    """

    kind: str
    target_type: str | None = None
    target_value: str | None = None
    source: str | None = None
    document: str | None = None


AddressProtection = Literal["fortrolig", "strengt_fortrolig"]


@dataclass(frozen=True)
class Person:
    """What the population register says of a person (R34): address protection, death."""

    pid: str
    address_protection: AddressProtection | None = None
    deceased_on: date | None = None


@dataclass(frozen=True)
class RegistryFacts:
    """What the registry and the restriction store know that bears on one request.

    `persons`: the population register's entries of the patient and of the citizen who asks
    (R34), by person id; a person the register has no entry for is absent."""

    consumer: Consumer | None = None
    sources: Mapping[str, Source] = field(default_factory=dict)
    patient_gps: frozenset[str] = frozenset()  # HPR numbers of the patient's GPs at `at`
    restrictions: tuple[PatientRestriction, ...] = ()
    persons: Mapping[str, Person] = field(default_factory=dict)


@dataclass(frozen=True)
class Citizen:
    """A citizen on helsenorge (R16–R20, R22): verified claims and whom they act for.

    `representation` is the ACP code's last digit (2.16.578.1.12.4.1.7.2.1.N): "0" self, "1"
    parent of a child under 12, "2" fullmakt, "3" someone unable to consent; `represented_age`
    is the age and `represented_pid` the person id of the person acted for, as helsenorge
    confirmed the representation (the citizen's own when acting for themselves).
    """

    pid: str
    security_level: str
    age: int
    representation: str = "0"
    represented_age: int | None = None
    represented_pid: str | None = None


@dataclass(frozen=True, kw_only=True)
class DecisionRequest:
    """A PJD request: one action over a list of documents, by a health worker or a citizen.

    A health worker brings `identity` and `attestation`; a citizen brings `citizen` instead.
    """

    action: Action
    path: Path
    patient: str
    documents: tuple[Document, ...]
    at: datetime
    identity: Identity | None = None
    attestation: Attestation | None = None
    citizen: Citizen | None = None
    access_basis: AccessBasis | None = None
    opens_locked: bool = False  # the health worker confirmed consent to open a locked KJ (R32)
    facts: RegistryFacts = field(default_factory=RegistryFacts)
    claims: str = "unverified"  # where identity/attestation/citizen came from (the log keeps it)

    def __post_init__(self) -> None:
        worker = self.identity is not None and self.attestation is not None
        if worker == (self.citizen is not None):
            raise ValueError("a request is by a health worker (identity, attestation) or a citizen")
