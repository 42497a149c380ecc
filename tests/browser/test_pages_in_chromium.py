"""The pages in real Chromium: charts drawn, no console errors, no outside requests, phone-safe."""

import json
import math
import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE


def wait_for_charts(page, count: int = 2) -> None:
    """The server's charts are there at once; the pointer entering each one brings in Plotly
    (the magnifying glass), which then replaces that chart's SVG."""
    page.wait_for_function(
        f"() => document.querySelectorAll('.chart-plot .static-chart').length >= {count}"
        f" || document.querySelectorAll('.chart-plot .main-svg').length >= {count}"
    )
    for container in page.locator(".chart-plot").all()[:count]:
        point_at(page, container)
    page.wait_for_function(
        f"() => document.querySelectorAll('.chart-plot .main-svg').length >= {count}",
        timeout=20_000,
    )


def point_at(page, container) -> None:
    """Move the mouse into the middle of ``container`` (scrolled into view), as a reader would."""
    container.scroll_into_view_if_needed()
    box = container.bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=3)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_index_draws_both_charts_cleanly(open_page, viewport):
    watched = open_page("/", viewport)
    page = watched.page
    wait_for_charts(page)
    assert page.get_by_test_id("mean-of-gradients").first.inner_text() == "0.2233"
    assert page.get_by_test_id("gradient-at-mean").first.inner_text() == "0.2350"
    legend = page.locator("[data-chart='chart-derivative']").text_content()
    assert "mean of the gradients = 0.2233" in legend
    assert page.locator("#chart-derivative .legend").count() == 0  # Plotly's own is off
    assert no_horizontal_scroll(page)
    watched.assert_clean()


def test_scalar_page_draws_and_is_phone_safe(open_page, viewport):
    watched = open_page("/scalar?f=tanh(x)&x=-1,0.5,2", viewport)
    wait_for_charts(watched.page)
    assert watched.page.locator(".static-chart").count() == 0  # wide and narrow drawings gone
    assert no_horizontal_scroll(watched.page)
    watched.assert_clean()


def test_a_page_opened_on_an_error_shows_no_empty_charts_until_the_input_is_fixed(open_page):
    watched = open_page("/scalar?f=sigmoid(x&x=0,1")
    page = watched.page
    charts = page.locator("#scalar-charts")
    assert not charts.is_visible()  # no empty chart frames under the error
    assert "column 10" in page.locator("#error-f").inner_text()
    page.fill("#input-f", "sigmoid(x)")
    expect_text(page, "mean-of-gradients", "0.2233")
    assert charts.is_visible()
    watched.assert_clean()


def edit_the_points(page) -> None:
    page.fill("#input-x", "0, 2")
    expect_text(page, "mean-of-gradients", "0.1775")


def edit_the_parameters(page) -> None:
    page.fill("#input-params", "m=1, b=0")
    # θ = (1, 0): the residual is y - x, so ∂J/∂m = -2 mean(x (y - x)) = -2.12.
    expect_text(page, "gradient_of_mean_loss-m", "-2.120000")


def choose_identity_activations(page) -> None:
    page.select_option("#input-activation", "identity")
    page.get_by_test_id("identity-note").wait_for(timeout=15_000)  # biases: averaging is exact


WIDE_SCREEN_EDITS = {  # page, its last chart, a field at the top of the form, an edit there
    "scalar": ("/scalar", "#chart-derivative", "#input-x", edit_the_points),
    "model": ("/model", "#chart-losses", "#input-params", edit_the_parameters),
    "network": (
        "/network?epochs=30",
        "#chart-accuracy",
        "#input-activation",
        choose_identity_activations,
    ),
}


@pytest.mark.parametrize("page_name", WIDE_SCREEN_EDITS)
def test_on_a_wide_screen_the_form_stays_in_view_beside_the_charts(open_page, page_name):
    path, last_chart, field, edit = WIDE_SCREEN_EDITS[page_name]
    watched = open_page(path, DESKTOP)
    page = watched.page
    wait_for_charts(page, page.locator(".chart-plot").count())
    page.locator(last_chart).scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")  # well past the top of the page
    form = page.locator(field).bounding_box()
    chart = page.locator(last_chart).bounding_box()
    assert form["y"] >= 0 and form["y"] + form["height"] <= DESKTOP["height"]  # still in view
    assert chart["x"] > form["x"] + form["width"]  # beside it, not below it
    boxes = ".explorer-controls, .explorer-controls .data-table-box, .explorer-output .table-scroll"
    assert page.evaluate(  # the narrower columns: no form row and no table scrolls sideways
        f"[...document.querySelectorAll('{boxes}')].every((b) => b.scrollWidth <= b.clientWidth)"
    )
    edit(page)  # and it still drives the page from there
    assert no_horizontal_scroll(page)
    watched.assert_clean()


def test_on_a_phone_the_form_comes_first_in_one_column(open_page):
    watched = open_page("/scalar", PHONE)
    form = watched.page.locator("#scalar-form").bounding_box()
    results = watched.page.locator("#results").bounding_box()
    assert results["y"] >= form["y"] + form["height"]
    assert no_horizontal_scroll(watched.page)


LONG_FORMULAS = {
    "scalar": "/scalar?f=softplus(sin(2x))*exp(-x%5E2/2)%2Btanh(x%5E3-2x)*sigmoid(x)&x=-1,0.5,2",
    "model": "/model?model=sigmoid(w*x%2Bb)%2Btanh(c*x)*softplus(d*x)"
    "&loss=-(y*log(sigmoid(f))%2B(1-y)*log(1-sigmoid(f)))&params=w%3D0.5,b%3D0,c%3D1,d%3D0.3",
}


@pytest.mark.parametrize("path", LONG_FORMULAS.values(), ids=LONG_FORMULAS.keys())
def test_long_formulas_scroll_on_their_own_and_the_page_keeps_the_phone_width(open_page, path):
    watched = open_page(path, PHONE)
    page = watched.page
    assert no_horizontal_scroll(page)
    # A formula runs past the screen's edge: it is all there, to be scrolled to in its own box.
    assert page.evaluate(
        "[...document.querySelectorAll('main math')]"
        ".some((m) => m.getBoundingClientRect().right > innerWidth)"
    )
    watched.assert_clean()


def test_typing_a_function_updates_numbers_charts_and_url(open_page):
    watched = open_page("/scalar")
    page = watched.page
    wait_for_charts(page)
    page.fill("#input-x", "1, 2, 4")
    page.fill("#input-f", "x^3")
    expect_text(page, "mean-of-gradients", "21.0000")
    expect_text(page, "gradient-at-mean", "16.3333")
    assert "3*x^2" in page.get_by_test_id("derivative").inner_text()
    page.wait_for_function("() => location.search.includes('x%5E3')")
    legend = page.locator("[data-chart='chart-derivative']").text_content()
    assert "mean of the gradients = 21.0000" in legend
    watched.assert_clean()


def test_legend_entry_hides_its_trace_and_stays_hidden_through_live_updates(open_page):
    watched = open_page("/scalar")
    page = watched.page
    held = []  # Plotly.js waits until the server's drawings have been checked
    page.route("**/assets/plotly-*", lambda route: held.append(route))
    entry = page.locator("[data-chart='chart-derivative'] .legend-entry", has_text="mean of the")
    entry.click()  # on the server's drawing: its trace's group goes
    assert entry.get_attribute("aria-pressed") == "false"
    shown = "() => [...document.querySelectorAll('#chart-derivative .static-wide [data-trace]')]"
    shown += ".map(g => g.dataset.trace + ':' + (g.style.display !== 'none'))"
    assert page.evaluate(shown)[:4] == ["0:true", "1:true", "2:true", "3:false"]
    page.fill("#input-x", "0, 2")
    expect_text(page, "mean-of-gradients", "0.1775")
    entry = page.locator("[data-chart='chart-derivative'] .legend-entry", has_text="0.1775")
    assert entry.get_attribute("aria-pressed") == "false"  # new numbers, same choice
    assert page.evaluate(shown)[3] == "3:false"  # in the new drawing too
    for request in held:
        request.continue_()
    page.unroute("**/assets/plotly-*")
    point_at(page, page.locator("#chart-derivative"))  # Plotly draws it without the trace
    chart = "document.getElementById('chart-derivative')"
    trace_3_is = f"(shown) => {chart}._fullData && {chart}._fullData[3].visible === shown"
    page.wait_for_function(trace_3_is, arg="legendonly")
    entry.press("Enter")  # a button: the keyboard works too
    page.wait_for_function(trace_3_is, arg=True)
    assert entry.get_attribute("aria-pressed") == "true"
    watched.assert_clean()


def test_edits_change_the_svg_and_pointing_at_a_chart_brings_plotly_with_the_same_data(
    open_page,
):
    watched = open_page("/scalar")
    page = watched.page
    plotly = []
    page.on("request", lambda r: plotly.append(r.url) if "plotly" in r.url else None)
    page.fill("#input-x", "0, 2")  # typing, a slider, scrolling, printing: no Plotly
    expect_text(page, "mean-of-gradients", "0.1775")
    page.locator("#point-sliders input").nth(1).fill("3")
    expect_text(page, "mean-of-gradients", "0.1476")
    page.mouse.wheel(0, 400)
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    drawn = "() => document.querySelector('#chart-derivative .static-wide path').getAttribute('d')"
    # The server's drawing: a live answer brings the one this width shows
    assert page.locator("#chart-derivative .static-chart").count() == 1
    assert page.locator("#chart-derivative .static-wide").count() == 1
    assert plotly == []
    point_at(page, page.locator("#chart-derivative"))
    page.wait_for_function("() => document.getElementById('chart-derivative').data !== undefined")
    gradients = "() => document.getElementById('chart-derivative').data[2]"
    points = page.evaluate(gradients)
    assert points["x"] == [0, 3]
    expected = [(1 / (1 + math.exp(-x))) * (1 - 1 / (1 + math.exp(-x))) for x in (0, 3)]
    assert points["y"] == pytest.approx(expected, rel=1e-6)  # 7 digits sent
    assert [u for u in plotly if "plotly" in u]  # now it came
    page.wait_for_function("() => !document.querySelector('#chart-derivative .static-chart')")
    page.fill("#input-x", "0, 1")  # the next edit hands the chart back to the SVG
    expect_text(page, "mean-of-gradients", "0.2233")
    page.wait_for_function(f"() => ({drawn})() !== null")
    assert not page.evaluate(
        "document.getElementById('chart-derivative').classList.contains('js-plotly-plot')"
    )
    watched.assert_clean()


def test_live_updates_keep_opened_details_and_the_reader_s_focus(open_page):
    watched = open_page("/scalar")
    page = watched.page
    wait_for_charts(page)
    page.locator("#results summary").click()  # open "Every number, to full precision"
    entry = page.locator("[data-chart='chart-function'] .legend-entry").first
    entry.focus()
    page.evaluate(
        "() => { const x = document.getElementById('input-x');"
        " x.value = '0, 4'; x.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    expect_text(page, "mean-of-gradients", "0.1338")
    assert page.locator("#results details").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.classList.contains('legend-entry')")
    assert "4" in page.locator("#results details table").inner_text()  # and the numbers moved
    watched.assert_clean()


def record_live_questions(page, path: str = "/scalar/live") -> list[tuple[str, str]]:
    """Every question the page puts to its live feed, as (channel, query): GETs and messages
    sent on the feed's WebSocket."""
    asked: list[tuple[str, str]] = []

    def on_request(request) -> None:
        if request.url.split("?")[0].endswith(path):
            asked.append(("get", request.url.split("?", 1)[1]))

    def on_socket(socket) -> None:
        if socket.url.endswith(path):
            socket.on("framesent", lambda payload: asked.append(("socket", payload)))

    page.on("request", on_request)
    page.on("websocket", on_socket)
    return asked


def track_sockets(page) -> None:
    """Keep every WebSocket the page's live feeds open in ``window.__sockets``, so a test can
    wait until one is open, or until all are closed, instead of waiting a while."""
    page.evaluate(
        """() => {
        const feed = window.GradientLens.LiveFeed.prototype, connect = feed.connect;
        window.__sockets = [];
        feed.connect = function () {
          const before = this.socket;
          connect.call(this);
          if (this.socket && this.socket !== before) window.__sockets.push(this.socket);
        };
      }"""
    )


A_SOCKET_IS_OPEN = "() => window.__sockets.some((s) => s.readyState === WebSocket.OPEN)"
NO_SOCKET_IS_OPEN = "() => window.__sockets.every((s) => s.readyState === WebSocket.CLOSED)"


def test_leaving_a_field_does_not_ask_again_for_what_is_shown(open_page):
    watched = open_page("/scalar")
    page = watched.page
    asked = record_live_questions(page)
    page.focus("#input-x")
    page.keyboard.press("Tab")  # a "change" with nothing changed
    page.fill("#input-x", "0, 3")
    expect_text(page, "mean-of-gradients", "0.1476")
    page.keyboard.press("Tab")  # the "change" that follows the "input" just shown
    # A question the Tab sent would come before the next edit's, which the page asks in order.
    page.fill("#input-x", "0, 1")
    expect_text(page, "mean-of-gradients", "0.2233")
    assert len(asked) == 2 and "x=0%2C+3" in asked[0][1] and "x=0%2C+1" in asked[1][1]
    watched.assert_clean()


def test_once_the_reader_reaches_for_the_form_edits_go_over_one_websocket(open_page):
    watched = open_page("/scalar")
    page = watched.page
    wait_for_charts(page)
    asked = record_live_questions(page)
    track_sockets(page)
    page.focus("#input-x")  # opens the socket before the first edit
    page.wait_for_function(A_SOCKET_IS_OPEN)
    for points, mean in [("0, 2", "0.1775"), ("0, 3", "0.1476"), ("0, 1", "0.2233")]:
        page.fill("#input-x", points)
        expect_text(page, "mean-of-gradients", mean)
    assert [channel for channel, _ in asked] == ["socket"] * 3
    assert "x=0%2C+1" in asked[-1][1]
    page.wait_for_function("() => location.search.includes('x=0%2C+1')")  # permalink follows
    watched.assert_clean()


def test_when_the_socket_is_refused_edits_still_arrive_by_get(open_page):
    watched = open_page("/scalar")
    page = watched.page
    refused: list[str] = []
    page.route_web_socket("**/scalar/live", lambda socket: (refused.append(1), socket.close()))
    wait_for_charts(page)
    track_sockets(page)
    asked = record_live_questions(page)
    for points, mean in [("0, 2", "0.1775"), ("0, 3", "0.1476"), ("0, 1", "0.2233")]:
        page.focus("#input-x")
        page.wait_for_function(NO_SOCKET_IS_OPEN)  # each one the page opens is refused
        page.fill("#input-x", points)
        expect_text(page, "mean-of-gradients", mean)
    page.wait_for_function(NO_SOCKET_IS_OPEN)
    assert refused and [channel for channel, _ in asked] == ["get"] * 3
    watched.assert_clean()


def test_a_socket_that_stays_silent_is_dropped_and_the_edit_arrives_by_get(open_page):
    watched = open_page("/scalar")
    page = watched.page
    heard: list[str] = []
    page.route_web_socket(
        "**/scalar/live", lambda socket: socket.on_message(lambda m: heard.append(m))
    )
    wait_for_charts(page)
    page.evaluate("GradientLens.LiveFeed.answerTimeoutMs = 300")  # 10 s for readers
    track_sockets(page)
    asked = record_live_questions(page)
    page.focus("#input-x")
    page.wait_for_function(A_SOCKET_IS_OPEN)  # and it will never answer
    page.fill("#input-x", "0, 3")
    expect_text(page, "mean-of-gradients", "0.1476")
    assert len(heard) == 1 and "x=0%2C+3" in heard[0]
    assert [channel for channel, _ in asked if channel == "get"] == ["get"]
    watched.assert_clean()


def test_a_page_whose_socket_closes_after_answering_keeps_coming_back_to_sockets(open_page):
    """As after server restarts: only sockets that close unanswered send the page to GET."""
    watched = open_page("/scalar")
    page = watched.page
    heard: list[str] = []

    def answer_once_then_close(socket) -> None:
        server = socket.connect_to_server()
        socket.on_message(lambda message: (heard.append(message), server.send(message)))
        server.on_message(lambda message: (socket.send(message), socket.close()))

    page.route_web_socket("**/scalar/live", answer_once_then_close)
    wait_for_charts(page)
    track_sockets(page)
    means = ["0.1775", "0.1476", "0.2233", "0.1338", "0.1775", "0.1476", "0.2233", "0.1338"]
    for index, (points, mean) in enumerate(
        zip(["0, 2", "0, 3", "0, 1", "0, 4"] * 2, means, strict=True)
    ):
        page.focus("#input-x")
        # A socket opens when none is there; the one that answered the last edit has closed.
        page.wait_for_function(NO_SOCKET_IS_OPEN if index % 2 else A_SOCKET_IS_OPEN)
        page.fill("#input-x", points)
        expect_text(page, "mean-of-gradients", mean)
    # Each answered socket closes; the edit that finds it gone goes by GET and opens another.
    # Three unanswered closes would have sent the page to GET for good.
    assert len(heard) == 4 and "x=0%2C+1" in heard[-1]
    watched.assert_clean()


LABELS_INSIDE = """() => [...document.querySelectorAll('.chart-plot')].flatMap((plot) => {
  const chart = plot.querySelector('.main-svg').getBoundingClientRect();
  return [...plot.querySelectorAll('.xtick text, .ytick text')].map((label) => {
    const box = label.getBoundingClientRect();
    const inside = box.left >= chart.left - 0.5 && box.right <= chart.right + 0.5
      && box.bottom <= chart.bottom + 0.5;
    return inside ? null : label.textContent;
  }).filter(Boolean);
})"""


@pytest.mark.parametrize(
    "query",
    ["f=sigmoid(x)&x=0,1", "f=x^3-1000x&x=-20,15", "f=0.0001*x&x=0,1", "f=exp(x)&x=5,10"],
)
def test_tick_labels_fit_the_margins_worked_out_on_the_server(open_page, query):
    watched = open_page("/scalar?" + query.replace("^", "%5E"), PHONE)
    wait_for_charts(watched.page)
    assert watched.page.evaluate(LABELS_INSIDE) == []  # no tick label cut off
    assert watched.page.locator(".chart-axis-label").all_inner_texts() == ["f(x)", "f′(x)"]
    watched.assert_clean()


def test_parse_error_appears_inline_at_its_column(open_page):
    watched = open_page("/scalar")
    page = watched.page
    wait_for_charts(page)
    page.fill("#input-f", "sigmoid(x))")
    error = page.locator("#error-f")
    error.get_by_text("column 11").wait_for()
    assert error.locator("pre.caret").inner_text() == "sigmoid(x))\n          ^"
    assert page.get_attribute("#input-f", "aria-invalid") == "true"
    page.fill("#input-f", "sigmoid(x)")
    page.wait_for_function("() => document.getElementById('error-f').textContent === ''")
    watched.assert_clean()


def test_moving_a_point_slider_updates_the_numbers(open_page):
    watched = open_page("/scalar?f=x^2&x=0,1")
    page = watched.page
    wait_for_charts(page)
    slider = page.locator("#point-sliders input").nth(1)
    slider.fill("3")  # x = 0, 3: mean of 2x is 3, and so is 2 x̄
    page.wait_for_function("() => document.getElementById('input-x').value === '0, 3'")
    expect_text(page, "mean-of-gradients", "3.0000")
    watched.assert_clean()


def test_presets_switch_function_without_reloading(open_page):
    watched = open_page("/scalar")
    page = watched.page
    wait_for_charts(page)
    page.evaluate("window.__sameDocument = true")
    page.click("a.preset:text('linear')")
    page.get_by_test_id("affine-note").wait_for()
    assert page.evaluate("window.__sameDocument === true")
    assert page.input_value("#input-f") == "3x + 1"
    watched.assert_clean()


def test_form_works_without_javascript(open_page):
    watched = open_page("/scalar", java_script_enabled=False)
    page = watched.page
    page.fill("#input-f", "x^2")
    page.fill("#input-x", "-1, 3")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/scalar\?f=x%5E2&x=-1%2C\+3"))
    assert page.get_by_test_id("mean-of-gradients").inner_text() == "2.0000"
    assert page.get_by_test_id("gradient-at-mean").inner_text() == "2.0000"
    assert page.locator(".chart-plot .static-wide").count() == 2  # charts without JavaScript


def test_the_api_reference_tries_an_operation(open_page):
    watched = open_page("/api/docs")
    page = watched.page
    assert "Gradient Lens API" in page.locator("h1").inner_text()
    operation = page.locator("#scalar_from_query")
    operation.get_by_text("Try it").click()
    operation.get_by_label("x", exact=True).fill("0, 2")
    operation.get_by_role("button", name="Send").click()
    page.wait_for_url("**/api/v1/scalar?f=sigmoid*")
    answer = json.loads(page.locator("body").inner_text())
    assert answer["mean_of_gradients"] == pytest.approx(0.17749, abs=1e-5)
    watched.assert_clean()


@pytest.mark.parametrize("path", ["/", "/scalar"])
def test_keyboard_reaches_the_main_controls(open_page, path):
    watched = open_page(path, PHONE)
    page = watched.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"


def after_a_frame(page) -> None:
    """Returns once the browser has drawn a frame (and run what follows one, such as an
    IntersectionObserver's report)."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def expect_text(page, test_id: str, text: str) -> None:
    page.wait_for_function(
        '([id, text]) => { const el = document.querySelector(`[data-testid="${id}"]`);'
        " return el && el.textContent.trim() === text; }",
        arg=[test_id, text],
        timeout=10_000,
    )


def test_an_edit_while_plotly_is_on_its_way_brings_plotly_with_the_new_figure(open_page):
    watched = open_page("/scalar")
    page = watched.page
    held = []  # a slow network: Plotly.js comes once the reader's edit is shown
    page.route("**/assets/plotly-*", lambda route: held.append(route))
    with page.expect_request("**/assets/plotly-*"):
        point_at(page, page.locator("#chart-derivative"))  # Plotly is asked for
    page.fill("#input-x", "0, 2")  # and the reader edits before it comes
    expect_text(page, "mean-of-gradients", "0.1775")
    point_at(page, page.locator("#chart-derivative"))  # still at the chart
    for route in held:
        route.continue_()
    page.wait_for_function(
        "() => document.getElementById('chart-derivative').data"
        " && document.getElementById('chart-derivative').data[2].x.join(' ') === '0 2'",
        timeout=20_000,
    )
    assert page.locator("#chart-derivative .static-chart").count() == 0
    watched.assert_clean()


def test_a_refused_figures_address_leaves_the_server_s_drawing_in_place(open_page):
    """``/{kind}/figures`` answers a bad query with the API's 422: the chart is not magnified."""
    watched = open_page("/scalar")
    page = watched.page
    chart = page.locator("#chart-derivative")
    page.evaluate(  # every chart's: pointing picks up (charts.js) the first chart's figures too
        "() => document.querySelectorAll('.chart-plot[data-figures-url]').forEach("
        "(c) => c.setAttribute('data-figures-url', c.dataset.figuresUrl + '))'))"
    )
    with page.expect_response("**/scalar/figures?*") as answer:
        point_at(page, chart)
    assert answer.value.status == 422
    page.wait_for_function(  # Plotly.js and the answer are both in: magnify() has decided
        "() => window.Plotly && !document.getElementById('chart-derivative')"
        ".hasAttribute('data-magnifying')"
    )
    assert chart.locator(".static-chart").count() == 2  # the wide and narrow drawings stay
    assert chart.locator(".main-svg").count() == 0
    assert [e for e in watched.console_errors if "422" not in e] == []  # no script error
    assert watched.foreign_requests == []
