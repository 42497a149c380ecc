"""Plotly as the magnifying glass, in real Chromium: from the pointer entering a chart to hover
values on it, with a cold cache (a new browser profile each run) and a warm one (the same
profile, the page loaded again), at desktop and phone sizes, and the bytes of Plotly.js on the
wire for that first hover. Medians of ``--rounds`` runs; each round runs every way once, so a
busy machine weighs on all of them alike.

    python -m bench.magnify [--rounds 10] [--hand-ms 400] [--only "desktop, with intent"]

The reader's hand. *With intent*, as a reader reaches for a chart: on a desktop the pointer
starts on the form and travels to a point on the scalar explorer's derivative curve in
``--hand-ms`` (a minimum-jerk path, a mouse event every 16 ms), crossing into the charts' column
about a third of the way; on a phone (touch, mobile) the reader scrolls the chart into view and
touches it ``--hand-ms`` later. *Straight in*: the pointer appears at the chart's corner and
reaches the point in 64 ms (on a phone right after the scroll that brought the chart into view).
The hand does not wait for the page: each move is sent on time, and a page busy evaluating
Plotly.js handles them late, as it would a real mouse's. Once there the pointer trembles a pixel
either way, a move every 16 ms, until Plotly's hover label is there. Baseline from the same
rounds: straight in, cold, with the full plotly.min.js (4.8 MB) that the site served before in
place of the cartesian bundle (from another loopback server, uncompressed).

Columns, in ms from the pointer entering the chart (by the events' own times): Plotly.js
fetched (the preload's load event), its evaluation started (its script element added), Plotly.js
evaluated (its script's load event; negative when that came first), the figures arriving (GET
/scalar/figures), Plotly's drawing replacing the SVG, and the hover label. *values*: from the
pointer reaching its point to the hover label, what the page adds to the hand's own travel
(negative: the label was there before the pointer stopped). *lead*: from the page noticing
intent (its preload of Plotly.js) to the pointer entering the chart. *longest*: the longest
main-thread task after the page loaded (Plotly.js's evaluation, or a drawing): how long an edit
arriving just then would wait, which is why the page evaluates Plotly.js only after a pause in
typing. *fcp*: the page's first contentful paint, a gauge of how busy the machine is.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import http.server
import statistics
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import plotly
from playwright.async_api import BrowserContext, Page, async_playwright

from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from scripts.serving import start_app

PATH = "/scalar?f=sigmoid(x)&x=0,1"
FRAME_MS = 16  # one mouse event per frame, as a 60 Hz mouse gives
STEPS = (
    "lead",
    "fetched",
    "started",
    "plotly",
    "figure",
    "drawn",
    "hover",
    "values",
    "longest",
    "fcp",
)

WATCH = """
() => {
  window.magnify = {};
  const stamp = (name, at) => { if (!(name in magnify)) magnify[name] = at ?? performance.now(); };
  const chart = document.getElementById("chart-derivative");
  // Pointer events by when the hand made them: a busy page handles them late, and coalesced
  // (one event standing for the moves made meanwhile, each with its own time).
  const moves = (event) => (event.getCoalescedEvents && event.getCoalescedEvents().length
    ? event.getCoalescedEvents() : [event]);
  chart.addEventListener("pointermove", (e) => stamp("entered", moves(e)[0].timeStamp), true);
  addEventListener("pointermove", (event) => {  // the pointer on the point it was heading for
    const [x, y] = window.magnifyTarget || [NaN, NaN];
    const there = moves(event).find((move) =>
      Math.abs(move.clientX - x) <= 1.5 && Math.abs(move.clientY - y) <= 1.5);
    if (there) stamp("arrived", there.timeStamp);
  }, { capture: true });
  const seen = new WeakSet();
  const look = () => {
    const preload = document.querySelector("link[rel=preload][href*='plotly']");
    if (preload && !seen.has(preload)) {
      seen.add(preload);
      stamp("intent");
      preload.addEventListener("load", () => stamp("fetched"));
    }
    const script = document.querySelector("script[src*='plotly']");
    if (script && !seen.has(script)) {
      seen.add(script);
      stamp("started");
      script.addEventListener("load", () => stamp("plotly"));
    }
    if (chart.querySelector(".main-svg") && !chart.querySelector(".static-chart")) stamp("drawn");
    if (chart.querySelector(".hoverlayer .hovertext")) stamp("hover");
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true });
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
    if (entry.name.includes("/figures?")) magnify.figure = entry.responseEnd;
  })).observe({ type: "resource", buffered: true });
  magnify.longest = 0;  // the longest main-thread task from here on: Plotly.js's evaluation
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
    magnify.longest = Math.max(magnify.longest, entry.duration);
  })).observe({ type: "longtask", buffered: false });
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


def paced(page: Page, points: list[tuple[float, float]]) -> list[asyncio.Future]:
    """Start moving the mouse through ``points``, one every FRAME_MS on the clock. A hand does not
    wait for the page: each move is sent on time, whether or not the page has handled the last
    (a page busy evaluating Plotly.js handles them late, as it would a real mouse's)."""
    return [
        asyncio.ensure_future(_move_at(page, x, y, i * FRAME_MS)) for i, (x, y) in enumerate(points)
    ]


async def _move_at(page: Page, x: float, y: float, after_ms: float) -> None:
    await asyncio.sleep(after_ms / 1000)
    await page.mouse.move(x, y)


def hand_path(
    start: tuple[float, float], end: tuple[float, float], ms: float
) -> list[tuple[float, float]]:
    steps = max(2, round(ms / FRAME_MS))
    return [
        (start[0] + (end[0] - start[0]) * s, start[1] + (end[1] - start[1]) * s)
        for s in (minimum_jerk(i / steps) for i in range(1, steps + 1))
    ]


async def until_hover(page: Page, target: tuple[float, float], after_ms: float) -> None:
    """Once the hand is there (``after_ms``), the pointer trembles around ``target``, a move every
    FRAME_MS, until the hover label is there (at most 20 s)."""
    tremble = [(target[0] + dx, target[1]) for dx in (1, 0, -1, 0)] * 300
    moves = [
        asyncio.ensure_future(_move_at(page, x, y, after_ms + i * FRAME_MS))
        for i, (x, y) in enumerate(tremble)
    ]
    try:
        await page.wait_for_function("() => window.magnify.hover !== undefined", timeout=20_000)
    finally:
        for move in moves:
            move.cancel()
        await asyncio.gather(*moves, return_exceptions=True)


async def one_round(page: Page, url: str, phone: bool, intent: bool, hand_ms: float) -> dict:
    """Milliseconds from the pointer entering the chart to each step, for one page load."""
    await page.goto(url)
    await page.wait_for_load_state("load")
    await page.evaluate(WATCH)
    chart = page.locator("#chart-derivative")
    if phone:  # the reader scrolls the chart into view, then touches it
        box = await chart.bounding_box()
        viewport = page.viewport_size
        await page.mouse.move(1, 1)
        await page.mouse.wheel(0, box["y"] + box["height"] / 2 - viewport["height"] / 2)
        await page.wait_for_function("() => Math.abs(scrollY) > 100")
        if intent:
            await asyncio.sleep(hand_ms / 1000)
    box = await chart.bounding_box()
    target = (box["x"] + box["width"] * 0.36, box["y"] + box["height"] * 0.2)  # x = 0
    await page.evaluate("(target) => { window.magnifyTarget = target; }", list(target))
    if phone or not intent:
        corner = (box["x"] + 3, box["y"] + 3)
        path = [corner, *hand_path(corner, target, 4 * FRAME_MS)]
    else:
        field = await page.locator("#input-f").bounding_box()
        start = (field["x"] + field["width"] / 2, field["y"] + field["height"] / 2)
        await page.mouse.move(*start)
        path = hand_path(start, target, hand_ms)
    moves = paced(page, path)
    await until_hover(page, target, len(path) * FRAME_MS)
    await asyncio.gather(*moves)
    marks = await page.evaluate("() => window.magnify")
    entered = marks["entered"]
    times = {name: marks[name] - entered for name in STEPS[1:-3] if name in marks}
    times["values"] = marks["hover"] - marks["arrived"]
    if "intent" in marks:
        times["lead"] = entered - marks["intent"]
    times["longest"], times["fcp"] = marks["longest"], marks["fcp"]
    return times


async def plotly_on_the_wire(context: BrowserContext, page: Page) -> list[Wire]:
    """Start counting Plotly.js's bytes on ``page``; the list fills as responses finish."""
    session = await context.new_cdp_session(page)
    await session.send("Network.enable")
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

    times: list[dict] = field(default_factory=list)
    wire_bytes: list[int] = field(default_factory=list)
    encodings: set[str] = field(default_factory=set)
    handed: bool = False  # the full bundle, from the baseline's own server

    def wire(self) -> str:
        if self.handed:
            return "— (4.8 MB, uncompressed, from another loopback server)"
        kilobytes = statistics.median(self.wire_bytes) / 1000
        return f"{kilobytes:.0f} kB {'/'.join(sorted(self.encodings))}".strip()


@dataclass(frozen=True)
class Way:
    """A device, a hand and a bundle."""

    phone: bool
    intent: bool
    full: bool = False

    @property
    def label(self) -> str:
        device = "phone" if self.phone else "desktop"
        if self.full:
            return f"{device}, full bundle, straight in"
        return f"{device}, {'with intent' if self.intent else 'straight in'}"


@contextlib.contextmanager
def full_bundle_server() -> Iterator[str]:
    """The baseline: the full plotly.min.js of the ``plotly`` package (what the site served
    before), from a plain HTTP server on loopback; its address."""
    handler = functools.partial(QuietHandler, directory=str(FULL_BUNDLE.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{FULL_BUNDLE.name}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


FULL_BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


async def one_profile(
    browser, url: str, way: Way, hand_ms: float, cold: Runs, warm: Runs, full_url: str
) -> None:
    """A cold run in a new browser profile, then (but for the baseline) a warm one in it."""
    context = await browser.new_context(
        viewport=PHONE if way.phone else DESKTOP, has_touch=way.phone, is_mobile=way.phone
    )
    if way.full:  # the page asks for the cartesian bundle and gets the full one instead
        await context.route(
            "**/assets/plotly-cartesian-*", lambda route: route.continue_(url=full_url)
        )
        cold.handed = True
    page = await context.new_page()
    wire = await plotly_on_the_wire(context, page)
    for runs in (cold,) if way.full else (cold, warm):  # warm: the same profile, from the cache
        before = len(wire)
        runs.times.append(await one_round(page, url, way.phone, way.intent, hand_ms))
        runs.wire_bytes.append(sum(w.bytes for w in wire[before:]))
        runs.encodings.update(w.encoding for w in wire[before:] if w.bytes)
    await context.close()


def median(rounds: list[dict], name: str) -> float | None:
    values = [r[name] for r in rounds if name in r]
    return statistics.median(values) if values else None


async def measure(url: str, ways: list, results: dict, rounds: int, hand_ms: float) -> None:
    """Every way once in each round (a busy machine hits all alike), ``rounds`` times."""
    with full_bundle_server() as full_url:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(rounds):
                for way in ways:
                    await one_profile(browser, url, way, hand_ms, *results[way], full_url)
            await browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--hand-ms", type=float, default=400)
    parser.add_argument("--only", default="", help="the ways whose label contains this")
    args = parser.parse_args()
    ways = [Way(phone, intent) for phone in (False, True) for intent in (True, False)]
    ways += [Way(False, False, full=True), Way(True, False, full=True)]
    ways = [way for way in ways if args.only in way.label]
    results = {way: (Runs(), Runs()) for way in ways}
    process, base = start_app()
    try:
        asyncio.run(measure(base + PATH, ways, results, args.rounds, args.hand_ms))
    finally:
        process.terminate()
        process.wait(timeout=20)
    rows = [(f"{way.label}, cold", results[way][0]) for way in ways]
    rows += [(f"{way.label}, warm", results[way][1]) for way in ways if not way.full]
    print(f"medians of {args.rounds} runs, ms from the pointer entering the chart")
    print(f"{'':44}" + "".join(f"{name:>9}" for name in STEPS) + "   Plotly.js on the wire")
    for label, runs in rows:
        cells = "".join(
            f"{'—' if (m := median(runs.times, name)) is None else f'{m:.0f}':>9}" for name in STEPS
        )
        print(f"{label:44}{cells}   {runs.wire()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
