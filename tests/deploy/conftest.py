"""Real nginx in front of real uvicorn replicas (scripts/proxy.py). Under CI=true a missing
nginx is a failure, never a skip: scripts/test installs Debian's package."""

from __future__ import annotations

import os
import shutil

import pytest

from scripts.proxy import Deployment
from tests.browser.conftest import browser  # noqa: F401 - the browser tests here use it


def nginx_or_skip() -> None:
    if shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("nginx is missing; CI must install Debian's nginx")
    pytest.skip("Debian's nginx is not installed (apt-get install nginx)")


@pytest.fixture(scope="module")
def deployment():
    nginx_or_skip()
    with Deployment(replicas=2, prefix="/course/lens") as running:
        yield running
