"""The one error family the numerics core raises for bad user input.

Callers (the API, the pages) catch ``ExpressionError`` and turn it into a 422 that says what
went wrong and where; anything else escaping the core is a bug, not a user mistake.
"""

from __future__ import annotations


class ExpressionError(ValueError):
    """Bad user input: ``message`` says what, ``column`` (1-based) says where, if known."""

    code = "expression_error"

    def __init__(self, message: str, *, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        if self.column is None:
            return self.message
        return f"{self.message} (column {self.column})"


class ParseError(ExpressionError):
    """The text is not a valid expression."""

    code = "parse_error"


class UnknownNameError(ParseError):
    """A name that is neither a variable the caller allows nor a known constant or function."""

    code = "unknown_name"


class LimitExceededError(ExpressionError):
    """The input is valid but larger or deeper than a named limit in ``app.core.limits``."""

    code = "limit_exceeded"


class PointsError(ExpressionError):
    """A list of points is empty, too long, or holds something that is not a finite number."""

    code = "invalid_points"

    def __init__(
        self, message: str, *, column: int | None = None, index: int | None = None
    ) -> None:
        super().__init__(message, column=column)
        self.index = index
