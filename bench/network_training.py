"""Network training on the server: the four variants of the default XOR preset (8 tanh units,
200 points, batches of 16, 100 epochs: 1,300 updates each), trained at once as one stacked
computation (app/core/stacked_training.py), against training them one at a time with
network.py's gradient functions (the loop it replaced), timed in turn in the same rounds.

    python -m bench.network_training

Target (issue 16): the four variants in 60 ms or less; the whole network analysis (training,
frames, layer errors, decision regions) is timed as well.
"""

from __future__ import annotations

from collections import deque

from app.core.datasets import make_dataset
from app.core.network import VARIANTS, Architecture
from app.core.stacked_training import train_all_variants
from app.core.training import TrainingSettings, analyse_network
from bench.timing import interleaved_best, ratio_line
from tests.core.reference_training import epochs_of

PRESETS = {
    "XOR, tanh (default)": ("xor", (8,), "tanh", "cross_entropy", 16, 0.5),
    "two moons, relu 16-16": ("moons", (16, 16), "relu", "cross_entropy", 16, 0.3),
}


def timed(arch: Architecture, data, settings: TrainingSettings) -> dict[str, float]:
    """Best times of the three candidates for one preset, timed in turn."""
    rate, batch, epochs, seed = (
        settings.learning_rate,
        settings.batch_size,
        settings.epochs,
        settings.seed,
    )
    return interleaved_best(
        {
            "one at a time": lambda: [
                deque(epochs_of(arch, data, settings, v), maxlen=0) for v in VARIANTS
            ],
            "stacked": lambda: deque(
                train_all_variants(arch, data, batch, rate, epochs, seed), maxlen=0
            ),
            "analysis": lambda: analyse_network(arch, data, settings),
        },
        rounds=7,
    )


def main() -> None:
    print(f"{'':44} {'best':>13}   ratio")
    for label, (dataset, hidden, activation, loss, batch, rate) in PRESETS.items():
        arch = Architecture(hidden, activation, loss)
        times = timed(arch, make_dataset(dataset, 0, 200), TrainingSettings(batch, rate, 100, 0))
        baseline = times["one at a time"]
        print(label)
        for name, text in (
            ("one at a time", "four variants, one at a time"),
            ("stacked", "four variants, stacked"),
            ("analysis", "whole analysis (stacked training)"),
        ):
            print(ratio_line(f"  {text}", times[name], baseline, "one at a time"))


if __name__ == "__main__":
    main()
