"""Read a list of points from text such as ``"0, 1, 2.5"`` with errors that say where.

Only plain decimal numbers are accepted (no ``nan``, ``inf``, underscores or hex), because a
point list comes from a URL and should mean the same thing to every reader.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from app.core.errors import LimitExceededError, PointsError
from app.core.limits import MAX_ABS_POINT, MAX_POINTS, MAX_POINTS_TEXT_LENGTH

_ITEM = re.compile(r"[^,\s;]+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def parse_points(text: str) -> np.ndarray:
    """Numbers separated by commas, semicolons or spaces, as a float array."""
    if len(text) > MAX_POINTS_TEXT_LENGTH:
        raise LimitExceededError(
            f"the list of points has {len(text)} characters; the limit is {MAX_POINTS_TEXT_LENGTH}",
            column=MAX_POINTS_TEXT_LENGTH + 1,
        )
    values: list[float] = []
    for index, match in enumerate(_ITEM.finditer(text)):
        item, column = match.group(), match.start() + 1
        if not _NUMBER.fullmatch(item):
            raise PointsError(
                f"point {index + 1} ('{item[:20]}') is not a number", column=column, index=index
            )
        values.append(_checked(float(item), index, column))
        if len(values) > MAX_POINTS:
            raise LimitExceededError(f"more than {MAX_POINTS} points", column=column)
    return validate_points(values)


def validate_points(values: Sequence[float]) -> np.ndarray:
    """Check an already numeric list: not empty, not too long, every value finite and sane."""
    if len(values) == 0:
        raise PointsError("give at least one point, e.g. 0, 1")
    if len(values) > MAX_POINTS:
        raise LimitExceededError(f"{len(values)} points; the limit is {MAX_POINTS}")
    for index, value in enumerate(values):
        _checked(float(value), index, None)
    return np.asarray(values, dtype=np.float64)


def _checked(value: float, index: int, column: int | None) -> float:
    if not math.isfinite(value) or abs(value) > MAX_ABS_POINT:
        raise PointsError(
            f"point {index + 1} is {value!r}; points must be finite numbers between"
            f" -{MAX_ABS_POINT:g} and {MAX_ABS_POINT:g}",
            column=column,
            index=index,
        )
    return value
