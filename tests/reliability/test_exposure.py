"""Exposure: the UI listens on loopback only, and nothing needs (or sends) a secret.

That the webserver really listens on 127.0.0.1 and nowhere else is tested on a running server in
``tests/integration/test_dagster_ui.py`` (``test_listens_on_loopback_only``,
``test_other_addresses_of_this_machine_are_refused``); here, that ``make dev`` asks for it.
"""

from __future__ import annotations

import re

from pipeline import config
from pipeline.config import ROOT
from pipeline.sources.worldbank import WorldBankClient
from tests.support.wb_server import WorldBankStub

SECRET = re.compile(r"KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH", re.IGNORECASE)


def test_make_dev_binds_the_ui_to_loopback() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndev:", 1)[1].split("\n\n", 1)[0]
    (command,) = [line for line in recipe.splitlines() if "dagster dev" in line]
    assert "--host 127.0.0.1" in command
    assert "0.0.0.0" not in makefile  # noqa: S104 - the address must not be there


def test_no_setting_is_a_secret() -> None:
    names = set(config.SETTINGS)
    assert "POLICY_TRACKER_DB" in names and "WORLDBANK_API_URL" in names
    assert not [n for n in names if SECRET.search(n)], names


def test_the_environment_is_read_in_one_module() -> None:
    """Settings come from pipeline/config.py (through the resources), nowhere else."""
    readers = {
        str(path.relative_to(ROOT))
        for folder in ("pipeline", "assets")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"\bos\.environ\b|\bgetenv\(", path.read_text(encoding="utf-8"))
    }
    assert readers == {"pipeline/config.py"}


def test_the_api_client_sends_no_credentials(stub: WorldBankStub) -> None:
    with WorldBankClient(stub.base_url) as client:
        client.fetch_countries()
    (request,) = stub.requests
    assert not {h.lower() for h in request.headers} & {"authorization", "cookie", "x-api-key"}
    assert set(request.query) == {"format", "per_page", "page"}
