"""Screenshot pages of a running Gradient Lens in Debian's Chromium (for the README and reviews).

python scripts/screenshot.py http://127.0.0.1:8000/ shot.png [--width 390] [--height 844]
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
"""The viewports the tests, the benchmarks and the README's screenshots look at pages in."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("output")
    parser.add_argument("--width", type=int, default=DESKTOP["width"])
    parser.add_argument("--height", type=int, default=DESKTOP["height"])
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        messages: list[str] = []
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
        page.goto(args.url)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        page.screenshot(path=args.output, full_page=args.full_page)
        print("\n".join(messages) or "no console messages")
        browser.close()


if __name__ == "__main__":
    main()
