"""The scalar explorer's two charts: f with the points and their mean; f′ with the gap."""

from __future__ import annotations

import math

from app.core.scalar import Curves, ScalarAnalysis
from app.web.charts.figures import Figure, base_layout, line, markers, measured_here, vertical_line
from app.web.charts.palette import BLUE, GREEN, ORANGE, PURPLE, VERMILLION
from app.web.formatting import fixed


def function_figure(analysis: ScalarAnalysis, curves: Curves) -> Figure:
    """f(x), the points on it, and the mean input x̄ with f(x̄)."""
    data = [
        vertical_line(analysis.x_mean, curves.values),
        line(curves.x, curves.values, "f(x)", BLUE),
        markers(analysis.x, analysis.values, "the points (xᵢ, f(xᵢ))", ORANGE, "circle"),
        markers(
            [analysis.x_mean], [analysis.value_at_mean], "f at the mean x̄", VERMILLION, "diamond"
        ),
    ]
    return {"data": data, "layout": measured_here(base_layout("x", "f(x)"), data)}


def derivative_figure(analysis: ScalarAnalysis, curves: Curves) -> Figure:
    """f'(x), each f'(xᵢ), their mean as a level line, f'(x̄), and the gap between the two."""
    x_min, x_max = float(curves.x[0]), float(curves.x[-1])
    mean, at_mean = analysis.mean_of_gradients, analysis.gradient_at_mean
    data = [
        vertical_line(analysis.x_mean, curves.gradients),
        line(curves.x, curves.gradients, "f′(x)", BLUE),
        markers(analysis.x, analysis.gradients, "gradients f′(xᵢ)", ORANGE, "circle"),
        {
            **line([x_min, x_max], [mean, mean], f"mean of the gradients = {fixed(mean)}", GREEN),
            "line": {"color": GREEN, "width": 2, "dash": "dash"},
        },
        markers(
            [analysis.x_mean],
            [at_mean],
            f"gradient at the mean = {fixed(at_mean)}",
            VERMILLION,
            "diamond",
        ),
    ]
    if math.isfinite(mean) and math.isfinite(at_mean) and mean != at_mean:
        # The gap as a bold segment, labelled beside its midpoint (a text trace, not an
        # annotation: Plotly redraws traces faster on every live update).
        data.append(
            {
                "type": "scatter",
                "mode": "lines+text",
                "name": f"gap = {fixed(analysis.gap)}",
                "x": [analysis.x_mean] * 3,
                "y": [at_mean, (at_mean + mean) / 2, mean],
                "text": ["", f"  gap {fixed(analysis.gap)}", ""],
                "textposition": "middle right",
                "textfont": {"color": PURPLE},
                "line": {"color": PURPLE, "width": 4},
                "hoverinfo": "name",
            }
        )
    return {"data": data, "layout": measured_here(base_layout("x", "f′(x)"), data)}


def scalar_figures(analysis: ScalarAnalysis, curves: Curves) -> dict[str, Figure]:
    return {
        "function": function_figure(analysis, curves),
        "derivative": derivative_figure(analysis, curves),
    }
