"""The batches explorer's charts: the cloud of mini-batch gradients around the full-batch
gradient, and the bias and spread of every variant against the batch size (log-log)."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.core.minibatch import BatchAnalysis, spread_in_closed_form
from app.core.model import REFERENCE
from app.web.charts.figures import Figure, base_layout, line, markers
from app.web.charts.palette import GREY, INK
from app.web.charts.variants import SHORT_LABELS, VARIANT_LABELS, VARIANT_STYLES
from app.web.formatting import fixed

# The two correct variants are equal batch by batch (to rounding): one cloud stands for both.
CLOUD_VARIANTS = ("mean_of_gradients", "gradient_at_mean_input", "mean_error_backprop")
CLOUD_LABELS = {
    "mean_of_gradients": "correct (mean of per-example gradients)",
    "gradient_at_mean_input": "gradient at the batch's mean example",
    "mean_error_backprop": "batch-averaged error, one backward pass",
}
SHORTCUTS = ("gradient_at_mean_input", "mean_error_backprop")
# For a model linear in x (the line fit) the two shortcuts' curves are the same: the first is
# drawn wide and solid underneath, the second narrow and dashed on top, so both show.
SHORTCUT_STROKES = {  # bias line width and dash, its markers' size, the spread line's width
    "gradient_at_mean_input": (5, "solid", 11, 3.5),
    "mean_error_backprop": (2.5, "dash", 7, 1.5),
}
CURVE_POINTS = 120


def batches_figures(analysis: BatchAnalysis, axes: tuple[int, ...], rows: np.ndarray) -> dict:
    """``rows`` picks which of the chosen size's batches are drawn (all, or evenly spaced)."""
    return {"cloud": cloud_figure(analysis, axes, rows), "sweep": sweep_figure(analysis)}


def _colour(name: str) -> str:
    return VARIANT_STYLES[name][0]


# -- the cloud -----------------------------------------------------------------------------------
def cloud_figure(analysis: BatchAnalysis, axes: tuple[int, ...], rows: np.ndarray) -> Figure:
    if len(axes) == 1:
        return _cloud_1d(analysis, axes[0], rows)
    i, j = axes
    names = analysis.spec.parameters
    data: list[dict[str, Any]] = []
    for name in CLOUD_VARIANTS:
        estimates = analysis.estimates[name][rows]
        cloud = markers(estimates[:, i], estimates[:, j], CLOUD_LABELS[name], _colour(name), size=6)
        cloud["marker"]["opacity"] = 0.55
        cloud["marker"]["line"] = {"width": 0}
        cloud["legendgroup"] = name
        data.append(cloud)
    for name in CLOUD_VARIANTS:
        mean = analysis.chosen.mean[name]
        label = f"average of its batches: {CLOUD_LABELS[name]}"
        centre = markers([mean[i]], [mean[j]], label, INK, "diamond")
        centre["marker"]["color"] = _colour(name)
        centre["marker"]["line"] = {"color": INK, "width": 1.5}
        centre.update(legendgroup=name, showlegend=False)
        data.append(centre)
    truth = analysis.full[REFERENCE]
    data.append(markers([truth[i]], [truth[j]], "full-batch gradient ∇J", INK, "star", 16))
    layout = base_layout(f"∂J/∂{names[i]}", f"∂J/∂{names[j]}", height=420)
    return {"data": data, "layout": layout}


def _cloud_1d(analysis: BatchAnalysis, axis: int, rows: np.ndarray) -> Figure:
    """One parameter: each batch's estimate against the batch's number."""
    numbers = rows + 1
    data: list[dict[str, Any]] = []
    for name in CLOUD_VARIANTS:
        estimates = analysis.estimates[name][rows, axis]
        cloud = markers(numbers, estimates, CLOUD_LABELS[name], _colour(name), size=6)
        cloud["marker"]["opacity"] = 0.6
        cloud["marker"]["line"] = {"width": 0}
        data.append(cloud)
    truth = float(analysis.full[REFERENCE][axis])
    span = [1, int(numbers[-1]) if len(numbers) else 1]
    data.append(line(span, [truth, truth], "full-batch gradient ∇J", INK, 2, "dash"))
    name = analysis.spec.parameters[axis]
    return {"data": data, "layout": base_layout("batch number", f"∂J/∂{name}", height=380)}


# -- the sweep -----------------------------------------------------------------------------------
def _positive(values: list[float]) -> list[float | None]:
    """Zeros left out (a gap), as a log axis has no place for them."""
    return [v if np.isfinite(v) and v > 0 else None for v in values]


def sweep_figure(analysis: BatchAnalysis) -> Figure:
    sweep = analysis.sweep
    sizes = [s.size for s in sweep]
    examples = analysis.data.size
    data: list[dict[str, Any]] = []
    curve_sizes = np.geomspace(1, examples, CURVE_POINTS) if examples > 1 else np.ones(1)
    data.append(
        line(
            curve_sizes,
            _positive(
                [spread_in_closed_form(analysis.total_variance, examples, b) for b in curve_sizes]
            ),
            "spread in closed form: √(Σσ²/B · (N−B)/(N−1))",
            GREY,
            2,
            "dash",
        )
    )
    correct = "mean_of_gradients"
    spread_values = _positive([s.spread[correct] for s in sweep])
    spread = markers(sizes, spread_values, "spread: correct", _colour(correct))
    spread.update(mode="lines+markers", legendgroup=correct)
    spread["line"] = {"color": _colour(correct), "width": 2.5}
    data.append(spread)
    if not analysis.enumerated:  # listing every batch makes it zero to rounding: nothing to draw
        bias_values = _positive([s.bias[correct] for s in sweep])
        bias = markers(sizes, bias_values, "bias: correct (sampling noise)", _colour(correct))
        bias["marker"]["symbol"] = "diamond"
        bias["legendgroup"] = correct
        data.append(bias)
    for name in SHORTCUTS:
        colour = _colour(name)
        label = SHORT_LABELS[name]  # the cloud's legend above has them in full
        bias_width, bias_dash, marker_size, spread_width = SHORTCUT_STROKES[name]
        biases = _positive([s.bias[name] for s in sweep])
        trace = line(sizes, biases, f"bias: {label}", colour, bias_width, bias_dash)
        trace.update(mode="lines+markers", legendgroup=name)
        trace["marker"] = {"color": colour, "size": marker_size, "symbol": "diamond"}
        data.append(trace)
        spreads = _positive([s.spread[name] for s in sweep])
        shortcut_spread = line(sizes, spreads, f"spread: {label}", colour, spread_width, "dot")
        shortcut_spread["legendgroup"] = name
        data.append(shortcut_spread)
    layout = base_layout("batch size B (log scale)", "distance from ∇J (log scale)", height=420)
    layout["xaxis"].update(type="log", tickvals=sizes, ticktext=[str(b) for b in sizes])
    layout["yaxis"].update(type="log", exponentformat="power")
    return {"data": data, "layout": layout}


# -- words ---------------------------------------------------------------------------------------
def batches_summaries(analysis: BatchAnalysis, axes: tuple[int, ...]) -> dict[str, str]:
    """Text alternatives for the two charts."""
    chosen = analysis.chosen
    names = analysis.spec.parameters
    plane = " and ".join(f"∂J/∂{names[i]}" for i in axes)
    batches = f"{chosen.batches} {'listed' if chosen.enumerated else 'sampled'} batches"
    biases = "; ".join(
        f"{VARIANT_LABELS[n]} is off by {fixed(analysis.sweep[-1].bias[n])}" for n in SHORTCUTS
    )
    return {
        "cloud": (
            f"The gradient of each of the {batches} of size {chosen.size}, over {plane}. The"
            f" correct estimates scatter around the full-batch gradient (spread"
            f" {fixed(chosen.spread['mean_of_gradients'])}); the shortcuts scatter around other"
            " points."
        ),
        "sweep": (
            "Bias and spread of each variant for batch sizes "
            + ", ".join(str(s.size) for s in analysis.sweep)
            + ", on log scales. The correct spread follows the closed form down to zero at"
            f" B = {analysis.data.size}; its bias stays at zero. At B = {analysis.data.size}"
            f" {biases}."
        ),
    }
