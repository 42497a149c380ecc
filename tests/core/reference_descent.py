"""Descent one variant at a time with app/core/model.py's own gradient functions: the plain
loop that app/core/descent.py's stacked descent replaced, kept as the tests' oracle."""

from __future__ import annotations

import numpy as np

from app.core.descent import Run, Trajectory
from app.core.model import VARIANTS, Data, ModelSpec, mean_loss


def descend_alone(
    spec: ModelSpec,
    data: Data,
    start: np.ndarray,
    learning_rate: float,
    steps: int,
    run: Run,
) -> Trajectory:
    """θ ← θ − η·scale·g(θ) with the run's variant's function, stopping once θ or J is not
    finite."""
    gradient, scale = VARIANTS[run.variant], run.scale
    thetas = [np.asarray(start, dtype=float)]
    with np.errstate(all="ignore"):
        losses = [mean_loss(spec, data, thetas[0])]
        for _ in range(steps):
            theta = thetas[-1] - learning_rate * scale * gradient(spec, data, thetas[-1])
            loss = mean_loss(spec, data, theta) if np.all(np.isfinite(theta)) else float("nan")
            if not (np.all(np.isfinite(theta)) and np.isfinite(loss)):
                return Trajectory(np.array(thetas), np.array(losses), diverged=True)
            thetas.append(theta)
            losses.append(loss)
    return Trajectory(np.array(thetas), np.array(losses), diverged=False)
