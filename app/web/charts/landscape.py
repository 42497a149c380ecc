"""The model explorer's loss landscape: J over the one or two parameters charted, each
example's descent direction and each variant's from the start, every variant's descent path and
the true gradient's on the other reduction, framed so that a frame of the descent does not jump."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.core.descent import Trajectory, loss_curve, loss_surface
from app.core.model import VARIANT_NAMES
from app.core.model_analysis import ModelAnalysis
from app.core.reduction import reduction_scale, scaled_trajectory
from app.web.charts.arrows import BOLD_ARROW, ArrowStyle, arrows
from app.web.charts.figures import Figure, base_layout, json_numbers, json_rows, line, markers
from app.web.charts.palette import GREY, INK
from app.web.charts.variants import VARIANT_LABELS, VARIANT_STYLES

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
            "z": json_rows(surface),
            "colorscale": [[0, "#f7fbff"], [0.5, "#c6dbef"], [1, "#6baed6"]],
            "contours": {"coloring": "fill", "showlines": True},
            "line": {"color": "#9ecae1", "width": 0.6},
            "ncontours": 18,
            "showscale": False,
            "name": "J(θ)",
            "hovertemplate": "%{x:.3f}, %{y:.3f}: J = %{z:.4g}<extra></extra>",
        },
        arrows(
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
            arrow = arrows(start, vector, f"−{VARIANT_LABELS[name]} at θ₀", colour, BOLD_ARROW)
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
