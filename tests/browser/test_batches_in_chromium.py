"""The batches explorer in real Chromium: both charts, live edits, presets, phone width."""

import json
import urllib.request

from scripts.screenshot import PHONE
from tests.browser.test_pages_in_chromium import expect_text, no_horizontal_scroll, wait_for_charts


def twin(server_url: str, query: str) -> dict:
    with urllib.request.urlopen(f"{server_url}/api/v1/batches?{query}", timeout=10) as response:
        return json.load(response)


def test_batches_page_draws_both_charts_cleanly(open_page, viewport):
    watched = open_page("/batches", viewport)
    page = watched.page
    wait_for_charts(page, 2)
    assert page.locator("#chart-cloud .scatterlayer .point").count() > 28  # every batch of 2
    assert page.locator(".sweep-table tbody tr").count() == 4
    assert no_horizontal_scroll(page)
    watched.assert_clean()


def test_a_new_batch_size_updates_numbers_words_and_charts(open_page, server_url):
    watched = open_page("/batches")
    page = watched.page
    wait_for_charts(page, 2)
    expected = twin(server_url, "batch_size=4")["chosen"]["variants"]
    page.fill("#input-batch_size", "4")
    expect_text(page, "correct-spread", f"± {expected['mean_of_gradients']['spread']:.4f}")
    expect_text(page, "shortcut-bias", f"{expected['mean_error_backprop']['bias']:.4f}")
    page.get_by_text("A batch sees 4 of the 8 examples").wait_for()
    page.wait_for_function("() => location.search.includes('batch_size=4')")
    watched.assert_clean()


def test_the_sampled_preset_and_a_limit_error(open_page, server_url):
    watched = open_page("/batches", PHONE)
    page = watched.page
    wait_for_charts(page, 2)
    page.click("a.preset:text('Noisy line')")
    page.get_by_text("over all 200 examples").wait_for(timeout=15_000)
    assert page.input_value("#input-batches") == "300"
    page.fill("#input-batches", "all")
    page.locator("#error-batches").get_by_text("at most 16 examples").wait_for()
    assert no_horizontal_scroll(page)
    watched.assert_clean()
