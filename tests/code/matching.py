"""How a script's last line is compared with the API's answer."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

RELATIVE = 1e-9


def numbers(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every leaf of a JSON value by its path (numbers, null, strings, booleans)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from numbers(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from numbers(item, f"{path}[{index}]")
    else:
        yield path, value


def mismatches(got: Any, want: Any, relative: float = RELATIVE) -> list[str]:
    """Where ``got`` differs from ``want``: the same paths, the same strings, booleans and
    nulls, and every number within ``relative`` of the API's. A number that is rounding noise
    next to the answer's largest one (the correct variants' bias, an affine function's gap)
    is held to ``relative`` times a thousandth of that largest number instead of itself."""
    mine, theirs = dict(numbers(got)), dict(numbers(want))
    if mine.keys() != theirs.keys():
        return [f"paths differ: {sorted(mine.keys() ^ theirs.keys())[:5]}"]
    floats = [abs(v) for v in theirs.values() if isinstance(v, float) and math.isfinite(v)]
    floor = 1e-3 * max(floats, default=0.0)
    found = []
    for path, shown in theirs.items():
        value = mine[path]
        if isinstance(shown, float) and isinstance(value, int | float) and value is not True:
            if abs(value - shown) > relative * max(abs(shown), floor):
                found.append(f"{path}: {value!r} against the API's {shown!r}")
        elif value != shown or type(value) is not type(shown):
            found.append(f"{path}: {value!r} against the API's {shown!r}")
    return found


def last_line(stdout: str) -> Any:
    return json.loads(stdout.strip().splitlines()[-1])
