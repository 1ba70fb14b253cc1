"""The persons and organisations of the worked examples, each named once.

The health worker and the patient are those of NHN's published attestation Eksempel #3
(anestesilegen; tests/fixtures/attestations, README.md there names the source). The
organisations are those of the demo registry (api/demo_registry.json) and the specification's
scenarios (scenarios/steps/typer.py names them in Norwegian). The numbers are synthetic test
identities: a person id here may fail the mod-11 check, which PJD never applies.
"""

from __future__ import annotations

# The health worker of Eksempel #3: Ben Reddik, anestesilege, authenticated by HelseID.
WORKER_PID = "05086900124"  # fødselsnummer (identity.pid, attestation practitioner.identifier)
WORKER_HPR = "222200068"  # HPR number (identity.hpr_number, attestation practitioner.hpr_nr)
WORKER_NAME = "Ben Reddik"

# The patient of Eksempel #3 and of the specification; fails the mod-11 check on purpose.
PATIENT = "05076600324"
OTHER_PATIENT = "12345678901"  # another patient, on a GP list of the registry tests
OTHER_PERSON = "01017012345"  # a third person: neither the health worker nor the patient

# Organisations (org.nr): the demo registry's, as the scenarios name them.
OUS = "993467049"  # Oslo universitetssykehus HF: Eksempel #3's legal_entity, consumer and source
OUS_NAME = "Oslo universitetssykehus HF"
RIKSHOSPITALET = "874716782"  # OUS Rikshospitalet: Eksempel #3's point of care (the worker's)
ULLEVAL = "974589095"  # OUS Ullevål: the patient's point of care in Eksempel #3
SRC_A = "914637651"  # SRC-A, the worked examples' source: every health worker may list and read
BERGEN = "983974899"  # Helse Bergen HF, a second source
OSLO_KOMMUNE = "997506499"  # Oslo kommune helseetaten, a registered consumer (sykehjem)
FAGERSTA = "100100673"  # Fagersta Testlegekontor, a GP office
BETANIEN = "981275721"  # Betanien Hospital
NORDLANDSSYKEHUSET = "974116588"  # Nordlandssykehuset HF
AMK = "923456781"  # AMK Oslo, a legevakt whose health workers the log may anonymise
UNREGISTERED = "911111111"  # a well-formed org.nr that is not in the registry
SECOND_PATIENT = "13116900216"  # a second patient: restrictions, blocks and records not the first's
SECOND_SOURCE = "974633574"  # a second source organisation of the log's views
UNKNOWN_ORG = "999999999"  # a well-formed org.nr the engine tests' facts do not hold
MISCHECKED_ORG = "123456789"  # nine digits with a wrong check digit: never a registered org.nr
OTHER_HPR = "123456789"  # an HPR number not the health worker's
OTHER_GP = "111111111"  # an HPR number of a GP not the patient's
OTHER_ORG = "912345678"  # an organisation the health worker does not belong to
