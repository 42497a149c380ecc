"""Served under a path prefix (ROOT_PATH, as behind a university's proxy): every link, asset,
form, live feed, JSON twin, permalink, snippet and oEmbed answer carries the prefix."""

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from app.main import app

PREFIX = "/course/lens"
PAGES = [
    "/",
    "/scalar",
    "/model?steps=5",
    "/network?epochs=3",
    "/batches",
    "/embed/model?controls=1&steps=5",
    "/embed/scalar?chart=derivative",
    "/api/docs",
]
LINK = re.compile(r'(?:href|src|action|data-live|data-plotly|data-openapi-url)="([^"]*)"')


@pytest.fixture(scope="module")
def prefixed() -> TestClient:
    with TestClient(app, root_path=PREFIX) as client:
        yield client


@pytest.mark.parametrize("path", PAGES)
def test_every_link_of_a_page_carries_the_prefix(prefixed, path):
    response = prefixed.get(PREFIX + path)
    assert response.status_code == 200
    links = [unescape(link) for link in LINK.findall(response.text)]
    assert links
    local = [link for link in links if link.startswith("/")]
    assert local, "no local links at all?"
    assert [link for link in local if not link.startswith(PREFIX + "/")] == []
    absolute = [link for link in links if link.startswith("http://testserver")]
    assert [link for link in absolute if not link.startswith(f"http://testserver{PREFIX}/")] == []


def test_the_nav_marks_the_page_under_the_prefix(prefixed):
    html = prefixed.get(PREFIX + "/model").text
    assert f'<a href="{PREFIX}/model" aria-current="page">Models</a>' in html


def test_live_answers_carry_the_prefix(prefixed):
    answer = prefixed.get(PREFIX + "/model/live?steps=5").json()
    assert answer["permalink"].startswith(PREFIX + "/model?")
    assert answer["json_twin"].startswith(PREFIX + "/api/v1/model?")
    share = answer["panels"]["share"]
    outside = [
        link
        for link in LINK.findall(share)
        if not link.startswith((PREFIX, f"http://testserver{PREFIX}/"))  # image links: absolute
    ]
    assert outside == []
    assert f"http://testserver{PREFIX}/embed/model?" in unescape(share)
    with prefixed.websocket_connect(PREFIX + "/scalar/live") as socket:
        socket.send_text("f=x&x=1")
        assert socket.receive_json()["permalink"] == f"{PREFIX}/scalar?f=x&x=1"


def test_oembed_reads_and_writes_prefixed_addresses(prefixed):
    card = prefixed.get(
        PREFIX + "/oembed", params={"url": f"http://testserver{PREFIX}/model?steps=5"}
    ).json()
    assert f'src="http://testserver{PREFIX}/embed/model?steps=5"' in card["html"]
    assert card["provider_url"] == f"http://testserver{PREFIX}/"
    headline = prefixed.get(PREFIX + "/oembed", params={"url": f"http://testserver{PREFIX}/"})
    assert headline.status_code == 200


def test_without_a_prefix_nothing_changes(client):
    html = client.get("/model?steps=5").text
    assert 'action="/model"' in html and 'data-live="/model/live"' in html


def test_path_rules_apply_under_the_prefix(prefixed):
    api = prefixed.get(PREFIX + "/api/v1/scalar", headers={"Origin": "https://course.example"})
    assert api.headers["access-control-allow-origin"] == "*"
    embed = prefixed.get(PREFIX + "/embed/scalar")
    assert "frame-ancestors *" in embed.headers["content-security-policy"]
    page = prefixed.get(PREFIX + "/scalar")
    assert "frame-ancestors 'self'" in page.headers["content-security-policy"]
    again = prefixed.get(PREFIX + "/api/v1/scalar?f=x&x=3")
    assert prefixed.get(PREFIX + "/api/v1/scalar?f=x&x=3").headers["etag"] == again.headers["etag"]
