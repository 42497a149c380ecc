"""The reader's path through real nginx in front of two replicas under /course/lens, in
Chromium: the explainer, a live edit over the socket, the JSON twin, an oEmbed card to a
working embed. Every request stays under the prefix."""

import json
from urllib.parse import quote, urlsplit

import pytest

from tests.browser.conftest import watch
from tests.browser.test_pages_in_chromium import expect_text, wait_for_charts
from tests.deploy.test_behind_nginx import PREFIX, fetch


def test_the_reader_s_path_stays_under_the_prefix(browser, deployment):
    watched = watch(browser, deployment.url, {"width": 1280, "height": 900})
    page = watched.page
    requested: list[str] = []
    sockets: list[str] = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.goto(deployment.url + "/")
    wait_for_charts(page)
    assert page.get_by_test_id("mean-of-gradients").first.inner_text() == "0.2233"
    page.goto(deployment.url + "/scalar")
    wait_for_charts(page)
    page.fill("#input-x", "0, 3")  # the first edit may go by GET while the socket opens
    expect_text(page, "mean-of-gradients", "0.1476")
    page.fill("#input-x", "0, 2")
    expect_text(page, "mean-of-gradients", "0.1775")
    page.wait_for_function("() => location.pathname === '/course/lens/scalar'")
    assert sockets and all(
        s.startswith(f"ws://127.0.0.1:{deployment.port}{PREFIX}/") for s in sockets
    )
    assert [path for path in requested if not path.startswith(PREFIX + "/")] == []
    twin = page.get_attribute("#json-twin", "href")
    page.wait_for_function(  # the head's JSON twin follows the edits too, prefix and all
        "(twin) => document.querySelector('link[rel=alternate][type=\"application/json\"]')"
        ".getAttribute('href') === twin",
        arg=twin,
    )
    status, _, body = fetch(f"http://127.0.0.1:{deployment.port}{twin}")
    assert status == 200 and json.loads(body)["mean_of_gradients"] == pytest.approx(
        0.1775, abs=1e-4
    )
    watched.assert_clean()
    page.context.close()


def test_an_oembed_card_round_trips_to_a_working_embed(browser, deployment):
    page_url = deployment.url + "/model?steps=5"
    status, _, body = fetch(f"{deployment.url}/oembed?url={quote(page_url, safe='')}")
    assert status == 200
    card = json.loads(body)
    src = card["html"].split('src="')[1].split('"')[0].replace("&amp;", "&")
    assert src.startswith(f"{deployment.url}/embed/model?")
    watched = watch(browser, deployment.url, {"width": 720, "height": 900})
    watched.page.goto(src)
    wait_for_charts(watched.page, 3)
    watched.assert_clean()
    watched.page.context.close()
