"""A short run of the expression fuzzer (the long one: python -m scripts.fuzz_expressions)."""

from scripts.fuzz_expressions import run
from tests.conftest import HANG_SECONDS

# The script's own bound (1 s a case) measures speed, on demand; here only a hang fails (on a
# loaded CI machine a case that takes 135 ms alone has taken 1.3 s).


def test_short_fuzz_run_finds_nothing():
    report = run(cases=3_000, seed=7, time_bound=HANG_SECONDS)
    assert report.failures == []
    assert report.outcomes["answered"] > 100  # it does reach the evaluator
    assert report.outcomes["ParseError"] > 100  # and the error paths
    assert report.outcomes["UNEXPECTED"] == 0
