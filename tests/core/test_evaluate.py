"""The evaluator: whole arrays, cache-sized blocks and threads must all give the same numbers.

Inputs under two blocks are evaluated whole, larger ones block by block, so every check below
compares a large evaluation against the same points evaluated in small pieces, or against the
expression written out in NumPy by hand.
"""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from app.core import evaluate, parse
from app.core.errors import UnknownNameError
from app.core.evaluate import BLOCK, RepeatedEvaluation, evaluate_trees
from app.core.program import buffer_plan, compile_program
from tests.core.generated_expressions import expressions

LARGE = 3 * BLOCK + 17  # several blocks, and a ragged last one
X = np.linspace(-6, 6, LARGE)

DERIVATIVES_OF = [
    "sigmoid(x)",
    "tanh(x)^2 + x^3",
    "softplus(sin(2x)) * exp(-x^2/2)",
    "relu(x - 1) + abs(x) * sign(x)",
    "step(x) * x^2",  # step ignores its out buffer and returns a new array
    "sqrt(abs(x) + 1) / log(x^2 + 2)",
    "x^2 / 2",  # the derivative is the input itself
    "2 * pi * x",  # the derivative is a number
]


def in_small_pieces(expression, x: np.ndarray) -> np.ndarray:
    """The same values computed piece by piece, each piece small enough to go whole."""
    pieces = np.array_split(x, 7)
    return np.concatenate([expression.evaluate(x=piece) for piece in pieces])


@pytest.mark.parametrize("text", DERIVATIVES_OF)
def test_blocks_give_the_numbers_of_whole_arrays(text):
    derivative = parse(text).diff("x")
    values = derivative.evaluate(x=X)
    assert values.shape == X.shape
    np.testing.assert_array_equal(values, in_small_pieces(derivative, X))


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_threads_do_not_change_the_numbers(monkeypatch, threads):
    derivative = parse("softplus(sin(2x)) * exp(-x^2/2)").diff("x")
    monkeypatch.setattr(evaluate, "THREADS", 1)
    alone = derivative.evaluate(x=X)
    monkeypatch.setattr(evaluate, "THREADS", threads)
    np.testing.assert_array_equal(derivative.evaluate(x=X), alone)


def test_large_evaluation_matches_hand_written_numpy():
    derivative = parse("tanh(x)^2 + x^3").diff("x")
    t = np.tanh(X)
    np.testing.assert_allclose(
        derivative.evaluate(x=X), 2 * t * (1 - t * t) + 3 * X * X, rtol=1e-13, atol=1e-13
    )


def test_several_roots_sharing_nodes_in_blocks():
    model = parse("sigmoid(w*x + b)")
    trees = [model.diff("w").tree, model.diff("b").tree, model.tree, model.tree]
    w, b = 0.7, -0.2
    values = evaluate_trees(trees, {"x": X, "w": w, "b": b})
    s = 1 / (1 + np.exp(-(w * X + b)))
    np.testing.assert_allclose(values[0], s * (1 - s) * X, rtol=1e-13)
    np.testing.assert_allclose(values[1], s * (1 - s), rtol=1e-13)
    np.testing.assert_array_equal(values[2], values[3])
    np.testing.assert_allclose(values[2], s, rtol=1e-14)


def test_inputs_are_never_overwritten():
    x = X.copy()
    y = np.linspace(1, 2, LARGE)
    y_before = y.copy()
    evaluate_trees([parse("-(x*y) + x^3").tree, parse("sigmoid(y)").tree], {"x": x, "y": y})
    np.testing.assert_array_equal(x, X)
    np.testing.assert_array_equal(y, y_before)
    small = X[:50].copy()
    parse("-(x) * 2").evaluate(x=small)
    np.testing.assert_array_equal(small, X[:50])


def test_results_are_fresh_arrays_each_call():
    derivative = parse("x^3 - x").diff("x")
    first = derivative.evaluate(x=X)
    kept = first.copy()
    derivative.evaluate(x=X + 1)
    np.testing.assert_array_equal(first, kept)
    first_small = derivative.evaluate(x=X[:10])
    kept_small = first_small.copy()
    derivative.evaluate(x=X[:10] + 1)
    np.testing.assert_array_equal(first_small, kept_small)


def test_broadcasting_over_a_large_grid_goes_whole_and_is_right():
    x = np.linspace(-2, 2, 400)[:, None]
    w = np.linspace(-1, 1, 400)[None, :]  # 160 000 elements, but not one shape: no blocks
    values = parse("sigmoid(w*x)^2").evaluate(x=x, w=w)
    assert values.shape == (400, 400)
    np.testing.assert_allclose(values, (1 / (1 + np.exp(-w * x))) ** 2, rtol=1e-14)


def test_multidimensional_inputs_of_one_shape_keep_their_shape():
    x = X[: 2 * (LARGE // 2)].reshape(2, -1)
    values = parse("x * exp(x)").evaluate(x=x)
    assert values.shape == x.shape
    np.testing.assert_allclose(values, x * np.exp(x), rtol=1e-15)


def test_floating_point_trouble_stays_quiet_in_every_thread():
    # pytest turns warnings into errors here, so a RuntimeWarning from a worker would fail this
    values = parse("log(x) + 1/x").evaluate(x=np.linspace(-1, 1, LARGE))
    assert np.isnan(values[0]) and np.isfinite(values[-1])


def test_values_that_die_give_their_buffers_to_later_steps():
    nested = parse("sigmoid(" * 8 + "x" + ")" * 8)
    chain = compile_program((nested.tree,))
    assert len(chain.steps) == 8
    assert len(buffer_plan(chain, (("x", (100,)),)).shapes) == 1
    # The derivative needs all eight sigmoids until the end, and little more.
    derivative = compile_program((nested.diff("x").tree,))
    assert len(derivative.steps) > 30
    assert len(buffer_plan(derivative, (("x", (100,)),)).shapes) <= 8 + 2


def test_missing_variable_is_named():
    with pytest.raises(UnknownNameError, match="'y'"):
        parse("x + y").evaluate(x=X)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_generated_derivatives_give_the_same_numbers_in_blocks(text):
    derivative = parse(text, ("x",)).diff("x")
    if derivative.size > 2_000:
        return  # the oracle test covers big ones; here the number of cases matters more
    np.testing.assert_array_equal(derivative.evaluate(x=X), in_small_pieces(derivative, X))


FORKED_CHILD = """
import os, signal, sys, time, warnings
import numpy as np
from app.core.expression import parse
from app.core.evaluate import BLOCK

X = np.linspace(-6, 6, 3 * BLOCK + 17)  # several blocks, as LARGE
derivative = parse("sigmoid(x)").diff("x")
expected = derivative.evaluate(x=X)  # the parent's helper threads exist now
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # Python 3.12+ warns on fork
    child = os.fork()
if child == 0:  # a copy of the parent's pool has no threads: waiting on it would hang
    same = False
    try:
        same = np.array_equal(derivative.evaluate(x=X), expected)
    finally:
        os._exit(0 if same else 1)
deadline = time.monotonic() + 30
while (finished := os.waitpid(child, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
    time.sleep(0.01)
if finished[0] == 0:
    os.kill(child, signal.SIGKILL)
    sys.exit("the forked child hung on its parent's thread pool")
sys.exit(os.waitstatus_to_exitcode(finished[1]))
"""


def test_a_forked_child_evaluates_with_its_own_threads():
    # In a fresh interpreter: a framework imported by other tests (JAX, PyTorch) hooks fork
    # in this one and would warn on it.
    result = subprocess.run(
        [sys.executable, "-c", FORKED_CHILD], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("size", [5, LARGE])
def test_an_input_that_is_a_result_comes_back_read_only(size):
    x = np.linspace(0, 1, size)
    [same, doubled] = evaluate_trees([parse("x").tree, parse("2*x").tree], {"x": x})
    assert same is not x and np.array_equal(same, x)
    if size < 2 * BLOCK:  # whole arrays: a view of the caller's input, which must stay theirs
        assert not same.flags.writeable
    assert doubled.flags.writeable  # made by the evaluation: the caller's to keep


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_a_repeated_evaluation_gives_every_call_the_numbers_of_a_fresh_one(text):
    """As a descent uses it: the same trees at new values of the same shapes, step after
    step, with the variables broadcast against each other (a row per path, a column per
    example) and a derivative that may be a number."""
    expression = parse(f"w * {text}", ("x", "w"))
    trees = [expression.tree, expression.diff("w").tree, expression.diff("x").tree]
    repeated = RepeatedEvaluation(trees, {"x": (1, 5), "w": (3, 1)})
    x = np.array([[-1.3, -0.4, 0.35, 0.9, 1.7]])
    for step in range(4):
        w = np.array([[0.5], [-1.0], [2.0]]) * (step + 1)
        got = [value.copy() for value in repeated({"x": x, "w": w})]  # the next call reuses
        wanted = evaluate_trees(trees, {"x": x, "w": w})
        for g, v in zip(got, wanted, strict=True):
            assert g.shape == (3, 5)
            np.testing.assert_array_equal(g, v)


def test_a_repeated_evaluation_names_a_missing_variable():
    with pytest.raises(UnknownNameError, match="'y'"):
        RepeatedEvaluation([parse("x + y").tree], {"x": (2,)})
