"""Through real nginx, two replicas round-robin under /course/lens: a replica stopped under load,
the limits on overlong requests, forwarded headers (the reader's path in Chromium through the
same setup: tests/browser/test_behind_nginx_in_chromium.py)."""

import http.client
import json
import threading
from urllib.parse import urlsplit

import pytest

from scripts.load_test import Results, run_load
from scripts.proxy import Deployment
from tests.conftest import nginx_or_skip, serving

PREFIX = "/course/lens"


def fetch(url: str) -> tuple[int, str, str]:
    """Status, content type and body; a server that refuses a request may cut the body off."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path)
        response = connection.getresponse()
        try:
            body = response.read().decode()
        except ConnectionResetError:
            body = ""
        return response.status, response.headers.get("content-type", ""), body
    finally:
        connection.close()


def test_a_replica_stopped_under_load_costs_no_request():
    nginx_or_skip()
    with Deployment(replicas=2, prefix=PREFIX) as fresh:
        run_load(fresh.url, connections=4, seconds=1)  # warm both replicas' caches
        results = Results()
        answered_by_then = []

        def kill() -> None:
            answered_by_then.append(results.answered())
            fresh.kill_replica()  # SIGTERM, then it waits until the replica has exited

        killer = threading.Timer(1.5, kill)
        killer.start()
        run_load(fresh.url, connections=8, seconds=4, results=results)
        killer.join()
        assert fresh.apps[0].poll() is not None  # it really died mid-run
    assert results.errors == []
    # Requests went on being answered while the replica stopped and after (a count, not a
    # rate: a loaded CI machine answers fewer in the time).
    assert results.answered() > answered_by_then[0] > 0


@pytest.mark.parametrize("how", ["direct", "nginx"])
def test_overlong_query_strings_get_the_documented_answers(server_url, deployment, how):
    base = server_url if how == "direct" else deployment.url
    status, kind, body = fetch(f"{base}/api/v1/scalar?f={'x' * 200_000}")
    assert (status, kind) == (414, "application/json")
    assert json.loads(body) == {"detail": "the query string is longer than 98304 bytes"}
    status, kind, _ = fetch(f"{base}/model?x={'1,' * 40_000}")  # a long but legitimate page
    assert status == 200
    status, _, _ = fetch(f"{base}/api/v1/scalar?f={'x' * 3_000_000}")
    assert status == (400 if how == "direct" else 414)  # the server's own refusal, past 1 MiB


@pytest.mark.parametrize(("allowed", "scheme"), [("127.0.0.1", "https"), ("10.9.9.9", "http")])
def test_forwarded_headers_count_only_from_the_configured_proxies(allowed, scheme):
    with serving(FORWARDED_ALLOW_IPS=allowed) as url:
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            headers = {"X-Forwarded-Proto": "https", "Host": "tools.example.edu"}
            page = "http%3A%2F%2Ftools.example.edu%2Fscalar"  # a page of the host asked
            connection.request("GET", f"/oembed?url={page}", headers=headers)
            card = json.loads(connection.getresponse().read())
        finally:
            connection.close()
    assert card["provider_url"] == f"{scheme}://tools.example.edu/"
