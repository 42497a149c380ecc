"""Mini-batches as estimates of the full-batch gradient: the stochastic part of SGD.

A batch S of size B, drawn uniformly without replacement from the N examples, gives each
gradient variant computed on S alone. For the correct variants the estimate is unbiased,
E[ĝ_S] = ∇J, with per-coordinate variance (σ²/B)·(N − B)/(N − 1) (σ² the population variance
of the per-example gradients), which is zero at B = N. The shortcuts are products of batch
means, and their mean over batches misses ∇J by a bias that no batch size above one removes:
at B = N they are the full-batch shortcut, still wrong. (At B = 1 there is nothing to average,
and every variant is that one example's own gradient.)

Every batch of one size is computed at once: the per-example factors are evaluated once over
the N examples and gathered by an index array of shape (batches, B).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from app.core.errors import LimitExceededError
from app.core.evaluate import evaluate_trees, quiet_floating_point
from app.core.limits import (
    MAX_BATCH_SAMPLES,
    MAX_ENUMERATED_BATCHES,
    MAX_ENUMERATED_EXAMPLES,
    MAX_SEED,
)
from app.core.model import (
    REFERENCE,
    Data,
    ModelSpec,
    errors_and_local_derivatives,
    per_example_gradient_matrix,
)

CORRECT = ("gradient_of_mean_loss", "mean_of_gradients")
SHORTCUTS = ("gradient_at_mean_input", "mean_error_backprop")


def check_batch_size(examples: int, batch_size: int) -> None:
    if not 1 <= batch_size <= examples:
        raise LimitExceededError(
            f"the batch size must be between 1 and the number of examples ({examples})"
        )


def check_batch_count(examples: int, samples: int, enumerate_all: bool) -> None:
    """Named limits on the work, checked before any is done; each message names its limit."""
    if enumerate_all:
        if examples > MAX_ENUMERATED_EXAMPLES:
            raise LimitExceededError(
                f"every batch can be listed for at most {MAX_ENUMERATED_EXAMPLES} examples;"
                f" there are {examples}: sample batches instead"
            )
    elif not 1 <= samples <= MAX_BATCH_SAMPLES:
        raise LimitExceededError(
            f"the number of sampled batches must be between 1 and {MAX_BATCH_SAMPLES}"
        )


def check_seed(seed: int) -> None:
    if not 0 <= seed <= MAX_SEED:
        raise LimitExceededError(f"the seed must be a whole number from 0 to {MAX_SEED}")


def sampled_batches(examples: int, size: int, samples: int, seed: int) -> np.ndarray:
    """``samples`` batches of ``size`` distinct example indices, each drawn uniformly without
    replacement, independently of the others: shape (samples, size). Same seed, same batches."""
    rng = np.random.default_rng(seed)
    order = rng.permuted(np.tile(np.arange(examples), (samples, 1)), axis=1)
    return np.sort(order[:, :size], axis=1)


def every_batch(examples: int, size: int) -> np.ndarray:
    """All C(N, B) batches of ``size`` indices, in lexicographic order: shape (C(N, B), size)."""
    count = math.comb(examples, size)
    if count > MAX_ENUMERATED_BATCHES:
        raise LimitExceededError(
            f"C({examples}, {size}) = {count} batches; at most {MAX_ENUMERATED_BATCHES} are listed"
        )
    flat = np.fromiter(
        (i for batch in combinations(range(examples), size) for i in batch),
        dtype=np.intp,
        count=count * size,
    )
    return flat.reshape(count, size)


@dataclass(frozen=True)
class PerExample:
    """The per-example factors at one θ, evaluated once and shared by every batch."""

    gradients: np.ndarray  # (N, P): ∇θ L_i
    errors: np.ndarray  # (N,): δ_i = ∂L/∂f
    local: np.ndarray  # (N, P): ∂f/∂θ_p at x_i

    @classmethod
    def at(cls, spec: ModelSpec, data: Data, theta: np.ndarray) -> PerExample:
        errors, local = errors_and_local_derivatives(spec, data, theta)
        return cls(per_example_gradient_matrix(spec, data, theta), errors, local)


@quiet_floating_point
def batch_variants(
    spec: ModelSpec, data: Data, theta: np.ndarray, batches: np.ndarray, factors: PerExample
) -> dict[str, np.ndarray]:
    """Each variant computed on each batch alone, in the same ways as on the full batch
    (``app.core.model``): name -> array of shape (batches, P)."""
    size = batches.shape[1]
    errors = factors.errors[batches]  # (K, B)
    local = factors.local[batches]  # (K, B, P)
    trees = [g.tree for g in spec.per_example_gradients]
    x_means, y_means = data.x[batches].mean(axis=1), data.y[batches].mean(axis=1)
    at_means = evaluate_trees(trees, spec.bindings(theta, x_means, y_means))
    return {
        "gradient_of_mean_loss": np.einsum("kb,kbp->kp", errors, local) / size,
        "mean_of_gradients": factors.gradients[batches].mean(axis=1),
        "gradient_at_mean_input": np.stack(at_means, axis=1),
        "mean_error_backprop": errors.mean(axis=1)[:, None] * local.mean(axis=1),
    }


@dataclass(frozen=True)
class SizeStatistics:
    """How one batch size's estimates scatter around the full-batch gradient."""

    size: int
    batches: int
    enumerated: bool
    mean: dict[str, np.ndarray]  # the average estimate of each variant, (P,)
    bias: dict[str, float]  # |mean − ∇J|
    spread: dict[str, float]  # root-mean-square distance of the estimates from their mean
    exact_spread: float  # sqrt(Σ_p σ_p² / B · (N − B)/(N − 1)): the correct variants' spread


def size_statistics(
    batches: np.ndarray,
    variants: dict[str, np.ndarray],
    truth: np.ndarray,
    per_example: np.ndarray,
    enumerated: bool,
) -> SizeStatistics:
    """Bias and spread of each variant's estimates (shape (K, P)) around ``truth``, ∇J."""
    count, size = batches.shape
    means = {name: values.mean(axis=0) for name, values in variants.items()}
    return SizeStatistics(
        size=size,
        batches=count,
        enumerated=enumerated,
        mean=means,
        bias={name: float(np.linalg.norm(m - truth)) for name, m in means.items()},
        spread={
            name: float(np.sqrt(np.mean(np.sum((values - means[name]) ** 2, axis=1))))
            for name, values in variants.items()
        },
        exact_spread=exact_spread(per_example, size),
    )


def exact_spread(per_example: np.ndarray, size: int) -> float:
    """The root-mean-square distance of a correct mini-batch estimate from ∇J, in closed form
    (``spread_in_closed_form``) from the per-example gradients (N, P)."""
    return spread_in_closed_form(total_variance(per_example), per_example.shape[0], size)


def total_variance(per_example: np.ndarray) -> float:
    """Σ_p σ_p²: the population variance of the per-example gradients, summed over θ."""
    return float(np.sum(per_example.var(axis=0)))


def spread_in_closed_form(variance: float, examples: int, size: float) -> float:
    """sqrt(Σ_p σ_p² / B · (N − B)/(N − 1)) for any B, whole or not (the chart's curve). Zero
    at B = N, and for N = 1."""
    if examples == 1:
        return 0.0
    return float(np.sqrt(variance * (examples - size) / (examples - 1) / size))


def sweep_sizes(examples: int) -> tuple[int, ...]:
    """B = 1, 2, 4, … below N, then N itself."""
    sizes = [1 << k for k in range(examples.bit_length()) if 1 << k < examples]
    return (*sizes, examples)


@dataclass(frozen=True)
class BatchAnalysis:
    """One batch size up close (every estimate, for the cloud) and the sweep over sizes."""

    spec: ModelSpec
    data: Data
    theta: np.ndarray
    full: dict[str, np.ndarray]  # each variant on the whole data set, (P,)
    batches: np.ndarray  # (K, B) example indices of the batch size up close
    estimates: dict[str, np.ndarray]  # (K, P) per variant at that size
    total_variance: float  # Σ_p σ_p² of the per-example gradients: the closed form's numerator
    chosen: SizeStatistics
    sweep: tuple[SizeStatistics, ...]
    enumerated: bool
    seed: int
    warnings: tuple[str, ...]


@quiet_floating_point
def analyse_batches(
    spec: ModelSpec,
    data: Data,
    theta: np.ndarray,
    batch_size: int,
    samples: int,
    seed: int,
    enumerate_all: bool,
) -> BatchAnalysis:
    """The mini-batch estimates at θ for ``batch_size``, and the statistics of every size of
    the sweep. Sampled batches use ``seed`` (each size its own stream, so the chosen size is the
    same batches in the cloud and in the sweep); ``enumerate_all`` lists every subset instead."""
    check_batch_size(data.size, batch_size)
    check_batch_count(data.size, samples, enumerate_all)
    check_seed(seed)
    factors = PerExample.at(spec, data, theta)
    everything = np.arange(data.size)[None, :]
    full = {k: v[0] for k, v in batch_variants(spec, data, theta, everything, factors).items()}
    truth = full[REFERENCE]

    def statistics(size: int) -> tuple[np.ndarray, dict[str, np.ndarray], SizeStatistics]:
        if enumerate_all:
            batches = every_batch(data.size, size)
        else:
            batches = sampled_batches(data.size, size, samples, seed + size)
        estimates = batch_variants(spec, data, theta, batches, factors)
        stats = size_statistics(batches, estimates, truth, factors.gradients, enumerate_all)
        return batches, estimates, stats

    batches, estimates, chosen = statistics(batch_size)
    sweep = tuple(
        chosen if size == batch_size else statistics(size)[2] for size in sweep_sizes(data.size)
    )
    warnings = tuple(
        f"{name} is not finite at these parameters (overflow or log of 0?)"
        for name, value in full.items()
        if not np.all(np.isfinite(value))
    )
    return BatchAnalysis(
        spec,
        data,
        theta,
        full,
        batches,
        estimates,
        total_variance(factors.gradients),
        chosen,
        sweep,
        enumerate_all,
        seed,
        warnings,
    )
