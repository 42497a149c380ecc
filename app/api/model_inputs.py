"""A model, a loss, θ and data: the inputs the model and batches APIs (and their pages) share,
read the same way from a query's text, a form's or a JSON body's values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import numpy as np
from fastapi import Query

from app.api.errors import in_field
from app.api.model_schemas import LOSS_DESCRIPTION, MODEL_DESCRIPTION
from app.core.errors import PointsError
from app.core.limits import MAX_POINTS_TEXT_LENGTH
from app.core.model import Data, ModelSpec, build_spec, parameter_vector, parse_loss, parse_model
from app.core.points import (
    format_assignments,
    format_points,
    parse_assignments,
    parse_number,
    parse_points,
)

TextQuery = Annotated[str, Query(max_length=MAX_POINTS_TEXT_LENGTH)]
ModelQuery = Annotated[str, Query(description=MODEL_DESCRIPTION)]
LossQuery = Annotated[str, Query(description=LOSS_DESCRIPTION)]


def params_query(description: str) -> Any:
    """The type of a query's ``params`` (``m=0.5, b=0``), described for its API."""
    return Annotated[str, Query(description=description, max_length=2000)]


@dataclass(frozen=True)
class ModelFields:
    """The five fields as given: text (``"m=0, b=0"``, ``"1, 2, 3"``) or values (JSON)."""

    model: str
    loss: str
    params: str | Mapping[str, float]
    x: str | Sequence[float]
    y: str | Sequence[float]

    NAMES: ClassVar[tuple[str, ...]] = ("model", "loss", "params", "x", "y")

    @classmethod
    def split(cls, fields: Mapping[str, Any]) -> tuple[ModelFields, dict[str, Any]]:
        """These five of ``fields`` (a request body's, a form's), and the others."""
        others = dict(fields)
        return cls(**{name: others.pop(name) for name in cls.NAMES}), others

    def parsed(self) -> tuple[ModelSpec, Data, np.ndarray]:
        """The model, the loss, θ and the data; bad input raises ``FieldError`` naming the
        field it came from."""
        model, loss, params, x, y = self.model, self.loss, self.params, self.x, self.y
        in_field("model", model, lambda: parse_model(model))
        in_field("loss", loss, lambda: parse_loss(loss))
        values = in_field(
            "params",
            params,
            lambda: parse_assignments(params) if isinstance(params, str) else params,
        )
        spec = in_field("params", params, lambda: build_spec(model, loss, list(values)))
        theta = in_field("params", params, lambda: parameter_vector(spec, values))
        xs = in_field("x", x, lambda: parse_points(x) if isinstance(x, str) else list(x))
        ys = in_field("y", y, lambda: parse_points(y) if isinstance(y, str) else list(y))
        data = in_field("y", y, lambda: Data.of(xs, ys))
        return spec, data, theta


def model_query(defaults: Mapping[str, Any]) -> dict[str, str]:
    """The five fields of ``defaults`` (an API's, with values) as the text of a query."""
    return {
        "model": defaults["model"],
        "loss": defaults["loss"],
        "params": format_assignments(defaults["params"]),
        "x": format_points(defaults["x"]),
        "y": format_points(defaults["y"]),
    }


def number(value: float | str) -> float:
    """A number typed into a form or sent as JSON."""
    return parse_number(value) if isinstance(value, str) else float(value)


def whole_number(what: str, value: int | str) -> int:
    """A count typed into a form or sent as JSON; ranges are checked by whoever uses it."""
    parsed = number(value)
    if not parsed.is_integer():
        raise PointsError(f"the {what} must be a whole number, not {value}")
    return int(parsed)
