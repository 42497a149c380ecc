"""Fixtures for the LTI tests: the independent platform (tests/lti/platform.py) and the tool,
``python -m app`` on a free port with a database and key of its own, registered with the
platform by dynamic registration (PostgreSQL's fixture is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
from fastapi.testclient import TestClient

from app.lti import tool as lti_tool
from app.lti.store import Store
from app.lti.tool import current_tool, use
from app.main import app
from tests.conftest import serving
from tests.lti.platform import Platform, Served


@dataclass
class RunningTool:
    url: str
    store: Store
    data_dir: Path
    registration_page: requests.Response | None = None


@pytest.fixture(scope="module")
def platform() -> Iterator[Platform]:
    with Served() as running:
        yield running


def tool_environment(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    return {
        "LTI_DATA_DIR": str(data_dir),
        "LTI_DATABASE_URL": database_url or f"sqlite:///{data_dir / 'lti.sqlite3'}",
    }


@pytest.fixture(scope="module")
def tool(tmp_path_factory) -> Iterator[RunningTool]:
    data_dir = tmp_path_factory.mktemp("lti-tool")
    environment = tool_environment(data_dir)
    store = Store(environment["LTI_DATABASE_URL"])
    with serving(**environment) as url:
        yield RunningTool(url, store, data_dir)
    store.close()


def register(platform: Platform, tool_url: str) -> requests.Response:
    """What the platform's administrator's browser does: open the tool's registration URL
    with the platform's OpenID configuration and a fresh registration token."""
    query = urlencode(
        {
            "openid_configuration": f"{platform.url}/.well-known/openid-configuration",
            "registration_token": platform.new_registration_token(),
        }
    )
    return requests.get(f"{tool_url}/lti/register?{query}", timeout=30)


@pytest.fixture(scope="module")
def registered(platform, tool) -> RunningTool:
    answer = register(platform, tool.url)
    assert answer.status_code == 200, answer.text
    tool.registration_page = answer
    return tool


@pytest.fixture
def lti_client(tmp_path, monkeypatch) -> Iterator[TestClient]:
    """The app in-process, its LTI tool made afresh from settings pointing into ``tmp_path``
    (set more with monkeypatch before the first LTI request)."""
    for name in (
        "LTI_PRIVATE_KEY",
        "LTI_PRIVATE_KEY_FILE",
        "LTI_PREVIOUS_KEYS_FILE",
        "ENVIRONMENT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LTI_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("LTI_DATABASE_URL", raising=False)
    use(None)
    yield TestClient(app)
    if current_tool_made():
        current_tool().store.close()
    use(None)


def current_tool_made() -> bool:
    return lti_tool._tool is not None
