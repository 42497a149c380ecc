"""Shared fixtures: an in-process client, and the real app served by uvicorn on a free port."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import app
from scripts.serving import free_port, start_app

__all__ = ["free_port"]  # tests that start servers of their own take a port from here

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def client() -> TestClient:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    process, url = start_app()
    yield url
    process.terminate()
    process.wait(timeout=10)
