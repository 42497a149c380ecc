"""Two builds' live edits compared in one run: the same kind of edits on this checkout's server
and on another checkout's, in alternating blocks in one browser, so that both meet the same
noise (on a shared machine a run's absolute times say little; their ratio does).

    git archive HEAD~3 | (mkdir -p /tmp/before && tar -x -C /tmp/before)
    python -m bench.live_builds /tmp/before [--blocks 6] [--updates 15]

Each edit is timed in the page from the input event until the frame after it is painted, as
``bench.live_update`` times it: a new point on the scalar explorer (the sigmoid example), a new
learning rate on the model and network explorers (reduced motion: the network's run is shown
when trained). Every edit asks a question neither server has answered before. The other
checkout runs with this one's virtual environment, so it must need the same packages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.live_update import FIELD_EDITS
from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from scripts.serving import ROOT, free_port, wait_until_up

# path, form, field, first value, what goes before the number
EDITS = {
    "scalar": ("/scalar?f=sigmoid(x)&x=0,1", "scalar-form", "input-x", 1.0, "0, "),
    "model": ("/model", "model-form", "input-learning_rate", 0.1, ""),
    "network": ("/network", "network-form", "input-learning_rate", 0.5, ""),
}


def serve(root: Path) -> tuple[subprocess.Popen, str]:
    """``python -m app`` of the checkout at ``root`` on a free loopback port."""
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "LOG_LEVEL": "warning"}
    env["PYTHONPATH"] = str(root)
    process = subprocess.Popen([sys.executable, "-m", "app"], cwd=root, env=env)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/healthz", process)
    return process, url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="the other checkout (the build before)")
    parser.add_argument("--blocks", type=int, default=6)
    parser.add_argument("--updates", type=int, default=15, help="edits per block and build")
    parser.add_argument("--phone", action="store_true", help="a phone's screen, not a desktop")
    args = parser.parse_args()
    servers = [serve(args.other.resolve()), serve(ROOT)]  # lane 0: the other, lane 1: this one
    times: dict[tuple[str, int], list[float]] = {(k, lane): [] for k in EDITS for lane in (0, 1)}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = {}
            for kind, (path, form, field, first, prefix) in EDITS.items():
                for lane, (_, base) in enumerate(servers):
                    page = browser.new_page(
                        viewport=PHONE if args.phone else DESKTOP, reduced_motion="reduce"
                    )
                    page.goto(base + path)
                    page.focus(f"#{field}")  # the reader reaches for the form: the socket opens
                    page.evaluate(FIELD_EDITS, [form, field, first + 0.5, 4, 100, prefix])
                    pages[kind, lane] = page
            for block in range(args.blocks):
                for kind, (_, form, field, first, prefix) in EDITS.items():
                    for lane in (0, 1) if block % 2 == 0 else (1, 0):  # either goes first
                        page = pages[kind, lane]
                        page.bring_to_front()
                        start = first + 0.01 * (2 * block + lane) + 0.003  # new to the server
                        edits = [form, field, start, args.updates, 150, prefix]
                        times[kind, lane] += page.evaluate(FIELD_EDITS, edits)
            browser.close()
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=20)
    for kind in EDITS:
        medians = []
        for lane, name in ((0, "the other build"), (1, "this build")):
            ordered = sorted(times[kind, lane])
            medians.append(statistics.median(ordered))
            p95 = ordered[int(0.95 * (len(ordered) - 1))]
            print(
                f"{kind}, {name}: {len(ordered)} edits,"
                f" median {medians[-1]:.1f} ms, p95 {p95:.1f} ms"
            )
        print(f"{kind}: this build takes {medians[1] / medians[0]:.2f} x the other's median")
    return 0


if __name__ == "__main__":
    sys.exit(main())
