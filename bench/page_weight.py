"""Page weight in real Chromium: bytes over the wire for a first visit, for the pointer first
entering a chart (which brings in Plotly.js and the figures), for a revisit with the browser's
cache, and for a reload (the reader asks for the page again: its HTML is revalidated, nothing
else).

    python -m bench.page_weight

Counted by the DevTools protocol (``encodedDataLength`` of every finished load: compressed
bodies plus headers; a cache hit costs nothing). Sizes do not vary from run to run, so they are
printed as they are. Every asset is served under a versioned address with ``Cache-Control:
immutable``, so a revisit does not even ask for them; pages may be kept for ten minutes and are
revalidated by ETag after that, which is what a reload does at once.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from playwright.sync_api import Page, sync_playwright

from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS, PHONE
from scripts.serving import start_app

PAGES = ("/", "/scalar", "/model", "/network")


@dataclass
class Transfer:
    """Bytes and responses that came over the network (a cache hit counts for neither)."""

    bytes: int = 0
    responses: int = 0

    def add(self, event: dict) -> None:
        size = int(event["encodedDataLength"])
        self.bytes += size
        self.responses += size > 0


def main() -> int:
    process, base = start_app()
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for path in PAGES:
                context = browser.new_context(viewport=PHONE)  # a fresh, empty cache
                page = context.new_page()
                rows.append((path, *measure(page, base + path)))
                context.close()
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    columns = ("first visit", "first interaction", "revisit", "reload")
    print(f"{'page':10}" + "".join(f"{column:>24}" for column in columns))
    for path, *transfers in rows:
        print(f"{path:10}" + "".join(f"{kilobytes(t):>24}" for t in transfers))
    return 0


def measure(page: Page, url: str) -> list[Transfer]:
    """Transfers of a first visit, the first interaction after it, a second visit, a reload."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    current = [Transfer()]
    session.on("Network.loadingFinished", lambda event: current[0].add(event))

    page.goto(url)
    page.wait_for_load_state("networkidle")
    first = current[0]

    current[0] = Transfer()
    point_at_first_chart(page, 0)  # pointing at a chart brings in Plotly.js and the figures
    page.wait_for_function("() => document.querySelectorAll('.main-svg').length > 0")
    page.wait_for_load_state("networkidle")
    interaction = current[0]

    def revisit() -> None:
        page.goto("about:blank")
        page.goto(url)

    transfers = [first, interaction]
    for step, again in enumerate((revisit, page.reload)):
        current[0] = Transfer()
        again()
        page.wait_for_load_state("networkidle")
        point_at_first_chart(page, 10 + 10 * step)  # somewhere new: a real pointer move
        page.wait_for_function("() => document.querySelectorAll('.main-svg').length > 0")
        page.wait_for_load_state("networkidle")
        transfers.append(current[0])
    return transfers


def point_at_first_chart(page: Page, offset: int) -> None:
    """Move the mouse into the first chart, ``offset`` pixels from its middle."""
    chart = page.locator(".chart-plot").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    page.mouse.move(box["x"] + box["width"] / 2 + offset, box["y"] + box["height"] / 2, steps=2)


def kilobytes(transfer: Transfer) -> str:
    return f"{transfer.bytes / 1000:,.1f} kB, {transfer.responses} responses"


if __name__ == "__main__":
    sys.exit(main())
