"""Responses are compressed with Brotli for clients that accept it, else gzip, else not at all;
each encoding is cached apart, and the bytes decode to the very page."""

from __future__ import annotations

import gzip

import brotli
import pytest

from app.middleware.compression import chosen_encoding


@pytest.mark.parametrize(
    ("header", "encoding"),
    [
        ("gzip, deflate, br, zstd", "br"),  # what Chromium sends
        ("br", "br"),
        ("BR;q=0.5, gzip", "br"),
        ("gzip, br;q=0", "gzip"),  # refused
        ("br; q=0.0", ""),
        ("gzip", "gzip"),
        ("identity", ""),
        ("", ""),
        ("br;q=high, gzip", "gzip"),  # a quality that is not a number counts as a refusal
    ],
)
def test_the_encoding_follows_the_accept_encoding_header(header, encoding):
    assert chosen_encoding(header) == encoding


def raw_get(client, url: str, accept: str):
    """The response as sent, its body still encoded (the client decodes nothing)."""
    with client.stream("GET", url, headers={"accept-encoding": accept}) as response:
        return response, b"".join(response.iter_raw())


@pytest.mark.parametrize("url", ["/network?epochs=20", "/static/js/charts.js", "/api/v1/model"])
def test_each_encoding_decodes_to_the_same_bytes_and_brotli_is_smallest(client, url):
    plain, plain_body = raw_get(client, url, "identity")
    zipped, zipped_body = raw_get(client, url, "gzip")
    squeezed, squeezed_body = raw_get(client, url, "gzip, deflate, br")
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert squeezed.headers["content-encoding"] == "br"
    assert "accept-encoding" in squeezed.headers["vary"].lower()
    assert gzip.decompress(zipped_body) == plain_body
    assert brotli.decompress(squeezed_body) == plain_body
    assert len(squeezed_body) < len(zipped_body) < len(plain_body)


def test_a_page_is_a_third_smaller_than_with_gzip(client):
    _, zipped = raw_get(client, "/network", "gzip")
    _, squeezed = raw_get(client, "/network", "br")
    assert len(squeezed) < 0.8 * len(zipped)


def test_the_response_cache_keeps_each_encoding_apart(client):
    url = "/model?learning_rate=0.0123"  # cached after the first request
    for accept, decode in [("br", brotli.decompress), ("gzip", gzip.decompress)] * 2:
        response, body = raw_get(client, url, accept)
        assert response.headers["content-encoding"] == accept
        assert b"0.0123" in decode(body)


def test_small_and_binary_responses_are_left_alone(client):
    response, _ = raw_get(client, "/healthz", "br")
    assert "content-encoding" not in response.headers
    response, body = raw_get(client, "/static/fonts/noto-sans-math.woff2", "br")
    assert "content-encoding" not in response.headers and body[:4] == b"wOF2"
