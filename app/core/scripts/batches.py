"""The batches explorer as a script: each variant on every mini-batch of size B, and how far
the estimates land from the full-batch gradient (bias) and from each other (spread).

The batches are the page's: every subset of B examples in lexicographic order, or K batches
drawn with NumPy's generator from the same seed exactly as the page draws them
(app/core/minibatch.py). One function computes the four variants on a batch; the full batch
is one call, the mini-batches one vectorised call (NumPy's broadcasting, or ``vmap``).
"""

from __future__ import annotations

import numpy as np

from app.core.model import Data, ModelSpec
from app.core.scripts.common import (
    FINITE,
    REQUIRES,
    GeneratedScript,
    check_framework,
    header,
    imports,
    json_line,
)
from app.core.scripts.model import AT_MEAN_WHY, AVERAGED_ERROR_WHY
from app.core.scripts.model_parts import model_parts

VARIANT_LIST = """{
        "gradient_of_mean_loss": gradient_of_mean_loss,
        "mean_of_gradients": mean_of_gradients,
        "gradient_at_mean_input": gradient_at_mean_input,
        "mean_error_backprop": mean_error_backprop,
    }"""

NUMPY_VARIANTS = f"""

def batch_variants(xb, yb):
    \"\"\"The four variants on batches: xb and yb are (..., B), one batch per row; each
    variant comes back (..., P), one gradient per batch.\"\"\"
    f = model(xb, *theta)
    delta = dloss_df(yb, f)  # the output error of each example
    local = local_derivatives(xb, *theta)  # df/dθ at each example, (..., B, P)
    size = xb.shape[-1]
    # Right: batched backprop, every example's error through its own df/dθ, summed.
    gradient_of_mean_loss = np.einsum("...b,...bp->...p", delta, local) / size
    # Right, the same numbers: each example's gradient on its own, then the mean.
    mean_of_gradients = (delta[..., None] * local).mean(axis=-2)
    # The shortcut: average the inputs and targets first, then one pass on that example.
    {AT_MEAN_WHY.replace(chr(10), chr(10) + "    ").rstrip()}
    x_mean, y_mean = xb.mean(axis=-1), yb.mean(axis=-1)
    error_at_mean = np.asarray(dloss_df(y_mean, model(x_mean, *theta)))
    gradient_at_mean_input = error_at_mean[..., None] * local_derivatives(x_mean, *theta)
    # The shortcut: average the output error over the batch, then one backward pass.
    {AVERAGED_ERROR_WHY.replace(chr(10), chr(10) + "    ").rstrip()}
    mean_error_backprop = delta.mean(axis=-1)[..., None] * local.mean(axis=-2)
    return {VARIANT_LIST}


full_batch = batch_variants(x, y)
estimates = batch_variants(x[batches], y[batches])  # each variant (K, P)

# For the closed form of the spread: every example's own gradient, (N, P).
per_example = dloss_df(y, model(x, *theta))[:, None] * local_derivatives(x, *theta)
total_variance = per_example.var(axis=0).sum()
"""

TORCH_VARIANTS = f"""

def batch_loss(theta, xb, yb):
    \"\"\"The batch's mean loss, as loss.mean() gives it.\"\"\"
    return loss_fn(yb, model(xb, *theta)).mean()


def example_loss(theta, x_i, y_i):
    \"\"\"One example's loss as a function of θ.\"\"\"
    return loss_fn(y_i, model(x_i, *theta))


per_example_gradients = torch.func.vmap(torch.func.grad(example_loss), in_dims=(None, 0, 0))


def batch_variants(theta, xb, yb):
    \"\"\"The four variants on one batch (xb and yb of shape (B,)), each (P,).\"\"\"
    # Right: the gradient of the batch's mean loss, what loss.mean().backward() computes.
    gradient_of_mean_loss = torch.func.grad(batch_loss)(theta, xb, yb)
    # Right, the same numbers: every example's own gradient (vmap of grad), then the mean.
    mean_of_gradients = per_example_gradients(theta, xb, yb).mean(dim=0)
    # The shortcut: average the inputs and targets first, then one backward pass.
    {AT_MEAN_WHY.replace(chr(10), chr(10) + "    ").rstrip()}
    gradient_at_mean_input = torch.func.grad(example_loss)(theta, xb.mean(), yb.mean())
    # The shortcut: average the output error dL/df over the batch, then one backward pass.
    {AVERAGED_ERROR_WHY.replace(chr(10), chr(10) + "    ").rstrip()}
    f, backward = torch.func.vjp(lambda theta: model(xb, *theta), theta)
    delta = torch.func.vmap(torch.func.grad(loss_fn, argnums=1))(yb, f)  # dL/df, (B,)
    (mean_error_backprop,) = backward(delta.mean().expand_as(f) / len(xb))
    return {VARIANT_LIST}


full_batch = batch_variants(theta, x, y)
index = torch.from_numpy(batches)
# Every batch at once: vmap runs batch_variants on each row of x[index], y[index].
estimates = torch.func.vmap(batch_variants, in_dims=(None, 0, 0))(theta, x[index], y[index])

# For the closed form of the spread: every example's own gradient, (N, P).
total_variance = per_example_gradients(theta, x, y).var(dim=0, correction=0).sum()
"""

JAX_VARIANTS = f"""

def batch_loss(theta, xb, yb):
    \"\"\"The batch's mean loss.\"\"\"
    return loss_fn(yb, model(xb, *theta)).mean()


def example_loss(theta, x_i, y_i):
    \"\"\"One example's loss as a function of θ.\"\"\"
    return loss_fn(y_i, model(x_i, *theta))


per_example_gradients = jax.vmap(jax.grad(example_loss), in_axes=(None, 0, 0))


def batch_variants(theta, xb, yb):
    \"\"\"The four variants on one batch (xb and yb of shape (B,)), each (P,).\"\"\"
    # Right: jax.grad of the batch's mean loss.
    gradient_of_mean_loss = jax.grad(batch_loss)(theta, xb, yb)
    # Right, the same numbers: every example's own gradient (vmap of grad), then the mean.
    mean_of_gradients = per_example_gradients(theta, xb, yb).mean(axis=0)
    # The shortcut: average the inputs and targets first, then differentiate that example.
    {AT_MEAN_WHY.replace(chr(10), chr(10) + "    ").rstrip()}
    gradient_at_mean_input = jax.grad(example_loss)(theta, xb.mean(), yb.mean())
    # The shortcut: average the output error dL/df over the batch, then one backward pass.
    {AVERAGED_ERROR_WHY.replace(chr(10), chr(10) + "    ").rstrip()}
    f, backward = jax.vjp(lambda theta: model(xb, *theta), theta)
    delta = jax.vmap(jax.grad(loss_fn, argnums=1))(yb, f)  # dL/df, (B,)
    (mean_error_backprop,) = backward(jnp.full_like(f, delta.mean() / len(xb)))
    return {VARIANT_LIST}


full_batch = batch_variants(theta, x, y)
# Every batch at once: vmap runs batch_variants on each row of x[batches], y[batches];
# jax.jit compiles the whole of it once.
every_batch = jax.jit(jax.vmap(batch_variants, in_axes=(None, 0, 0)))
estimates = every_batch(theta, x[batches], y[batches])

# For the closed form of the spread: every example's own gradient, (N, P).
total_variance = per_example_gradients(theta, x, y).var(axis=0).sum()
"""

VARIANTS = {"numpy": NUMPY_VARIANTS, "torch": TORCH_VARIANTS, "jax": JAX_VARIANTS}

STATISTICS = """
truth = full_batch["gradient_of_mean_loss"]
statistics = {}
for name in full_batch:
    values = estimates[name]
    mean = values.mean(axis=0)  # the variant's average estimate over the batches
    statistics[name] = {
        "mean": dict(zip(parameters, (finite(v) for v in mean))),
        # how far that average lands from the full-batch gradient
        "bias": finite(((mean - truth) ** 2).sum() ** 0.5),
        # how far the estimates scatter around their average (root mean square)
        "spread": finite((((values - mean) ** 2).sum(axis=1).mean()) ** 0.5),
    }
    print(f"{name:24} bias {statistics[name]['bias']}, spread {statistics[name]['spread']}")

# The correct estimate's spread in closed form: sqrt(Σσ²/B · (N − B)/(N − 1)).
exact_spread = 0.0 if N == 1 else (total_variance * (N - B) / (N - 1) / B) ** 0.5
"""

LAST_LINE = """{
    "full_batch": {
        name: dict(zip(parameters, (finite(v) for v in value)))
        for name, value in full_batch.items()
    },
    "chosen": {
        "batch_size": B,
        "batches": len(batches),
        "enumerated": ENUMERATED,
        "exact_spread": finite(exact_spread),
        "variants": statistics,
    },
}"""


def batches_script(
    spec: ModelSpec,
    data: Data,
    theta: np.ndarray,
    batch_size: int,
    samples: int | None,
    seed: int,
    framework: str,
    page_url: str,
) -> GeneratedScript:
    """``samples`` None: every subset of ``batch_size`` examples; else that many drawn."""
    check_framework(framework)
    parts = model_parts(spec, data, theta, framework)
    notes = [f"f(x; θ) = {spec.model},  L(y, f) = {spec.loss}, batches of B = {batch_size}."]
    imports_code = imports(framework, with_numpy=True)
    if samples is None:
        imports_code = imports_code.replace("import json\n", "import itertools\nimport json\n")
    sections = (
        ("", header("mini-batch estimates of the gradient", framework, page_url, notes)),
        ("Imports", imports_code),
        ("The model and the loss", parts.functions + FINITE),
        ("The data and the parameters", parts.data + f"N = len(x)\nB = {batch_size}\n"),
        ("The page's batches", _batches(samples, seed).lstrip("\n")),
        ("The four variants on every batch", VARIANTS[framework].lstrip("\n")),
        ("Bias and spread", STATISTICS.lstrip("\n")),
        ("The numbers", json_line(LAST_LINE.replace("ENUMERATED", str(samples is None)))),
    )
    return GeneratedScript(sections, REQUIRES[framework])


def _batches(samples: int | None, seed: int) -> str:
    if samples is None:
        return (
            "\n# Every subset of B examples, in lexicographic order, as the page lists them.\n"
            "batches = np.array(list(itertools.combinations(range(N), B)))\n"
        )
    return (
        f"\n# {samples} batches of B distinct examples, each drawn uniformly without replacement,\n"
        "# with the page's generator and seed (seed + B, so each batch size has its own).\n"
        f"K = {samples}\n"
        f"rng = np.random.default_rng({seed} + B)\n"
        "batches = np.sort(rng.permuted(np.tile(np.arange(N), (K, 1)), axis=1)[:, :B], axis=1)\n"
    )
