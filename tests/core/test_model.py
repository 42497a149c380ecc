"""Model variants against closed forms, central differences and numpy.polyfit."""

import numpy as np
import pytest

from app.core import ExpressionError, LimitExceededError, UnknownNameError
from app.core.derivation import derive
from app.core.descent import descend, find_minimum, loss_surface
from app.core.model import (
    VARIANT_NAMES,
    Data,
    build_spec,
    central_difference_gradient,
    gradient_report,
    mean_loss,
)
from app.core.model_analysis import analyse_model
from app.core.points import parse_assignments

X = np.array([1.0, 2.0, 3.0, 4.0, 6.0])
Y = np.array([2.0, 2.5, 5.0, 9.0, 11.0])
LINE = build_spec("m*x + b", "(y - f)^2", ["m", "b"])
DATA = Data.of(X, Y)
THETA = np.array([0.5, -0.25])
CROSS_ENTROPY = "-(y*log(f) + (1 - y)*log(1 - f))"


def residuals(theta: np.ndarray) -> np.ndarray:
    return Y - (theta[0] * X + theta[1])


def test_line_fit_closed_forms():
    report = gradient_report(LINE, DATA, THETA)
    r = residuals(THETA)
    expected = np.array([-2 * np.mean(X * r), -2 * np.mean(r)])
    np.testing.assert_allclose(report.variants["gradient_of_mean_loss"], expected, rtol=1e-14)
    np.testing.assert_allclose(report.variants["mean_of_gradients"], expected, rtol=1e-14)
    shortcut = report.variants["mean_error_backprop"]
    assert shortcut[0] == pytest.approx(-2 * np.mean(r) * np.mean(X), rel=1e-14)
    assert shortcut[1] == pytest.approx(expected[1], rel=1e-14)  # ∂f/∂b = 1: no error for b
    covariance = np.mean((X - X.mean()) * (r - r.mean()))
    assert expected[0] - shortcut[0] == pytest.approx(-2 * covariance, rel=1e-12)
    assert report.loss_value == pytest.approx(np.mean(r**2), rel=1e-14)


def test_gradient_at_mean_input_for_the_line_fit():
    report = gradient_report(LINE, DATA, THETA)
    r_bar = Y.mean() - (THETA[0] * X.mean() + THETA[1])
    np.testing.assert_allclose(
        report.variants["gradient_at_mean_input"], [-2 * X.mean() * r_bar, -2 * r_bar], rtol=1e-14
    )


@pytest.mark.parametrize(
    ("model", "loss", "params"),
    [
        ("m*x + b", "(y - f)^2", {"m": 0.5, "b": -0.25}),
        ("sigmoid(w*x + b)", "(y - f)^2", {"w": 0.3, "b": 0.1}),
        ("sigmoid(w*x + b)", CROSS_ENTROPY, {"w": 0.3, "b": 0.1}),
        ("a*x^2 + b*x + c", "abs(y - f)", {"a": 0.2, "b": -0.1, "c": 0.7}),
        ("tanh(w*x) * v", "(y - f)^2 / 2", {"w": 0.4, "v": 1.5}),
    ],
)
def test_correct_variants_agree_and_match_central_differences(model, loss, params):
    spec = build_spec(model, loss, list(params))
    data = Data.of(X / 6, (Y > 4).astype(float) * 0.8 + 0.1)
    theta = np.array(list(params.values()))
    report = gradient_report(spec, data, theta)
    truth = report.variants["gradient_of_mean_loss"]
    np.testing.assert_allclose(report.variants["mean_of_gradients"], truth, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(central_difference_gradient(spec, data, theta), truth, atol=1e-7)
    assert report.finite_difference_check < 1e-7


def test_cross_entropy_neuron_has_the_sigma_minus_y_form():
    spec = build_spec("sigmoid(w*x + b)", CROSS_ENTROPY, ["w", "b"])
    x, y = np.array([-2.0, -0.5, 0.3, 1.7]), np.array([0.0, 1.0, 0.0, 1.0])
    theta = np.array([0.8, -0.3])
    sigma = 1 / (1 + np.exp(-(theta[0] * x + theta[1])))
    per_example = gradient_report(spec, Data.of(x, y), theta).per_example
    np.testing.assert_allclose(per_example[:, 0], (sigma - y) * x, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(per_example[:, 1], sigma - y, rtol=1e-12, atol=1e-15)


def test_correct_descent_reaches_polyfit():
    trajectory = descend(LINE, DATA, THETA, 0.05, 1000, "gradient_of_mean_loss")
    np.testing.assert_allclose(trajectory.params[-1], np.polyfit(X, Y, 1), atol=1e-6)
    assert trajectory.loss[-1] < trajectory.loss[0]
    minimum = find_minimum(LINE, DATA, THETA)
    np.testing.assert_allclose(minimum.params, np.polyfit(X, Y, 1), rtol=1e-10)


def test_gradient_at_mean_input_stops_on_a_line_through_the_means():
    trajectory = descend(LINE, DATA, THETA, 0.02, 1000, "gradient_at_mean_input")
    m, b = trajectory.params[-1]
    assert m * X.mean() + b == pytest.approx(Y.mean(), abs=1e-6)
    assert not np.allclose(trajectory.params[-1], np.polyfit(X, Y, 1), atol=1e-2)


def test_linear_cost_gradient_is_the_same_at_every_theta_and_runs_off():
    spec = build_spec("theta*x", "y - f", ["theta"])
    data = Data.of(X, Y)
    gradients = {
        name: [gradient_report(spec, data, np.array([t])).variants[name][0] for t in (-3, 0, 5)]
        for name in VARIANT_NAMES
    }
    for values in gradients.values():
        np.testing.assert_allclose(values, -X.mean(), rtol=1e-14)
    assert spec.gradient_is_constant
    assert find_minimum(spec, data, np.array([0.0])) is None
    path = descend(spec, data, np.array([0.0]), 0.1, 50, "mean_of_gradients")
    np.testing.assert_allclose(np.diff(path.params[:, 0]), 0.1 * X.mean(), rtol=1e-12)
    assert np.all(np.diff(path.loss) < 0)


def test_derivation_steps_all_give_the_same_number_and_the_shortcut_departs():
    m_steps, b_steps = derive(LINE, DATA, THETA)
    truth = gradient_report(LINE, DATA, THETA).variants["gradient_of_mean_loss"]
    assert [s.rule for s in m_steps.steps] == [
        "factor rule",
        "sum rule",
        "chain rule",
        "definition of f",
        "collect terms",
    ]
    for derivation, value in zip((m_steps, b_steps), truth, strict=True):
        for step in derivation.steps:
            assert step.value == pytest.approx(value, rel=1e-7)
        assert derivation.steps[-1].value == pytest.approx(value, rel=1e-14)
    r = residuals(THETA)
    assert m_steps.shortcut.value == pytest.approx(-2 * r.mean() * X.mean(), rel=1e-14)
    assert m_steps.covariance == pytest.approx(-2 * np.mean((X - X.mean()) * (r - r.mean())))
    assert not m_steps.local_derivative_is_constant
    assert b_steps.local_derivative_is_constant
    assert b_steps.shortcut.value == pytest.approx(truth[1], rel=1e-14)
    assert "x_i" in m_steps.steps[3].latex


def test_loss_surface_matches_pointwise_loss():
    first, second = np.linspace(-1, 3, 7), np.linspace(-2, 2, 5)
    surface = loss_surface(LINE, DATA, THETA, (0, 1), first, second)
    assert surface.shape == (5, 7)
    assert surface[3, 4] == pytest.approx(mean_loss(LINE, DATA, np.array([first[4], second[3]])))


def test_analysis_warns_when_descent_blows_up():
    analysis = analyse_model(LINE, DATA, THETA, learning_rate=5.0, steps=400)
    assert analysis.trajectories["mean_of_gradients"].diverged
    assert any("blew up" in w for w in analysis.warnings)


@pytest.mark.parametrize(
    ("model", "loss", "params", "error"),
    [
        ("m*x + y", "(y - f)^2", ["m"], UnknownNameError),
        ("m*x + b", "(y - g)^2", ["m", "b"], UnknownNameError),
        ("m*x + b", "(y - f)^2", ["m"], UnknownNameError),
        ("m*x", "(y - f)^2", ["m", "q"], UnknownNameError),
        ("2*x", "(y - f)^2", [], UnknownNameError),
        ("a*x+b*x+c*x+d*x+g*x+h*x+k", "(y - f)^2", list("abcdghk"), LimitExceededError),
    ],
)
def test_bad_models_are_named_errors(model, loss, params, error):
    with pytest.raises(error):
        build_spec(model, loss, params)


def test_bad_descent_settings():
    with pytest.raises(LimitExceededError):
        analyse_model(LINE, DATA, THETA, learning_rate=0.0, steps=10)
    with pytest.raises(LimitExceededError):
        analyse_model(LINE, DATA, THETA, learning_rate=0.1, steps=10**6)


def test_data_lengths_must_match():
    with pytest.raises(ExpressionError, match="5 x values but 4 y values"):
        Data.of(X, Y[:4])


def test_parse_assignments():
    assert parse_assignments("m = 0.5, b=-1e-3") == {"m": 0.5, "b": -0.001}
    with pytest.raises(ExpressionError) as caught:
        parse_assignments("m = 0.5, b = abc")
    assert caught.value.column == 14
    with pytest.raises(ExpressionError):
        parse_assignments("m 0.5")
