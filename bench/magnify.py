"""Plotly as the magnifying glass, in real Chromium: from the pointer entering a chart to hover
values on it, with a cold cache (a new browser profile) and a warm one (the same profile, the
page loaded again), and where that time goes.

    python -m bench.magnify [--rounds 5]

The pointer moves into the scalar explorer's derivative chart and stays on a point; the time is
taken in the page from the first pointer event in the chart until Plotly's hover label is
there. On the way: Plotly.js arriving and evaluated (its script's load event), the chart's
figure arriving (GET /scalar/figures), and Plotly's first drawing replacing the SVG. As a
baseline from the same rounds, the same pages' time from navigation to the first paint.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from playwright.sync_api import sync_playwright

from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS, DESKTOP
from scripts.serving import start_app

WATCH = """
() => {
  window.magnify = {};
  const stamp = (name) => { if (!(name in magnify)) magnify[name] = performance.now(); };
  const chart = document.getElementById("chart-derivative");
  chart.addEventListener("pointermove", () => stamp("entered"), { capture: true });
  new MutationObserver(() => {
    const script = document.querySelector("script[src*='plotly']");
    if (script && !script.watched) {
      script.watched = true;
      script.addEventListener("load", () => stamp("plotly"));
    }
    if (chart.querySelector(".main-svg") && !chart.querySelector(".static-chart")) stamp("drawn");
    if (chart.querySelector(".hoverlayer .hovertext")) stamp("hover");
  }).observe(document, { subtree: true, childList: true });
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
    if (entry.name.includes("/figures?")) magnify.figure = entry.responseEnd;
  })).observe({ type: "resource", buffered: false });
}
"""


def one_round(page, url: str) -> dict[str, float]:
    """Milliseconds from the pointer entering the chart to each step, for one page load."""
    page.goto(url)
    page.evaluate(WATCH)
    box = page.locator("#chart-derivative").bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + 3)
    # onto the curve's first point (x = 0): hover values appear once Plotly is there
    target = (box["x"] + box["width"] * 0.36, box["y"] + box["height"] * 0.2)
    page.mouse.move(*target, steps=4)
    page.wait_for_function("() => window.magnify.drawn !== undefined", timeout=30_000)
    for dx in (1, -1, 2, -2, 3):  # the pointer trembles a little, as a hand does
        page.mouse.move(target[0] + dx, target[1])
        if page.evaluate("() => window.magnify.hover !== undefined"):
            break
        page.wait_for_timeout(30)
    marks = page.evaluate("() => window.magnify")
    entered = marks["entered"]
    return {
        name: marks[name] - entered
        for name in ("plotly", "figure", "drawn", "hover")
        if name in marks
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    process, base = start_app()
    url = f"{base}/scalar?f=sigmoid(x)&x=0,1"
    cold: list[dict[str, float]] = []
    warm: list[dict[str, float]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.rounds):
                context = browser.new_context(viewport=DESKTOP)
                page = context.new_page()
                cold.append(one_round(page, url))
                warm.append(one_round(page, url))  # the same profile: Plotly.js from the cache
                context.close()
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    for label, rounds in (("cold cache", cold), ("warm cache", warm)):
        steps = {
            name: statistics.median(r[name] for r in rounds if name in r)
            for name in ("plotly", "figure", "drawn", "hover")
            if any(name in r for r in rounds)
        }
        where = ", ".join(f"{name} {ms:.0f} ms" for name, ms in steps.items())
        print(f"{label}: from the pointer entering the chart (medians of {len(rounds)}): {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
