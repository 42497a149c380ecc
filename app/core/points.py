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
from app.core.printing import format_number

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


_ASSIGNMENT = re.compile(r"\s*([A-Za-z_][A-Za-z_0-9]*)\s*=\s*([^,;\s]+)\s*")


def parse_assignments(text: str) -> dict[str, float]:
    """Parameter values written as ``m = 0.5, b = 0`` (commas or semicolons between them)."""
    values: dict[str, float] = {}
    position = 0
    for index, part in enumerate(re.split(r"[,;]", text)):
        column = position + 1
        position += len(part) + 1
        if not part.strip():
            continue
        match = _ASSIGNMENT.fullmatch(part)
        if match is None:
            raise PointsError(
                f"'{part.strip()[:20]}' should look like name = number, e.g. m = 0.5",
                column=column + len(part) - len(part.lstrip()),
                index=index,
            )
        name, number = match.groups()
        if not _NUMBER.fullmatch(number):
            raise PointsError(
                f"the value of '{name}' ('{number[:20]}') is not a number",
                column=column + match.start(2),
                index=index,
            )
        if name in values:
            raise PointsError(f"'{name}' is given twice", column=column + match.start(1))
        values[name] = float(number)
    if not values:
        raise PointsError("give a starting value for each parameter, e.g. m = 0.5, b = 0")
    return values


def format_assignments(values: dict[str, float]) -> str:
    """The text form ``parse_assignments`` reads back: ``"m=0.5, b=0"``."""
    return ", ".join(f"{name}={format_number(value)}" for name, value in values.items())


def format_points(values: Sequence[float]) -> str:
    """The text form ``parse_points`` reads back: ``"0, 1"``."""
    return ", ".join(format_number(float(v)) for v in values)


def parse_number(text: str) -> float:
    """One plain decimal number, as typed into a form field."""
    if not _NUMBER.fullmatch(text.strip()):
        raise PointsError(f"'{text.strip()[:20]}' is not a number", column=1)
    return float(text)
