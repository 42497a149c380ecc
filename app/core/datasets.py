"""Small labelled 2-D datasets for the network explorer, generated from a seed.

The same name, size and seed always give the same points, so a permalink reproduces a run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.core.errors import LimitExceededError, PointsError
from app.core.limits import MAX_ABS_POINT, MAX_NETWORK_POINTS

DATASETS = ("xor", "moons", "circles")
DEFAULT_SIZE = 200


@dataclass(frozen=True)
class LabelledPoints:
    inputs: np.ndarray  # (N, 2)
    labels: np.ndarray  # (N,) of 0.0 and 1.0

    @property
    def size(self) -> int:
        return len(self.labels)


def make_dataset(name: str, seed: int, size: int = DEFAULT_SIZE) -> LabelledPoints:
    rng = np.random.default_rng(seed)
    if name == "xor":
        inputs = rng.uniform(-1, 1, size=(size, 2))
        inputs += 0.1 * np.sign(inputs)  # a small gap around the axes keeps the classes apart
        labels = (inputs[:, 0] * inputs[:, 1] < 0).astype(float)
    elif name == "moons":
        half = size // 2
        angles = rng.uniform(0, np.pi, size)
        upper = np.column_stack([np.cos(angles[:half]), np.sin(angles[:half])])
        lower = np.column_stack([1 - np.cos(angles[half:]), 0.5 - np.sin(angles[half:])])
        inputs = np.vstack([upper, lower]) + rng.normal(0, 0.1, size=(size, 2))
        inputs = (inputs - [0.5, 0.25]) / 1.2
        labels = np.r_[np.zeros(half), np.ones(size - half)]
    elif name == "circles":
        angles = rng.uniform(0, 2 * np.pi, size)
        labels = (rng.uniform(size=size) < 0.5).astype(float)
        radii = np.where(labels == 1, 0.35, 0.9) + rng.normal(0, 0.07, size)
        inputs = np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])
    else:
        raise PointsError(f"unknown dataset '{name}'; choose one of {', '.join(DATASETS)}")
    return LabelledPoints(inputs, labels)


def custom_points(rows: Sequence[Sequence[float]]) -> LabelledPoints:
    """The reader's own points, each ``[x1, x2, label]`` with label 0 or 1."""
    if len(rows) < 2:
        raise PointsError("give at least two labelled points, e.g. [[0, 0, 0], [1, 1, 1]]")
    if len(rows) > MAX_NETWORK_POINTS:
        raise LimitExceededError(f"{len(rows)} points; the limit is {MAX_NETWORK_POINTS}")
    for index, row in enumerate(rows):
        if len(row) != 3:
            raise PointsError(f"point {index + 1} needs three numbers: x1, x2, label", index=index)
        x1, x2, label = (float(v) for v in row)
        if not (abs(x1) <= MAX_ABS_POINT and abs(x2) <= MAX_ABS_POINT):
            raise PointsError(
                f"point {index + 1} has a coordinate that is not a finite number", index=index
            )
        if label not in (0.0, 1.0):
            raise PointsError(f"the label of point {index + 1} must be 0 or 1", index=index)
    array = np.asarray(rows, dtype=float)
    return LabelledPoints(array[:, :2], array[:, 2])


def parse_labelled_points(text: str) -> list[list[float]]:
    """``"0,0,0; 1,1,1"`` (semicolons or new lines between points) as rows of numbers."""
    rows = []
    for index, chunk in enumerate(part for part in text.replace("\n", ";").split(";")):
        if not chunk.strip():
            continue
        items = [item for item in chunk.replace(",", " ").split() if item]
        try:
            rows.append([float(item) for item in items])
        except ValueError:
            raise PointsError(
                f"point {index + 1} ('{chunk.strip()[:30]}') should be three numbers:"
                " x1, x2, label",
                index=index,
            ) from None
    return rows


def noisy_line(
    size: int, slope: float, intercept: float, noise: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """``size`` points scattered around y = slope·x + intercept (x uniform in [-2, 2], Gaussian
    noise of standard deviation ``noise``), to two decimals: a data set for the model and
    batches explorers whose true line is known."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(-2, 2, size), 2)
    y = np.round(slope * x + intercept + rng.normal(0, noise, size), 2)
    return x, y
