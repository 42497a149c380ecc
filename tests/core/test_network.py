"""The MLP's gradient variants: central differences, linearity, the identity case, training."""

import numpy as np
import pytest

from app.core import ExpressionError
from app.core.datasets import DATASETS, custom_points, make_dataset, parse_labelled_points
from app.core.network import (
    ACTIVATIONS,
    LOSSES,
    Architecture,
    gradient_of_mean_loss,
    initial_params,
    layer_reports,
    mean_error_backprop,
    mean_loss,
    mean_of_gradients,
    per_example_gradients,
)
from app.core.training import TrainingSettings, analyse_network

DATA = make_dataset("moons", seed=3, size=40)


def central_difference(arch, params, inputs, labels, layer, part, index, h=1e-6):
    def loss_with(delta):
        shifted = [(w.copy(), b.copy()) for w, b in params]
        shifted[layer][part][index] += delta
        return mean_loss(arch, shifted, inputs, labels)

    return (loss_with(h) - loss_with(-h)) / (2 * h)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("loss", LOSSES)
def test_per_example_gradients_match_central_differences(activation, loss):
    arch = Architecture((5, 3), activation, loss)
    params = initial_params(arch, seed=7)
    params = [(w, b + 0.1) for w, b in params]  # nonzero biases, away from relu's kink at 0
    x, y = DATA.inputs[:6], DATA.labels[:6]
    per_example = per_example_gradients(arch, params, x, y)
    for i in range(len(y)):
        for layer, (weights, _) in enumerate(params):
            for index in [(0, 0), (weights.shape[0] - 1, weights.shape[1] - 1)]:
                numeric = central_difference(
                    arch, params, x[i : i + 1], y[i : i + 1], layer, 0, index
                )
                assert per_example[layer][0][i][index] == pytest.approx(numeric, abs=1e-7)
            numeric = central_difference(arch, params, x[i : i + 1], y[i : i + 1], layer, 1, (0,))
            assert per_example[layer][1][i][0] == pytest.approx(numeric, abs=1e-7)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_mean_of_gradients_equals_gradient_of_mean_loss(activation):
    arch = Architecture((8, 4), activation, "cross_entropy")
    params = initial_params(arch, seed=1)
    batched = gradient_of_mean_loss(arch, params, DATA.inputs, DATA.labels)
    averaged = mean_of_gradients(arch, params, DATA.inputs, DATA.labels)
    for (bw, bb), (aw, ab) in zip(batched, averaged, strict=True):
        np.testing.assert_allclose(aw, bw, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(ab, bb, rtol=1e-10, atol=1e-14)
    numeric = central_difference(arch, params, DATA.inputs, DATA.labels, 0, 0, (1, 0))
    assert batched[0][0][1, 0] == pytest.approx(numeric, abs=1e-8)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_averaged_error_differs_for_non_linear_activations(activation):
    arch = Architecture((8,), activation, "cross_entropy")
    reports = layer_reports(arch, initial_params(arch, 0), DATA.inputs, DATA.labels)
    hidden_weights = next(r for r in reports if r.name == "layer 1" and r.kind == "weights")
    assert hidden_weights.variants["mean_error_backprop"].rel_error > 0.05
    assert hidden_weights.variants["mean_of_gradients"].rel_error < 1e-10


def test_identity_activations_make_averaged_error_exact_for_biases_only():
    arch = Architecture((6, 4), "identity", "cross_entropy")
    params = initial_params(arch, 2)
    truth = gradient_of_mean_loss(arch, params, DATA.inputs, DATA.labels)
    shortcut = mean_error_backprop(arch, params, DATA.inputs, DATA.labels)
    for (tw, tb), (sw, sb) in zip(truth, shortcut, strict=True):
        np.testing.assert_allclose(sb, tb, rtol=1e-12, atol=1e-15)  # biases: exact
        assert np.linalg.norm(sw - tw) > 1e-3 * np.linalg.norm(tw)  # weights: wrong


def test_output_bias_is_exact_even_with_non_linear_hidden_layers():
    arch = Architecture((8,), "tanh", "cross_entropy")
    params = initial_params(arch, 0)
    truth = gradient_of_mean_loss(arch, params, DATA.inputs, DATA.labels)
    shortcut = mean_error_backprop(arch, params, DATA.inputs, DATA.labels)
    np.testing.assert_allclose(shortcut[-1][1], truth[-1][1], rtol=1e-12)
    assert not np.allclose(shortcut[0][1], truth[0][1])


def test_correct_gradient_solves_xor_with_the_defaults_and_shortcuts_do_not():
    analysis = analyse_network(
        Architecture((8,), "tanh", "cross_entropy"),
        make_dataset("xor", 0),
        TrainingSettings(batch_size=16, learning_rate=0.5, epochs=100, seed=0),
    )
    assert analysis.training["gradient_of_mean_loss"].accuracy[-1] >= 0.97
    assert analysis.training["mean_of_gradients"].accuracy[-1] >= 0.97
    assert analysis.training["mean_error_backprop"].accuracy[-1] < 0.9
    assert analysis.training["gradient_at_mean_input"].accuracy[-1] < 0.9
    assert len(analysis.training["gradient_of_mean_loss"].loss) == 101


def test_same_seed_same_numbers():
    def run():
        return analyse_network(
            Architecture((4,), "relu", "squared_error"),
            make_dataset("circles", 5, 60),
            TrainingSettings(batch_size=8, learning_rate=0.3, epochs=10, seed=5),
        )

    first, second = run(), run()
    assert first.training["mean_error_backprop"].loss == second.training["mean_error_backprop"].loss
    np.testing.assert_array_equal(
        first.boundary.predictions["gradient_of_mean_loss"],
        second.boundary.predictions["gradient_of_mean_loss"],
    )


@pytest.mark.parametrize("name", DATASETS)
def test_datasets_are_deterministic_and_balanced(name):
    data = make_dataset(name, 4)
    np.testing.assert_array_equal(data.inputs, make_dataset(name, 4).inputs)
    assert 0.3 < data.labels.mean() < 0.7
    assert data.inputs.shape == (200, 2)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Architecture((), "tanh", "cross_entropy"),
        lambda: Architecture((8, 8, 8, 8), "tanh", "cross_entropy"),
        lambda: Architecture((65,), "tanh", "cross_entropy"),
        lambda: Architecture((8,), "swish", "cross_entropy"),
        lambda: custom_points([[0, 0, 2], [1, 1, 1]]),
        lambda: custom_points([[0, 0, 0]]),
        lambda: custom_points([[0, float("nan"), 0], [1, 1, 1]]),
        lambda: make_dataset("spirals", 0),
        lambda: TrainingSettings(16, 0.5, 300, 0).check(200),
        lambda: TrainingSettings(500, 0.5, 10, 0).check(200),
        lambda: parse_labelled_points("0,0,zero"),
    ],
)
def test_bad_network_input_is_a_named_error(build):
    with pytest.raises(ExpressionError):
        build()
