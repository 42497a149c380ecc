"""Explore the API with Schemathesis on demand: a real server, a new seed, many examples.

    python -m scripts.explore_api --examples 2000          # a new random seed
    python -m scripts.explore_api --examples 2000 --seed 7  # that run again

It starts the app with uvicorn (``python -m app``) on a free loopback port and runs the suite's
own Schemathesis test (tests/fuzz/test_schemathesis.py) against it with this seed and this many
examples for every operation. A failure is shrunk and saved into the database the suite replays
in every run (tests/fuzz/found_failures): commit the new files with the fix, and the case stays
a regression test. The suite itself runs a fixed seed, so it is the same every time.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from scripts.serving import ROOT, start_app
from tests.fuzz.examples_db import FOUND

TEST = "tests/fuzz/test_schemathesis.py"


def entries(database: Path) -> set[Path]:
    return {path.relative_to(database) for path in database.glob("*/*")}


def explore(examples: int, seed: int, pytest_args: list[str]) -> int:
    """Run the test against a real server; pytest's exit status."""
    before = entries(FOUND)
    # Warnings are errors, as in the suite's in-process run (pyproject.toml's filterwarnings):
    # a NumPy overflow warning that the suite would turn into a 500 shows up here too.
    process, url = start_app(PYTHONWARNINGS="error")
    started = time.monotonic()
    try:
        environment = {
            **os.environ,
            "EXPLORE_BASE_URL": url,
            "EXPLORE_SEED": str(seed),
            "EXPLORE_EXAMPLES": str(examples),
        }
        command = [sys.executable, "-m", "pytest", TEST, "-q", "-p", "no:cacheprovider"]
        status = subprocess.run([*command, *pytest_args], cwd=ROOT, env=environment).returncode
    finally:
        process.terminate()
        process.wait(timeout=10)
    added = sorted(entries(FOUND) - before)
    print(f"seed {seed}, {examples} examples an operation, {time.monotonic() - started:.0f} s")
    if added:
        print(f"{len(added)} new entries in {FOUND.relative_to(ROOT)} (commit them with the fix):")
        for path in added:
            print(f"  {path}")
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=1000, help="fuzzed cases an operation")
    parser.add_argument("--seed", type=int, help="a seed to run again (default: a new one)")
    args, pytest_args = parser.parse_known_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().getrandbits(32)
    sys.exit(explore(args.examples, seed, pytest_args))


if __name__ == "__main__":
    main()
