"""LTI in real Chromium, as a course runs it: the platform's page on one site (127.0.0.1)
frames the tool on another (localhost). Dynamic registration in the platform's frame, then a
deep-linking launch from the course editor, the picker and its preview, Insert, and a student's
launch of the inserted link, with third-party cookies allowed and with them phased out. No
console error: a CSP violation would be one."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS
from tests.lti import conftest as lti

platform, tool = lti.platform, lti.tool  # the fixtures tests/lti uses: platform and tool

COOKIE_MODES = {
    "third-party-cookies-allowed": [],
    "third-party-cookies-phased-out": ["--test-third-party-cookie-phaseout"],
}


def on_localhost(url: str) -> str:
    return url.replace("127.0.0.1", "localhost")


def watched_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


@pytest.fixture(scope="module")
def chromium(browser) -> Iterator[dict]:
    """The suite's Chromium (third-party cookies allowed), and one with them phased out."""
    phased_out = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, *COOKIE_MODES["third-party-cookies-phased-out"]],
    )
    yield {"third-party-cookies-allowed": browser, "third-party-cookies-phased-out": phased_out}
    phased_out.close()


@pytest.fixture(scope="module")
def registration(browser, platform, tool):
    """The administrator registers the tool from the platform: the tool's registration URL in
    the platform's frame, which the tool closes with its postMessage."""
    context, page, errors = watched_page(browser)
    page.goto(f"{platform.url}/admin/register?tool={on_localhost(tool.url)}/lti/register")
    expect(page.locator("#status")).to_have_text("closed")
    frame = page.frame_locator("#tool")
    expect(frame.locator("h1")).to_have_text("Gradient Lens is registered")
    context.close()
    return errors


def test_registration_in_the_platforms_frame(registration, platform, tool):
    assert registration == []
    (stored,) = tool.store.registrations()
    assert (stored.issuer, stored.client_id) == (platform.issuer, platform.only_tool().client_id)
    assert platform.only_tool().jwks_url == on_localhost(tool.url) + "/lti/jwks"


@pytest.mark.parametrize("mode", list(COOKIE_MODES))
def test_deep_linking_and_launch_in_a_cross_site_frame(chromium, registration, platform, mode):
    context, page, errors = watched_page(chromium[mode])
    page.goto(f"{platform.url}/course/page?mode=deep")
    tool_frame = page.frame_locator("#tool")
    heading = tool_frame.locator("h1")
    expect(heading).to_have_text("Insert a Gradient Lens chart")
    expect(tool_frame.locator("#url")).to_have_value(re.compile(r"^http://localhost:\d+/$"))

    # the preview follows the fields: a ready-made view, one chart, the dark theme
    tool_frame.get_by_label("Or start from a ready-made view").select_option(label="tanh")
    tool_frame.get_by_label("Chart").select_option("derivative")
    tool_frame.get_by_label("Dark").check()
    preview = tool_frame.frame_locator("#preview")
    expect(preview.locator("html")).to_have_class("theme-dark")
    expect(preview.locator("#chart-derivative svg.static-chart:visible")).to_be_visible()
    expect(preview.locator("#chart-function")).to_have_count(0)
    expect(preview.locator("#embed-caption")).to_contain_text("f(x) = tanh(x) at x = -1, 0.5, 2")

    before = len(platform.inserted)
    tool_frame.get_by_role("button", name="Insert").click()
    expect(tool_frame.locator("#inserted")).to_have_text("Inserted 2 item(s)")
    link, snippet = platform.inserted[before:]
    assert link["custom"] == {
        "kind": "scalar",
        "query": "f=tanh%28x%29&x=-1%2C+0.5%2C+2",
        "chart": "derivative",
        "theme": "dark",
    }
    assert snippet["type"] == "html"

    # a student opens the inserted link: the chosen view, in the course page's frame
    page.goto(f"{platform.url}/course/page?mode=link&item={before}")
    expect(tool_frame.locator("#chart-derivative svg.static-chart:visible")).to_be_visible()
    expect(tool_frame.locator("html")).to_have_class("theme-dark")
    expect(tool_frame.locator("#embed-caption")).to_contain_text("mean of the gradients 0.4257")
    frame_url = page.frames[1].url
    assert frame_url.startswith(on_localhost("http://127.0.0.1") + ":")
    assert "/embed/scalar?" in frame_url and "chart=derivative" in frame_url
    (state,) = [c for c in context.cookies() if c["name"].startswith("lti1p3-state-")][-1:]
    assert state["secure"] and state["sameSite"] == "None" and state["httpOnly"]
    context.close()
    assert errors == []


def test_the_picker_setup_and_refusal_pages_have_no_axe_findings(
    browser, registration, platform, tool
):
    from axe_playwright_python.sync_playwright import Axe

    context, page, errors = watched_page(browser)
    found = {}
    page.goto(platform.start_url("deep"))  # the picker at the top, where axe reads it
    expect(page.locator("h1")).to_have_text("Insert a Gradient Lens chart")
    page.keyboard.press("Tab")  # the keyboard reaches the form's first field after the brand
    page.keyboard.press("Tab")
    expect(page.locator("#url")).to_be_focused()
    found["picker"] = Axe().run(page).response["violations"]
    page.fill("#url", "https://example.com/")
    page.get_by_role("button", name="Insert").click()
    expect(page.locator("#url-error")).to_contain_text("example.com is not this")
    expect(page.locator("#url")).to_have_attribute("aria-invalid", "true")
    found["picker with an error"] = Axe().run(page).response["violations"]
    for path in ("/lti", "/lti/register"):
        page.goto(on_localhost(tool.url) + path)
        found[path] = Axe().run(page).response["violations"]
    context.close()
    assert {k: [v["id"] for v in found[k]] for k in found} == {k: [] for k in found}
    # only the refusals asked for (the picker's and its preview's 422, the bare /lti/register's
    # 400), which Chromium logs as failed loads; no policy violation, no script error
    expected = {
        f"Failed to load resource: the server responded with a status of {s}"
        for s in ("422 (Unprocessable Entity)", "400 (Bad Request)")
    }
    assert set(errors) == expected
