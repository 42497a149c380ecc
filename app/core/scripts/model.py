"""The model explorer as a script: the batch gradient of a model and a loss, four ways.

NumPy backpropagates by hand (the output error times the local derivatives); PyTorch and JAX
use autograd, the correct gradient as the loss averaged over the batch and one backward pass,
and the per-example gradients with ``vmap(grad(...))``. The two shortcuts are written the way
they look in real code, each with the one line that says why it is wrong.
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
from app.core.scripts.model_parts import model_parts

AT_MEAN_WHY = (
    "# Wrong unless the loss is linear in x and y: the loss of the average example is not\n"
    "# the average of the losses.\n"
)
AVERAGED_ERROR_WHY = (
    "# Wrong unless df/dθ is the same for every example: it multiplies the mean error by the\n"
    "# mean df/dθ, where the gradient is the mean of their products.\n"
)

REPORT = """
for name, value in variants.items():
    print(f"{name:24}", *(f"{float(v):12.6f}" for v in value))
print("loss", float(loss_value))
"""
LAST_LINE = """{
    "loss_value": finite(loss_value),
    "variants": {
        name: dict(zip(parameters, (finite(v) for v in value)))
        for name, value in variants.items()
    },
}"""


def model_script(
    spec: ModelSpec,
    data: Data,
    theta: np.ndarray,
    reduction: str,
    framework: str,
    page_url: str,
) -> GeneratedScript:
    check_framework(framework)
    parts = model_parts(spec, data, theta, framework, requires_grad=framework == "torch")
    notes = [
        f"f(x; θ) = {spec.model},  L(y, f) = {spec.loss},",
        f"J(θ) = the {'sum' if reduction == 'sum' else 'mean'} of L over the N examples.",
    ]
    sections = (
        ("", header("a batch gradient computed four ways", framework, page_url, notes)),
        ("Imports", imports(framework)),
        ("The model and the loss", parts.functions + FINITE),
        ("The data and the parameters", parts.data + "N = len(x)\n"),
        ("The four variants", VARIANTS[framework](reduction == "sum").lstrip("\n")),
        ("The numbers", REPORT + json_line(LAST_LINE)),
    )
    return GeneratedScript(sections, REQUIRES[framework])


# The four results by their API names: how every framework's variants end.
VARIANTS_TABLE = """variants = {
    "gradient_of_mean_loss": gradient_of_mean_loss,
    "mean_of_gradients": mean_of_gradients,
    "gradient_at_mean_input": gradient_at_mean_input,
    "mean_error_backprop": mean_error_backprop,
}
"""


def _numpy(summed: bool) -> str:
    reduce = "sum" if summed else "mean"
    times_n = "N * " if summed else ""
    over_n = "" if summed else " / N"
    return f"""
f = model(x, *theta)
delta = dloss_df(y, f)  # the output error of each example, (N,)
local = local_derivatives(x, *theta)  # df/dθ at each example, (N, P)
loss_value = loss_fn(y, f).{reduce}()

# Right: backpropagate every example's error through its own df/dθ; one matrix product
# sums over the batch. Batched backprop is the per-example computation, vectorised.
gradient_of_mean_loss = delta @ local{over_n}

# Right, the same numbers: each example's gradient on its own, then the {reduce}.
per_example = delta[:, None] * local
mean_of_gradients = per_example.{reduce}(axis=0)

# The shortcut: average the inputs and targets first, then one pass on that example.
{AT_MEAN_WHY}x_mean, y_mean = x.mean(), y.mean()
gradient_at_mean_input = {times_n}dloss_df(y_mean, model(x_mean, *theta)) * local_derivatives(
    x_mean, *theta
)

# The shortcut: average the output error over the batch, then one backward pass with it.
{AVERAGED_ERROR_WHY}mean_error_backprop = {times_n}delta.mean() * local.mean(axis=0)

{VARIANTS_TABLE}"""


def _torch(summed: bool) -> str:
    reduce = "sum" if summed else "mean"
    over_n = "" if summed else " / N"
    at_mean = "loss_fn(y.mean(), model(x.mean(), *theta))"
    if summed:  # the sum of N copies of the average example's loss
        at_mean = f"(N * {at_mean})"
    return f"""

def example_loss(theta, x_i, y_i):
    \"\"\"One example's loss as a function of θ, for torch.func.grad.\"\"\"
    return loss_fn(y_i, model(x_i, *theta))


# Right: the loss {"summed" if summed else "averaged"} over the batch, one backward pass.
loss_value = loss_fn(y, model(x, *theta)).{reduce}()
loss_value.backward()
loss_value = loss_value.detach()
gradient_of_mean_loss = theta.grad.clone()

# Right, the same numbers: every example's own gradient (vmap of grad), then the {reduce}.
per_example = torch.func.vmap(torch.func.grad(example_loss), in_dims=(None, 0, 0))(
    theta.detach(), x, y
)
mean_of_gradients = per_example.{reduce}(dim=0)

# The shortcut: average the inputs and targets first, then one forward and backward pass.
{AT_MEAN_WHY}theta.grad = None
{at_mean}.backward()
gradient_at_mean_input = theta.grad.clone()

# The shortcut: average the output error dL/df over the batch, then one backward pass.
{AVERAGED_ERROR_WHY}theta.grad = None
f = model(x, *theta)
delta = torch.func.vmap(torch.func.grad(loss_fn, argnums=1))(y, f.detach())  # dL/df, (N,)
f.backward(delta.mean().expand_as(f){over_n})
mean_error_backprop = theta.grad.clone()

{VARIANTS_TABLE}"""


def _jax(summed: bool) -> str:
    reduce = "sum" if summed else "mean"
    times_n = "N * " if summed else ""
    over_n = "" if summed else " / N"
    return f"""

def batch_loss(theta, x, y):
    \"\"\"J(θ): the {reduce} of the examples' losses.\"\"\"
    return loss_fn(y, model(x, *theta)).{reduce}()


def example_loss(theta, x_i, y_i):
    \"\"\"One example's loss as a function of θ.\"\"\"
    return loss_fn(y_i, model(x_i, *theta))


# Right: jax.grad of the {reduce} loss over the batch.
loss_value = batch_loss(theta, x, y)
gradient_of_mean_loss = jax.grad(batch_loss)(theta, x, y)

# Right, the same numbers: every example's own gradient (vmap of grad), then the {reduce}.
per_example = jax.vmap(jax.grad(example_loss), in_axes=(None, 0, 0))(theta, x, y)
mean_of_gradients = per_example.{reduce}(axis=0)

# The shortcut: average the inputs and targets first, then differentiate that one example.
{AT_MEAN_WHY}gradient_at_mean_input = {times_n}jax.grad(example_loss)(theta, x.mean(), y.mean())

# The shortcut: average the output error dL/df over the batch, then one backward pass
# (jax.vjp's pullback) with it.
{AVERAGED_ERROR_WHY}f, backward = jax.vjp(lambda theta: model(x, *theta), theta)
delta = jax.vmap(jax.grad(loss_fn, argnums=1))(y, f)  # dL/df, (N,)
(mean_error_backprop,) = backward(jnp.full_like(f, delta.mean(){over_n}))

{VARIANTS_TABLE}"""


VARIANTS = {"numpy": _numpy, "torch": _torch, "jax": _jax}
