"""The explorer's descents taken together (app/core/descent.py's descend_together) follow, to
rounding, each variant's descent taken alone with its own gradient function, including where
a path blows up and stops while the others go on."""

from __future__ import annotations

import numpy as np
import pytest

from app.api.model_inputs import ModelFields
from app.core.descent import Run, descend, descend_together
from app.core.model import VARIANT_NAMES, Data, build_spec
from app.web.explorers.presets import MODEL_PRESETS
from tests.core.reference_descent import descend_alone


def assert_same_path(together, alone) -> None:
    assert together.diverged == alone.diverged
    assert together.params.shape == alone.params.shape
    np.testing.assert_allclose(together.params, alone.params, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(together.loss, alone.loss, rtol=1e-9, atol=1e-12)


def every_run(examples: int) -> list[Run]:
    return [Run(v) for v in VARIANT_NAMES] + [Run(v, float(examples)) for v in VARIANT_NAMES]


@pytest.mark.parametrize("preset", MODEL_PRESETS, ids=lambda p: p.label)
def test_each_preset_descends_together_as_each_variant_alone(preset):
    query = preset.values
    spec, data, theta = ModelFields.split(query)[0].parsed()
    rate, steps = float(query["learning_rate"]), int(query["steps"])
    runs = every_run(data.size)  # the sum's paths too: some of them blow up
    paths = descend_together(spec, data, theta, rate, steps, runs)
    for run, together in zip(runs, paths, strict=True):
        alone = descend_alone(spec, data, theta, rate, steps, run)
        assert_same_path(together, alone)


def test_paths_that_blow_up_at_different_steps_stop_each_at_its_own():
    spec = build_spec("a*x^2 + b*x + c", "(y - f)^2", ["a", "b", "c"])
    data = Data.of([-2, -1, 0, 1, 2, 3], [4.5, 1.2, 0.1, 0.8, 4.1, 9.3])
    start = np.array([0.5, -0.2, 0.0])
    runs = every_run(data.size)
    paths = descend_together(spec, data, start, 0.06, 300, runs)
    lengths = {len(p.loss) for p in paths}
    assert len(lengths) >= 3  # some settle, others blow up at different steps
    assert any(p.diverged for p in paths) and not all(p.diverged for p in paths)
    for run, together in zip(runs, paths, strict=True):
        assert_same_path(together, descend_alone(spec, data, start, 0.06, 300, run))


def test_a_start_where_j_is_not_finite_stops_after_the_first_step():
    spec = build_spec("sigmoid(w*x)", "-(y*log(f) + (1 - y)*log(1 - f))", ["w"])
    data = Data.of([1.0, 2.0], [0.0, 1.0])
    start = np.array([800.0])  # 0·log(1 - f) = 0·log(0): J is NaN here, and after a step
    [path] = descend_together(spec, data, start, 0.1, 20, [Run("gradient_of_mean_loss")])
    alone = descend_alone(spec, data, start, 0.1, 20, Run("gradient_of_mean_loss"))
    assert path.diverged and len(path.loss) == len(alone.loss)
    assert not np.isfinite(path.loss[0])


def test_no_steps_is_the_start_and_its_loss():
    spec = build_spec("m*x + b", "(y - f)^2", ["m", "b"])
    data = Data.of([0.0, 1.0], [1.0, 3.0])
    path = descend(spec, data, np.array([0.0, 0.0]), 0.1, 0, "mean_error_backprop")
    assert path.params.tolist() == [[0.0, 0.0]] and path.loss.tolist() == [5.0]
    assert not path.diverged
