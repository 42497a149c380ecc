"""Means over examples, computed as NumPy's ``mean`` computes them (one pairwise sum, then one
division: the very same numbers) without its Python-level overhead of a few microseconds a
call, which the training and descent loops would pay tens of thousands of times per answer."""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def batch_mean(array: Array, keepdims: bool = False) -> Array:
    """The mean over the first axis (the examples), as ``array.mean(axis=0)``."""
    return np.add.reduce(array, axis=0, keepdims=keepdims) / array.shape[0]


def average(values: Array) -> float:
    """The mean of all of ``values`` as a number, as ``float(np.mean(values))``; booleans count
    as 0 and 1."""
    return float(np.add.reduce(values, axis=None, dtype=np.float64) / values.size)
