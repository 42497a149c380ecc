"""Live update latency in real Chromium: from a changed input to the redrawn chart and numbers
(the page's own JS -> the /scalar/live feed -> Plotly.react), over >= 100 distinct updates.

    python -m bench.live_update [--updates 120]

Each update moves a point to a new value, so no answer comes from a cache. Timed in the page
from the input event until the frame that shows the new figures has been painted (the task
after its animation frame). Two paces: edits --pause ms apart, each starting from a settled
page as a keystroke does (the latency a reader feels; targets of issue 7: median <= 33 ms,
p95 <= 50 ms on the sigmoid example), and edits back to back, as from a dragged slider, where
each update also pays for the previous one's painting (reported, with updates per second).
The page asks its feed over a WebSocket; the same edits asked by GET alone (a page without
WebSocket, as behind a proxy that refuses them) are timed in the same run, as the baseline.
For the typing pace it also says where the time goes: until the answer arrives, drawing it
(the charts, panels and legends), and the painted frame after that. Last, the same typing on a
phone, where the charts are out of view below the form and wait to be drawn until they scroll
in (static/js/charts.js): what a reader pays per keystroke there.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from playwright.sync_api import sync_playwright

from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from scripts.serving import start_app

BLOCKS = 4
MEASURE = """
async ([updates, pause, offset, chartsInView]) => {
  const form = document.getElementById("scalar-form");
  const input = document.getElementById("input-x");
  const afterPaint = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const feed = GradientLens.LiveFeed.prototype;
  if (!feed.untimedAsk) {  // note when each answer arrives, just before the page draws it
    feed.untimedAsk = feed.ask;
    feed.ask = function (query) {
      return this.untimedAsk(query).then((answer) => {
        window.answeredAt = performance.now();
        return answer;
      });
    };
  }
  const times = [];  // per edit: [until painted, until answered, until drawn], ms from the edit
  for (let k = 0; k < updates; k++) {
    if (pause) { await new Promise((done) => setTimeout(done, pause)); await afterPaint(); }
    const rendered = new Promise((ok) => form.addEventListener("gl:rendered", ok, {once: true}));
    const started = performance.now();
    const point = (1 + offset + (k + 1) / 997).toFixed(6);  // 7 digits, as figures send them
    input.value = `0, ${point}`;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    await rendered;
    const drawn = performance.now();
    await afterPaint();
    times.push([performance.now() - started, window.answeredAt - started, drawn - started]);
    for (const chart of document.querySelectorAll(".chart-plot")) {  // drawn, or waiting?
      if ((chart.data[2].x[1] === Number(point)) !== chartsInView) throw new Error(chart.id);
    }
  }
  return times;
}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=120)
    parser.add_argument("--pause", type=int, default=100, help="ms between edits (typing pace)")
    args = parser.parse_args()
    process, base = start_app()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            socket_page, get_page = (open_page(browser, base, socket) for socket in (True, False))
            typing, typing_get = [], []
            for block in range(BLOCKS):  # alternate, so that both meet the same noise
                for lane, (page, times) in enumerate(
                    ((socket_page, typing), (get_page, typing_get))
                ):
                    page.bring_to_front()  # the page in front, as the reader's would be
                    offset = 1 + (2 * block + lane) / (2 * BLOCKS)  # every edit a new query
                    times += page.evaluate(
                        MEASURE, [args.updates // BLOCKS, args.pause, offset, True]
                    )
            socket_page.bring_to_front()
            dragging = [t[0] for t in socket_page.evaluate(MEASURE, [args.updates, 0, 3, True])]
            phone = open_page(browser, base, True, PHONE)
            phone.focus("#input-x")  # the form in view, the charts below it
            phone_typing = sorted(
                t[0] for t in phone.evaluate(MEASURE, [args.updates, args.pause, 4, False])
            )
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    phases = typing
    typing, typing_get = sorted(t[0] for t in typing), sorted(t[0] for t in typing_get)
    dragging = sorted(dragging)
    median, p95 = summary(typing)
    get_median, get_p95 = summary(typing_get)
    print(
        f"{len(typing)} edits {args.pause} ms apart: median {median:.1f} ms, p95 {p95:.1f} ms,"
        f" max {typing[-1]:.1f} ms (targets 33 / 50 ms)"
    )
    print(
        f"  the same by GET alone: median {get_median:.1f} ms, p95 {get_p95:.1f} ms;"
        f" the socket takes {median / get_median:.2f} x the median, {p95 / get_p95:.2f} x the p95"
    )
    answered = statistics.median(t[1] for t in phases)
    drawn = statistics.median(t[2] - t[1] for t in phases)
    painted = statistics.median(t[0] - t[2] for t in phases)
    print(
        f"  where the time goes (medians): the answer arrives after {answered:.1f} ms, drawing"
        f" it takes {drawn:.1f} ms, and the painted frame {painted:.1f} ms more"
    )
    drag_median, drag_p95 = summary(dragging)
    print(
        f"{len(dragging)} edits back to back (a dragged slider): median {drag_median:.1f} ms,"
        f" p95 {drag_p95:.1f} ms, {1000 * len(dragging) / sum(dragging):.0f} updates a second"
    )
    phone_median, phone_p95 = summary(phone_typing)
    print(
        f"{len(phone_typing)} edits {args.pause} ms apart on a phone, the charts out of view"
        f" (drawn as they scroll in): median {phone_median:.1f} ms, p95 {phone_p95:.1f} ms"
    )
    return 0 if median <= 33 and p95 <= 50 else 1


def open_page(browser, base: str, websocket: bool, viewport: dict = DESKTOP):
    """The sigmoid example with Plotly loaded and the feed warmed up; without ``websocket``
    the page finds no WebSocket and asks by GET. On the desktop both charts are in view."""
    page = browser.new_page(viewport=viewport)
    if not websocket:
        page.add_init_script("delete window.WebSocket")
    page.goto(f"{base}/scalar?f=sigmoid(x)&x=0,1")
    page.mouse.move(3, 3)  # the first interaction brings in Plotly
    page.wait_for_function("() => document.querySelectorAll('.main-svg').length >= 2")
    page.evaluate(MEASURE, [10, 0, 0, viewport == DESKTOP])  # warm-up; opens the socket
    return page


def summary(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


if __name__ == "__main__":
    sys.exit(main())
