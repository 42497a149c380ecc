"""The fast means give NumPy's own numbers, bit for bit: training and descent paths must not
move when the helper replaces ``np.mean``."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from app.core.means import average, batch_mean

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@given(arrays(np.float64, st.tuples(st.integers(1, 300), st.integers(1, 4)), elements=finite))
def test_batch_mean_is_numpy_s_mean_over_the_examples(values):
    assert np.array_equal(batch_mean(values), values.mean(axis=0))
    assert np.array_equal(batch_mean(values, keepdims=True), values.mean(axis=0, keepdims=True))


@given(arrays(np.float64, st.integers(1, 1000), elements=finite))
def test_average_is_numpy_s_mean(values):
    assert average(values) == float(np.mean(values))


def test_average_counts_booleans_as_zero_and_one():
    flags = np.array([True, False, True, True])
    assert average(flags) == 0.75 == float(np.mean(flags))
