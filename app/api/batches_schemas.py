"""Request and response models of the mini-batch API."""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from app.api.model_schemas import ModelInputs
from app.api.scalar_schemas import MaybeNumber, finite, finite_list
from app.core.limits import (
    MAX_BATCH_SAMPLES,
    MAX_ENUMERATED_EXAMPLES,
    MAX_EXAMPLES,
    MAX_SEED,
)
from app.core.minibatch import SizeStatistics
from app.core.model import VARIANT_NAMES

BATCHES_DESCRIPTION = (
    f"How many mini-batches to sample for each batch size (1 to {MAX_BATCH_SAMPLES}), or 'all'"
    f" to list every subset of every size (at most {MAX_ENUMERATED_EXAMPLES} examples): then the"
    " statistics are exact, not sampled."
)
ESTIMATES_LISTED = MAX_BATCH_SAMPLES
"""At most this many of the chosen size's estimates are listed (evenly spaced when enumerated)."""

DEFAULTS = {
    "model": "m*x + b",
    "loss": "(y - f)^2",
    "params": {"m": 0.0, "b": 0.0},
    "x": [-1.5, -0.5, 0.5, 1, 2.5, 3, -2, 0],
    "y": [-1.8, 0.4, 0.9, 2.6, 3.9, 6.5, -3.4, 1.2],
    "batch_size": 2,
    "batches": "all",
    "seed": 0,
}


class BatchesRequest(ModelInputs):
    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"examples": [DEFAULTS]}
    )

    batch_size: Annotated[int, Field(ge=1, le=MAX_EXAMPLES)] = Field(
        default=DEFAULTS["batch_size"], description="B, the size looked at up close."
    )
    batches: int | Literal["all"] = Field(  # bounds checked with a message naming the limit
        default=DEFAULTS["batches"], description=BATCHES_DESCRIPTION
    )
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] = Field(
        default=DEFAULTS["seed"], description="Seeds the sampled batches: same seed, same batches."
    )


class VariantStatistics(BaseModel):
    mean: dict[str, MaybeNumber] = Field(description="The variant's estimate, averaged.")
    bias: MaybeNumber = Field(description="|mean − gradient of the mean loss on all the data|.")
    spread: MaybeNumber = Field(
        description="Root-mean-square distance of the estimates from their mean."
    )


class SizeSummary(BaseModel):
    batch_size: int
    batches: int = Field(description="How many batches the statistics are over.")
    enumerated: bool = Field(description="True when these are every subset of this size.")
    exact_spread: MaybeNumber = Field(
        description="The correct variants' spread in closed form: sqrt(Σ_p σ_p²/B·(N−B)/(N−1))."
    )
    variants: dict[str, VariantStatistics]

    @classmethod
    def of(cls, stats: SizeStatistics, names: tuple[str, ...]) -> SizeSummary:
        return cls(
            batch_size=stats.size,
            batches=stats.batches,
            enumerated=stats.enumerated,
            exact_spread=finite(stats.exact_spread),
            variants={
                name: VariantStatistics(
                    mean=named(names, stats.mean[name]),
                    bias=finite(stats.bias[name]),
                    spread=finite(stats.spread[name]),
                )
                for name in VARIANT_NAMES
            },
        )


def named(names: tuple[str, ...], vector: np.ndarray) -> dict[str, float | None]:
    return dict(zip(names, finite_list(vector), strict=True))


class BatchesResponse(BaseModel):
    model: str
    loss: str
    parameters: list[str]
    params: dict[str, float]
    examples: int = Field(description="N, the number of data points.")
    seed: int
    full_batch: dict[str, dict[str, MaybeNumber]] = Field(
        description=f"The four variants on all the data: {', '.join(VARIANT_NAMES)}."
    )
    chosen: SizeSummary = Field(description="The statistics of the requested batch size.")
    estimates: dict[str, list[dict[str, MaybeNumber]]] = Field(
        description=(
            "Each variant's estimate on each batch of the requested size; at most"
            f" {ESTIMATES_LISTED} batches are listed (evenly spaced when there are more)."
        )
    )
    estimate_batches: list[list[int]] = Field(
        description="The 0-based example indices of each listed batch, in the same order."
    )
    sweep: list[SizeSummary] = Field(description="Every batch size B = 1, 2, 4, … and N.")
    warnings: list[str]
