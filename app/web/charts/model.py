"""The model explorer's charts: the loss landscape (``landscape.py``), the fitted curves against
the data, and the loss per step for every variant; and their text alternatives."""

from __future__ import annotations

import numpy as np

from app.core.model import REFERENCE, VARIANT_NAMES, predict
from app.core.model_analysis import ModelAnalysis
from app.web.charts.figures import Figure, base_layout, line, markers, padded_range
from app.web.charts.landscape import landscape_figure
from app.web.charts.palette import GREY, INK, ORANGE, VERMILLION
from app.web.charts.variants import VARIANT_LABELS, VARIANT_STYLES
from app.web.formatting import fixed


def model_figures(
    analysis: ModelAnalysis, axes: tuple[int, ...], step: int | None = None
) -> dict[str, Figure]:
    """The three charts after the whole descent, or at ``step``: the paths and curves so far,
    framed as for the whole run so that a frame does not jump when the next one comes."""
    shown = analysis if step is None else analysis.until(step)
    return {
        "landscape": landscape_figure(shown, axes, framed_by=analysis),
        "fits": fits_figure(shown),
        "losses": losses_figure(shown, ranged_by=None if step is None else analysis),
    }


# -- fits and losses -----------------------------------------------------------------------------
def fits_figure(analysis: ModelAnalysis) -> Figure:
    x = analysis.data.x
    low, high = float(np.min(x)), float(np.max(x))
    margin = max(0.5, 0.15 * (high - low))
    grid = np.linspace(low - margin, high + margin, 161)
    spec = analysis.spec
    data = [line(grid, predict(spec, analysis.report.theta, grid), "start θ₀", GREY, 1.5, "dot")]
    for name in VARIANT_NAMES:
        colour, dash, width = VARIANT_STYLES[name]
        final = analysis.trajectories[name].params[-1]
        data.append(
            line(
                grid,
                predict(spec, final, grid),
                f"after descent: {VARIANT_LABELS[name]}",
                colour,
                width,
                dash,
            )
        )
    if analysis.minimum is not None:
        data.append(
            line(
                grid,
                predict(spec, analysis.minimum.params, grid),
                "at the minimum of J",
                INK,
                1.5,
                "longdash",
            )
        )
    data.append(markers(x, analysis.data.y, "data (xᵢ, yᵢ)", ORANGE))
    data.append(
        markers(
            [float(np.mean(x))],
            [float(np.mean(analysis.data.y))],
            "mean example (x̄, ȳ)",
            VERMILLION,
            "diamond",
            12,
        )
    )
    return {"data": data, "layout": base_layout("x", "y, f(x)", height=400)}


def losses_figure(analysis: ModelAnalysis, ranged_by: ModelAnalysis | None = None) -> Figure:
    """``ranged_by``: the whole run, whose ranges a frame keeps (its curves are cut short)."""
    data = []
    for name in VARIANT_NAMES:
        colour, dash, width = VARIANT_STYLES[name]
        losses = analysis.trajectories[name].loss
        data.append(line(np.arange(len(losses)), losses, VARIANT_LABELS[name], colour, width, dash))
    layout = base_layout("step", "J(θ)", height=360)
    whole = ranged_by or analysis
    values = np.concatenate([t.loss for t in whole.trajectories.values()])
    values = values[np.isfinite(values)]
    logarithmic = len(values) and np.min(values) > 0 and np.max(values) / np.min(values) > 10
    if logarithmic:
        layout["yaxis"]["type"] = "log"
    if ranged_by is not None:
        shown = np.log10(values) if logarithmic else values
        layout["xaxis"]["range"] = list(padded_range([0, whole.steps]))
        layout["yaxis"]["range"] = list(padded_range(shown))
    return {"data": data, "layout": layout}


def model_summaries(analysis: ModelAnalysis, axes: tuple[int, ...]) -> dict[str, str]:
    """Text alternatives for the three charts."""
    names = analysis.spec.parameters
    plane = " and ".join(names[i] for i in axes)
    ends = "; ".join(
        f"{VARIANT_LABELS[name]} ends at J = {fixed(float(analysis.trajectories[name].loss[-1]))}"
        for name in VARIANT_NAMES
    )
    minimum = (
        "J has no minimum here"
        if analysis.minimum is None
        else f"the minimum of J is {fixed(analysis.minimum.loss)}"
    )
    correct = analysis.report.variants[REFERENCE]
    return {
        "landscape": (
            f"The loss J over {plane}, with the descent path of each gradient variant from the"
            f" start; the true gradient there is {', '.join(fixed(v) for v in correct)}."
            f" {minimum[0].upper() + minimum[1:]}."
        ),
        "fits": (
            f"The {analysis.data.size} data points with the model's curve at the start and after"
            " descent with each variant."
        ),
        "losses": f"The loss J after each step: {ends}.",
    }
