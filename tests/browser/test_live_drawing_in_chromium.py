"""Live edits in real Chromium: the page asks for the one drawing it shows, regions whose HTML
an answer repeats are left alone yet always end up as the server wrote them, and the address
waits while an edit is on its way."""

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_pages_in_chromium import record_live_questions

EDIT = """
async ([id, value]) => {
  const input = document.getElementById(id);
  const rendered = new Promise((done) => input.form.addEventListener(
    "gl:rendered", (event) => done(event.detail.permalink), {once: true}));
  input.value = value;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  return rendered;
}
"""

DRAWINGS = """
() => [...document.querySelectorAll('.chart-plot')].map((chart) =>
  [...chart.querySelectorAll('.static-chart')].map((svg) =>
    [svg.classList.contains('static-wide') ? 'wide' : 'narrow',
     getComputedStyle(svg).display !== 'none' && svg.getBoundingClientRect().height > 0]))
"""


def edit(page, field: str, value: str) -> str:
    """Set a field as a reader would and wait for its answer to be drawn; its permalink."""
    return page.evaluate(EDIT, [f"input-{field}", value])


def test_a_phone_asks_for_the_narrow_drawings_and_a_wider_window_for_the_wide_ones(open_page):
    watched = open_page("/scalar", PHONE)
    page = watched.page
    asked = record_live_questions(page)
    page.focus("#input-x")
    edit(page, "x", "0, 3")
    assert all("drawing=narrow" in query for _, query in asked)
    assert page.evaluate(DRAWINGS) == [[["narrow", True]], [["narrow", True]]]
    page.set_viewport_size(DESKTOP)  # across 40rem: the page asks again, for the wide ones
    page.wait_for_function(f"() => JSON.stringify(({DRAWINGS})()) === '{DESKTOP_DRAWN}'")
    assert "drawing=wide" in asked[-1][1] and "x=0%2C+3" in asked[-1][1]
    watched.assert_clean()


DESKTOP_DRAWN = '[[["wide",true]],[["wide",true]]]'


def test_a_lone_drawing_is_shown_at_any_width(open_page):
    """Until the other drawing arrives (or if it never does), the one there is stays in view."""
    watched = open_page("/scalar", DESKTOP)
    page = watched.page
    assert page.evaluate(DRAWINGS) == [[["wide", True], ["narrow", False]]] * 2  # as served
    page.evaluate("() => document.querySelectorAll('.static-wide').forEach((s) => s.remove())")
    assert page.evaluate(DRAWINGS) == [[["narrow", True]]] * 2
    watched.assert_clean()


def test_a_panel_repeated_by_answers_is_left_alone_and_still_right_after_many_edits(
    open_page, browser, server_url
):
    watched = open_page("/model?steps=40")
    page = watched.page
    page.focus("#input-learning_rate")
    derivation = "() => document.getElementById('derivation').innerHTML"
    edit(page, "learning_rate", "0.09")
    first = page.evaluate(derivation)  # as the live feed writes it
    for rate in ("0.05", "0.02", "0.11"):  # the derivation is that of θ₀: the same each time
        edit(page, "learning_rate", rate)
    assert page.evaluate(derivation) == first
    # Another hand changes it (a script, an extension): the next answer puts it right again.
    page.evaluate(
        "() => { const n = document.querySelector('#derivation li'); n.textContent = 'tampered'; }"
    )
    edit(page, "learning_rate", "0.12")
    assert "tampered" not in page.evaluate(derivation)
    assert page.evaluate(derivation) == first
    permalink = edit(page, "params", "m=0.5, b=-1")  # a new θ₀: a new derivation
    assert page.evaluate(derivation) != first
    permalink = edit(page, "learning_rate", "0.03")
    served = browser.new_page(viewport=DESKTOP)  # the same question, as a page served whole
    served.goto(server_url + permalink)
    for region in ("derivation", "results"):  # the same words and numbers, spaced alike
        text = f"() => document.getElementById('{region}').innerText.split(/\\s+/).join(' ')"
        assert page.evaluate(text) == served.evaluate(text)
    served.close()
    watched.assert_clean()


def test_the_address_waits_while_an_edit_is_on_its_way(open_page):
    """Updating the address is work for the browser (and Chromium fetches the icon again): it
    is done when the reader pauses, not while the next answer is coming."""
    watched = open_page("/scalar")
    page = watched.page
    page.route_web_socket("**/scalar/live", lambda socket: socket.close())  # all by GET
    held = []

    def hold_the_second_edit(route) -> None:
        if "x=0%2C+3" in route.request.url:
            held.append(route)
        else:
            route.continue_()

    page.route("**/scalar/live?**", hold_the_second_edit)
    page.focus("#input-x")
    page.evaluate(EDIT_TWICE)  # the second edit asked as soon as the first is drawn
    page.wait_for_timeout(600)  # well past the first edit's due time (250 ms)
    assert len(held) == 1
    assert "x=0%2C+2" not in page.evaluate("location.search")  # it waits for the second
    held[0].continue_()
    page.wait_for_function("() => location.search.includes('x=0%2C+3')")  # the newer one
    watched.assert_clean()


EDIT_TWICE = """
() => new Promise((done) => {
  const input = document.getElementById("input-x");
  const type = (value) => {
    input.value = value;
    input.dispatchEvent(new Event("input", {bubbles: true}));
  };
  input.form.addEventListener("gl:rendered", () => { type("0, 3"); done(); }, {once: true});
  type("0, 2");
})
"""
