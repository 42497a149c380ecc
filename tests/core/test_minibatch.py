"""Mini-batch estimates against exact enumeration, the closed-form variance and the full-batch
variants computed batch by batch with ``app.core.model``."""

import math

import numpy as np
import pytest

from app.core import LimitExceededError
from app.core.limits import MAX_BATCH_SAMPLES, MAX_ENUMERATED_EXAMPLES
from app.core.minibatch import (
    CORRECT,
    SHORTCUTS,
    PerExample,
    analyse_batches,
    batch_variants,
    every_batch,
    exact_spread,
    sampled_batches,
    sweep_sizes,
)
from app.core.model import VARIANTS, Data, build_spec, gradient_report

CROSS_ENTROPY = "-(y*log(f) + (1 - y)*log(1 - f))"
LINE = build_spec("m*x + b", "(y - f)^2", ["m", "b"])
NEURON = build_spec("sigmoid(w*x + b)", CROSS_ENTROPY, ["w", "b"])
QUADRATIC = build_spec("a*x^2 + b*x", "(y - f)^2", ["a", "b"])
RNG = np.random.default_rng(7)
SMALL = Data.of(RNG.uniform(-2, 3, 10), RNG.uniform(-1, 4, 10))
CLASSES = Data.of(
    [-3, -2, -1.2, -0.5, 0.3, 0.8, 1.5, 2.5, -0.1, 1.1, 2.0, -2.4],
    [0, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0],
)
CASES = [
    (LINE, SMALL, np.array([0.5, -0.25])),
    (NEURON, CLASSES, np.array([-0.5, 0.5])),
    (QUADRATIC, SMALL, np.array([0.3, -0.2])),
]


def test_every_batch_lists_each_subset_once():
    batches = every_batch(6, 3)
    assert batches.shape == (math.comb(6, 3), 3)
    assert len({tuple(b) for b in batches.tolist()}) == 20
    assert np.all(np.diff(batches, axis=1) > 0)


def test_sampled_batches_are_distinct_reproducible_and_uniform():
    batches = sampled_batches(20, 5, 4000, seed=3)
    assert batches.shape == (4000, 5)
    assert all(len(set(row)) == 5 for row in batches.tolist())
    np.testing.assert_array_equal(batches, sampled_batches(20, 5, 4000, seed=3))
    assert not np.array_equal(batches, sampled_batches(20, 5, 4000, seed=4))
    counts = np.bincount(batches.ravel(), minlength=20)
    expected = 4000 * 5 / 20  # each example is in a batch with probability B/N
    assert np.all(np.abs(counts - expected) < 5 * math.sqrt(expected))


@pytest.mark.parametrize(("spec", "data", "theta"), CASES)
def test_each_batch_gets_the_variants_of_that_batch_alone(spec, data, theta):
    """The gathered, vectorised computation equals app.core.model run on each batch's data."""
    batches = sampled_batches(data.size, 4, 12, seed=1)
    estimates = batch_variants(spec, data, theta, batches, PerExample.at(spec, data, theta))
    for k, batch in enumerate(batches):
        alone = Data.of(data.x[batch], data.y[batch])
        for name, variant in VARIANTS.items():
            np.testing.assert_allclose(
                estimates[name][k], variant(spec, alone, theta), rtol=1e-12, atol=1e-14
            )


@pytest.mark.parametrize(("spec", "data", "theta"), CASES)
def test_enumeration_shows_the_correct_estimate_is_exactly_unbiased(spec, data, theta):
    analysis = analyse_batches(spec, data, theta, 3, 1, 0, enumerate_all=True)
    truth = gradient_report(spec, data, theta).variants["gradient_of_mean_loss"]
    np.testing.assert_allclose(analysis.full["gradient_of_mean_loss"], truth, rtol=1e-14)
    per_example = PerExample.at(spec, data, theta).gradients
    sigma2 = per_example.var(axis=0)
    n = data.size
    for stats in analysis.sweep:
        assert stats.batches == math.comb(n, stats.size)
        for name in CORRECT:
            np.testing.assert_allclose(stats.mean[name], truth, rtol=0, atol=1e-12)
            assert stats.bias[name] <= 1e-12
            assert stats.spread[name] == pytest.approx(stats.exact_spread, rel=1e-9, abs=1e-12)
        # the closed form, coordinate by coordinate, against the enumerated variance
        estimates = batch_variants(
            spec, data, theta, every_batch(n, stats.size), PerExample.at(spec, data, theta)
        )["mean_of_gradients"]
        variance = estimates.var(axis=0)
        closed_form = sigma2 / stats.size * (n - stats.size) / (n - 1)
        np.testing.assert_allclose(variance, closed_form, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize(("spec", "data", "theta"), CASES[1:])
def test_shortcuts_keep_a_bias_that_no_batch_size_removes(spec, data, theta):
    analysis = analyse_batches(spec, data, theta, 2, 1, 0, enumerate_all=True)
    report = gradient_report(spec, data, theta)
    whole = analysis.sweep[-1]
    assert whole.size == data.size and whole.batches == 1
    for name in SHORTCUTS:
        # at B = N the only batch is the data set: the full-batch shortcut, still wrong
        np.testing.assert_allclose(whole.mean[name], report.variants[name], rtol=1e-12)
        assert whole.bias[name] == pytest.approx(report.comparisons[name].absolute, rel=1e-9)
        # a batch of one example has nothing to average, so there every variant is that
        # example's own gradient: the shortcuts are right only at B = 1
        one = analysis.sweep[0]
        assert one.size == 1 and one.bias[name] <= 1e-12
        np.testing.assert_allclose(one.spread[name], one.exact_spread, rtol=1e-9)
        assert all(stats.bias[name] > 1e-3 for stats in analysis.sweep[1:])
    assert whole.spread["mean_of_gradients"] == 0 and whole.exact_spread == 0


def test_sampled_statistics_agree_with_the_closed_form():
    data = Data.of(np.linspace(-2, 2, 200), 1.5 * np.linspace(-2, 2, 200) + np.sin(np.arange(200)))
    theta = np.array([0.2, 0.1])
    analysis = analyse_batches(LINE, data, theta, 8, 1000, seed=5, enumerate_all=False)
    for stats in analysis.sweep[:-1]:
        assert stats.batches == 1000
        for name in CORRECT:
            # 1000 samples estimate the spread to a few per cent and put the mean within a
            # few standard errors of the truth (seeded, so this is the same every run)
            assert stats.spread[name] == pytest.approx(stats.exact_spread, rel=0.1)
            assert stats.bias[name] < 4 * stats.exact_spread / math.sqrt(1000)
    assert analysis.chosen.size == 8
    assert analysis.estimates["mean_of_gradients"].shape == (1000, 2)
    assert analysis.chosen in analysis.sweep


def test_exact_spread_closed_form():
    per_example = np.array([[1.0, 0.0], [3.0, 2.0], [5.0, 1.0]])
    variance = per_example.var(axis=0).sum()
    assert exact_spread(per_example, 1) == pytest.approx(math.sqrt(variance))
    assert exact_spread(per_example, 2) == pytest.approx(math.sqrt(variance / 2 * 1 / 2))
    assert exact_spread(per_example, 3) == 0.0
    assert exact_spread(per_example[:1], 1) == 0.0


def test_sweep_sizes_double_up_to_the_whole_data():
    assert sweep_sizes(1) == (1,)
    assert sweep_sizes(8) == (1, 2, 4, 8)
    assert sweep_sizes(200) == (1, 2, 4, 8, 16, 32, 64, 128, 200)


@pytest.mark.parametrize(
    ("n", "size", "samples", "enumerate_all", "message"),
    [
        (10, 11, 10, False, "between 1 and the number of examples (10)"),
        (10, 0, 10, False, "between 1 and the number of examples"),
        (10, 2, MAX_BATCH_SAMPLES + 1, False, f"between 1 and {MAX_BATCH_SAMPLES}"),
        (10, 2, 0, False, "sampled batches"),
        (MAX_ENUMERATED_EXAMPLES + 1, 2, 10, True, f"at most {MAX_ENUMERATED_EXAMPLES} examples"),
    ],
)
def test_limits_are_named(n, size, samples, enumerate_all, message):
    data = Data.of(np.arange(n, dtype=float), np.ones(n))
    with pytest.raises(LimitExceededError, match=message.replace("(", r"\(").replace(")", r"\)")):
        analyse_batches(LINE, data, np.zeros(2), size, samples, 0, enumerate_all)
