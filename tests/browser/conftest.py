"""Browser fixtures: the real app (``python -m app``, uvicorn) on a free port, Debian's Chromium.

Under CI=true a missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watched:
    """A page plus everything worth asserting about it afterwards."""

    page: object
    origin: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.foreign_requests == []


def watch(browser, server_url: str, viewport: dict, **options) -> Watched:
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    watched = Watched(page=page, origin=server_url)
    page.on("console", lambda m: m.type == "error" and watched.console_errors.append(m.text))
    page.on("pageerror", lambda e: watched.console_errors.append(str(e)))

    def record(request) -> None:
        parsed = urlparse(request.url)
        is_network = parsed.scheme in ("http", "https", "ws", "wss")
        if is_network and parsed.netloc != urlparse(server_url).netloc:
            watched.foreign_requests.append(request.url)

    page.on("request", record)
    return watched


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def viewport(request) -> dict:
    return request.param


@pytest.fixture
def open_page(browser, server_url):
    """open_page(path, viewport) -> Watched, with the page loaded and its charts drawn."""
    contexts = []

    def opener(path: str, viewport: dict = DESKTOP, **options) -> Watched:
        watched = watch(browser, server_url, viewport, **options)
        contexts.append(watched.page.context)
        watched.page.goto(server_url + path)
        return watched

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture
def other_site(tmp_path):
    """A second web server on another port: a course site that embeds Gradient Lens.

    ``other_site(html)`` writes the page and returns its URL.
    """
    import functools
    import http.server
    import threading

    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def publish(html: str, name: str = "index.html") -> str:
        (tmp_path / name).write_text(html)
        return f"http://127.0.0.1:{server.server_address[1]}/{name}"

    yield publish
    server.shutdown()
    server.server_close()


class QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass
