"""Figure numbers: 7 significant digits, written short, gaps for non-finite values."""

import json
import math

import numpy as np
import pytest

from app.web.charts.figures import json_numbers, json_rows


def seven_digits(value: float) -> float | None:
    """The definition, one value at a time."""
    return float(f"{value:.7g}") if math.isfinite(value) else None


@pytest.mark.parametrize("exponent", [-320, -200, -16, -15, -7, -1, 0, 1, 7, 14, 15, 16, 200, 307])
def test_whole_arrays_round_as_each_value_would(exponent):
    values = np.random.default_rng(exponent + 400).standard_normal(5_000) * 10.0**exponent
    values[::97], values[::89], values[::83], values[::79] = np.nan, np.inf, 0.0, -np.inf
    got, wanted = json_numbers(values), [seven_digits(v) for v in values.tolist()]
    assert [g is None for g in got] == [w is None for w in wanted]
    for g, w in zip(got, wanted, strict=True):
        if w is not None:
            assert g == pytest.approx(w, rel=1e-6, abs=0)  # the two may differ at a tie
            assert len(repr(g)) <= len(repr(w)) + 1  # and JSON writes them as short


def test_a_sampled_curve_is_written_short():
    x = np.linspace(-1.5, 2.5, 243)
    text = json.dumps(json_numbers(x))
    assert "-1.483471," in text and "2.5]" in text
    significant = [
        number.replace("-", "").replace(".", "").lstrip("0") for number in text[1:-1].split(", ")
    ]
    assert max(len(digits) for digits in significant) == 7


def test_small_inputs_and_gaps():
    assert json_numbers([0.1 + 0.2, float("nan"), -float("inf"), 0.0]) == [0.3, None, None, 0.0]
    assert json_numbers(np.array([[1 / 3, 2 / 3]])) == [0.3333333, 0.6666667]
    assert json_numbers([]) == []


@pytest.mark.parametrize("columns", [1, 31, 32, 61])  # either side of rounding as one array
def test_a_matrix_is_written_as_its_rows_would_be(columns):
    rng = np.random.default_rng(columns)
    matrix = rng.standard_normal((17, columns)) * 10.0 ** rng.integers(-20, 20, (17, columns))
    matrix[::3, ::2], matrix[1, 0], matrix[2, -1] = 0.0, np.nan, np.inf
    rows = json_rows(matrix)
    assert rows == [json_numbers(row) for row in matrix]  # the very same numbers, and gaps
    assert [len(row) for row in rows] == [columns] * 17
