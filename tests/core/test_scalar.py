"""Gradient variants for a scalar function: the headline numbers and the math around them."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.scalar import analyse, parse_function


def sigmoid_prime(x: float) -> float:
    s = 1.0 / (1.0 + math.exp(-x))
    return s * (1.0 - s)


def test_headline_sigmoid_example():
    result = analyse(parse_function("sigmoid(x)"), [0.0, 1.0])
    expected_mean = (sigmoid_prime(0.0) + sigmoid_prime(1.0)) / 2
    assert result.mean_of_gradients == pytest.approx(expected_mean, rel=1e-15)
    assert result.gradient_at_mean == pytest.approx(sigmoid_prime(0.5), rel=1e-15)
    assert round(result.mean_of_gradients, 4) == 0.2233
    assert round(result.gradient_at_mean, 4) == 0.2350
    assert result.gap == pytest.approx(expected_mean - sigmoid_prime(0.5), rel=1e-12)
    assert result.x_mean == 0.5
    assert result.x_variance == 0.25
    assert not result.affine
    assert result.warnings == ()
    np.testing.assert_allclose(result.values, [0.5, 1 / (1 + math.exp(-1))], rtol=1e-15)


def test_taylor_estimate_uses_third_derivative_and_population_variance():
    result = analyse(parse_function("x^3"), [1.0, 2.0, 4.0])
    # f' = 3x^2, f''' = 6: the estimate is exact for a cubic: mean(3x^2) - 3 x̄^2 = 3 Var(x).
    assert result.taylor_gap == pytest.approx(3 * np.var([1.0, 2.0, 4.0]), rel=1e-14)
    assert result.gap == pytest.approx(result.taylor_gap, rel=1e-12)


@pytest.mark.parametrize("text", ["3*x + 1", "x/2 - pi", "-x", "4", "(2x + 1)^1"])
def test_affine_functions_have_no_gap(text):
    result = analyse(parse_function(text), [-3.0, 0.5, 7.0])
    assert result.affine
    assert result.gap == 0.0


@pytest.mark.parametrize("text", ["relu(x)", "abs(x)", "x^2", "sigmoid(x)"])
def test_kinked_and_curved_functions_are_not_affine(text):
    assert not analyse(parse_function(text), [-1.0, 1.0]).affine


def test_relu_gap_is_real_even_though_f_triple_prime_is_zero():
    result = analyse(parse_function("relu(x)"), [-1.0, 1.0])
    assert result.mean_of_gradients == 0.5
    assert result.gradient_at_mean == 0.0  # step(0) = 0: relu's derivative at the kink
    assert result.taylor_gap == 0.0


def test_non_finite_results_become_warnings_that_name_the_point():
    result = analyse(parse_function("log(x)"), [-1.0, 2.0])
    assert math.isnan(result.values[0])
    assert any("x = -1 (point 1)" in w for w in result.warnings)


def test_power_tower_overflows_quickly_with_a_warning():
    result = analyse(parse_function("9**9**9**9 * x"), [1.0])
    assert math.isinf(result.values[0])
    assert result.warnings


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-6, 6), min_size=1, max_size=8))
def test_mean_of_gradients_matches_central_differences_of_the_mean(points):
    # d/dt mean_i f(x_i + t) at t = 0 is the mean of the gradients (linearity of d/dt).
    f = parse_function("tanh(x) + x^3/10")
    h = 1e-6
    x = np.array(points)
    numeric = (np.mean(f.evaluate(x=x + h)) - np.mean(f.evaluate(x=x - h))) / (2 * h)
    result = analyse(f, points)
    assert result.mean_of_gradients == pytest.approx(numeric, rel=1e-6, abs=1e-7)
