"""Embedding across origins, the copy buttons and oEmbed discovery, in real Chromium."""

import json

import pytest

from app.web.explorers.registry import EXPLORERS
from app.web.sharing.links import ONE_CHART_EMBED_HEIGHT
from tests.browser.conftest import DESKTOP, watch
from tests.browser.test_pages_in_chromium import wait_for_charts


def frame_with(page, fragment: str):
    return next(frame for frame in page.frames if fragment in frame.url)


def refusals(messages: list[str]) -> list[str]:
    return [m for m in messages if "frame-ancestors" in m or "Refused" in m]


def test_course_site_can_frame_embeds_but_not_pages(browser, server_url, other_site):
    host = other_site(
        f'<!doctype html><title>Course</title><link rel="icon" href="data:,">'
        f'<iframe id="embed" src="{server_url}/embed/scalar?f=tanh(x)&x=-1,2" width="600"'
        f' height="460"></iframe>'
        f'<iframe id="page" src="{server_url}/scalar" width="600" height="300"></iframe>'
    )
    watched = watch(browser, server_url, DESKTOP)
    page = watched.page
    page.goto(host)
    embed = frame_with(page, "/embed/scalar")
    embed.wait_for_function("() => document.querySelectorAll('.static-chart').length >= 2")
    assert "mean of the gradients" in embed.locator("#embed-caption").inner_text()
    if not refusals(watched.console_errors):  # Chromium says so once the page's frame is refused
        page.wait_for_event("console", lambda message: refusals([message.text]), timeout=10_000)
    assert refusals(watched.console_errors), watched.console_errors
    blocked = page.frame_locator("#page").locator("#scalar-form")
    assert blocked.count() == 0
    page.context.close()


def test_embed_with_controls_updates_inside_the_iframe(browser, server_url, other_site):
    host = other_site(
        f'<!doctype html><title>Course</title><link rel="icon" href="data:,">'
        f'<iframe src="{server_url}/embed/scalar?controls=1&chart=derivative&theme=dark"'
        ' width="700" height="600"></iframe>'
    )
    watched = watch(browser, server_url, DESKTOP)
    page = watched.page
    page.goto(host)
    embed = frame_with(page, "/embed/scalar")
    embed.wait_for_function("() => document.querySelectorAll('.static-chart').length >= 1")
    embed.fill("#input-f", "x^3")
    embed.fill("#input-x", "1, 2, 4")
    embed.wait_for_function(
        "() => document.getElementById('embed-caption').textContent.includes('21.0000')"
    )
    assert embed.locator(".static-chart").count() == 1  # the new drawing, for the iframe's width
    assert embed.locator(".static-wide").count() == 1
    box = embed.locator("#chart-derivative").bounding_box()  # the reader points at it
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=3)
    embed.wait_for_function("() => document.querySelectorAll('.main-svg').length >= 1")
    x = embed.evaluate("() => document.getElementById('chart-derivative').data[2].x")
    assert x == [1, 2, 4]  # Plotly shows the edited figure, in the embed's dark theme
    dark = "() => document.getElementById('chart-derivative')._fullLayout.plot_bgcolor"
    assert embed.evaluate(dark) == "#1b2229"
    assert "/embed/scalar" in embed.url  # the embed keeps its own address
    page.context.close()


def test_copy_buttons_put_the_link_and_snippet_on_the_clipboard(browser, server_url):
    watched = watch(browser, server_url, DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page = watched.page
    page.goto(f"{server_url}/scalar?f=x^2&x=1,2")
    wait_for_charts(page)
    page.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"{server_url}/scalar?f=x%5E2&x=1%2C2"
    )
    page.locator("#share").get_by_role("button", name="Copy embed code").click()
    snippet = page.evaluate("navigator.clipboard.readText()")
    assert snippet.startswith(f'<iframe src="{server_url}/embed/scalar?f=x%5E2&amp;x=1%2C2"')
    assert 'loading="lazy"' in snippet and 'width="100%"' in snippet and "title=" in snippet
    page.locator("#chart-derivative-actions").get_by_role("button", name="Copy iframe").click()
    assert "chart=derivative" in page.evaluate("navigator.clipboard.readText()")
    page.locator("#chart-derivative-actions").get_by_role("button", name="Copy Markdown").click()
    markdown = page.evaluate("navigator.clipboard.readText()")
    assert markdown.startswith("![Chart of f′(x)")
    assert markdown.endswith(f"]({server_url}/chart/scalar/derivative.png?f=x%5E2&x=1%2C2)")
    page.fill("#input-f", "x^3")  # the snippets follow live updates
    page.wait_for_function("() => document.getElementById('share-link').value.includes('x%5E3')")
    watched.assert_clean()
    page.context.close()


def test_oembed_discovery_round_trip(browser, server_url, other_site):
    watched = watch(browser, server_url, DESKTOP)
    page = watched.page
    page.goto(f"{server_url}/model")
    href = page.get_attribute('link[type="application/json+oembed"]', "href")
    answer = json.loads(page.evaluate("(url) => fetch(url).then(r => r.text())", href))
    assert answer["type"] == "rich"
    host = other_site(
        '<!doctype html><title>Blog</title><link rel="icon" href="data:,">' + answer["html"],
        "post.html",
    )
    page.goto(host)
    embedded = page.frame_locator("iframe")  # loading="lazy": it arrives after the page loads
    embedded.locator("#chart-landscape .static-chart").first.wait_for(timeout=20_000)
    assert embedded.locator(".chart-plot .static-wide").count() == 3
    page.context.close()


def test_toolbar_downloads_png_and_svg_with_names_and_legend(browser, server_url):
    watched = watch(browser, server_url, DESKTOP, accept_downloads=True)
    page = watched.page
    page.goto(f"{server_url}/scalar")
    wait_for_charts(page)
    chart = page.locator("#chart-derivative")
    chart.hover()
    with page.expect_download() as png:
        chart.locator('[data-title="Download as PNG"]').click()
    assert png.value.suggested_filename == "gradient-lens-scalar-derivative.png"
    with page.expect_download() as svg:
        chart.locator('[data-title="Download as SVG"]').click()
    assert svg.value.suggested_filename == "gradient-lens-scalar-derivative.svg"
    with open(svg.value.path()) as saved:
        image = saved.read()
    assert image.startswith("<svg")
    assert "mean of the gradients = 0.2233" in image  # no HTML around it: Plotly's legend is on
    watched.assert_clean()
    page.context.close()


@pytest.mark.parametrize("kind", ["scalar", "model", "network", "batches"])
def test_recommended_iframe_height_fits_and_short_iframes_scroll(browser, server_url, kind):
    height = EXPLORERS[kind].embed_height
    watched = watch(browser, server_url, {"width": 720, "height": height})
    page = watched.page
    page.goto(f"{server_url}/embed/{kind}")
    wait_for_charts(page, count=len(EXPLORERS[kind].charts))
    assert page.evaluate("document.documentElement.scrollHeight") <= height + 2
    page.set_viewport_size({"width": 720, "height": 400})  # too short: scroll, never overlap
    page.wait_for_function("() => window.innerHeight === 400")
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.chart')].map(c => c.getBoundingClientRect())"
        ".map(r => [r.left, r.top, r.right, r.bottom])"
    )
    for index, (left, top, right, bottom) in enumerate(boxes):
        for other_left, other_top, other_right, other_bottom in boxes[index + 1 :]:
            apart = right <= other_left or other_right <= left
            assert apart or bottom <= other_top or other_bottom <= top
    watched.assert_clean()
    page.context.close()


@pytest.mark.parametrize(
    ("kind", "chart"),
    [(kind, name) for kind, explorer in EXPLORERS.items() for name, _ in explorer.charts],
)
def test_one_chart_fits_the_recommended_iframe(browser, server_url, kind, chart):
    watched = watch(browser, server_url, {"width": 720, "height": ONE_CHART_EMBED_HEIGHT})
    page = watched.page
    page.goto(f"{server_url}/embed/{kind}?chart={chart}")
    wait_for_charts(page, count=1)
    assert page.evaluate("document.documentElement.scrollHeight") <= ONE_CHART_EMBED_HEIGHT + 2
    legend = page.locator(".chart-legend").bounding_box()
    assert legend is None or legend["y"] + legend["height"] <= ONE_CHART_EMBED_HEIGHT
    watched.assert_clean()
    page.context.close()
