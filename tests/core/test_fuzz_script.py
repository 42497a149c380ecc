"""A short run of the expression fuzzer (the long one: python -m scripts.fuzz_expressions)."""

from scripts.fuzz_expressions import run


def test_short_fuzz_run_finds_nothing():
    report = run(cases=3_000, seed=7)
    assert report.failures == []
    assert report.outcomes["answered"] > 100  # it does reach the evaluator
    assert report.outcomes["ParseError"] > 100  # and the error paths
    assert report.outcomes["UNEXPECTED"] == 0
