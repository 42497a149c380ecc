"""Watching descent and training in real Chromium: play, pause, step and scrub by keyboard; the
address follows the frame; an embed shows a chosen frame."""

import pytest

from scripts.screenshot import DESKTOP, PHONE
from tests.browser.conftest import watch
from tests.browser.test_pages_in_chromium import expect_text, no_horizontal_scroll, wait_for_charts
from tests.conftest import serving


def status(page) -> str:
    return page.locator(".player-status").inner_text()


DRAWN_FRAMES = """document.addEventListener("gl:rendered", (event) => {
  const player = event.detail.player;
  (window.__drawnFrames = window.__drawnFrames || []).push(player ? player.frame : undefined);
}, true);"""


def test_play_runs_to_the_end_and_pause_stops(browser, server_url):
    watched = watch(browser, server_url, DESKTOP)
    page = watched.page
    page.clock.install()  # runs as usual, until the test moves it on by itself
    page.add_init_script(DRAWN_FRAMES)
    page.goto(server_url + "/model?steps=12")
    wait_for_charts(page, 3)
    assert status(page) == "step 12 of 12"
    page.get_by_role("button", name="Play").click()  # at the end: plays from the start
    page.wait_for_function(
        "() => /step [0-9] of 12/.test(document.querySelector('.player-status').textContent)"
    )
    page.wait_for_function(
        "() => document.querySelector('.player-toggle').textContent === 'Play'", timeout=30_000
    )
    assert status(page) == "step 12 of 12"
    assert page.get_attribute(".player-toggle", "aria-pressed") == "false"
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(
        "() => /step [1-9] of 12/.test(document.querySelector('.player-status').textContent)"
    )
    page.get_by_role("button", name="Pause").click()
    stopped = status(page)
    step = int(stopped.split()[1])
    frame = "null" if step == 12 else step  # the last step's answer names no frame
    page.wait_for_function(f"() => (window.__drawnFrames || []).includes({frame})")
    # Playing, the next frame would be asked for 120 ms after this one was drawn; a second on
    # the page's clock, every timer due in it run, and the player has not moved on.
    page.clock.run_for(1000)
    assert status(page) == stopped
    watched.assert_clean()
    page.context.close()


def test_keyboard_scrubbing_moves_the_frame_and_the_address(open_page):
    watched = open_page("/model?steps=20")
    page = watched.page
    wait_for_charts(page, 3)
    page.focus(".player-range")
    page.keyboard.press("Home")
    expect_frame = "() => location.search.includes('step=0')"
    page.wait_for_function(expect_frame)
    assert status(page) == "step 0 of 20"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('step=3')")
    assert page.get_attribute(".player-range", "aria-valuetext") == "step 3 of 20"
    # the losses chart, back to the server's drawing, holds the first four steps of each variant
    page.wait_for_function(f"() => ({drawn_points('chart-losses')})() === 4")
    page.get_by_role("button", name="One frame back").click()
    page.wait_for_function("() => location.search.includes('step=2')")
    page.fill("#input-learning_rate", "0.05")  # a new run: shown at its end
    page.wait_for_function("() => !location.search.includes('step=')")
    assert status(page) == "step 20 of 20"
    watched.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_an_embed_shows_the_chosen_frame(open_page, viewport):
    watched = open_page("/embed/model?steps=20&step=3&chart=losses", viewport)
    page = watched.page
    wait_for_charts(page, 1)
    page.wait_for_function("() => document.getElementById('chart-losses').data[0].x.length === 4")
    assert no_horizontal_scroll(page)
    watched.assert_clean()


def test_the_step_field_error_is_shown_and_cleared(open_page):
    watched = open_page("/model?steps=20&step=25")
    page = watched.page
    page.locator("#error-step").get_by_text("step 25 is past the end").wait_for()
    page.fill("#input-steps", "30")
    expect_text(page, "loss-value", "5.2360")
    watched.assert_clean()


WATCH_STATUS = """() => { window.__seen = [];
  const status = document.querySelector('.player-status');
  new MutationObserver(() => window.__seen.push(status.textContent))
    .observe(status, {childList: true, characterData: true, subtree: true}); }"""


def open_the_socket(page) -> None:
    """A first edit goes by GET while the live socket opens; the next ones use the socket."""
    page.fill("#input-epochs", "61")
    page.wait_for_function("() => location.search.includes('epochs=61')")
    page.fill("#input-epochs", "60")
    page.wait_for_function("() => location.search.includes('epochs=60')")


@pytest.fixture(scope="module")
def framing_server_url():
    """A server whose live feed sends every frame of a run on its way, however quick the run
    (FRAMES_AFTER_MS and FRAMES_EVERY_MS, app/settings.py)."""
    with serving(FRAMES_AFTER_MS="0", FRAMES_EVERY_MS="0") as url:
        yield url


def test_a_new_network_run_is_drawn_as_it_trains(browser, framing_server_url):
    watched = watch(browser, framing_server_url, DESKTOP)
    page = watched.page
    page.goto(framing_server_url + "/network?epochs=60")
    wait_for_charts(page, 4)
    open_the_socket(page)
    page.evaluate(WATCH_STATUS)
    page.fill("#input-seed", "11")  # a run not trained yet: the socket streams it
    page.wait_for_function("() => window.__seen.includes('epoch 60 of 60')", timeout=15_000)
    seen = page.evaluate("window.__seen")
    assert seen[0] == "epoch 0 of 60" and len(seen) >= 3  # frames from the first epoch on
    page.get_by_text("accuracy").first.wait_for()
    watched.assert_clean()
    page.context.close()


def test_a_quick_run_is_drawn_once_when_trained(open_page):
    watched = open_page("/network?epochs=20")  # the usual server: frames after 100 ms only
    page = watched.page
    wait_for_charts(page, 4)
    page.fill("#input-epochs", "21")
    page.wait_for_function("() => location.search.includes('epochs=21')")
    page.evaluate(WATCH_STATUS)
    page.fill("#input-seed", "13")  # trained in a few ms: one answer, the whole run
    page.wait_for_function("() => window.__seen.includes('epoch 21 of 21')", timeout=15_000)
    assert page.evaluate("window.__seen") == ["epoch 21 of 21"]
    watched.assert_clean()


def test_reduced_motion_shows_only_the_finished_run(browser, framing_server_url):
    watched = watch(browser, framing_server_url, DESKTOP, reduced_motion="reduce")
    page = watched.page
    answers = []  # what the socket brings: the server is asked for no frames on the way
    page.on("websocket", lambda s: s.on("framereceived", lambda frame: answers.append(frame)))
    page.goto(framing_server_url + "/network?epochs=60")
    wait_for_charts(page, 4)
    open_the_socket(page)
    page.evaluate(WATCH_STATUS)
    answers.clear()
    page.fill("#input-seed", "12")  # a new run, on a server that sends every frame it can
    page.wait_for_function("() => window.__seen.includes('epoch 60 of 60')", timeout=15_000)
    assert page.evaluate("window.__seen") == ["epoch 60 of 60"]
    assert len(answers) == 1 and '"partial":false' in answers[0]
    assert page.get_attribute(".player-toggle", "aria-pressed") == "false"
    watched.assert_clean()
    page.context.close()


def test_network_epochs_play_and_link(open_page):
    watched = open_page("/network?epochs=10")
    page = watched.page
    wait_for_charts(page, 4)
    page.focus(".player-range")
    page.keyboard.press("Home")
    page.wait_for_function("() => location.search.includes('epoch=0')")
    page.get_by_text("The gradient at the start, layer by layer").wait_for()
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(
        "() => document.querySelector('.player-toggle').textContent === 'Play'", timeout=30_000
    )
    assert status(page) == "epoch 10 of 10"
    page.get_by_text("The gradient after epoch 10, layer by layer").wait_for()
    watched.assert_clean()


def drawn_points(chart: str) -> str:
    """A script that counts the points of the first trace in the server's drawing of ``chart``."""
    return (
        f"() => (document.querySelector('#{chart} .static-wide [data-trace=\"0\"] path')"
        "?.getAttribute('d').match(/[ML]/g) || []).length"
    )


LOSS_POINTS = drawn_points("chart-loss")


def test_a_printout_shows_the_last_frame_then_the_page_goes_back(open_page):
    watched = open_page("/network?epochs=10&epoch=4")
    page = watched.page
    page.wait_for_function(f"() => ({LOSS_POINTS})() === 5")
    page.wait_for_load_state("networkidle")  # the last frame's answer, asked for at load
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(LOSS_POINTS) == 11  # every chart, in view or not, at epoch 10
    assert "after 10 epochs" in page.locator("#results").inner_text()
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_function(f"() => ({LOSS_POINTS})() === 5")
    assert "after 4 of 10 epochs" in page.locator("#results").inner_text()
    assert "epoch=4" in page.evaluate("location.search")
    watched.assert_clean()


def test_a_slow_answer_marks_the_charts_and_results_busy_until_it_comes(browser, server_url):
    watched = watch(browser, server_url, DESKTOP)
    page = watched.page
    page.add_init_script("delete window.WebSocket")  # by GET, which the test can slow down

    page.goto(server_url + "/network?epochs=20")
    wait_for_charts(page, 4)
    held = []  # a long run, or a slow network: the answer comes once the page shows it waits
    page.route("**/network/live?*", lambda route: held.append(route))
    page.fill("#input-seed", "14")
    busy = "() => ['network-charts', 'results'].every(id =>"
    busy += " document.getElementById(id).getAttribute('aria-busy') === 'true')"
    page.wait_for_function(busy, timeout=5_000)  # after 200 ms without an answer
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_function("() => location.search.includes('seed=14')", timeout=10_000)
    assert page.locator("[aria-busy]").count() == 0  # the answer came: nothing is busy
    watched.assert_clean()
    page.context.close()
