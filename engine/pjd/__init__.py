"""PJD, the one pack kind the service gathers facts for: its fact model, attestation, the
Cedar entities and context built from them, objection match keys, time and code lists.

Pure: no I/O, no clock. It builds on the generic engine (`engine`) and is the only place that
knows PJD's facts; the api imports PJD names from here, never from its modules.
"""

from engine.pjd.attestation import (
    PRODUCTION_TYPE,
    Attestation,
    AttestationError,
    AttestedPatient,
    Coded,
    Ident,
    parse_attestation,
    without_oid_prefix,
)
from engine.pjd.entities import (
    context,
    decide_pjd,
    decide_view_log,
    patient_attrs,
    principal_attrs,
    resource_attrs,
)
from engine.pjd.model import (
    AccessBasis,
    Action,
    AddressProtection,
    Citizen,
    Consumer,
    DecisionRequest,
    Document,
    Identity,
    Path,
    PatientRestriction,
    Period,
    Person,
    RegistryFacts,
    Source,
)
from engine.pjd.timeline import OSLO, epoch, lookback_cutoffs, oslo_date, oslo_midnight, years_back
from engine.pjd.vocabulary import (
    HPR_NUMBER,
    ORGNR,
    PERSON_ID,
    Vocabulary,
    canonical,
    check_attestation,
    check_documents,
    codes,
    read_vocabulary,
)

KIND = "pjd"  # `pack.json` `fact_provider` of a PJD pack

__all__ = [
    "HPR_NUMBER",
    "KIND",
    "ORGNR",
    "OSLO",
    "PERSON_ID",
    "PRODUCTION_TYPE",
    "AccessBasis",
    "Action",
    "AddressProtection",
    "Attestation",
    "AttestationError",
    "AttestedPatient",
    "Citizen",
    "Coded",
    "Consumer",
    "DecisionRequest",
    "Document",
    "Ident",
    "Identity",
    "Path",
    "PatientRestriction",
    "Period",
    "Person",
    "RegistryFacts",
    "Source",
    "Vocabulary",
    "canonical",
    "check_attestation",
    "check_documents",
    "codes",
    "context",
    "decide_pjd",
    "decide_view_log",
    "epoch",
    "lookback_cutoffs",
    "oslo_date",
    "oslo_midnight",
    "parse_attestation",
    "patient_attrs",
    "principal_attrs",
    "read_vocabulary",
    "resource_attrs",
    "without_oid_prefix",
    "years_back",
]
