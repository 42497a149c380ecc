"""Timing helpers for the benchmarks: interleaved best-of-N, and ratios from the same run.

These machines are noisy (and other work may share the cores), so candidates are timed in
turn within each round, and every benchmark prints ratios against a baseline measured in the
same rounds, never an absolute time on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def interleaved_best(
    candidates: dict[str, Callable[[], object]], rounds: int = 9, number: int = 1
) -> dict[str, float]:
    """Best mean time per call of each candidate, timing them in turn in every round."""
    best = dict.fromkeys(candidates, float("inf"))
    for _ in range(rounds):
        for name, function in candidates.items():
            started = time.perf_counter()
            for _ in range(number):
                function()
            best[name] = min(best[name], (time.perf_counter() - started) / number)
    return best


def ratio_line(label: str, ours: float, baseline: float, baseline_label: str) -> str:
    return f"{label:44} {1000 * ours:10.3f} ms   {ours / baseline:8.2f} x {baseline_label}"
