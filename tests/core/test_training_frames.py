"""Training frames: snapshots that reproduce the recorded losses, frames that are prefixes of
the whole run, and a run streamed as it trains that ends where an ordinary run ends."""

import numpy as np
import pytest

from app.core.datasets import make_dataset
from app.core.network import REFERENCE, Architecture, initial_params, layer_reports, mean_loss
from app.core.training import (
    TrainingSettings,
    analyse_network,
    analyse_network_as_it_trains,
    frame_epochs,
)

ARCH = Architecture((6,), "tanh", "cross_entropy")
DATA = make_dataset("moons", seed=2, size=60)
SETTINGS = TrainingSettings(batch_size=10, learning_rate=0.5, epochs=120, seed=4)


@pytest.fixture(scope="module")
def whole():
    return analyse_network(ARCH, DATA, SETTINGS)


def test_frame_epochs_are_a_few_dozen_and_end_on_the_last():
    assert frame_epochs(120) == (*range(0, 120, 3), 120)
    assert frame_epochs(7) == tuple(range(8))


def test_every_snapshot_reproduces_the_loss_recorded_at_its_epoch(whole):
    for name, run in whole.training.items():
        assert sorted(run.snapshots) == list(whole.frames)
        for epoch, params in run.snapshots.items():
            assert mean_loss(ARCH, params, DATA.inputs, DATA.labels) == run.loss[epoch], name
    start = initial_params(ARCH, SETTINGS.seed)
    for (w, b), (w0, b0) in zip(whole.training[REFERENCE].snapshots[0], start, strict=True):
        np.testing.assert_array_equal(w, w0)
        np.testing.assert_array_equal(b, b0)


def test_a_frame_is_the_run_cut_at_its_epoch(whole):
    frame = whole.at_epoch(30)
    assert frame.epoch == 30
    for name, run in frame.training.items():
        assert run.loss == whole.training[name].loss[:31]
        assert run.accuracy == whole.training[name].accuracy[:31]
    weights = whole.training[REFERENCE].snapshots[30]
    expected = layer_reports(ARCH, weights, DATA.inputs, DATA.labels)
    assert [layer.variants for layer in frame.layers] == [layer.variants for layer in expected]
    assert whole.at_epoch(0).layers == whole.initial_layers


def test_a_run_streamed_as_it_trains_ends_where_the_ordinary_run_ends(whole):
    asked = []

    def show(epoch: int) -> bool:  # a watcher who wants every tenth frame
        asked.append(epoch)
        return len(asked) % 10 == 1

    frames = list(analyse_network_as_it_trains(ARCH, DATA, SETTINGS, show))
    assert asked == [e for e in whole.frames if e < 120]  # asked at each frame epoch on the way
    assert [frame.epoch for frame in frames] == [*asked[::10], 120]
    assert len(frames) >= 5
    last = frames[-1]
    for name, run in last.training.items():
        assert run.loss == whole.training[name].loss
    for frame in frames[:-1]:
        for name, run in frame.training.items():
            assert run.loss == whole.training[name].loss[: frame.epoch + 1]
        np.testing.assert_array_equal(
            frame.boundary.predictions[REFERENCE],
            whole.at_epoch(frame.epoch).boundary.predictions[REFERENCE],
        )


def test_a_diverged_run_s_frame_saturates_quietly():
    """Found by scripts.explore_api: at a learning rate of 76 the output's sigmoid overflows
    in exp; the frame (``?epoch=``) was computed without the core's quiet floating point, so
    the warning (an error under the suite's settings) made a 500."""
    arch = Architecture((8,), "relu", "cross_entropy")
    settings = TrainingSettings(16, 75.78732915911301, 34, 9538437)
    whole = analyse_network(arch, make_dataset("xor", 9538437), settings)
    frame = whole.at_epoch(34)  # the last epoch: the same run as a whole
    for name, regions in frame.boundary.predictions.items():
        assert np.array_equal(regions, whole.boundary.predictions[name])
        assert np.all((regions >= 0) & (regions <= 1))
    assert {0.0, 1.0} <= set(np.unique(frame.boundary.predictions[REFERENCE]))  # saturated
