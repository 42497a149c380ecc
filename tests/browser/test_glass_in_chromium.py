"""The magnifying glass picked up before the hand arrives (static/js/charts.js): the reader's
intent (the pointer heading for a chart or over the charts' column, a first scroll to a chart)
brings Plotly.js and the figures before the pointer reaches a chart, evaluated only once the
reader pauses typing, and the chart the pointer heads for is drawn by Plotly before it gets
there; a reader who only types brings neither (test_pages_in_chromium checks that too)."""

from __future__ import annotations

from tests.browser.conftest import PHONE

PLOTLY = "/assets/plotly-cartesian-"
NOTHING_MAGNIFIED = "() => document.querySelectorAll('.chart-plot .main-svg').length === 0"


def requests_of(page) -> list:
    """Every request the page makes, as it makes it."""
    seen: list = []
    page.on("request", lambda request: seen.append(request))
    return seen


def point_of_derivative_marker(page, x: float) -> tuple[float, float]:
    """Where on the page the derivative chart's gradient marker at ``x`` is, by Plotly's axes."""
    return tuple(
        page.evaluate(
            """(x) => {
              const gd = document.getElementById('chart-derivative');
              const trace = gd._fullData.findIndex(t => t.mode === 'markers');
              const y = gd.data[trace].y[gd.data[trace].x.indexOf(x)];
              const box = gd.getBoundingClientRect(), size = gd._fullLayout._size;
              return [box.left + size.l + gd._fullLayout.xaxis.l2p(x),
                      box.top + size.t + gd._fullLayout.yaxis.l2p(y)];
            }""",
            x,
        )
    )


def test_the_pointer_over_the_charts_column_brings_plotly_before_it_reaches_a_chart(open_page):
    watched = open_page("/scalar")
    page = watched.page
    page.wait_for_load_state("networkidle")
    requests = requests_of(page)
    responses = []
    page.on("response", lambda r: PLOTLY in r.url and responses.append(r))
    results = page.locator("#results").bounding_box()  # in the column, above the charts
    page.mouse.move(results["x"] + 20, results["y"] + 10)
    page.mouse.move(results["x"] + 60, results["y"] + 10, steps=3)  # level: aimed at no chart
    page.wait_for_function("() => window.Plotly !== undefined")  # fetched, and evaluated
    urls = [r.url for r in requests]
    assert [u for u in urls if PLOTLY in u] == [watched.origin + PLOTLY + "4.1.1.min.js"]
    figures = [u for u in urls if "/scalar/figures?" in u]
    assert figures == [watched.origin + "/scalar/figures?f=sigmoid%28x%29&x=0%2C+1"]
    assert page.evaluate(NOTHING_MAGNIFIED)  # the charts are still the server's drawings
    [bundle] = responses
    headers = bundle.headers
    assert headers["content-encoding"] == "br"
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-type"].startswith("text/javascript")

    chart = page.locator("#chart-derivative").bounding_box()
    page.mouse.move(chart["x"] + 5, chart["y"] + 5, steps=2)  # the hand arrives
    page.wait_for_function("() => !document.querySelector('#chart-derivative .static-chart')")
    page.mouse.move(*point_of_derivative_marker(page, 1))  # clear of the toolbar at the top
    hover = page.locator("#chart-derivative .hoverlayer .hovertext")
    hover.wait_for()
    assert "1.0000, 0.1966" in hover.text_content()  # σ′(1) = σ(1)(1 − σ(1)) = 0.19661…
    later = [r.url for r in requests]
    assert len([u for u in later if PLOTLY in u or "/figures?" in u]) == 2  # nothing fetched again
    watched.assert_clean()


def test_a_first_scroll_to_a_chart_brings_plotly_on_a_phone(open_page):
    watched = open_page("/scalar", PHONE)
    page = watched.page
    page.wait_for_load_state("networkidle")
    requests = requests_of(page)
    chart = page.locator("#chart-function").bounding_box()  # below the form, out of view
    assert chart["y"] > PHONE["height"]
    page.mouse.wheel(0, chart["y"] - 100)
    page.wait_for_function("() => window.Plotly !== undefined")
    urls = [r.url for r in requests]
    assert any(PLOTLY in u for u in urls) and any("/scalar/figures?" in u for u in urls)
    assert page.evaluate(NOTHING_MAGNIFIED)
    watched.assert_clean()


def test_a_hand_reaching_for_a_chart_finds_it_drawn_by_plotly_when_it_arrives(open_page):
    watched = open_page("/scalar")
    page = watched.page
    page.wait_for_load_state("networkidle")
    requests = requests_of(page)
    field = page.locator("#input-f").bounding_box()  # the form's column: not the charts'
    chart = page.locator("#chart-derivative").bounding_box()
    start = (field["x"] + field["width"] / 2, field["y"] + field["height"] / 2)
    target = (chart["x"] + chart["width"] * 0.36, chart["y"] + chart["height"] * 0.2)
    page.mouse.move(*start)
    # The first tenth of the way: the pointer is still over the form, heading for the chart.
    first = [start[i] + (target[i] - start[i]) * 0.1 for i in (0, 1)]
    page.mouse.move(*first, steps=4)
    column = page.locator(".explorer-output").bounding_box()
    assert first[0] < column["x"]  # not over the charts' column
    page.wait_for_function("() => !document.querySelector('#chart-derivative .static-chart')")
    assert page.evaluate(
        """() => [...document.querySelectorAll('.chart-plot')].filter(
             (chart) => chart.querySelector('.main-svg')).map((chart) => chart.id)"""
    ) == ["chart-derivative"]  # the chart it heads for, and no other
    assert any(PLOTLY in r.url for r in requests)
    page.mouse.move(*point_of_derivative_marker(page, 1), steps=3)  # the hand arrives
    hover = page.locator("#chart-derivative .hoverlayer .hovertext")
    hover.wait_for()
    assert "1.0000, 0.1966" in hover.text_content()  # σ′(1) = σ(1)(1 − σ(1)) = 0.19661…
    watched.assert_clean()


def test_a_hand_moving_away_from_the_charts_picks_nothing_up(open_page):
    watched = open_page("/scalar")
    page = watched.page
    page.wait_for_load_state("networkidle")
    requests = requests_of(page)
    field = page.locator("#input-f").bounding_box()
    page.mouse.move(field["x"] + field["width"] - 10, field["y"] + 10)
    page.mouse.move(field["x"] + 10, field["y"] + 10, steps=6)  # leftwards, along the form
    page.mouse.move(field["x"] + 10, 5, steps=6)  # and up to the page's header
    page.evaluate("() => new Promise((done) => requestIdleCallback(done, {timeout: 1000}))")
    assert not [r.url for r in requests if PLOTLY in r.url or "/figures?" in r.url]
    watched.assert_clean()


KEYSTROKES_AFTER_FETCH = 8
TYPIST = """(count) => {
  window.typedAt = [];
  document.addEventListener('input', () => typedAt.push(performance.now()), true);
  const link = document.querySelector("link[rel=preload][href*='plotly']");
  link.addEventListener('load', () => { window.fetchedAt = performance.now(); });
  new MutationObserver(() => {
    if (document.querySelector("script[src*='plotly']") && window.evaluatedAt === undefined) {
      window.evaluatedAt = performance.now();  // the script element goes in: evaluation begins
    }
  }).observe(document.head, { childList: true });
  const input = document.getElementById('input-x');
  let after = 0;
  const typist = setInterval(() => {
    input.value += ', 1';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    if (window.fetchedAt !== undefined && ++after >= count) clearInterval(typist);
  }, 60);
}"""
"""A reader typing in the form: a keystroke every 60 ms, until ``count`` keystrokes after Plotly.js
has arrived. Typed by the page's own timer, so a busy machine delays the keystrokes and the
page's idle check alike (a driver's keystrokes could arrive with pauses between them)."""


def test_plotly_is_evaluated_only_once_the_reader_pauses_typing(open_page):
    watched = open_page("/scalar")
    page = watched.page
    page.wait_for_load_state("networkidle")
    held = []  # the bundle's request waits until the reader is typing
    page.route(f"**{PLOTLY}*", lambda route: held.append(route))
    results = page.locator("#results").bounding_box()
    page.mouse.move(results["x"] + 20, results["y"] + 10)
    page.mouse.move(results["x"] + 60, results["y"] + 10, steps=3)  # intent, aimed at no chart
    page.wait_for_function("() => document.querySelector(\"link[rel=preload][href*='plotly']\")")
    page.evaluate(TYPIST, KEYSTROKES_AFTER_FETCH)
    page.wait_for_function("() => typedAt.length >= 3")
    assert len(held) == 1
    held[0].continue_()  # Plotly.js arrives while the reader types on
    page.wait_for_function("() => window.Plotly !== undefined")
    typed, fetched, evaluated = page.evaluate("() => [typedAt, fetchedAt, evaluatedAt]")
    assert len([t for t in typed if t > fetched]) == KEYSTROKES_AFTER_FETCH
    assert evaluated - max(typed) >= 400  # evaluated only after a 400 ms pause in typing
    assert page.evaluate(NOTHING_MAGNIFIED)
    watched.assert_clean()


def test_on_a_touch_screen_a_chart_scrolled_into_view_shows_values_at_the_first_touch(open_page):
    watched = open_page("/scalar", PHONE, has_touch=True, is_mobile=True)
    page = watched.page
    page.wait_for_load_state("networkidle")
    box = page.locator("#chart-derivative").bounding_box()
    page.mouse.wheel(0, box["y"] - 200)  # the reader scrolls down to the chart
    page.wait_for_function("() => !document.querySelector('#chart-derivative .static-chart')")
    page.touchscreen.tap(*point_of_derivative_marker(page, 1))  # Plotly was there before it
    hover = page.locator("#chart-derivative .hoverlayer .hovertext")
    hover.wait_for()
    assert "1.0000, 0.1966" in hover.text_content()
    watched.assert_clean()
