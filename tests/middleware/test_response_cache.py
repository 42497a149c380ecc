"""The response cache: repeats are served from memory, keyed by URL, host and encoding."""

import pytest

from app.middleware import response_cache
from app.middleware.response_cache import ResponseCacheMiddleware


def cache_of(client) -> ResponseCacheMiddleware:
    layer = client.app.middleware_stack
    while not isinstance(layer, ResponseCacheMiddleware):
        layer = layer.app
    return layer


def test_repeats_are_hits_with_identical_bytes(client):
    cache = cache_of(client)
    url = "/api/v1/scalar?f=softplus(3x)&x=0.25,1.5"
    first = client.get(url)
    hits = cache.hits
    second = client.get(url)
    assert cache.hits == hits + 1
    assert second.content == first.content
    assert second.headers["x-request-id"] != first.headers["x-request-id"]  # still per request


def test_host_and_encoding_are_part_of_the_key(client):
    cache = cache_of(client)
    url = "/scalar?f=sin(x)&x=1,2"
    client.get(url, headers={"host": "one.example"})
    misses = cache.misses
    other_host = client.get(url, headers={"host": "two.example"})
    assert cache.misses == misses + 1
    assert "http://two.example/scalar?f=sin" in other_host.text
    client.get(url, headers={"host": "two.example", "accept-encoding": "identity"})
    assert cache.misses == misses + 2


@pytest.mark.parametrize(
    "request_args",
    [
        ("POST", "/api/v1/scalar", {"json": {"f": "x", "x": [1]}}),
        ("GET", "/api/v1/scalar?f=x)", {}),
        ("GET", "/healthz", {}),
    ],
)
def test_posts_errors_and_health_are_not_stored(client, request_args):
    cache = cache_of(client)
    method, url, kwargs = request_args
    before = len(cache.entries)
    client.request(method, url, **kwargs)
    client.request(method, url, **kwargs)
    assert len(cache.entries) == before


def test_eviction_keeps_the_cache_bounded(monkeypatch):
    monkeypatch.setattr(response_cache, "MAX_ENTRIES", 3)
    cache = ResponseCacheMiddleware(app=None)
    start = {"type": "http.response.start", "status": 200, "headers": []}
    for i in range(5):
        cache.store(("h", f"/api/v1/{i}", b"", True), start, b"x" * 10)
    assert [key[1] for key in cache.entries] == ["/api/v1/2", "/api/v1/3", "/api/v1/4"]
    assert cache.total_bytes == 30
