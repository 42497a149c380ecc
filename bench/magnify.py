"""Plotly as the magnifying glass, in real Chromium: from the pointer entering a chart to hover
values on it, with a cold cache (a new browser profile each run) and a warm one (the same
profile, the page loaded again), at desktop and phone sizes, and the bytes of Plotly.js on the
wire for that first hover.

    python -m bench.magnify [--rounds 10] [--hand-ms 400]

The reader's hand, two ways. *With intent*, as a reader reaches for a chart: on a desktop the
pointer starts on the form and travels to a point of the scalar explorer's derivative chart in
``--hand-ms`` (a smooth minimum-jerk path, a mouse event every 16 ms), crossing the charts'
column on the way; on a phone the reader scrolls the chart into view and touches it
``--hand-ms`` later. *Straight in*: the pointer appears in the chart with no lead (the worst
case, and what every reader got before the glass was picked up on intent). Once in the chart
the pointer keeps moving a pixel at a time, as a hand does, until Plotly's hover label is there.

Times are taken in the page from the first pointer event in the chart: Plotly.js evaluated (its
script's load event; negative when that came before the pointer), the figures arriving (GET
/scalar/figures), Plotly's drawing replacing the SVG, and the hover label. The lead is the time
from the page noticing intent (its preload of Plotly.js) to the pointer entering the chart. As a
baseline from the same runs, the page's first contentful paint (how busy the machine is).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass

from playwright.sync_api import BrowserContext, Page, sync_playwright

from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from scripts.serving import start_app

PATH = "/scalar?f=sigmoid(x)&x=0,1"
FRAME_MS = 16  # one mouse event per frame, as a 60 Hz mouse gives
STEPS = ("lead", "plotly", "figure", "drawn", "hover", "fcp")

WATCH = """
() => {
  window.magnify = {};
  const stamp = (name) => { if (!(name in magnify)) magnify[name] = performance.now(); };
  const chart = document.getElementById("chart-derivative");
  chart.addEventListener("pointermove", () => stamp("entered"), { capture: true });
  const seen = new WeakSet();
  const look = () => {
    if (document.querySelector("link[rel=preload][href*='plotly']")) stamp("intent");
    const script = document.querySelector("script[src*='plotly']");
    if (script && !seen.has(script)) {
      seen.add(script);
      script.addEventListener("load", () => stamp("plotly"));
    }
    if (chart.querySelector(".main-svg") && !chart.querySelector(".static-chart")) stamp("drawn");
    if (chart.querySelector(".hoverlayer .hovertext")) stamp("hover");
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true });
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
    if (entry.name.includes("/figures?")) magnify.figure = entry.responseEnd;
  })).observe({ type: "resource", buffered: true });
  const paint = performance.getEntriesByType("paint")
    .find((entry) => entry.name === "first-contentful-paint");
  magnify.fcp = paint ? paint.startTime : NaN;
}
"""


@dataclass
class Wire:
    """Bytes of Plotly.js that came over the network, and in which encoding."""

    bytes: int = 0
    encoding: str = ""


def minimum_jerk(t: float) -> float:
    """Where a hand is, as a fraction of its way, at fraction ``t`` of its movement's time."""
    return 10 * t**3 - 15 * t**4 + 6 * t**5


def paced(page: Page, points: list[tuple[float, float]]) -> None:
    """Move the mouse through ``points``, one every FRAME_MS on the clock."""
    start = time.perf_counter()
    for index, (x, y) in enumerate(points):
        delay = start + index * FRAME_MS / 1000 - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        page.mouse.move(x, y)


def hand_path(
    start: tuple[float, float], end: tuple[float, float], ms: float
) -> list[tuple[float, float]]:
    steps = max(2, round(ms / FRAME_MS))
    return [
        (start[0] + (end[0] - start[0]) * s, start[1] + (end[1] - start[1]) * s)
        for s in (minimum_jerk(i / steps) for i in range(1, steps + 1))
    ]


def until_hover(page: Page, target: tuple[float, float]) -> None:
    """The pointer trembles around ``target`` until the hover label is there (at most 20 s),
    looked for every few moves so that the moves come as often as the driver can send them."""
    deadline = time.perf_counter() + 20
    tremble = [(target[0] + dx, target[1]) for dx in (1, 0, -1, 0)]
    while not page.evaluate("() => window.magnify.hover !== undefined"):
        if time.perf_counter() > deadline:
            raise RuntimeError("no hover label after 20 s")
        paced(page, tremble)


def one_round(page: Page, url: str, phone: bool, intent: bool, hand_ms: float) -> dict:
    """Milliseconds from the pointer entering the chart to each step, for one page load."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate(WATCH)
    chart = page.locator("#chart-derivative")
    if phone:  # the reader scrolls the chart into view, then touches it
        box = chart.bounding_box()
        viewport = page.viewport_size
        page.mouse.move(1, 1)
        page.mouse.wheel(0, box["y"] + box["height"] / 2 - viewport["height"] / 2)
        page.wait_for_function("() => Math.abs(scrollY) > 100")
        if intent:
            time.sleep(hand_ms / 1000)
    box = chart.bounding_box()
    target = (box["x"] + box["width"] * 0.36, box["y"] + box["height"] * 0.2)  # x = 0
    if phone or not intent:
        corner = (box["x"] + 3, box["y"] + 3)
        paced(page, [corner, *hand_path(corner, target, 4 * FRAME_MS)])
    else:
        field = page.locator("#input-f").bounding_box()
        start = (field["x"] + field["width"] / 2, field["y"] + field["height"] / 2)
        page.mouse.move(*start)
        paced(page, hand_path(start, target, hand_ms))
    until_hover(page, target)
    marks = page.evaluate("() => window.magnify")
    entered = marks["entered"]
    times = {name: marks[name] - entered for name in STEPS[1:-1] if name in marks}
    if "intent" in marks:
        times["lead"] = entered - marks["intent"]
    times["fcp"] = marks["fcp"]
    return times


def plotly_on_the_wire(context: BrowserContext, page: Page) -> list[Wire]:
    """Start counting Plotly.js's bytes on ``page``; the list fills as responses finish."""
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    wires: list[Wire] = []
    urls: dict[str, tuple[str, str]] = {}

    def response(event: dict) -> None:
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        urls[event["requestId"]] = (event["response"]["url"], headers.get("content-encoding", ""))

    def finished(event: dict) -> None:
        url, encoding = urls.get(event["requestId"], ("", ""))
        if "/assets/plotly" in url:
            wires.append(Wire(int(event["encodedDataLength"]), encoding))

    session.on("Network.responseReceived", response)
    session.on("Network.loadingFinished", finished)
    return wires


@dataclass
class Runs:
    """One way of reaching for the chart: times and Plotly.js bytes of each run."""

    times: list[dict]
    wire_bytes: list[int]
    encodings: set[str]

    def wire(self) -> str:
        kilobytes = statistics.median(self.wire_bytes) / 1000
        return f"{kilobytes:.0f} kB {'/'.join(sorted(self.encodings)) or ''}".strip()


def run(browser, url: str, phone: bool, intent: bool, rounds: int, hand_ms: float):
    """Cold and warm runs, each cold one in a new browser profile."""
    cold, warm = Runs([], [], set()), Runs([], [], set())
    for _ in range(rounds):
        context = browser.new_context(
            viewport=PHONE if phone else DESKTOP, has_touch=phone, is_mobile=phone
        )
        page = context.new_page()
        wire = plotly_on_the_wire(context, page)
        for runs in (cold, warm):  # warm: the same profile, Plotly.js from the cache
            before = len(wire)
            runs.times.append(one_round(page, url, phone, intent, hand_ms))
            runs.wire_bytes.append(sum(w.bytes for w in wire[before:]))
            runs.encodings.update(w.encoding for w in wire[before:] if w.bytes)
        context.close()
    return cold, warm


def median(rounds: list[dict], name: str) -> float | None:
    values = [r[name] for r in rounds if name in r]
    return statistics.median(values) if values else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--hand-ms", type=float, default=400)
    args = parser.parse_args()
    process, base = start_app()
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for phone in (False, True):
                for intent in (True, False):
                    cold, warm = run(browser, base + PATH, phone, intent, args.rounds, args.hand_ms)
                    device = "phone" if phone else "desktop"
                    hand = "with intent" if intent else "straight in"
                    rows.append((f"{device}, {hand}, cold", cold))
                    rows.append((f"{device}, {hand}, warm", warm))
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    print(f"medians of {args.rounds} runs, ms from the pointer entering the chart")
    print(f"{'':34}" + "".join(f"{name:>9}" for name in STEPS) + "   Plotly.js on the wire")
    for label, runs in rows:
        cells = "".join(
            f"{'—' if (m := median(runs.times, name)) is None else f'{m:.0f}':>9}" for name in STEPS
        )
        print(f"{label:34}{cells}   {runs.wire()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
