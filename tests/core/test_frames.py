"""Frames of a run: evenly spaced for the player, and every way a query can miss one."""

import pytest

from app.core import ExpressionError, LimitExceededError
from app.core.frames import chosen_frame, evenly_spaced


def test_evenly_spaced_frames_end_on_the_last():
    assert evenly_spaced(5) == (0, 1, 2, 3, 4, 5)
    assert evenly_spaced(1000) == (*range(0, 1000, 10), 1000)
    assert evenly_spaced(250, most=100) == (*range(0, 250, 3), 250)
    assert len(evenly_spaced(999)) <= 101
    assert evenly_spaced(0) == (0,)


def test_a_frame_is_named_by_its_number_or_left_empty_for_the_last():
    frames = (0, 5, 10, 12)
    assert chosen_frame("", frames, "epoch") is None
    assert chosen_frame(" 5 ", frames, "epoch") == 5
    assert chosen_frame("12", frames, "epoch") == 12


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("13", LimitExceededError, "epoch 13 is past the end: the run has 12 epochs"),
        ("7", LimitExceededError, "epoch 7 falls between frames: they are every 5 epochs"),
        ("-1", ExpressionError, "the epoch must be a whole number from 0 to 12"),
        ("2.5", ExpressionError, "the epoch must be a whole number from 0 to 12"),
        ("soon", ExpressionError, "'soon' is not a number"),
    ],
)
def test_a_frame_that_is_not_there_says_why(text, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(")):
        chosen_frame(text, (0, 5, 10, 12), "epoch")
