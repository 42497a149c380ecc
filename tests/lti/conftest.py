"""Fixtures for the LTI tests: the independent platform (tests/lti/platform.py) and the tool,
``python -m app`` on a free port with a database and key of its own, registered with the
platform by dynamic registration; PostgreSQL for the store's tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests

from app.lti.store import Store
from tests.conftest import serving
from tests.lti.platform import Platform, Served
from tests.postgres import running_postgres


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
    with serving(**environment) as url:
        yield RunningTool(url, Store(environment["LTI_DATABASE_URL"]), data_dir)


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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with running_postgres() as url:
        yield url
