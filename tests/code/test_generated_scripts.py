"""Hypothesis-generated functions, models, losses and data through the scripts of all three
frameworks: PyTorch's and JAX's autograd (and the hand-written NumPy derivatives printed from
the core's trees) against the API, which computes with the core's own derivative rules. The
frameworks are one more independent oracle for the core."""

from __future__ import annotations

import pytest

from app.web.sharing.code import FRAMEWORKS
from tests.code.conftest import EDGE_CASES, api_fields, case_id, generated_cases
from tests.code.matching import last_line, mismatches, numbers

GENERATED_CASES = generated_cases()


def finite_and_moderate(answer: dict) -> bool:
    """Cases worth comparing: every number finite (null is how the API says it is not) and
    below 1e8, where float64 rounding is far below the 1e-9 asked for."""
    leaves = [v for _, v in numbers(answer)]
    return all(v is not None for v in leaves) and all(
        abs(v) < 1e8 for v in leaves if isinstance(v, float)
    )


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(
    ("kind", "index", "values"),
    GENERATED_CASES,
    ids=[f"{k}-{i}" for k, i, _ in GENERATED_CASES],
)
def test_generated_inputs_give_the_apis_numbers(
    script_runs, client, kind, index, values, framework
):
    key = case_id(kind, index, framework, "generated")
    if key not in script_runs:
        pytest.skip("the explorer refuses this generated input (a named limit)")
    run = script_runs[key]
    api = api_fields(client, kind, run.query, run.script.expected)
    if not finite_and_moderate(api):
        pytest.skip("not finite everywhere: the frameworks may choose other conventions there")
    assert run.error is None, run.error
    assert mismatches(last_line(run.stdout), api) == []


def test_enough_generated_cases_are_compared(script_runs, client):
    """The skips above must stay the exception, or the property test says little."""
    compared = 0
    for kind, index, _ in GENERATED_CASES:
        key = case_id(kind, index, "numpy", "generated")
        if key in script_runs:
            run = script_runs[key]
            compared += finite_and_moderate(
                api_fields(client, kind, run.query, run.script.expected)
            )
    assert compared >= 0.8 * len(GENERATED_CASES)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(
    ("kind", "index", "values"), EDGE_CASES, ids=[f"{k}-{i}" for k, i, _ in EDGE_CASES]
)
def test_awkward_inputs_give_the_apis_numbers(script_runs, client, kind, index, values, framework):
    """Custom points, Python keywords and module names as parameters, a model without x, a
    loss without f, numbers alone (sin(2)), kinks at 0, softplus beyond 20, sampled batches."""
    run = script_runs[case_id(kind, index, framework, "edge")]
    assert run.error is None, run.error
    api = api_fields(client, kind, run.query, run.script.expected)
    assert mismatches(last_line(run.stdout), api) == []
