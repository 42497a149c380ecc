"""Sum versus mean: gradients N times larger, the learning rate that diverges (against the
line fit's Hessian in closed form and against descent itself), and equivalent rates."""

import numpy as np
import pytest

from app.core import ExpressionError
from app.core.descent import descend
from app.core.model import Data, build_spec, central_differences, gradient_report, mean_loss
from app.core.model_analysis import analyse_model
from app.core.reduction import scaled_report, sum_versus_mean

X = np.array([-1.5, -0.5, 0.5, 1.0, 2.5])
Y = np.array([-1.8, 0.4, 0.9, 2.6, 3.9])
LINE = build_spec("m*x + b", "(y - f)^2", ["m", "b"])
DATA = Data.of(X, Y)
START = np.zeros(2)
N = len(X)


def closed_form_curvature() -> float:
    """λ_max of the line fit's Hessian, (2/N)·[[Σx², Σx], [Σx, N]]."""
    hessian = 2 / N * np.array([[np.sum(X**2), np.sum(X)], [np.sum(X), N]])
    return float(np.linalg.eigvalsh(hessian)[-1])


def facts(rate: float, reduction: str = "mean"):
    paths = {
        name: descend(LINE, DATA, START, rate, 200, "gradient_of_mean_loss", scale)
        for name, scale in (("mean", 1.0), ("sum", float(N)))
    }
    return sum_versus_mean(LINE, DATA, START, rate, reduction, paths)


def test_the_line_fit_curvature_and_thresholds_match_the_closed_form():
    result = facts(0.1)
    assert result.curvature == pytest.approx(closed_form_curvature(), rel=1e-12)
    assert result.curvature_is_constant
    assert result.diverges_above["mean"] == pytest.approx(2 / closed_form_curvature(), rel=1e-12)
    assert result.diverges_above["sum"] == pytest.approx(2 / closed_form_curvature() / N)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_descent_settles_just_below_the_threshold_and_grows_just_above(reduction):
    limit = facts(0.1).diverges_above[reduction]
    scale = N if reduction == "sum" else 1
    below = descend(LINE, DATA, START, 0.97 * limit, 400, "gradient_of_mean_loss", scale=scale)
    above = descend(LINE, DATA, START, 1.03 * limit, 400, "gradient_of_mean_loss", scale=scale)
    minimum = min(below.loss)
    assert below.loss[-1] == pytest.approx(minimum, rel=1e-6)
    assert above.diverged or above.loss[-1] > 100 * above.loss[0]


def test_the_sum_with_eta_over_n_takes_the_very_steps_of_the_mean():
    mean = descend(LINE, DATA, START, 0.2, 50, "gradient_of_mean_loss")
    summed = descend(LINE, DATA, START, 0.2 / N, 50, "gradient_of_mean_loss", scale=N)
    np.testing.assert_allclose(summed.params, mean.params, rtol=1e-12, atol=1e-14)
    result = facts(0.2, "mean")
    assert result.equivalent == {"mean": 0.2, "sum": pytest.approx(0.2 / N)}
    assert facts(0.2, "sum").equivalent == {"mean": pytest.approx(0.2 * N), "sum": 0.2 / N * N}


def test_the_gradient_of_the_sum_is_n_times_and_checks_by_differences():
    theta = np.array([0.3, -0.2])
    report = scaled_report(gradient_report(LINE, DATA, theta), N)
    by_differences = central_differences(lambda t: N * mean_loss(LINE, DATA, t), theta)
    for value in report.variants.values():
        assert np.all(np.isfinite(value))
    np.testing.assert_allclose(report.variants["gradient_of_mean_loss"], by_differences, rtol=1e-7)
    assert report.loss_value == pytest.approx(N * mean_loss(LINE, DATA, theta))


def test_analysis_on_the_sum_descends_n_times_faster():
    mean = analyse_model(LINE, DATA, START, 0.02, 30, reduction="mean")
    summed = analyse_model(LINE, DATA, START, 0.02, 30, reduction="sum")
    assert summed.reduction == "sum"
    reference = "gradient_of_mean_loss"
    np.testing.assert_allclose(
        summed.trajectories[reference].params[1], mean.trajectories[reference].params[1] * N
    )
    losses = [N * mean_loss(LINE, DATA, t) for t in summed.trajectories[reference].params]
    np.testing.assert_allclose(summed.trajectories[reference].loss, losses, rtol=1e-12)
    assert summed.minimum.loss == pytest.approx(N * mean.minimum.loss)
    np.testing.assert_allclose(summed.minimum.params, mean.minimum.params)
    # each analysis holds the other reduction's path with the same η
    np.testing.assert_allclose(
        summed.sum_versus_mean.paths["mean"].params, mean.trajectories[reference].params
    )


def test_a_loss_without_upward_curvature_has_no_threshold():
    linear = build_spec("theta*x", "y - f", ["theta"])
    data = Data.of([1, 2, 3], [2, 4, 7])
    result = analyse_model(linear, data, np.zeros(1), 0.1, 5).sum_versus_mean
    assert result.curvature == 0
    assert result.diverges_above == {"mean": None, "sum": None}


def test_a_neuron_curves_differently_elsewhere():
    neuron = build_spec("sigmoid(w*x + b)", "(y - f)^2", ["w", "b"])
    result = analyse_model(neuron, Data.of(X, Y > 1), np.zeros(2), 0.1, 5).sum_versus_mean
    assert not result.curvature_is_constant
    assert result.curvature > 0


def test_an_unknown_reduction_is_refused():
    with pytest.raises(ExpressionError, match="reduction"):
        analyse_model(LINE, DATA, START, 0.1, 5, reduction="median")
