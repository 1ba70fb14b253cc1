"""Publishing the twin to an OPA server (`publish_twin`, the step behind `pjd policies publish`):
it pushes the twin's modules and the parameters, leaves a server that already holds them alone,
removes modules of an earlier twin, never touches another package, refuses a foreign module of
the twin's package, retries a module OPA refused while another was missing, and rolls a failed
push back — or says that rolling back failed too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import OpaEngine, Pack, PolicyError, publish_twin
from tests.engine.test_opa_engine import PERMIT, _copy, _decide
from tests.engine.test_rego_engine import PJD, SWITCHED
from tests.opa_server import OpaServer, running

PREFIX = "pjd/"  # the twin's policy ids as published: <package>/rego/<file>.rego


@pytest.fixture
def server() -> Iterator[OpaServer]:
    """An empty server of the test's own."""
    with running() as own:
        yield own


def test_publishing_pushes_the_twin_and_the_parameters(pack: Pack, server: OpaServer) -> None:
    assert publish_twin(pack, server.url) is True
    twin = sorted(PJD.glob("rego/*.rego"))
    assert server.policies() == {f"{PREFIX}rego/{p.name}": p.read_text() for p in twin}
    assert server.data == {"parametere": pack.parameters}
    engine = OpaEngine(pack, server.url)
    engine.verify()
    assert _decide(engine, PERMIT)[0] == "permit"
    engine.close()


def test_a_twin_already_on_the_server_is_not_pushed(pack: Pack, server: OpaServer) -> None:
    for path in sorted(PJD.glob("rego/*.rego")):  # as `opa run policies/pjd/rego` loads them
        assert server.put_policy(f"policies/pjd/rego/{path.name}", path.read_text()) is None
    server.put_data(["parametere"], pack.parameters)
    assert publish_twin(pack, server.url) is False
    assert not any(p.startswith(PREFIX) for p in server.policies())
    assert publish_twin(pack, server.url) is False  # published twice: the second finds it


def test_a_foreign_module_of_the_package_is_refused(pack: Pack, server: OpaServer) -> None:
    extra = 'package pjd\n\ntillat contains "dokumentvisning" if { true }\n'
    assert server.put_policy("extra.rego", extra) is None
    with pytest.raises(PolicyError, match=r"extra\.rego") as caught:
        publish_twin(pack, server.url)
    assert caught.value.file == server.url
    assert server.policies() == {"extra.rego": extra}  # nothing pushed


def test_modules_of_an_earlier_twin_are_removed(pack: Pack, server: OpaServer) -> None:
    stale = "package pjd\n\ngammel_hjelper := true\n"
    assert server.put_policy(f"{PREFIX}rego/gammel.rego", stale) is None
    assert server.put_policy("other.rego", "package annet\n\nx := 1\n") is None
    publish_twin(pack, server.url)
    assert f"{PREFIX}rego/gammel.rego" not in server.policies()
    assert "other.rego" in server.policies()  # another package is not ours to touch


def test_a_module_refused_once_is_pushed_again(pack: Pack, server: OpaServer) -> None:
    server.refuse[f"{PREFIX}rego/attest.rego"] = 1  # as OPA before felles.rego is there
    publish_twin(pack, server.url)
    assert f"{PREFIX}rego/attest.rego" in server.policies()


def test_a_refused_push_is_rolled_back(pack: Pack, server: OpaServer, tmp_path: Path) -> None:
    publish_twin(pack, server.url)
    first = OpaEngine(pack, server.url)
    first.verify()
    before, data = server.policies(), json.loads(json.dumps(server.data))
    changed = _copy(tmp_path, SWITCHED, comment="endret")
    server.refuse[f"{PREFIX}rego/tilbakeblikk.rego"] = 2  # refused in both passes of the push
    with pytest.raises(PolicyError, match="previous modules are restored") as caught:
        publish_twin(changed, server.url)
    assert caught.value.file == server.url
    assert "tilbakeblikk.rego" in str(caught.value)
    assert server.policies() == before
    assert server.data == data
    assert _decide(first, PERMIT)[0] == "permit"  # the engine in use still decides
    first.close()


def test_a_failed_rollback_is_reported(pack: Pack, server: OpaServer, tmp_path: Path) -> None:
    publish_twin(pack, server.url)
    server.refuse[f"{PREFIX}rego/tilbakeblikk.rego"] = 10
    with pytest.raises(PolicyError, match="restoring the previous modules failed"):
        publish_twin(_copy(tmp_path, comment="endret"), server.url)


def test_a_dead_url_is_a_policy_error_naming_it(pack: Pack) -> None:
    with running() as gone:
        url = gone.url
    with pytest.raises(PolicyError) as caught:
        publish_twin(pack, url, timeout=0.5)
    assert caught.value.file == url
    assert url in str(caught.value)
