"""The model explorer's charts: the loss landscape with arrows and descent paths, the fitted
curves against the data, and the loss per step for every variant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from app.core.descent import Trajectory, loss_curve, loss_surface
from app.core.model import REFERENCE, VARIANT_NAMES, predict
from app.core.model_analysis import ModelAnalysis
from app.core.reduction import reduction_scale, scaled_trajectory
from app.web.charts.figures import (
    Figure,
    base_layout,
    json_numbers,
    line,
    markers,
    padded_range,
)
from app.web.charts.palette import BLUE, GREEN, GREY, INK, ORANGE, PURPLE, VERMILLION
from app.web.formatting import fixed

VARIANT_LABELS = {
    "gradient_of_mean_loss": "gradient of the mean loss",
    "mean_of_gradients": "mean of per-example gradients",
    "gradient_at_mean_input": "gradient at the mean example",
    "mean_error_backprop": "averaged error, one backward pass",
}
SHORT_LABELS = {  # where room is short: panel titles, a legend of many entries
    "gradient_of_mean_loss": "true gradient",
    "mean_of_gradients": "mean of per-example",
    "gradient_at_mean_input": "mean example",
    "mean_error_backprop": "averaged error",
}
# The two correct variants draw on top of each other: solid green under dashed blue.
VARIANT_STYLES = {
    "gradient_of_mean_loss": (GREEN, "solid", 4),
    "mean_of_gradients": (BLUE, "dash", 2),
    "gradient_at_mean_input": (VERMILLION, "solid", 2.5),
    "mean_error_backprop": (PURPLE, "dot", 3),
}
GRID = 61
MAX_EXAMPLE_ARROWS = 40


def plot_axes(parameters: tuple[str, ...], plot: str) -> tuple[int, ...]:
    """Indices of the (at most two) parameters to chart; ``plot`` is e.g. ``"w,b"``."""
    wanted = [p.strip() for p in plot.split(",") if p.strip() in parameters]
    if len(wanted) == 2 and wanted[0] != wanted[1]:
        return parameters.index(wanted[0]), parameters.index(wanted[1])
    return tuple(range(min(2, len(parameters))))


def plot_choices(parameters: tuple[str, ...]) -> list[str]:
    """Every pair of parameters a two-dimensional chart can be drawn over: ``"w,b"``, …"""
    return [f"{a},{b}" for i, a in enumerate(parameters) for b in parameters[i + 1 :]]


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


# -- the loss landscape --------------------------------------------------------------------------
def _path_points(analysis: ModelAnalysis) -> np.ndarray:
    """Every θ worth framing: the start, the minimum, and the paths until they overshoot (J
    grown past four times its start: a run-away path would shrink the valley to a dot)."""
    points = [analysis.report.theta[None, :]]
    if analysis.minimum is not None:
        points.append(analysis.minimum.params[None, :])
    for path in analysis.trajectories.values():
        if not path.diverged:
            start = path.loss[0]
            settled = (
                path.loss <= start + 3 * abs(start)
                if np.isfinite(start)
                else np.isfinite(path.loss)
            )
            points.append(path.params[np.cumprod(settled).astype(bool)])
    stacked = np.concatenate(points)
    return stacked[np.all(np.isfinite(stacked), axis=1)]


def _other_reduction_path(analysis: ModelAnalysis) -> tuple[str, Trajectory]:
    """The true gradient's path with the same η on the reduction not chosen, its losses those
    of the chosen J (as the landscape shows it), and its label."""
    other = "mean" if analysis.reduction == "sum" else "sum"
    path = scaled_trajectory(analysis.sum_versus_mean.paths[other], _scale(analysis))
    return f"true gradient on the {other}, same η", path


def _scale(analysis: ModelAnalysis) -> float:
    """N when J is the sum, else 1: the landscape shows the chosen J."""
    return reduction_scale(analysis.reduction, analysis.data.size)


def _frame(values: np.ndarray) -> np.ndarray:
    low, high = float(np.min(values)), float(np.max(values))
    margin = max(0.5, 0.2 * (high - low))
    return np.linspace(low - margin, high + margin, GRID)


def landscape_figure(
    analysis: ModelAnalysis, axes: tuple[int, ...], framed_by: ModelAnalysis | None = None
) -> Figure:
    """``framed_by``: the analysis whose paths set the frame (the whole run, for a frame)."""
    if len(axes) == 1:
        return _landscape_1d(analysis, axes[0], framed_by or analysis)
    return _landscape_2d(analysis, axes, framed_by or analysis)


def _landscape_2d(analysis: ModelAnalysis, axes: tuple[int, ...], framing: ModelAnalysis) -> Figure:
    i, j = axes
    spec, report = analysis.spec, analysis.report
    framed = _path_points(framing)
    first, second = _frame(framed[:, i]), _frame(framed[:, j])
    surface = _scale(analysis) * loss_surface(
        spec, analysis.data, report.theta, (i, j), first, second
    )
    start = report.theta[[i, j]]
    scale = _arrow_scale(analysis, (i, j), first, second)
    data: list[dict[str, Any]] = [
        {
            "type": "contour",
            "x": json_numbers(first),
            "y": json_numbers(second),
            "z": [json_numbers(row) for row in surface],
            "colorscale": [[0, "#f7fbff"], [0.5, "#c6dbef"], [1, "#6baed6"]],
            "contours": {"coloring": "fill", "showlines": True},
            "line": {"color": "#9ecae1", "width": 0.6},
            "ncontours": 18,
            "showscale": False,
            "name": "J(θ)",
            "hovertemplate": "%{x:.3f}, %{y:.3f}: J = %{z:.4g}<extra></extra>",
        },
        _arrows(
            start,
            -report.per_example[:MAX_EXAMPLE_ARROWS][:, [i, j]] * scale,
            "per-example descent directions",
            GREY,
            ArrowStyle(width=1, head=7, opacity=0.45),
        ),
    ]
    for name in VARIANT_NAMES:
        colour, dash, width = VARIANT_STYLES[name]
        trajectory = analysis.trajectories[name].params
        path = line(trajectory[:, i], trajectory[:, j], VARIANT_LABELS[name], colour, width, dash)
        path["mode"] = "lines+markers"  # a dot where the path ends
        path["marker"] = {"size": [0] * (len(trajectory) - 1) + [9], "color": colour}
        path["legendgroup"] = name
        data.append(path)
        if name != "mean_of_gradients":  # equal to the reference arrow: drawn once
            vector = -report.variants[name][None, [i, j]] * scale
            arrow = _arrows(start, vector, f"−{VARIANT_LABELS[name]} at θ₀", colour, BOLD_ARROW)
            arrow.update(legendgroup=name, showlegend=False)
            data.append(arrow)
    label, other = _other_reduction_path(analysis)
    data.append(line(other.params[:, i], other.params[:, j], label, GREY, 2, "dash"))
    data.append(markers([start[0]], [start[1]], "start θ₀", GREY, "circle", 10))
    if analysis.minimum is not None:
        best = analysis.minimum.params
        data.append(markers([best[i]], [best[j]], "minimum of J", INK, "star", 16))
    names = analysis.spec.parameters
    layout = base_layout(names[i], names[j], height=440)
    layout["xaxis"]["range"] = [float(first[0]), float(first[-1])]
    layout["yaxis"]["range"] = [float(second[0]), float(second[-1])]
    layout["legend"]["y"] = -0.14
    return {"data": data, "layout": layout}


def _arrow_scale(analysis: ModelAnalysis, axes: tuple[int, int], first, second) -> float:
    """One length scale for every arrow, so the longest variant spans a quarter of the chart."""
    longest = max(float(np.linalg.norm(v[list(axes)])) for v in analysis.report.variants.values())
    span = min(first[-1] - first[0], second[-1] - second[0])
    return 0.25 * span / longest if longest > 0 and np.isfinite(longest) else 0.0


@dataclass(frozen=True)
class ArrowStyle:
    width: float
    head: int
    opacity: float


BOLD_ARROW = ArrowStyle(width=3.5, head=14, opacity=1.0)


def _arrows(
    start: np.ndarray, vectors: np.ndarray, name: str, colour: str, style: ArrowStyle
) -> dict[str, Any]:
    """Arrows from ``start`` along each row of ``vectors``, as one trace with arrow markers."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    sizes: list[int] = []
    for dx, dy in vectors:
        xs += [float(start[0]), float(start[0] + dx), None]
        ys += [float(start[1]), float(start[1] + dy), None]
        sizes += [0, style.head, 0]
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": [v if v is None or np.isfinite(v) else None for v in xs],
        "y": [v if v is None or np.isfinite(v) else None for v in ys],
        "line": {"color": colour, "width": style.width},
        "marker": {"symbol": "arrow", "angleref": "previous", "size": sizes, "color": colour},
        "opacity": style.opacity,
        "hoverinfo": "skip",
    }


def _landscape_1d(analysis: ModelAnalysis, axis: int, framing: ModelAnalysis) -> Figure:
    framed = _path_points(framing)
    everything = np.concatenate(
        [framed[:, axis]] + [t.params[:, axis] for t in framing.trajectories.values()]
    )
    grid = _frame(everything[np.isfinite(everything)])
    values = _scale(analysis) * loss_curve(
        analysis.spec, analysis.data, analysis.report.theta, axis, grid
    )
    data = [line(grid, values, "J(θ)", "#6baed6", 3)]
    label, other = _other_reduction_path(analysis)
    data.append(line(other.params[:, axis], other.loss, label, GREY, 2, "dash"))
    for name in VARIANT_NAMES:
        colour, dash, width = VARIANT_STYLES[name]
        trajectory = analysis.trajectories[name]
        trace = line(
            trajectory.params[:, axis],
            trajectory.loss,
            f"path: {VARIANT_LABELS[name]}",
            colour,
            width,
            dash,
        )
        trace["mode"] = "lines+markers"
        trace["marker"] = {"size": 5, "color": colour}
        data.append(trace)
    name = analysis.spec.parameters[axis]
    return {"data": data, "layout": base_layout(name, "J", height=400)}


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
