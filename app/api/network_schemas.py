"""Request and response models of the network API."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.api.scalar_schemas import FiniteNumber, MaybeNumber, finite, finite_list
from app.core.limits import (
    MAX_EPOCHS,
    MAX_HIDDEN_LAYERS,
    MAX_LAYER_WIDTH,
    MAX_LEARNING_RATE,
    MAX_NETWORK_POINTS,
)
from app.core.network import LayerReport
from app.core.training import NetworkAnalysis

Dataset = Literal["xor", "moons", "circles", "custom"]
ActivationName = Literal["sigmoid", "tanh", "relu", "identity"]
LossName = Literal["cross_entropy", "squared_error"]

DEFAULTS = {
    "dataset": "xor",
    "hidden": [8],
    "activation": "tanh",
    "loss": "cross_entropy",
    "seed": 0,
    "batch_size": 16,
    "learning_rate": 0.5,
    "epochs": 100,
}


EPOCH_DESCRIPTION = (
    "An epoch to look at: one of the answer's frames (every few epochs, and the last). The"
    " answer's frame then holds each variant's loss and accuracy there, and the shortcuts'"
    " per-layer errors at the weights the true gradient had reached."
)


class NetworkRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"examples": [DEFAULTS]}
    )

    dataset: Dataset = DEFAULTS["dataset"]
    points: Annotated[
        list[Annotated[list[FiniteNumber], Field(min_length=3, max_length=3)]] | None,
        Field(max_length=MAX_NETWORK_POINTS),
    ] = Field(None, description="For dataset=custom: [[x1, x2, label], ...] with label 0 or 1.")
    hidden: Annotated[
        list[Annotated[int, Field(ge=1, le=MAX_LAYER_WIDTH)]],
        Field(min_length=1, max_length=MAX_HIDDEN_LAYERS),
    ] = DEFAULTS["hidden"]
    activation: ActivationName = DEFAULTS["activation"]
    loss: LossName = DEFAULTS["loss"]
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = DEFAULTS["seed"]
    batch_size: Annotated[int, Field(ge=1, le=MAX_NETWORK_POINTS)] = DEFAULTS["batch_size"]
    learning_rate: Annotated[float, Field(gt=0, le=MAX_LEARNING_RATE, allow_inf_nan=False)] = (
        DEFAULTS["learning_rate"]
    )
    epochs: Annotated[int, Field(ge=1, le=MAX_EPOCHS)] = DEFAULTS["epochs"]
    epoch: Annotated[int, Field(ge=0, le=MAX_EPOCHS)] | None = Field(
        default=None, description=EPOCH_DESCRIPTION
    )


class VariantError(BaseModel):
    rel_error: MaybeNumber = Field(description="|variant − true| / |true| for this layer part.")
    cosine: MaybeNumber = Field(description="Cosine of the angle to the true gradient.")


class LayerGradient(BaseModel):
    name: str
    kind: Literal["weights", "biases"]
    shape: list[int]
    true_norm: float
    variants: dict[str, VariantError]

    @classmethod
    def of(cls, layer: LayerReport) -> LayerGradient:
        return cls(
            name=layer.name,
            kind=layer.kind,
            shape=list(layer.shape),
            true_norm=layer.true_norm,
            variants={
                name: VariantError(rel_error=finite(v.rel_error), cosine=finite(v.cosine))
                for name, v in layer.variants.items()
            },
        )


class TrainingCurve(BaseModel):
    loss: list[MaybeNumber]
    accuracy: list[float]


class BoundaryGrid(BaseModel):
    x1: list[float]
    x2: list[float]
    predictions: dict[str, list[list[MaybeNumber]]] = Field(
        description="P(label = 1) on the grid, rows along x2, for each variant's trained network."
    )


class NetworkFrame(BaseModel):
    epoch: int
    loss: dict[str, MaybeNumber]
    accuracy: dict[str, float]
    layers: list[LayerGradient] = Field(
        description="The shortcuts' errors at the true-gradient run's weights after this epoch."
    )

    @classmethod
    def of(cls, shown: NetworkAnalysis) -> NetworkFrame:
        return cls(
            epoch=shown.epoch,
            loss={name: finite(run.loss[-1]) for name, run in shown.training.items()},
            accuracy={name: run.accuracy[-1] for name, run in shown.training.items()},
            layers=[LayerGradient.of(layer) for layer in shown.layers],
        )


class NetworkResponse(BaseModel):
    dataset: str
    points: list[list[float]]
    hidden: list[int]
    activation: str
    loss: str
    seed: int
    batch_size: int
    learning_rate: float
    epochs: int
    layers: list[LayerGradient] = Field(
        description="How wrong each shortcut is, layer by layer, at the initial weights."
    )
    training: dict[str, TrainingCurve]
    boundary: BoundaryGrid
    frames: list[int] = Field(description="The epochs whose weights were kept: epoch= takes these.")
    frame: NetworkFrame | None = Field(description="The run at the requested epoch, if any.")

    @classmethod
    def from_analysis(
        cls, analysis: NetworkAnalysis, dataset: str, epoch: int | None = None
    ) -> NetworkResponse:
        data, settings, arch = analysis.data, analysis.settings, analysis.architecture
        return cls(
            dataset=dataset,
            points=[
                [float(a), float(b), float(c)]
                for (a, b), c in zip(data.inputs, data.labels, strict=True)
            ],
            hidden=list(arch.hidden),
            activation=arch.activation,
            loss=arch.loss,
            seed=settings.seed,
            batch_size=settings.batch_size,
            learning_rate=settings.learning_rate,
            epochs=settings.epochs,
            layers=[LayerGradient.of(layer) for layer in analysis.initial_layers],
            training={
                name: TrainingCurve(loss=finite_list(run.loss), accuracy=run.accuracy)
                for name, run in analysis.training.items()
            },
            boundary=BoundaryGrid(
                x1=analysis.boundary.x1.tolist(),
                x2=analysis.boundary.x2.tolist(),
                predictions={
                    name: [finite_list(row) for row in grid]
                    for name, grid in analysis.boundary.predictions.items()
                },
            ),
            frames=list(analysis.frames),
            frame=None if epoch is None else NetworkFrame.of(analysis.at_epoch(epoch)),
        )
