"""Frames of a run (descent steps, training epochs) that a reader can step through or link to.

A query names a frame by its number (``step=40``, ``epoch=20``); an empty value is the last.
Runs keep every step (descent) or a snapshot every few epochs (training), so the frames that
exist are listed, and a number that names none is a clear error, not a guess.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from app.core.errors import LimitExceededError, PointsError
from app.core.points import parse_number

MOST_FRAMES = 100
"""The player's frames: at most this many, evenly spaced, always the first and the last."""


def evenly_spaced(last: int, most: int = MOST_FRAMES) -> tuple[int, ...]:
    """0, s, 2s, … and ``last``, with the stride s chosen so there are at most ``most`` + 1."""
    stride = max(1, math.ceil(last / most))
    return (*range(0, last, stride), last)


def chosen_frame(text: str, frames: Sequence[int], what: str) -> int | None:
    """The frame ``text`` names (None for the last, when empty); ``what`` is "step" or "epoch"."""
    if not text.strip():
        return None
    number = parse_number(text)
    last = frames[-1]
    if not number.is_integer() or number < 0:
        raise PointsError(f"the {what} must be a whole number from 0 to {last}")
    frame = int(number)
    if frame > last:
        raise LimitExceededError(f"{what} {frame} is past the end: the run has {last} {what}s")
    if frame not in frames:
        stride = frames[1] - frames[0] if len(frames) > 1 else 1
        raise LimitExceededError(
            f"{what} {frame} falls between frames: they are every {stride} {what}s and the last"
            f" ({last})"
        )
    return frame
