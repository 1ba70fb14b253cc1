"""The PJD fact provider: turns a request body plus the registry into the engine's request.

Every code and identifier of the body is judged against the pack's code lists first
(`engine.pjd.vocabulary`), before the registry is read: a near miss is a 400 naming the field.

`read_all` is the one read a decision makes (DESIGN principle 11): the registry's version and
the patient's restrictions in one transaction, and the registry from that version's snapshot
(`api.registry.cache`) — never a mix of two registry versions, and every restriction committed
before the decision started.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine

from api import deadline
from api.access_log.entries import check_storable
from api.config import Settings
from api.db import read_transaction
from api.pjd.schemas import DocumentIn, PjdDecisionIn
from api.pjd.verified import check_person, check_scopes, verified_body
from api.registry.cache import RegistryCache
from api.registry.snapshot import load_snapshot, read_version
from api.restrictions.store import restrictions_at
from api.trust.claims import ClaimsRefused
from api.trust.verifier import ClaimsVerifier
from engine import RequestError
from engine.pjd import (
    DecisionRequest,
    Document,
    Identity,
    RegistryFacts,
    Vocabulary,
    check_attestation,
    check_documents,
    oslo_date,
    oslo_midnight,
    parse_attestation,
)


@dataclass(frozen=True)
class FactsKey:
    """What one decision reads: the consumer's and the sources' registry facts, the patient's
    GP list and restrictions, at a moment; the population register's entries of the patient
    and of `persons` (the citizen who asks, R34)."""

    consumer: str | None
    sources: frozenset[str]
    patient: str
    at: datetime
    persons: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RequestTime:
    """When a request is decided (R26): the service's clock `now`, read once per request, and
    how far a request's own `at` may be from it (`skew`, seconds) — unless request times are
    `trusted` (tests, replay, impact analysis), when a given `at` is the moment decided."""

    now: datetime
    skew: float = 300.0
    trusted: bool = False

    def decided_at(self, asked: datetime | None) -> datetime:
        """The moment decided for: the clock, or (trusted) the given `at`; an `at` beyond the
        skew is a 400 naming `at` — never a decision at a moment the caller chose."""
        now = self.now.astimezone(UTC)
        if asked is None:
            return now
        if self.trusted:
            return asked.astimezone(UTC)
        off = abs((asked - now).total_seconds())
        if off > self.skew:
            message = f"is {off:.0f} s from the service's clock (at most {self.skew:g} s)"
            raise RequestError("at", message)
        return now


def request_time(settings: Settings, now: datetime | None = None) -> RequestTime:
    """The request's time under `settings` (PJD_REQUEST_TIME_SKEW, PJD_TRUST_REQUEST_TIME), at
    `now` or the clock, read here once."""
    clock = now if now is not None else datetime.now(UTC)
    return RequestTime(clock, settings.request_time_skew, settings.trust_request_time)


def read_all(db: Engine, registry: RegistryCache, keys: Sequence[FactsKey]) -> list[RegistryFacts]:
    """The facts of each key, in order, from one consistent read: one transaction, one registry
    version, each patient's restrictions read once."""
    deadline.check("reading the registry and the restrictions")
    with read_transaction(db) as conn:
        version = read_version(conn)
        moments = dict.fromkeys((k.patient, k.at) for k in keys)
        restrictions = {m: restrictions_at(conn, *m) for m in moments}
        snapshot = registry.snapshot(version, lambda: load_snapshot(conn, version))
    return [
        replace(
            snapshot.facts(k.consumer, k.sources, k.patient, oslo_date(k.at), k.persons),
            restrictions=restrictions[(k.patient, k.at)],
        )
        for k in keys
    ]


def _moment(value: datetime | date | None) -> datetime | None:
    """A document's moment; a date alone starts at Oslo midnight (R30)."""
    if value is None or isinstance(value, datetime):
        return value
    return oslo_midnight(value)


def _document(d: DocumentIn) -> Document:
    return Document(
        id=d.id,
        source=d.source,
        class_code=d.class_code,
        type_code=d.type_code or "",
        confidentiality=tuple(d.confidentiality),
        service_time=_moment(d.service_time),
        created=_moment(d.created),
    )


@dataclass(frozen=True)
class Fields:
    """The names a request's fields were sent under, which its errors carry: the PJD body's own
    (`PJD_FIELDS`), or another form's (AuthZEN). `top` renames a top-level field (`path`,
    `identity`, `attestation`, …); `document(i, name)` names a field of the i-th document."""

    top: Mapping[str, str] = field(default_factory=dict)
    document: Callable[[int, str], str] = lambda i, name: f"documents[{i}].{name}"

    def of(self, name: str) -> str:
        """The name of the top-level field (or a field inside it: `attestation.type`)."""
        root, dot, rest = name.partition(".")
        return self.top.get(root, root) + dot + rest

    def error(self, exc: RequestError) -> RequestError:
        """A `RequestError` the engine named by the PJD body (`documents[0].class_code`,
        `attestation.…`), named as this request sent the field."""
        named = self.of(exc.field)
        if exc.field.startswith("documents["):
            index, _, name = exc.field.removeprefix("documents[").partition("].")
            named = self.document(int(index), name)
        return exc if named == exc.field else type(exc)(named, exc.message)


PJD_FIELDS = Fields()


def _unique_ids(body: PjdDecisionIn) -> None:
    seen: set[str] = set()
    for i, d in enumerate(body.documents):
        if d.id in seen:
            raise RequestError(f"documents[{i}].id", f"document id {d.id!r} appears twice")
        seen.add(d.id)


def _path(body: PjdDecisionIn, vocabulary: Vocabulary) -> str:
    path = None if body.path is None else vocabulary.path(body.path)
    if body.citizen is not None:
        if path not in (None, "helsenorge"):
            raise RequestError("path", "a citizen's request takes the path helsenorge")
        return "helsenorge"
    if path == "helsenorge":
        raise RequestError("path", "the path helsenorge is for citizens")
    if path is not None:
        return path
    # R28: no default path; a read's path is the path of the list it came from.
    raise RequestError(
        "path", f"a {body.action} request must name its path (kjernejournalforskriften|hpl45)"
    )


def _requester(body: PjdDecisionIn, vocabulary: Vocabulary) -> dict[str, Any]:
    """Who asks: a citizen, or a health worker with verified identity and an attestation."""
    if body.citizen is not None:
        for field in ("identity", "attestation"):
            if getattr(body, field) is not None:
                raise RequestError(field, "a citizen's request carries `citizen` instead")
        return {"citizen": body.citizen.to_engine(vocabulary)}
    if body.identity is None:
        raise RequestError("identity", "the verified identity (or `citizen`) is required")
    if body.attestation is None:
        raise RequestError("attestation", "the attestation is required for health personnel")
    ident, attestation = body.identity, parse_attestation(body.attestation)
    check_attestation(attestation, vocabulary)
    authorizations = tuple(ident.authorizations or ())
    for i, code in enumerate(authorizations):
        vocabulary.authorization.check_code(code, f"identity.authorizations[{i}]")
    return {
        "identity": Identity(ident.pid, ident.security_level, ident.hpr_number, authorizations),
        "attestation": attestation,
    }


def prepare(
    body: PjdDecisionIn,
    clock: RequestTime,
    vocabulary: Vocabulary,
    verifier: ClaimsVerifier,
    fields: Fields = PJD_FIELDS,
    person: str | None = None,
) -> tuple[DecisionRequest, FactsKey]:
    """Verify the person's claims (at the service's clock; they must name `person`, if the
    request names who asks apart from them, and a token's scopes must give the path), judge
    the body's codes and time and parse the requester: the engine's request without its
    facts, and what to read for them. A
    `RequestError` or `ClaimsRefused` names the field as `fields` says it was sent."""
    try:
        verified, source, scopes = verified_body(body, verifier, clock.now)
        check_person(verified, person, fields.of)
        request, key = _prepare(verified, clock, vocabulary)
        check_scopes(request.action, request.path, scopes, fields.of("helseid_token"))
        return replace(request, claims=source), key
    except ClaimsRefused as exc:
        raise ClaimsRefused(fields.of(exc.field), exc.message) from exc
    except RequestError as exc:
        named = fields.error(exc)
        if named is exc:
            raise
        raise named from exc


def _prepare(
    body: PjdDecisionIn, clock: RequestTime, vocabulary: Vocabulary
) -> tuple[DecisionRequest, FactsKey]:
    at = clock.decided_at(body.at)
    requester = _requester(body, vocabulary)
    path = _path(body, vocabulary)
    access_basis = vocabulary.access_basis(body.access_basis)
    documents = tuple(_document(d) for d in body.documents)
    _unique_ids(body)
    check_documents(documents, vocabulary)
    attestation = requester.get("attestation")
    consumer = attestation.legal_entity.id if attestation and attestation.legal_entity else None
    request = DecisionRequest(
        action=body.action,
        path=path,  # type: ignore[arg-type]
        patient=body.patient,
        documents=documents,
        at=at,
        access_basis=access_basis,  # type: ignore[arg-type]
        opens_locked=bool(body.opens_locked),
        **requester,
    )
    check_storable(request)  # what the log cannot store is refused, not decided unrecorded
    sources = frozenset(d.source for d in documents)
    citizen = frozenset({request.citizen.pid}) if request.citizen else frozenset()
    return request, FactsKey(consumer, sources, body.patient, at, citizen)
