"""Fuzz the expression core: every input must parse and evaluate, or raise ExpressionError,
within a time bound. Nothing else may happen (no other exception, no hang).

    python -m scripts.fuzz_expressions --cases 100000 --seed 1

Inputs mix grammar-shaped expressions, token soup, and classic attacks (dunders, huge
exponents and power towers, deep nesting, long input, NUL bytes, Unicode look-alikes,
huge point lists). The suite runs a short version (tests/core/test_fuzz_script.py).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from app.core.errors import ExpressionError
from app.core.functions import FUNCTIONS
from app.core.points import parse_points
from app.core.scalar import analyse, parse_function

TIME_BOUND_SECONDS = 1.0
TOKENS = [
    *FUNCTIONS,
    "x",
    "pi",
    "e",
    "(",
    ")",
    "+",
    "-",
    "*",
    "/",
    "^",
    "**",
    "2",
    "0.5",
    "1e308",
    "9",
    " ",
    ".",
]
ATTACKS = [
    "__import__('os').system('id')",
    "x.__class__.__mro__",
    "().__class__",
    "lambda: 0",
    "9**9**9**9**9",
    "x^x^x^x^x^x^x^x^x",
    "exp(exp(exp(exp(exp(x)))))",
    "(" * 200 + "x",
    "-" * 500 + "x",
    "x" * 5000,
    "x\x00",
    "ｓｉｇｍｏｉｄ(x)",
    "sigmoid(х)",
    "1e999999",
    "sigmoid(x)\u202e",
    "x;x",
    "'x'",
    "x if x else x",
    "{x}",
    "[x]",
    "x @ x",
]


@dataclass
class Report:
    cases: int = 0
    outcomes: Counter = field(default_factory=Counter)
    slowest: float = 0.0
    failures: list[str] = field(default_factory=list)


def grammar_expression(rng: random.Random, depth: int = 0) -> str:
    if depth > 5 or rng.random() < 0.25:
        return rng.choice(["x", "pi", "e", str(rng.randint(0, 9)), f"{rng.uniform(-5, 5):.3g}"])
    kind = rng.random()
    if kind < 0.4:
        op = rng.choice(["+", "-", "*", "/", "^", "**"])
        return f"({grammar_expression(rng, depth + 1)}){op}({grammar_expression(rng, depth + 1)})"
    if kind < 0.8:
        return f"{rng.choice(list(FUNCTIONS))}({grammar_expression(rng, depth + 1)})"
    return f"-{grammar_expression(rng, depth + 1)}"


def token_soup(rng: random.Random) -> str:
    return "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 40)))


def mutated(rng: random.Random) -> str:
    text = list(grammar_expression(rng))
    for _ in range(rng.randint(1, 3)):
        if text:
            text[rng.randrange(len(text))] = chr(
                rng.choice([0, 46, 95, 1093, 65313, rng.randint(1, 0x2FFF)])
            )
    return "".join(text)


def points_text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.8:
        return ", ".join(f"{rng.uniform(-20, 20):.4g}" for _ in range(rng.randint(1, 8)))
    if roll < 0.9:
        return ",".join(["1"] * rng.choice([1001, 5000]))
    return rng.choice(["", "nan", "inf", "1e400", "1,,2", "x", "0x10", "1_000"])


def one_case(text: str, points: str, report: Report, time_bound: float) -> None:
    started = time.perf_counter()
    try:
        analyse(parse_function(text), parse_points(points))
        outcome = "answered"
    except ExpressionError as error:
        outcome = type(error).__name__
    except Exception as error:
        outcome = "UNEXPECTED"
        report.failures.append(f"{type(error).__name__}: {error!r} for {text!r} at {points!r}")
    elapsed = time.perf_counter() - started
    report.slowest = max(report.slowest, elapsed)
    if elapsed > time_bound:
        report.failures.append(f"took {elapsed:.2f}s for {text!r}")
    report.outcomes[outcome] += 1
    report.cases += 1


def run(cases: int, seed: int, time_bound: float = TIME_BOUND_SECONDS) -> Report:
    """``cases`` generated inputs from ``seed``; one that takes over ``time_bound`` seconds
    counts as a failure."""
    rng = random.Random(seed)
    report = Report()
    generators = [grammar_expression, token_soup, mutated]
    for attack in ATTACKS:
        one_case(attack, "0, 1", report, time_bound)
    with np.errstate(all="raise"):  # any floating-point trap escaping the core would show
        while report.cases < cases:
            one_case(rng.choice(generators)(rng), points_text(rng), report, time_bound)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    report = run(args.cases, args.seed)
    print(
        f"{report.cases} cases in {time.perf_counter() - started:.1f}s;"
        f" slowest {1000 * report.slowest:.1f} ms"
    )
    for outcome, count in report.outcomes.most_common():
        print(f"  {outcome:24} {count}")
    for failure in report.failures[:20]:
        print("FAIL", failure)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
