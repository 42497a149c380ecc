"""axe-core finds nothing on any page or embed; keyboard focus is visible; hostile text in any
field is shown as text, never run."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_pages_in_chromium import wait_for_charts

PAGES = [
    ("/", 2),
    ("/scalar", 2),
    ("/scalar?f=sigmoid(x))&x=0,1", 0),
    ("/model", 3),
    ("/network?epochs=10", 4),
    ("/batches", 2),
    ("/embed/scalar", 2),
    ("/embed/model?theme=dark&controls=1", 3),
    ("/embed/network?epochs=5&chart=boundaries", 1),
    ("/api/docs", 0),
]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize(("path", "charts"), PAGES)
def test_no_axe_violations(open_page, viewport, axe, path, charts):
    watched = open_page(path, viewport)
    if charts:
        wait_for_charts(watched.page, charts)
    violations = axe.run(watched.page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def test_keyboard_focus_is_visible(open_page):
    page = open_page("/scalar").page
    wait_for_charts(page)
    page.focus("#input-f")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "input-x"
    assert outline != "none"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Point 1"


PAYLOADS = [
    '"><script>window.__xss = 1</script>',
    '\'><img src=x onerror="window.__xss = 2">',
    '</textarea><svg onload="window.__xss = 3">',
]
FIELDS = {
    "/scalar": ["f", "x"],
    "/model": ["model", "loss", "params", "x", "y", "learning_rate", "steps", "plot"],
    "/network": [
        "dataset",
        "points",
        "hidden",
        "activation",
        "loss",
        "seed",
        "batch_size",
        "learning_rate",
        "epochs",
    ],
    "/batches": ["model", "loss", "params", "x", "y", "batch_size", "batches", "seed", "plot"],
    "/embed/scalar": ["f", "x", "theme", "chart"],
}


@pytest.mark.parametrize("path", list(FIELDS))
@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_every_field_never_runs(open_page, path, payload):
    """Every field carries the payload at once: each is echoed back into the form."""
    from urllib.parse import urlencode

    watched = open_page(
        f"{path}?{urlencode({field: payload for field in FIELDS[path]})}&controls=1"
    )
    page = watched.page
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src=x], svg[onload]").count() == 0
    first = FIELDS[path][0]
    if page.locator(f"#input-{first}").count() and first != "dataset":
        assert page.input_value(f"#input-{first}") == payload


def test_hostile_text_typed_live_never_runs(open_page):
    watched = open_page("/scalar")
    page = watched.page
    wait_for_charts(page)
    for payload in PAYLOADS:
        page.fill("#input-f", payload)
        # Wait for this payload's own error (the previous one says "unexpected character" too).
        page.wait_for_function(
            "(text) => { const caret = document.querySelector('#error-f pre.caret');"
            " return caret !== null && caret.textContent.startsWith(text); }",
            arg=payload,
        )
        assert "unexpected character" in page.locator("#error-f").inner_text()
        assert page.evaluate("window.__xss") is None
