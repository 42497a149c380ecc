"""``/api/v1/network``: per-example backprop against averaged-error backprop in a small MLP."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Query

from app.api.errors import answered_at, in_field
from app.api.network_schemas import (
    DEFAULTS,
    EPOCH_DESCRIPTION,
    ActivationName,
    Dataset,
    LossName,
    NetworkRequest,
    NetworkResponse,
)
from app.api.routing import api_router, json_post
from app.core.datasets import LabelledPoints, custom_points, make_dataset, parse_labelled_points
from app.core.errors import PointsError
from app.core.frames import chosen_frame
from app.core.limits import (
    MAX_EPOCHS,
    MAX_LEARNING_RATE,
    MAX_NETWORK_POINTS,
    MAX_POINTS_TEXT_LENGTH,
)
from app.core.network import Architecture
from app.core.training import NetworkAnalysis, TrainingSettings, analyse_network

router = api_router("network")


def _widths(hidden: str | Sequence[int]) -> tuple[int, ...]:
    if isinstance(hidden, str):
        items = hidden.replace(",", " ").split()
        if not all(item.isdigit() for item in items):
            raise PointsError(
                "hidden layer widths are whole numbers separated by commas, e.g. 8, 8"
            )
        return tuple(int(item) for item in items)
    return tuple(hidden)


def network_inputs(
    dataset: str,
    points: str | Sequence[Sequence[float]] | None,
    hidden: str | Sequence[int],
    activation: str,
    loss: str,
    seed: int,
    batch_size: int,
    learning_rate: float,
    epochs: int,
) -> tuple[Architecture, LabelledPoints, TrainingSettings]:
    """The network, its data and its training settings, checked; bad input raises
    ``FieldError`` naming its field."""
    if dataset == "custom":
        rows = in_field("points", points, lambda: _rows(points))
        data = in_field("points", points, lambda: custom_points(rows))
    else:
        data = in_field("dataset", dataset, lambda: make_dataset(dataset, seed))
    widths = in_field("hidden", hidden, lambda: _widths(hidden))
    arch = in_field("hidden", hidden, lambda: Architecture(widths, activation, loss))
    settings = TrainingSettings(batch_size, learning_rate, epochs, seed)
    in_field("epochs", epochs, lambda: settings.check(data.size))
    return arch, data, settings


def _rows(points: str | Sequence[Sequence[float]] | None) -> list[list[float]]:
    if points is None:
        raise PointsError("dataset=custom needs points: [[x1, x2, label], ...]")
    if isinstance(points, str):
        return parse_labelled_points(points)
    return [list(row) for row in points]


@router.get("/network", response_model=NetworkResponse, summary="Train a small MLP (query)")
def network_from_query(
    dataset: Dataset = DEFAULTS["dataset"],
    points: Annotated[
        str | None,
        Query(
            description="For dataset=custom: x1,x2,label per point, points separated by ';'.",
            max_length=MAX_POINTS_TEXT_LENGTH,
        ),
    ] = None,
    hidden: Annotated[
        str, Query(description="Hidden widths, e.g. 8 or 8,8.", max_length=100)
    ] = "8",
    activation: ActivationName = DEFAULTS["activation"],
    loss: LossName = DEFAULTS["loss"],
    seed: Annotated[int, Query(ge=0, le=2**31 - 1)] = DEFAULTS["seed"],
    batch_size: Annotated[int, Query(ge=1, le=MAX_NETWORK_POINTS)] = DEFAULTS["batch_size"],
    learning_rate: Annotated[
        float, Query(gt=0, le=MAX_LEARNING_RATE, allow_inf_nan=False)
    ] = DEFAULTS["learning_rate"],
    epochs: Annotated[int, Query(ge=1, le=MAX_EPOCHS)] = DEFAULTS["epochs"],
    epoch: Annotated[int | None, Query(ge=0, le=MAX_EPOCHS, description=EPOCH_DESCRIPTION)] = None,
) -> NetworkResponse:
    """The same numbers as the page ``/network`` with the same query."""
    fields = (dataset, points, hidden, activation, loss, seed, batch_size, learning_rate, epochs)
    analysis, frame = answered_at(
        "query",
        lambda: analyse_network(*network_inputs(*fields)),
        lambda analysis: checked_epoch(analysis, epoch),
    )
    return NetworkResponse.from_analysis(analysis, dataset, frame)


def checked_epoch(analysis: NetworkAnalysis, epoch: int | None) -> int | None:
    """``epoch`` if the run kept its weights; otherwise a ``FieldError`` that says why."""
    if epoch is None:
        return None
    return in_field("epoch", epoch, lambda: chosen_frame(str(epoch), analysis.frames, "epoch"))


@json_post(router, "/network", NetworkResponse, "Train a small MLP (JSON)")
def network_from_body(request: NetworkRequest) -> NetworkResponse:
    fields = request.model_dump()
    epoch = fields.pop("epoch")
    analysis, frame = answered_at(
        "body",
        lambda: analyse_network(*network_inputs(**fields)),
        lambda analysis: checked_epoch(analysis, epoch),
    )
    return NetworkResponse.from_analysis(analysis, request.dataset, frame)
