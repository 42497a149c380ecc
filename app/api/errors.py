"""Bad input, tagged with the request field it came from, and its 422 JSON shape.

The body is the same ``{"detail": [{"loc", "msg", "type", "input", "ctx"}]}`` that FastAPI
uses for its own validation errors, so clients handle one shape for every bad request; a parse
error's ``ctx.column`` is the 1-based column in that field.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.core.errors import ExpressionError, PointsError
from app.middleware.query_limit import MAX_QUERY_BYTES

T = TypeVar("T")


@dataclass
class FieldError(Exception):
    """An ``ExpressionError`` in one named input field (``f``, ``x``, ...)."""

    field: str
    error: ExpressionError
    value: Any

    @property
    def column(self) -> int | None:
        return self.error.column

    @property
    def message(self) -> str:
        return str(self.error)

    def entry(self, source: str) -> dict[str, Any]:
        """One item of FastAPI's ``detail`` list; ``source`` is ``query`` or ``body``."""
        context: dict[str, Any] = {}
        if self.error.column is not None:
            context["column"] = self.error.column
        if isinstance(self.error, PointsError) and self.error.index is not None:
            context["index"] = self.error.index
        entry: dict[str, Any] = {
            "loc": [source, self.field],
            "msg": str(self.error),
            "type": self.error.code,
            "input": self.value,
        }
        if context:
            entry["ctx"] = context
        return entry

    def as_validation_error(self, source: str) -> RequestValidationError:
        return RequestValidationError([self.entry(source)])


def json_safe(value: Any) -> Any:
    """``value`` with non-finite floats spelled as strings: JSON has no NaN or Infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # 'nan', 'inf', '-inf': says what was sent
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


async def validation_error_handler(request: Request, error: RequestValidationError) -> JSONResponse:
    """FastAPI's 422 shape, but safe when the rejected input itself was NaN or Infinity."""
    return JSONResponse(
        status_code=422, content={"detail": json_safe(jsonable_encoder(error.errors()))}
    )


def in_field(name: str, value: Any, compute: Callable[[], T]) -> T:
    """Run ``compute``; an ExpressionError it raises becomes a FieldError for ``name``."""
    try:
        return compute()
    except ExpressionError as error:
        raise FieldError(name, error, value) from None


class ErrorMessage(BaseModel):
    """A plain error: ``{"detail": "what went wrong"}``."""

    detail: str


TOO_LONG = {
    414: {
        "model": ErrorMessage,
        "description": f"The query string is longer than {MAX_QUERY_BYTES} bytes",
    }
}
"""Every operation may answer it (app/middleware/query_limit.py); routers declare it."""

BAD_BODY = {
    400: {"model": ErrorMessage, "description": "The body is not valid JSON"},
    413: {"model": ErrorMessage, "description": "The body is larger than 64 KiB"},
}


def answered(source: str, compute: Callable[[], T]) -> T:
    """Run a request's computation; bad input becomes FastAPI's 422, located in ``source``
    (``query`` or ``body``)."""
    try:
        return compute()
    except FieldError as error:
        raise error.as_validation_error(source) from None


def answered_at(
    source: str, compute: Callable[[], T], frame: Callable[[T], int | None]
) -> tuple[T, int | None]:
    """``answered`` for a run, then for the frame of it that the request names (``step``,
    ``epoch``; None for none): the run and the frame, or the 422 for either."""
    result = answered(source, compute)
    return result, answered(source, lambda: frame(result))
