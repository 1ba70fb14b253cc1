"""The `saml:Issuer` of a signed XUA assertion must be allowed for the kind of claims it carries:
a health worker's (KJ01) from `PJD_SAML_PERSONNEL_ISSUERS`, a citizen's (HN01) from
`PJD_SAML_CITIZEN_ISSUERS`; a trusted certificate alone does not let one speak for the other,
an assertion naming no Issuer is refused, and a list unset refuses its kind (fail closed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from pydantic_settings import SettingsError

from api.config import Settings, get_settings
from api.trust.saml import verify
from api.trust.saml_verify import verified_assertion
from tests.api.saml_equivalents import NOW
from tests.api.saml_signing import (
    AUDIENCE,
    HN01,
    ISSUER,
    KJ01,
    NS,
    SAML,
    Change,
    issued_by,
    refusal,
    settings_trusting,
    signed,
    signing_key,
)

KEY = signing_key("gateway", NOW)
PERSONNEL, CITIZEN = ISSUER[KJ01], ISSUER[HN01]


def _settings(folder: Path, name: str, **issuers: tuple[str, ...]) -> Settings:
    """Settings trusting KEY for `name`'s audience; `issuers` instead of the fixtures' ones."""
    return settings_trusting(folder, AUDIENCE[name], KEY).model_copy(update=issuers)


def test_kj01_from_the_personnel_issuer_verifies_as_a_health_worker(tmp_path: Path) -> None:
    settings = _settings(tmp_path, KJ01, saml_citizen_issuers=())
    value = signed(KJ01, NOW, KEY)
    assert verified_assertion(value, settings, NOW).issuer == PERSONNEL
    claims = verify(value, settings, NOW)
    assert claims.identity is not None and claims.citizen is None


def test_hn01_from_the_citizen_issuer_verifies_as_a_citizen(tmp_path: Path) -> None:
    settings = _settings(tmp_path, HN01, saml_personnel_issuers=())
    value = signed(HN01, NOW, KEY)
    assert verified_assertion(value, settings, NOW).issuer == CITIZEN
    assert verify(value, settings, NOW).citizen is not None


def test_kj01_signed_by_a_trusted_certificate_with_the_citizen_issuer_is_refused(
    tmp_path: Path,
) -> None:
    value = signed(KJ01, NOW, KEY, issued_by(CITIZEN))
    message = refusal(value, _settings(tmp_path, KJ01))
    assert f"the Issuer {CITIZEN!r} may not issue a health worker's" in message
    assert "PJD_SAML_PERSONNEL_ISSUERS" in message


def test_hn01_with_the_personnel_issuer_is_refused(tmp_path: Path) -> None:
    value = signed(HN01, NOW, KEY, issued_by(PERSONNEL))
    message = refusal(value, _settings(tmp_path, HN01))
    assert f"the Issuer {PERSONNEL!r} may not issue a citizen's" in message
    assert "PJD_SAML_CITIZEN_ISSUERS" in message


@pytest.mark.parametrize("name", [KJ01, HN01])
def test_an_unknown_issuer_is_refused(tmp_path: Path, name: str) -> None:
    value = signed(name, NOW, KEY, issued_by("https://evil.example"))
    assert "'https://evil.example' may not issue" in refusal(value, _settings(tmp_path, name))


def _without(root: etree._Element) -> None:
    found = root.find("saml:Issuer", NS)
    assert found is not None
    root.remove(found)


def _twice(root: etree._Element) -> None:
    found = root.find("saml:Issuer", NS)
    assert found is not None
    found.addnext(etree.fromstring(f'<saml:Issuer xmlns:saml="{SAML}">{PERSONNEL}</saml:Issuer>'))


@pytest.mark.parametrize(
    "change",
    [_without, issued_by(""), issued_by("  "), _twice],
    ids=["none", "empty", "blank", "twice"],
)
def test_an_assertion_without_one_issuer_is_refused(tmp_path: Path, change: Change) -> None:
    value = signed(KJ01, NOW, KEY, change)
    assert "must name its Issuer" in refusal(value, _settings(tmp_path, KJ01))


def test_with_a_list_unset_that_kind_is_refused_and_the_other_stands(tmp_path: Path) -> None:
    no_personnel = _settings(tmp_path, KJ01, saml_personnel_issuers=())
    message = refusal(signed(KJ01, NOW, KEY), no_personnel)
    assert f"{PERSONNEL!r} may not issue" in message
    assert "PJD_SAML_PERSONNEL_ISSUERS is empty" in message
    no_citizens = _settings(tmp_path, HN01, saml_citizen_issuers=())
    assert "PJD_SAML_CITIZEN_ISSUERS is empty" in refusal(signed(HN01, NOW, KEY), no_citizens)
    still = _settings(tmp_path, HN01, saml_personnel_issuers=())
    assert verify(signed(HN01, NOW, KEY), still, NOW).citizen is not None


def test_unset_both_lists_are_empty_and_every_assertion_is_refused(tmp_path: Path) -> None:
    certs = settings_trusting(tmp_path, AUDIENCE[KJ01], KEY).saml_certs
    settings = get_settings(saml_certs=certs, saml_audience=AUDIENCE[KJ01])
    assert (settings.saml_personnel_issuers, settings.saml_citizen_issuers) == ((), ())
    assert "PJD_SAML_PERSONNEL_ISSUERS is empty" in refusal(signed(KJ01, NOW, KEY), settings)


def test_the_lists_are_read_from_the_environment_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "PJD_SAML_PERSONNEL_ISSUERS", f'["{PERSONNEL}", "https://helseid-xdssaml.nhn.no"]'
    )
    monkeypatch.setenv("PJD_SAML_CITIZEN_ISSUERS", f'["{CITIZEN}"]')
    settings = get_settings()
    assert settings.saml_personnel_issuers == (PERSONNEL, "https://helseid-xdssaml.nhn.no")
    assert settings.saml_citizen_issuers == (CITIZEN,)
    monkeypatch.setenv("PJD_SAML_CITIZEN_ISSUERS", "[]")
    assert get_settings().saml_citizen_issuers == ()


@pytest.mark.parametrize("value", [CITIZEN, "", '"sikkerhet.helsenorge.no"', "[1]"])
def test_anything_but_a_json_list_of_strings_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """A bare string is not taken as a one-issuer list (nor as a list of its characters)."""
    monkeypatch.setenv("PJD_SAML_CITIZEN_ISSUERS", value)
    with pytest.raises((SettingsError, ValueError)):
        get_settings()
