"""Dark mode on every page (system setting and the remembered toggle), and chart images on
another site, in real Chromium."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from scripts.screenshot import PHONE
from tests.browser.test_pages_in_chromium import wait_for_charts

DARK_PAPER = "rgb(18, 24, 29)"  # --paper in the dark scheme
LIGHT_PAPER = "rgb(251, 252, 253)"
DARK_PLOT = "#1b2229"


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def plot_backgrounds(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('.chart-plot.js-plotly-plot')]"
        ".map(gd => gd._fullLayout.plot_bgcolor)"
    )


@pytest.mark.parametrize(
    ("path", "charts"),
    [("/", 2), ("/scalar", 2), ("/model", 3), ("/network?epochs=10", 4), ("/batches", 2)],
)
def test_a_dark_system_gets_dark_pages_and_dark_charts(open_page, path, charts):
    watched = open_page(path, color_scheme="dark")
    page = watched.page
    assert background(page) == DARK_PAPER
    fills = page.evaluate(
        "[...document.querySelectorAll('.static-chart .plot-bg')]"
        ".map(r => getComputedStyle(r).fill)"
    )
    assert fills and set(fills) == {"rgb(27, 34, 41)"}  # the server's SVG follows the page
    wait_for_charts(page, charts)
    assert set(plot_backgrounds(page)) == {DARK_PLOT}  # and so does Plotly
    watched.assert_clean()  # the inline theme script runs under the CSP: no violation


def test_the_toggle_switches_charts_and_is_remembered(open_page, server_url):
    watched = open_page("/scalar")
    page = watched.page
    toggle = page.get_by_role("button", name="Dark mode")
    assert toggle.get_attribute("aria-pressed") == "false"
    assert background(page) == LIGHT_PAPER
    wait_for_charts(page)
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert background(page) == DARK_PAPER
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart-plot.js-plotly-plot')]"
        f".every(gd => gd._fullLayout.plot_bgcolor === '{DARK_PLOT}')"
    )
    page.goto(server_url + "/model")  # another page, same reader
    assert page.evaluate("document.documentElement.classList.contains('theme-dark')")
    assert background(page) == DARK_PAPER
    page.get_by_role("button", name="Dark mode").click()
    page.reload()
    assert background(page) == LIGHT_PAPER
    watched.assert_clean()


def test_a_light_choice_wins_over_a_dark_system(open_page, server_url):
    page = open_page("/", color_scheme="dark").page
    page.get_by_role("button", name="Dark mode").click()
    page.goto(server_url + "/batches")
    assert background(page) == LIGHT_PAPER


@pytest.mark.parametrize(
    ("path", "charts"), [("/", 2), ("/model", 3), ("/network?epochs=10", 4), ("/api/docs", 0)]
)
def test_no_axe_violations_in_the_dark(open_page, path, charts):
    page = open_page(path, PHONE, color_scheme="dark").page
    if charts:
        wait_for_charts(page, charts)
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def test_the_img_snippet_shows_the_chart_on_another_site_at_two_times(
    open_page, other_site, browser
):
    page = open_page("/scalar?f=tanh(x)&x=-1,2").page
    snippet = page.locator("#img-derivative").input_value()  # as the reader copies it
    markdown = page.locator("#markdown-derivative").input_value()
    assert markdown.startswith("![Chart of f′(x)") and "/chart/scalar/derivative.png?" in markdown
    assert snippet.isascii()  # so a course page that names no character set shows it right
    course = other_site(f"<!doctype html><title>Notes</title><p>{snippet}</p>")  # no charset
    context = browser.new_context(viewport={"width": 800, "height": 900}, device_scale_factor=2)
    try:
        reader = context.new_page()
        reader.goto(course)
        reader.wait_for_function(
            "() => document.images[0].complete && document.images[0].naturalWidth > 0"
        )
        image = reader.evaluate(
            "({w: document.images[0].naturalWidth, src: document.images[0].currentSrc,"
            " alt: document.images[0].alt, shown: document.images[0].width})"
        )
    finally:
        context.close()
    assert image["src"].endswith("&scale=2")  # a 2× screen takes the 2× PNG
    assert image["w"] == 800  # 1600 pixels at 2× are 800 CSS pixels
    assert image["shown"] <= 800  # max-width: 100% in a narrower column
    assert image["alt"].startswith("Chart of f′(x) with the gradient at each of the 2 points")


def test_a_live_edit_updates_the_image_links(open_page):
    page = open_page("/scalar").page
    wait_for_charts(page)
    page.fill("#input-f", "x^3")
    page.wait_for_function(
        "() => document.querySelector('#chart-derivative-actions a').href.includes('f=x%5E3')"
    )
    markdown = page.locator("#markdown-derivative").input_value()
    assert "f=x%5E3" in markdown


def test_formulas_get_the_bundled_math_font_and_pages_without_formulas_do_not(open_page):
    watched = open_page("/model")
    page = watched.page
    page.wait_for_function(
        "() => [...document.fonts].some(f => f.family.includes('Gradient Lens Math')"
        " && f.status === 'loaded')"
    )
    family = page.evaluate("getComputedStyle(document.querySelector('math')).fontFamily")
    assert family.startswith('"Gradient Lens Math"')
    fonts = []
    docs = open_page("/api/docs").page  # no formulas: no font
    docs.on(
        "request", lambda request: fonts.append(request.url) if ".woff2" in request.url else None
    )
    docs.reload()
    docs.wait_for_load_state("networkidle")
    assert fonts == []
    watched.assert_clean()
