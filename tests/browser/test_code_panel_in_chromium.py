"""The Code panel in real Chromium: tabs by keyboard (WAI-ARIA), the framework remembered across
a reload and shown before any script runs, Copy, live edits, the phone's width, axe."""

import json
from urllib.parse import parse_qsl, urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app.web.explorers.registry import EXPLORERS
from app.web.sharing.code import Script, code_links, script_for
from tests.browser.conftest import DESKTOP, PHONE, watch
from tests.browser.test_pages_in_chromium import no_horizontal_scroll

FRAMEWORKS = ("numpy", "torch", "jax")
PAGES = {
    "scalar": "/scalar",
    "model": "/model",
    "batches": "/batches",
    "network": "/network?epochs=10",
}

SHOWN = """() => [...document.querySelectorAll('.code-tabpanel')]
  .filter((panel) => getComputedStyle(panel).display !== 'none')
  .map((panel) => panel.dataset.framework)"""
SELECTED = """() => [...document.querySelectorAll('[role=tab]')]
  .filter((tab) => tab.getAttribute('aria-selected') === 'true')
  .map((tab) => tab.dataset.framework)"""
IN_TAB_ORDER = """() => [...document.querySelectorAll('[role=tab]')]
  .filter((tab) => tab.tabIndex === 0).map((tab) => tab.dataset.framework)"""
LAYOUT_SHIFT = """() => {
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: 'layout-shift', buffered: true});
  return observer.takeRecords().reduce((sum, entry) => sum + entry.value, 0);
}"""
CODE_IS = "([id, text]) => document.getElementById(id).textContent === text"


def state(page) -> tuple[list[str], list[str], list[str]]:
    """Which panel shows, which tab says it is selected, which tab is in the Tab order."""
    return page.evaluate(SHOWN), page.evaluate(SELECTED), page.evaluate(IN_TAB_ORDER)


def expected_script(origin: str, kind: str, query: str, framework: str) -> Script:
    """The script the server writes for this page's query (its header names the page)."""
    explorer = EXPLORERS[kind]
    values = explorer.values(dict(parse_qsl(query, keep_blank_values=True)))
    script = script_for(explorer, values, framework, origin)
    assert script is not None
    return script


def expected_code(origin: str, kind: str, query: str, framework: str) -> str:
    return expected_script(origin, kind, query, framework).code


def test_the_arrow_keys_home_and_end_move_between_the_tabs(open_page):
    watched = open_page("/scalar")
    page = watched.page
    page.focus("#code-tab-numpy")
    assert state(page) == (["numpy"], ["numpy"], ["numpy"])
    for key, framework in [
        ("ArrowRight", "torch"),
        ("ArrowRight", "jax"),
        ("ArrowRight", "numpy"),  # round from the last to the first
        ("ArrowLeft", "jax"),
        ("Home", "numpy"),
        ("End", "jax"),
        ("ArrowLeft", "torch"),
    ]:
        page.keyboard.press(key)
        assert page.evaluate("document.activeElement.id") == f"code-tab-{framework}"
        assert state(page) == ([framework], [framework], [framework])
    page.keyboard.press("Tab")  # from the tabs into the chosen panel, past the other tabs
    assert page.evaluate("document.activeElement.dataset.copyCode") == "code-text-torch"
    watched.assert_clean()


def test_the_choice_is_remembered_and_shown_before_the_panel_s_script(open_page):
    watched = open_page("/model")
    page = watched.page
    page.click("#code-tab-jax")
    assert state(page) == (["jax"], ["jax"], ["jax"])
    page.goto(f"{watched.origin}/model#code-panel")  # opened at the panel, which is in view
    page.wait_for_function("() => document.getElementById('code-tab-jax').tabIndex === 0")
    assert state(page) == (["jax"], ["jax"], ["jax"])
    assert page.evaluate(LAYOUT_SHIFT) < 0.01  # a late switch of tab moves the page by ~0.4
    watched.assert_clean()
    # The inline script in the head and the stylesheet show it on their own: the first paint
    # already has the reader's framework, and nothing moves when the panel's script arrives.
    page.route("**/static/js/code-panel.js*", lambda route: route.abort())
    page.reload()
    assert page.evaluate("document.documentElement.dataset.code") == "jax"
    assert page.evaluate(SHOWN) == ["jax"]
    outline = "(id) => getComputedStyle(document.getElementById(id)).boxShadow"
    assert page.evaluate(outline, "code-tab-jax") != "none"  # drawn as the chosen tab
    assert page.evaluate(outline, "code-tab-numpy") == "none"


def test_a_stored_value_that_is_no_framework_shows_numpy(open_page):
    watched = open_page("/scalar")
    page = watched.page
    page.evaluate("localStorage.setItem('gradient-lens-code', 'fortran')")
    page.reload()
    assert page.evaluate("document.documentElement.dataset.code") == "numpy"
    assert state(page) == (["numpy"], ["numpy"], ["numpy"])
    watched.assert_clean()


def test_copy_puts_the_exact_script_on_the_clipboard(browser, server_url):
    watched = watch(browser, server_url, DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page = watched.page
    query = urlencode({"f": "tanh(2x) - x^2/3", "x": "-1, 0.5, 2"})
    page.goto(f"{server_url}/scalar?{query}")
    page.click("#code-tab-torch")
    page.locator("#code-torch").get_by_role("button", name="Copy code").click()
    expect(page.locator("#code-status")).to_contain_text("Copied the PyTorch script")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == expected_code(server_url, "scalar", query, "torch")
    assert copied == page.locator("#code-text-torch").text_content()
    download = page.locator("#code-torch a[download]").get_attribute("href")
    assert copied == page.request.get(server_url + download).text()  # the same as downloaded
    watched.assert_clean()
    page.context.close()


def test_a_live_edit_of_the_function_or_a_point_changes_the_code_shown(open_page, server_url):
    watched = open_page("/scalar")
    page = watched.page
    page.click("#code-tab-jax")
    before = page.locator("#code-text-jax").text_content()
    for f, x in (("softplus(x)", "0, 1"), ("softplus(x)", "0, 2.75")):
        page.fill("#input-f", f)
        page.fill("#input-x", x)
        query = urlencode({"f": f, "x": x})
        expected = expected_code(server_url, "scalar", query, "jax")
        page.wait_for_function(CODE_IS, arg=["code-text-jax", expected])
        download = page.locator("#code-jax a[download]").get_attribute("href")
        assert download == code_links("scalar", query, "jax")["download"]
    assert page.locator("#code-text-jax").text_content() != before
    assert "2.75" in page.locator("#code-text-jax").text_content()
    assert state(page) == (["jax"], ["jax"], ["jax"])  # the tab survives the live answers
    # The answers carried the shown tab's script only; another tab, once opened, catches up.
    for framework in ("numpy", "torch"):
        page.click(f"#code-tab-{framework}")
        expected = expected_code(server_url, "scalar", query, framework)
        page.wait_for_function(CODE_IS, arg=[f"code-text-{framework}", expected])
        download = page.locator(f"#code-{framework} a[download]").get_attribute("href")
        assert download == code_links("scalar", query, framework)["download"]
    watched.assert_clean()


def test_out_of_view_the_code_waits_and_catches_up_when_scrolled_to(open_page, server_url):
    """On a phone the panel is far below the form: live answers leave its script out (it
    costs the server time on every keystroke) until the reader scrolls down to it."""
    watched = open_page("/scalar", PHONE)
    page = watched.page
    before = page.locator("#code-text-numpy").text_content()
    page.fill("#input-x", "0, 1.625")
    page.wait_for_function("() => document.getElementById('code-numpy').hasAttribute('data-stale')")
    assert page.locator("#code-text-numpy").text_content() == before
    page.locator("#code-panel").scroll_into_view_if_needed()
    query = urlencode({"f": "sigmoid(x)", "x": "0, 1.625"})
    script = expected_script(server_url, "scalar", query, "numpy")
    page.wait_for_function(CODE_IS, arg=["code-text-numpy", script.code])
    last_line = page.locator("#code-last .code-box").text_content()
    assert json.loads(last_line) == script.expected  # the last line caught up too
    watched.assert_clean()


@pytest.mark.parametrize("kind", list(PAGES))
def test_on_a_phone_the_code_scrolls_in_its_box_and_the_page_does_not(open_page, kind):
    watched = open_page(PAGES[kind], PHONE)
    page = watched.page
    for framework in FRAMEWORKS:
        page.click(f"#code-tab-{framework}")
        box = page.locator(f"#code-{framework} .code-box").first
        box.scroll_into_view_if_needed()
        assert no_horizontal_scroll(page)
        assert box.evaluate("(box) => box.scrollWidth > box.clientWidth")  # wider, inside
        assert box.evaluate("(box) => box.getBoundingClientRect().right <= innerWidth")
    watched.assert_clean()


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_nothing_with_the_panel_open_on_another_tab_in_the_dark(open_page, axe, kind):
    watched = open_page(PAGES[kind], DESKTOP, color_scheme="dark")
    page = watched.page
    page.click("#code-tab-torch")
    page.locator("#code-panel").scroll_into_view_if_needed()
    violations = axe.run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    watched.assert_clean()


def test_without_javascript_every_script_shows_under_its_own_title(open_page):
    watched = open_page("/batches", DESKTOP, java_script_enabled=False)
    page = watched.page
    assert page.evaluate(SHOWN) == list(FRAMEWORKS)
    titles = page.locator(".code-tabpanel-title")
    expect(titles).to_have_text(["NumPy", "PyTorch", "JAX"])
    expect(page.locator(".code-bar")).to_be_hidden()  # no tabs, no Copy: they need a script
    expect(page.get_by_role("button", name="Copy code")).to_have_count(0)
    watched.assert_clean()
