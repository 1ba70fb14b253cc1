"""The PJD request of a body with its facts, for tests that judge the facts or the request
apart from the decision path (`api.pjd.service.decide_all` prepares and reads them itself)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Engine

from api.config import get_settings
from api.pjd.facts import FactsKey, RequestTime, prepare, read_all
from api.pjd.schemas import PjdDecisionIn
from api.registry.cache import RegistryCache
from api.trust.verifier import ClaimsVerifier
from engine.pjd import DecisionRequest, RegistryFacts, Vocabulary

# (consumer org.nr, source org.nrs, patient, at) -> the registry and restriction facts
FactsReader = Callable[[str | None, Iterable[str], str, datetime], RegistryFacts]


def read_facts(
    db: Engine,
    registry: RegistryCache,
    consumer: str | None,
    sources: Iterable[str],
    patient: str,
    at: datetime,
) -> RegistryFacts:
    """The registry and restriction facts of one request, from one consistent read."""
    return read_all(db, registry, [FactsKey(consumer, frozenset(sources), patient, at)])[0]


def build_request(
    body: PjdDecisionIn, read: FactsReader, now: datetime, vocabulary: Vocabulary
) -> DecisionRequest:
    """The engine's request of `body`, its facts from `read`."""
    verifier = ClaimsVerifier(get_settings(accept_unverified_claims=True))
    request, key = prepare(body, RequestTime(now, trusted=True), vocabulary, verifier)
    return replace(request, facts=read(key.consumer, key.sources, key.patient, key.at))
