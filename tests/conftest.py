"""Shared fixtures: an in-process client, the real app served by uvicorn on a free port, and
real nginx in front of real uvicorn replicas (scripts/proxy.py). Under CI=true a missing nginx
is a failure, never a skip: scripts/test installs Debian's package."""

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from app.main import app
from scripts.proxy import Deployment
from scripts.serving import free_port, start_app

__all__ = ["free_port", "serving"]  # for tests that start servers of their own

ROOT = Path(__file__).resolve().parents[1]

# Every run the same: Hypothesis draws its examples from a fixed seed derived from each test
# (derandomize), keeps no local database, and nothing depends on the clock (no deadline, no
# too-slow health check: a loaded CI machine must not fail a test). ``HYPOTHESIS_PROFILE=explore``
# draws new examples each run, for looking for trouble on purpose; the API's own exploration is
# ``python -m scripts.explore_api``.
settings.register_profile(
    "repeatable",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# What "it did not hang" allows a computation that takes milliseconds alone: tests check
# behaviour, not speed (bench/ does), and a loaded two-core CI machine is ten times slower at
# times. A hang, or work growing without a limit, still takes longer.
HANG_SECONDS = 10.0


@pytest.fixture(scope="session")
def client() -> TestClient:
    with TestClient(app) as test_client:
        yield test_client


@contextlib.contextmanager
def serving(**environment: str) -> Iterator[str]:
    """The real app (``python -m app``) with these settings for the block; its address."""
    process, url = start_app(**environment)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    with serving() as url:
        yield url


def nginx_or_skip() -> None:
    if shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("nginx is missing; CI must install Debian's nginx")
    pytest.skip("Debian's nginx is not installed (apt-get install nginx)")


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    """Two replicas round-robin behind nginx under /course/lens."""
    nginx_or_skip()
    with Deployment(replicas=2, prefix="/course/lens") as running:
        yield running


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Debian's PostgreSQL on a temporary folder and a free port, once per session (LTI store)."""
    from tests.postgres import running_postgres

    with running_postgres() as url:
        yield url
