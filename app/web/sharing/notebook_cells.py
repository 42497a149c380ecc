"""The words, the chart and the check of a view's notebook: explanation cells in Markdown
with the formulas in LaTeX, a cell drawing the page's headline chart with Plotly from the
notebook's own numbers, and a last cell that compares those numbers with the page's."""

from __future__ import annotations

import json
from typing import Any

from app.core.model import parse_loss, parse_model
from app.core.points import parse_assignments, parse_number
from app.core.scalar import parse_function
from app.web.charts.landscape import plot_axes

ARRAY = {"numpy": "np.asarray", "torch": "torch.from_numpy", "jax": "jnp.asarray"}


def whole(text: str) -> int:
    """A field the page has already checked to be a whole number, as one."""
    return int(parse_number(text))


def introduction(kind: str, values: dict[str, str], framework_label: str, page_url: str) -> str:
    opening = {
        "scalar": "the mean of the gradients against the gradient at the mean",
        "model": "a batch gradient computed four ways",
        "batches": "mini-batch estimates of the gradient, their bias and their spread",
        "network": "the per-layer gradients of a small network, four ways",
    }[kind]
    return (
        f"# Gradient Lens: {opening}, in {framework_label}\n\n"
        f"This notebook reproduces the page <{page_url}> with the same inputs and the same"
        " numbers. Run the cells in order: the last one checks the notebook's numbers against"
        " the ones the page showed and says which, if any, moved. Change a cell (a point, a"
        " parameter, the way a gradient is taken) and run the rest again to see what moves"
        " and why.\n\n" + EXPLANATIONS[kind](values)
    )


def _scalar(values: dict[str, str]) -> str:
    f = parse_function(values["f"]).latex()
    return (
        f"Here $f(x) = {f}$. For points $x_1, \\dots, x_N$ with mean $\\bar x$ the page"
        " compares two numbers:\n\n"
        "$$\\frac{1}{N}\\sum_{i=1}^{N} f'(x_i) \\qquad\\text{and}\\qquad f'(\\bar x).$$\n\n"
        "The first is the derivative of an average of $f$ over the points, because"
        " differentiation is linear: the sum stays outside and each term is differentiated"
        " at its own point. The second is what averaging the points first and differentiating"
        " once computes. They agree for every set of points only when $f$ is a straight line;"
        " for points close together their gap is about"
        " $\\tfrac12 f'''(\\bar x)\\,\\operatorname{Var}(x)$."
    )


def _model(values: dict[str, str]) -> str:
    f = parse_model(values["model"]).latex()
    loss = parse_loss(values["loss"]).latex()
    summed = values.get("reduction") == "sum"
    cost = (
        "J(\\theta) = \\sum_{i=1}^{N} L_i(\\theta)"
        if summed
        else "J(\\theta) = \\frac{1}{N}\\sum_{i=1}^{N} L_i(\\theta)"
    )
    return (
        f"The model is $f(x;\\theta) = {f}$ and each example's loss is $L(y, f) = {loss}$,"
        f" so $L_i(\\theta) = L(y_i, f(x_i;\\theta))$ and ${cost}$."
        + (" (The sum: every gradient is $N$ times that of the mean.)" if summed else "")
        + " With the output error $\\delta_i = \\partial L / \\partial f$ at example $i$, the"
        " chain rule gives a mean of products:\n\n"
        "$$\\nabla_\\theta J = \\frac{1}{N}\\sum_{i=1}^{N} \\delta_i\\,"
        "\\nabla_\\theta f(x_i;\\theta).$$\n\n"
        "`gradient_of_mean_loss` computes it by batched backpropagation and"
        " `mean_of_gradients` as the mean of the examples' own gradients: the same numbers,"
        " since differentiation is linear. `gradient_at_mean_input` differentiates the loss"
        " once, at the averaged example $(\\bar x, \\bar y)$. `mean_error_backprop` averages the"
        " error before the backward pass, a product of means,\n\n"
        "$$\\bar\\delta \\cdot \\frac{1}{N}\\sum_{i=1}^{N} \\nabla_\\theta f(x_i;\\theta),$$\n\n"
        "which misses the gradient by $\\operatorname{Cov}(\\delta, \\nabla_\\theta f)$: exact"
        " only where $\\partial f/\\partial\\theta$ is the same for every example."
    )


def _batches(values: dict[str, str]) -> str:
    f = parse_model(values["model"]).latex()
    loss = parse_loss(values["loss"]).latex()
    drawn = (
        "every subset of $B$ examples"
        if values["batches"].strip().lower() == "all"
        else f"{whole(values['batches'])} batches drawn with the seed {whole(values['seed'])}"
    )
    return (
        f"The model is $f(x;\\theta) = {f}$ with the loss $L(y, f) = {loss}$. A mini-batch"
        " $S$ of $B$ examples estimates the gradient of the mean loss by"
        " $\\hat g_S = \\frac{1}{B}\\sum_{i \\in S} \\nabla L_i$. Over all batches its mean is"
        " exactly $\\nabla J$, and it scatters around it by\n\n"
        "$$\\sqrt{\\frac{\\sum_p \\sigma_p^2}{B}\\cdot\\frac{N - B}{N - 1}},$$\n\n"
        "$\\sigma_p^2$ the variance of the examples' gradients: zero at $B = N$. The shortcuts"
        " computed on a batch keep a bias instead: at $B = N$ they are the full-batch shortcut,"
        " still wrong, and no batch size above one removes it. (At $B = 1$ nothing is averaged,"
        " and every variant is that example's own gradient.)"
        f" Here $B = {whole(values['batch_size'])}$"
        f" and the batches are the page's: {drawn}."
    )


def _network(values: dict[str, str]) -> str:
    widths = ", ".join(values["hidden"].replace(",", " ").split())  # checked: whole numbers
    return (
        f"A network with hidden layers of {widths} units ({values['activation']}) and"
        " a sigmoid output: $a^0 = x$, $z^l = a^{l-1} W^{l\\top} + b^l$, $a^l = g(z^l)$."
        " Backpropagation sends the output error $\\delta^L = \\partial L/\\partial z^L$ back"
        " as $\\delta^l = (\\delta^{l+1} W^{l+1}) \\odot g'(z^l)$, and each example's weight"
        " gradient is $\\delta^{l\\top} a^{l-1}$. The batch gradient is the mean of those"
        " products over the examples:\n\n"
        "$$\\frac{\\partial J}{\\partial W^l} = \\frac{1}{N}\\sum_{i=1}^{N}"
        " \\delta^{l}_i{}^{\\top} a^{l-1}_i.$$\n\n"
        "Batched backpropagation is exactly that sum, vectorised; it never averages the error"
        " first. Averaging the output error, the activations and the slopes over the batch"
        " before one backward pass puts a product of means in every layer. The table compares"
        " each variant with the true gradient, layer by layer, at the page's initial weights:"
        " the relative error $\\lVert g - g^\\star\\rVert / \\lVert g^\\star\\rVert$ and the"
        " cosine of the angle between them."
    )


EXPLANATIONS = {"scalar": _scalar, "model": _model, "batches": _batches, "network": _network}

AS_NUMPY = '''import numpy as np
import plotly.graph_objects as go


def as_numpy(value):
    """Floats in a NumPy array, from NumPy, PyTorch or JAX."""
    value = value.detach() if hasattr(value, "detach") else value
    return np.asarray(value, dtype=float)

'''


def chart_cell(kind: str, framework: str, values: dict[str, str]) -> str:
    """Code drawing the page's headline chart from the notebook's own variables."""
    return AS_NUMPY + CHARTS[kind](framework, values)


def _scalar_chart(framework: str, values: dict[str, str]) -> str:
    slopes = {
        "numpy": "f_prime(grid) + np.zeros_like(grid)",
        "torch": "torch.func.vmap(torch.func.grad(f))(torch.from_numpy(grid))",
        "jax": "jax.vmap(jax.grad(f))(jnp.asarray(grid))",
    }[framework]
    at_points = slopes.replace("grid", "points")
    return f"""points = as_numpy(x)
low, high = points.min(), points.max()
margin = max(1.5, 0.35 * (high - low))
grid = np.union1d(np.linspace(low - margin, high + margin, 241), points)
curve = as_numpy({slopes})
at_points = as_numpy({at_points})
fig = go.Figure()
fig.add_scatter(x=grid, y=curve, mode="lines", name="f'(x)")
fig.add_scatter(x=points, y=at_points, mode="markers", name="f'(x_i) at the points")
fig.add_hline(y=float(mean_of_gradients), line_dash="dash", annotation_text="mean of the gradients")
fig.add_scatter(
    x=[float(points.mean())],
    y=[float(gradient_at_mean)],
    mode="markers",
    marker_symbol="diamond",
    marker_size=12,
    name="gradient at the mean",
)
fig.update_layout(
    title="The derivative: mean of the gradients against the gradient at the mean",
    xaxis_title="x",
    yaxis_title="f'(x)",
)
fig.show()
"""


def _model_chart(framework: str, values: dict[str, str]) -> str:
    reduce = "sum" if values.get("reduction") == "sum" else "mean"
    array = ARRAY[framework]
    names = tuple(parse_assignments(values["params"]))
    axes = list(plot_axes(names, values.get("plot", "")))  # the page's chosen pair
    return f"""start = as_numpy(theta)
arrows = {{name: -as_numpy(value) for name, value in variants.items()}}
axes = {axes}  # the parameters on the chart's axes, as on the page


def cost(*params):
    \"\"\"J at each point of a grid of parameters (the data along the first axis).\"\"\"
    grid_params = [{array}(np.asarray(p)) for p in params]
    extra = (None,) * grid_params[0].ndim
    return as_numpy(loss_fn(y[(...,) + extra], model(x[(...,) + extra], *grid_params)).{reduce}(0))


def grid_of(*grids):
    \"\"\"Every parameter on the grid: the charted ones vary, the others stay at the start.\"\"\"
    shape = np.shape(grids[0])
    chosen = dict(zip(axes, grids))
    return [chosen.get(k, np.full(shape, v)) for k, v in enumerate(start)]


spans = [max(1.0, 2 * abs(v)) for v in start]
fig = go.Figure()
if len(axes) == 2:
    i, j = axes
    first = np.linspace(start[i] - spans[i], start[i] + spans[i], 41)
    second = np.linspace(start[j] - spans[j], start[j] + spans[j], 41)
    landscape = cost(*grid_of(*np.meshgrid(first, second)))
    fig.add_contour(x=first, y=second, z=landscape, colorscale="Greys", name="J", showscale=False)
    longest = max(float(np.hypot(a[i], a[j])) for a in arrows.values()) or 1.0
    scale = 0.5 * min(spans[i], spans[j]) / longest
    for name, arrow in arrows.items():
        end = (start[i] + scale * arrow[i], start[j] + scale * arrow[j])
        fig.add_scatter(x=[start[i], end[0]], y=[start[j], end[1]], mode="lines+markers", name=name)
    fig.update_layout(xaxis_title=parameters[i], yaxis_title=parameters[j])
else:
    first = np.linspace(start[0] - spans[0], start[0] + spans[0], 161)
    curve = cost(*grid_of(first))
    fig.add_scatter(x=first, y=curve, mode="lines", name="J")
    here = float(np.interp(start[0], first, curve))
    for name, arrow in arrows.items():  # the tangent each variant claims: its slope at θ
        slope = -arrow[0]
        fig.add_scatter(
            x=first, y=here + slope * (first - start[0]), mode="lines", name=name, line_dash="dot"
        )
    fig.update_layout(xaxis_title=parameters[0], yaxis_title="J")
fig.update_layout(title="The loss landscape: each variant's step direction at the start")
fig.show()
"""


def _batches_chart(framework: str, values: dict[str, str]) -> str:
    enumerated = values["batches"].strip().lower() == "all"
    if enumerated:
        rows = "np.array(list(itertools.combinations(range(N), size)))"
    else:
        count, seed = whole(values["batches"]), whole(values["seed"])
        rows = (
            f"np.sort(np.random.default_rng({seed} + size)"
            f".permuted(np.tile(np.arange(N), ({count}, 1)), axis=1)[:, :size], axis=1)"
        )
    estimate = {
        "numpy": "batch_variants(x[rows], y[rows])",
        "torch": (
            "torch.func.vmap(batch_variants, in_dims=(None, 0, 0))("
            "theta, x[torch.from_numpy(rows)], y[torch.from_numpy(rows)])"
        ),
        "jax": "jax.vmap(batch_variants, in_axes=(None, 0, 0))(theta, x[rows], y[rows])",
    }[framework]
    return f"""import itertools

# The page's sweep: every batch size B = 1, 2, 4, ... and N, each with the page's batches.
sizes = [1 << k for k in range(N.bit_length()) if 1 << k < N] + [N]
truth_all = as_numpy(full_batch["gradient_of_mean_loss"])
sweep = {{name: ([], []) for name in full_batch}}
for size in sizes:
    rows = {rows}
    for name, values in ({estimate}).items():
        values = as_numpy(values)
        mean = values.mean(axis=0)
        sweep[name][0].append(float(np.linalg.norm(mean - truth_all)))
        sweep[name][1].append(float(np.sqrt(np.mean(np.sum((values - mean) ** 2, axis=1)))))

fig = go.Figure()
for name, (biases, spreads) in sweep.items():
    positive = [b if b > 1e-12 else None for b in biases]  # a log axis has no place for 0
    fig.add_scatter(x=sizes, y=positive, mode="lines+markers", name=f"{{name}}: bias")
    fig.add_scatter(x=sizes, y=spreads, mode="lines", line_dash="dot", name=f"{{name}}: spread")
closed = [float(np.sqrt(float(total_variance) * (N - b) / max(N - 1, 1) / b)) for b in sizes]
fig.add_scatter(x=sizes, y=closed, mode="lines", name="closed-form spread", line_dash="dash")
fig.update_layout(
    title="Bias and spread against the batch size",
    xaxis=dict(type="log", title="batch size B"),
    yaxis=dict(type="log", title="distance from the full-batch gradient"),
)
fig.show()
"""


def _network_chart(framework: str, values: dict[str, str]) -> str:
    return """labels_of_parts = [f"{layer['name']} {layer['kind']}" for layer in layers]
fig = go.Figure()
for name in ("mean_of_gradients", "gradient_at_mean_input", "mean_error_backprop"):
    fig.add_bar(
        x=labels_of_parts,
        y=[layer["variants"][name]["rel_error"] for layer in layers],
        name=name,
    )
fig.update_layout(
    title="How wrong each shortcut is, layer by layer",
    barmode="group",
    yaxis_title="relative error against the true gradient",
)
fig.show()
"""


CHARTS = {
    "scalar": _scalar_chart,
    "model": _model_chart,
    "batches": _batches_chart,
    "network": _network_chart,
}

CHECK = '''import json

# The numbers the page showed for the same inputs (its JSON twin's fields).
PAGE = json.loads(
    """
{expected}
"""
)


def numbers(value, path=""):
    """Every number (or null) in a JSON value, by its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from numbers(item, f"{{path}}.{{key}}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from numbers(item, f"{{path}}[{{index}}]")
    elif value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        yield path, value


mine = dict(numbers(json.loads(json.dumps(result))))
page = dict(numbers(PAGE))
largest = max((abs(v) for v in page.values() if v is not None), default=1.0)
moved = []
for path, shown in page.items():
    got = mine.get(path)
    if shown is None or got is None:
        agree = shown is got
    else:  # to 1e-9 relative; rounding noise next to the largest number counts as agreeing
        agree = abs(got - shown) <= 1e-9 * max(abs(shown), 1e-3 * largest)
    if not agree:
        moved.append((path, got, shown))

if moved:
    print(f"{{len(moved)}} of {{len(page)}} numbers differ from the page's:")
    for path, got, shown in moved:
        print(f"  {{path}}: this notebook has {{got}}, the page showed {{shown}}")
    print("A cell computes something else now, or its inputs are not the page's any more.")
else:
    print(
        f"All {{len(page)}} numbers agree with the page to 1e-9: this notebook computes"
        " exactly what the page showed."
    )
'''


def check_cell(expected: dict[str, Any]) -> str:
    return CHECK.format(expected=json.dumps(expected, indent=1))
