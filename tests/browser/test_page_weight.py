"""What a reader downloads: a light first visit, Plotly.js and the figures only on interaction,
and from then on nothing but a revalidated page (measured as ``python -m bench.page_weight``)."""

import pytest

from bench.page_weight import PAGES, measure
from tests.browser.conftest import PHONE

FIRST_VISIT_BUDGET = 150_000  # bytes over the wire, compressed, before any interaction


@pytest.mark.parametrize("path", PAGES)
def test_assets_come_once_and_are_never_asked_for_again(browser, server_url, path):
    context = browser.new_context(viewport=PHONE)
    try:
        first, interaction, revisit, reload = measure(context.new_page(), server_url + path)
    finally:
        context.close()
    assert 0 < first.bytes <= FIRST_VISIT_BUDGET
    assert interaction.responses == 2  # Plotly.js and the page's figures, compressed
    assert 400_000 < interaction.bytes < 550_000  # the cartesian bundle, 444 kB in Brotli
    assert (revisit.responses, revisit.bytes) == (0, 0)  # all from the browser's cache
    assert reload.responses == 1 and reload.bytes < 2_000  # the page's 304, nothing else


def test_chromium_gets_pages_and_scripts_in_brotli(browser, server_url):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        encodings = {}
        page.on(
            "response", lambda r: encodings.setdefault(r.url, r.headers.get("content-encoding"))
        )
        document = page.goto(server_url + "/network")
        page.wait_for_load_state("load")
    finally:
        context.close()
    assert document.headers["content-encoding"] == "br"  # a third smaller than gzip
    scripts = [url for url in encodings if url.endswith(".js") or ".js?" in url]
    assert scripts and all(encodings[url] == "br" for url in scripts)
