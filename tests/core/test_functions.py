"""Every row of the function table: its derivative rule against central differences.

One small test per function, in the spirit of autograd's check_grads: a wrong rule cannot hide
behind simplification, because the check is numerical and independent of the symbolic code.
"""

import numpy as np
import pytest

from app.core import parse
from app.core.functions import FUNCTIONS

# Points away from kinks (relu, abs, step, sign at 0) and inside every domain (log, sqrt).
POINTS = np.array([0.3, 0.7, 1.3, 2.2, 4.1])
H = 1e-6


def central_difference(text: str, x: np.ndarray) -> np.ndarray:
    f = parse(text)
    return (f.evaluate(x=x + H) - f.evaluate(x=x - H)) / (2 * H)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_rule_matches_central_differences(name):
    for inner in ("x", "2*x + 0.5", "x^2"):
        text = f"{name}({inner})"
        exact = parse(text).diff("x").evaluate(x=POINTS)
        np.testing.assert_allclose(exact, central_difference(text, POINTS), rtol=1e-7, atol=1e-7)


@pytest.mark.parametrize(
    ("text", "derivative"),
    [
        ("sigmoid(x)", "sigmoid(x)*(1 - sigmoid(x))"),
        ("tanh(x)", "1 - tanh(x)^2"),
        ("x^2", "2*x"),
        ("relu(x)", "step(x)"),
        ("softplus(x)", "sigmoid(x)"),
        ("exp(x)", "exp(x)"),
        ("3*x + 1", "3"),
        ("log(x)", "1/x"),
        ("sqrt(x)", "1/(2*sqrt(x))"),
        ("sin(2x)", "2*cos(2*x)"),
        ("cos(x)", "-sin(x)"),
        ("x^2/2", "x"),
        ("3*x^4/6", "2*x^3"),
        ("exp(-x^2/2)", "-(exp(-x^2/2)*x)"),
    ],
)
def test_derivatives_read_like_hand_written_ones(text, derivative):
    assert str(parse(text).diff("x")) == derivative


def test_sigmoid_is_stable_far_out():
    values = parse("sigmoid(x)").evaluate(x=np.array([-800.0, 0.0, 800.0]))
    np.testing.assert_array_equal(values, [0.0, 0.5, 1.0])


def test_softplus_does_not_overflow():
    values = parse("softplus(x)").evaluate(x=np.array([-800.0, 800.0]))
    np.testing.assert_allclose(values, [0.0, 800.0])
