"""The network explorer in real Chromium."""

from tests.browser.test_pages_in_chromium import no_horizontal_scroll, wait_for_charts


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
