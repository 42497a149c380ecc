"""The four variants trained at once (app/core/stacked_training.py) follow, to rounding, the
trajectories of training each on its own with network.py's gradient functions."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.datasets import make_dataset
from app.core.network import VARIANTS, Architecture
from app.core.stacked_training import ORDER, train_all_variants
from app.core.training import TrainingSettings
from tests.core.reference_training import epochs_of

CASES = [
    ("xor", (8,), "tanh", "cross_entropy", 16, 0.5),
    ("moons", (16, 16), "relu", "cross_entropy", 16, 0.3),
    ("xor", (8,), "tanh", "squared_error", 16, 2.0),
    ("circles", (8,), "sigmoid", "cross_entropy", 16, 2.0),
    ("moons", (8,), "identity", "cross_entropy", 7, 0.3),  # a short last batch
    ("xor", (3, 5, 4), "tanh", "squared_error", 1, 0.1),  # one example a batch
]


@pytest.mark.parametrize(("dataset", "hidden", "activation", "loss", "batch", "rate"), CASES)
def test_stacked_training_follows_each_variant_trained_alone(
    dataset, hidden, activation, loss, batch, rate
):
    data = make_dataset(dataset, 0, 60)
    arch = Architecture(hidden, activation, loss)
    epochs = 12
    alone = {
        v: list(epochs_of(arch, data, TrainingSettings(batch, rate, epochs, 3), v))
        for v in VARIANTS
    }
    stacked = train_all_variants(arch, data, batch, rate, epochs, 3)
    for epoch, together in enumerate(stacked):
        for index, variant in enumerate(ORDER):
            params, loss_value, correct = alone[variant][epoch]
            assert together.loss[index] == pytest.approx(loss_value, rel=1e-10, abs=1e-12)
            assert together.accuracy[index] == correct
            for (w, b), (w2, b2) in zip(params, together.params(variant), strict=True):
                np.testing.assert_allclose(w2, w, rtol=1e-9, atol=1e-12)
                np.testing.assert_allclose(b2, b, rtol=1e-9, atol=1e-12)
    assert epoch == epochs


def test_the_variants_really_differ_and_share_their_start():
    data = make_dataset("xor", 0, 40)
    arch = Architecture((4,), "tanh", "cross_entropy")
    first, *_, last = train_all_variants(arch, data, 8, 0.5, 5, 0)
    assert len(set(first.loss.tolist())) == 1  # one start
    truth, mean_of, at_mean, averaged = (last.params(v)[0][0] for v in ORDER)
    np.testing.assert_allclose(mean_of, truth, rtol=1e-12)  # equal by linearity
    assert np.abs(at_mean - truth).max() > 1e-3 and np.abs(averaged - truth).max() > 1e-3
