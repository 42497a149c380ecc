"""The network explorer's charts: per-layer gradient errors, training curves, boundaries."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.core.network import REFERENCE, VARIANTS
from app.core.training import NetworkAnalysis
from app.web.charts.figures import Figure, base_layout, json_numbers, json_rows, line, padded_range
from app.web.charts.palette import BLUE, ORANGE
from app.web.charts.variants import SHORT_LABELS, VARIANT_LABELS, VARIANT_STYLES
from app.web.formatting import fixed

ERROR_FLOOR = 1e-17  # log axes cannot show 0: an exact match is drawn at this floor
CLASS_COLOURS = {0.0: BLUE, 1.0: ORANGE}
CLASS_SYMBOLS = {0.0: "circle", 1.0: "diamond"}


def network_figures(analysis: NetworkAnalysis) -> dict[str, Figure]:
    return {
        "layers": layers_figure(analysis),
        "loss": training_figure(analysis, "loss", "loss on all points"),
        "accuracy": training_figure(analysis, "accuracy", "accuracy"),
        "boundaries": boundaries_figure(analysis),
    }


def layers_figure(analysis: NetworkAnalysis) -> Figure:
    labels = [f"{layer.name} {layer.kind}" for layer in analysis.layers]
    data = []
    for name in VARIANTS:
        if name == REFERENCE:
            continue
        errors = [layer.variants[name].rel_error for layer in analysis.layers]
        colour = VARIANT_STYLES[name][0]
        data.append(
            {
                "type": "bar",
                "name": VARIANT_LABELS[name],
                "x": labels,
                "y": [max(e, ERROR_FLOOR) if np.isfinite(e) else None for e in errors],
                "customdata": [f"{e:.3g}" for e in errors],
                "marker": {"color": colour},
                "hovertemplate": "%{x}: relative error %{customdata}<extra></extra>",
            }
        )
    layout = base_layout("", "relative error (log scale)", height=360)
    layout["yaxis"].update(type="log", exponentformat="power")
    layout["barmode"] = "group"
    layout["legend"] = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}
    layout["margin"]["t"] = 8
    return {"data": data, "layout": layout}


def training_figure(analysis: NetworkAnalysis, measure: str, title: str) -> Figure:
    data = []
    for name, run in analysis.training.items():
        colour, dash, width = VARIANT_STYLES[name]
        values = getattr(run, measure)
        data.append(line(np.arange(len(values)), values, VARIANT_LABELS[name], colour, width, dash))
    layout = base_layout("epoch", title, height=320)
    # Framed for the whole run, so a frame (or a run streamed as it trains) grows in place.
    layout["xaxis"]["range"] = list(padded_range([0, analysis.settings.epochs]))
    if measure == "accuracy":
        layout["yaxis"]["range"] = [0, 1.02]
    return {"data": data, "layout": layout}


def boundaries_figure(analysis: NetworkAnalysis) -> Figure:
    """One small panel per variant: P(label = 1) as a heatmap, the points on top."""
    boundary, points = analysis.boundary, analysis.data
    data: list[dict[str, Any]] = []
    layout = base_layout("", "", height=560)
    layout.pop("xaxis")
    layout.pop("yaxis")
    annotations = []
    for index, name in enumerate(VARIANTS):
        row, column = divmod(index, 2)
        suffix = "" if index == 0 else str(index + 1)
        x_domain = [0.0, 0.48] if column == 0 else [0.52, 1.0]
        y_domain = [0.52, 0.95] if row == 0 else [0.0, 0.43]  # room for the second row's titles
        axis = {"showgrid": False, "zeroline": False, "showticklabels": False, "ticks": ""}
        layout[f"xaxis{suffix}"] = {**axis, "domain": x_domain, "anchor": f"y{suffix}"}
        layout[f"yaxis{suffix}"] = {**axis, "domain": y_domain, "anchor": f"x{suffix}"}
        data.append(
            {
                "type": "heatmap",
                "x": json_numbers(boundary.x1),
                "y": json_numbers(boundary.x2),
                "z": json_rows(boundary.predictions[name]),
                "zmin": 0,
                "zmax": 1,
                "colorscale": [[0, "#bcd7ee"], [0.5, "#f7f7f7"], [1, "#f9c98f"]],
                "showscale": False,
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "name": VARIANT_LABELS[name],
                "hovertemplate": "P(label 1) = %{z:.2f}<extra>" + VARIANT_LABELS[name] + "</extra>",
            }
        )
        for label in (0.0, 1.0):
            chosen = points.labels == label
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": json_numbers(points.inputs[chosen, 0]),
                    "y": json_numbers(points.inputs[chosen, 1]),
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "name": f"label {int(label)}",
                    "legendgroup": f"label {int(label)}",
                    "showlegend": index == 0,
                    "marker": {
                        "color": CLASS_COLOURS[label],
                        "symbol": CLASS_SYMBOLS[label],
                        "size": 5,
                        "line": {"color": "#ffffff", "width": 0.5},
                    },
                    "hoverinfo": "skip",
                }
            )
        accuracy = analysis.training[name].accuracy[-1]
        annotations.append(
            {
                "text": f"{SHORT_LABELS[name]}: {accuracy:.0%}",
                "x": sum(x_domain) / 2,
                "y": y_domain[1] + 0.01,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12},
            }
        )
    layout["annotations"] = annotations
    layout["legend"] = {"orientation": "h", "x": 0, "y": -0.04, "yanchor": "top"}
    layout["margin"] = {"l": 8, "r": 8, "t": 8, "b": 8}
    return {"data": data, "layout": layout}


def network_summaries(analysis: NetworkAnalysis) -> dict[str, str]:
    final = {name: run.accuracy[-1] for name, run in analysis.training.items()}
    worst = max(
        (layer.variants["mean_error_backprop"].rel_error, f"{layer.name} {layer.kind}")
        for layer in analysis.layers
    )
    return {
        "layers": (
            "Relative error of each shortcut's gradient for every layer's weights and biases,"
            f" {_when(analysis)}. The averaged-error pass is worst for the {worst[1]}"
            f" ({fixed(worst[0], 3)})."
        ),
        "loss": "The loss on all points after each epoch of training with each variant.",
        "accuracy": "Accuracy after each epoch: "
        + "; ".join(f"{VARIANT_LABELS[n]} ends at {a:.0%}" for n, a in final.items())
        + ".",
        "boundaries": (
            "Decision regions of the network trained with each variant, with the data points:"
            " blue circles are label 0, orange diamonds label 1."
        ),
    }


def _when(analysis: NetworkAnalysis) -> str:
    """Which weights the per-layer errors are taken at, in words."""
    if analysis.epoch == 0:
        return "at the initial weights"
    return f"at the weights the true gradient reached after {analysis.epoch} epochs"
