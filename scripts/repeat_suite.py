"""Run the whole test command several times in a row, to show the suite does not flake.

    python -m scripts.repeat_suite --runs 10            # CI's command (scripts/test), 10 times
    python -m scripts.repeat_suite --runs 3 tests/api   # extra arguments go to pytest

Each run is ``CI=true scripts/test --durations=0 ...`` (set-up, ruff, then pytest, as .ci/run
does), its output kept in artifacts/repeat-suite/run-N.log. It prints each run's outcome and
time as it ends, then how many passed out of how many (10/10), the total time, the failing
tests of any run that failed, and the slowest test files (mean seconds a run, from pytest's
durations of every setup, call and teardown).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import defaultdict

from scripts.serving import ROOT

LOGS = ROOT / "artifacts" / "repeat-suite"
DURATION = re.compile(r"^(\d+\.\d+)s (?:setup|call|teardown)\s+(\S+?)::")
SUMMARY = re.compile(r"^=+ (.*(?:passed|failed|error).*) in [\d.]+s")


def run_once(index: int, pytest_args: list[str]) -> tuple[int, float, str]:
    """One run of the test command: its exit status, wall time and output."""
    command = [str(ROOT / "scripts" / "test"), "--durations=0", "-p", "no:cacheprovider"]
    started = time.monotonic()
    completed = subprocess.run(
        [*command, *pytest_args],
        cwd=ROOT,
        env={**os.environ, "CI": "true"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seconds = time.monotonic() - started
    (LOGS / f"run-{index}.log").write_text(completed.stdout)
    return completed.returncode, seconds, completed.stdout


def file_seconds(output: str) -> dict[str, float]:
    """Seconds spent in each test file, from pytest's --durations lines."""
    totals: dict[str, float] = defaultdict(float)
    for line in output.splitlines():
        if match := DURATION.match(line):
            totals[match[2]] += float(match[1])
    return totals


def summary(output: str) -> str:
    lines = [match[1] for line in output.splitlines() if (match := SUMMARY.match(line))]
    return lines[-1] if lines else "no pytest summary (see the log)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--slowest", type=int, default=10, help="how many test files to list")
    args, pytest_args = parser.parse_known_args()
    LOGS.mkdir(parents=True, exist_ok=True)
    passed = 0
    total = 0.0
    per_file: dict[str, float] = defaultdict(float)
    failures: list[str] = []
    for index in range(1, args.runs + 1):
        status, seconds, output = run_once(index, pytest_args)
        total += seconds
        passed += status == 0
        for name, spent in file_seconds(output).items():
            per_file[name] += spent
        outcome = "passed" if status == 0 else f"FAILED (exit {status})"
        print(f"run {index}/{args.runs}: {outcome}, {summary(output)}, {seconds:.0f} s", flush=True)
        if status != 0:
            failed = [line for line in output.splitlines() if line.startswith(("FAILED", "ERROR"))]
            failures += [f"run {index}: {line}" for line in failed] or [f"run {index}: see log"]
    print(f"\n{passed}/{args.runs} runs passed in {total / 60:.1f} min")
    print(f"(mean {total / args.runs:.0f} s a run; logs in {LOGS.relative_to(ROOT)})")
    for line in failures:
        print(line)
    print(f"\nslowest test files, mean seconds a run (of {args.runs}):")
    ranked = sorted(per_file.items(), key=lambda item: -item[1])[: args.slowest]
    for name, spent in ranked:
        print(f"{spent / args.runs:8.1f}  {name}")
    sys.exit(0 if passed == args.runs else 1)


if __name__ == "__main__":
    main()
