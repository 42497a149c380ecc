"""The network explorer in real Chromium."""

from tests.browser.conftest import PHONE
from tests.browser.test_pages_in_chromium import (
    no_horizontal_scroll,
    point_at,
    wait_for_charts,
)


def test_network_page_draws_cleanly(open_page, viewport):
    watched = open_page("/network?epochs=30", viewport)
    page = watched.page
    wait_for_charts(page, 4)
    assert page.locator("#chart-boundaries .heatmaplayer").count() >= 1
    assert no_horizontal_scroll(page)
    watched.assert_clean()


def test_changing_the_activation_retrains(open_page):
    watched = open_page("/network?epochs=20&dataset=moons")
    page = watched.page
    wait_for_charts(page, 4)
    page.select_option("#input-activation", "identity")
    page.get_by_test_id("identity-note").wait_for(timeout=15_000)
    page.wait_for_function("() => location.search.includes('activation=identity')")
    watched.assert_clean()


def test_only_the_chart_under_the_pointer_gets_plotly(open_page):
    watched = open_page("/network?epochs=30", PHONE)
    page = watched.page
    point_at(page, page.locator("#chart-loss"))  # a finger or mouse on the loss chart only
    page.wait_for_function("() => document.querySelector('#chart-loss .main-svg') !== null")
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.chart-plot')]"
        ".filter(c => c.querySelector('.main-svg')).map(c => c.id)"
    )
    assert drawn == ["chart-loss"]  # the others stay the server's drawings
    assert page.locator("#chart-layers .static-chart").count() == 2
    watched.assert_clean()


def test_on_a_phone_each_layer_is_a_card_with_every_column_in_view(open_page):
    watched = open_page("/network?epochs=5", PHONE)
    page = watched.page
    table = page.locator(".layers-table")
    scroller = page.locator(".layers-table").locator("xpath=..")
    assert scroller.evaluate("s => s.scrollWidth <= s.clientWidth")  # nothing hides sideways
    cell = page.get_by_test_id("mean_error_backprop-2-layer1-weights")
    box, view = cell.bounding_box(), PHONE["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= view  # a shortcut's column, in view
    label = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert "averaged error" in label
    assert table.get_attribute("role") == "table"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    watched.assert_clean()
