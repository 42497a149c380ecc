"""Plotly figures as plain dicts (fast to build, JSON-ready); one builder per chart.

No user text goes into a figure: labels are fixed strings and numbers, so nothing a reader
types can reach Plotly's HTML-like label rendering.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from app.core.scalar import Curves, ScalarAnalysis
from app.web.templating import fixed

Figure = dict[str, Any]

# Okabe–Ito colours: distinguishable with the common forms of colour blindness.
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#5f6b73",
)


def json_numbers(values: np.ndarray) -> list[float | None]:
    """Floats for Plotly; non-finite ones become gaps (null)."""
    return [float(v) if np.isfinite(v) else None for v in np.asarray(values, dtype=float)]


def base_layout(x_title: str, y_title: str) -> dict[str, Any]:
    axis = {
        "zeroline": True,
        "zerolinecolor": "#c9d1d6",
        "gridcolor": "#eef1f3",
        "automargin": True,
    }
    return {
        "margin": {"l": 48, "r": 12, "t": 12, "b": 24},
        "height": 340,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "#ffffff",
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
        "hovermode": "closest",
        "legend": {"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top"},
        "xaxis": {**axis, "title": {"text": x_title, "standoff": 2}},
        "yaxis": {**axis, "title": {"text": y_title}},
    }


def function_figure(analysis: ScalarAnalysis, curves: Curves) -> Figure:
    """f(x), the points on it, and the mean input x̄ with f(x̄)."""
    return {
        "data": [
            _line(curves.x, curves.values, "f(x)", BLUE),
            _markers(analysis.x, analysis.values, "the points (xᵢ, f(xᵢ))", ORANGE, "circle"),
            _markers(
                [analysis.x_mean],
                [analysis.value_at_mean],
                "f at the mean x̄",
                VERMILLION,
                "diamond",
            ),
        ],
        "layout": {
            **base_layout("x", "f(x)"),
            "shapes": [_vertical_line(analysis.x_mean)],
        },
    }


def derivative_figure(analysis: ScalarAnalysis, curves: Curves) -> Figure:
    """f'(x), each f'(xᵢ), their mean as a level line, f'(x̄), and the gap between the two."""
    x_min, x_max = float(curves.x[0]), float(curves.x[-1])
    mean, at_mean = analysis.mean_of_gradients, analysis.gradient_at_mean
    data = [
        _line(curves.x, curves.gradients, "f′(x)", BLUE),
        _markers(analysis.x, analysis.gradients, "gradients f′(xᵢ)", ORANGE, "circle"),
        {
            **_line([x_min, x_max], [mean, mean], f"mean of the gradients = {fixed(mean)}", GREEN),
            "line": {"color": GREEN, "width": 2, "dash": "dash"},
        },
        _markers(
            [analysis.x_mean],
            [at_mean],
            f"gradient at the mean = {fixed(at_mean)}",
            VERMILLION,
            "diamond",
        ),
    ]
    layout = {**base_layout("x", "f′(x)"), "shapes": [_vertical_line(analysis.x_mean)]}
    if np.isfinite(mean) and np.isfinite(at_mean) and mean != at_mean:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"gap = {fixed(analysis.gap)}",
                "x": [analysis.x_mean, analysis.x_mean],
                "y": [at_mean, mean],
                "line": {"color": PURPLE, "width": 4},
                "hoverinfo": "name",
            }
        )
        layout["annotations"] = [
            {
                "x": analysis.x_mean,
                "y": (mean + at_mean) / 2,
                "xref": "x",
                "yref": "y",
                "text": f"gap {fixed(analysis.gap)}",
                "showarrow": True,
                "arrowhead": 0,
                "ax": 48,
                "ay": 0,
                "font": {"color": PURPLE},
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        ]
    return {"data": data, "layout": layout}


def scalar_figures(analysis: ScalarAnalysis, curves: Curves) -> dict[str, Figure]:
    return {
        "function": function_figure(analysis, curves),
        "derivative": derivative_figure(analysis, curves),
    }


def _line(x, y, name: str, colour: str) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": json_numbers(np.asarray(x)),
        "y": json_numbers(np.asarray(y)),
        "line": {"color": colour, "width": 2.5},
        "hovertemplate": "x = %{x:.4f}<br>%{y:.4f}<extra></extra>",
    }


def _markers(x, y, name: str, colour: str, symbol: str) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "x": json_numbers(np.asarray(x)),
        "y": json_numbers(np.asarray(y)),
        "marker": {
            "color": colour,
            "size": 11,
            "symbol": symbol,
            "line": {"color": "#ffffff", "width": 1.5},
        },
        "hovertemplate": "x = %{x:.4f}<br>%{y:.6f}<extra>" + name + "</extra>",
    }


def _vertical_line(x: float) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": GREY, "width": 1, "dash": "dot"},
    }
