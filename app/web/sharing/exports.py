"""Downloads: each computation's tables as CSV, and any chart as a self-contained HTML file.

The HTML file inlines the Plotly.js the pages use (the cartesian bundle, app/web/plotly_bundle.py),
so it works offline and on sites that allow no iframes; it is served as an attachment, never
rendered by this app.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import plotly.io
from markupsafe import escape

from app.core.printing import format_number
from app.web import plotly_bundle
from app.web.charts.figures import with_plotly_labels

Row = list[Any]
Table = tuple[list[str], Iterable[Row]]


def _number(value: float | None) -> str:
    return "" if value is None else format_number(float(value))


def scalar_points(analysis) -> Table:
    header = ["i", "x", "f(x)", "f'(x)"]
    rows = (
        [i + 1, _number(x), _number(v), _number(g)]
        for i, (x, v, g) in enumerate(
            zip(analysis.x, analysis.values, analysis.gradients, strict=True)
        )
    )
    return header, rows


def model_per_example(analysis) -> Table:
    names = analysis.spec.parameters
    header = ["i", "x", "y", *(f"dL_i/d{name}" for name in names)]
    rows = (
        [i + 1, _number(x), _number(y), *(_number(v) for v in gradient)]
        for i, (x, y, gradient) in enumerate(
            zip(analysis.data.x, analysis.data.y, analysis.report.per_example, strict=True)
        )
    )
    return header, rows


def model_trajectories(analysis) -> Table:
    names = analysis.spec.parameters
    header = ["variant", "step", *names, "J"]
    rows = (
        [variant, step, *(_number(v) for v in theta), _number(loss)]
        for variant, run in analysis.trajectories.items()
        for step, (theta, loss) in enumerate(zip(run.params, run.loss, strict=True))
    )
    return header, rows


def network_training(analysis) -> Table:
    header = ["variant", "epoch", "loss", "accuracy"]
    rows = (
        [variant, epoch, _number(loss), _number(accuracy)]
        for variant, run in analysis.training.items()
        for epoch, (loss, accuracy) in enumerate(zip(run.loss, run.accuracy, strict=True))
    )
    return header, rows


def network_layers(analysis) -> Table:
    header = ["layer", "part", "shape", "true_norm", "variant", "rel_error", "cosine"]
    rows = (
        [
            layer.name,
            layer.kind,
            "x".join(map(str, layer.shape)),
            _number(layer.true_norm),
            variant,
            _number(error.rel_error),
            _number(error.cosine),
        ]
        for layer in analysis.layers
        for variant, error in layer.variants.items()
    )
    return header, rows


def batches_sweep(analysis) -> Table:
    header = ["batch_size", "batches", "enumerated", "variant", "bias", "spread", "exact_spread"]
    rows = (
        [
            stats.size,
            stats.batches,
            str(stats.enumerated).lower(),
            variant,
            _number(stats.bias[variant]),
            _number(stats.spread[variant]),
            _number(stats.exact_spread),
        ]
        for stats in analysis.sweep
        for variant in stats.bias
    )
    return header, rows


def batches_estimates(analysis) -> Table:
    names = analysis.spec.parameters
    header = ["batch", "examples", "variant", *(f"dJ/d{name}" for name in names)]
    rows = (
        [k + 1, " ".join(str(i + 1) for i in batch), variant, *(_number(v) for v in values[k])]
        for k, batch in enumerate(analysis.batches.tolist())
        for variant, values in analysis.estimates.items()
    )
    return header, rows


TABLES: dict[str, dict[str, tuple[str, Callable[[Any], Table]]]] = {
    "scalar": {"points": ("Points, values and gradients", scalar_points)},
    "model": {
        "per-example": ("Per-example gradients", model_per_example),
        "trajectories": ("Descent paths of every variant", model_trajectories),
    },
    "network": {
        "training": ("Training curves", network_training),
        "layers": ("Per-layer gradient errors", network_layers),
    },
    "batches": {
        "sweep": ("Bias and spread for every batch size", batches_sweep),
        "estimates": ("Every batch's gradient, four ways", batches_estimates),
    },
}


def csv_text(table: Table) -> str:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@cache
def inline_plotly() -> str:
    """The served Plotly.js bundle as an inline ``<script>`` element."""
    text = plotly_bundle.BUNDLE.read_text(encoding="utf-8")
    if "</script" in text.lower():  # would end the element early
        raise ValueError(f"{plotly_bundle.BUNDLE} cannot be inlined in a <script> element")
    return f'<script charset="utf-8">{text}</script>'


def standalone_html(figure: dict[str, Any], title: str) -> str:
    """A whole HTML page with Plotly.js inlined: opens offline, from disk or any host."""
    body = plotly.io.to_html(
        with_plotly_labels(figure),  # no HTML legend or axis label beside it here
        include_plotlyjs=False,  # the pages' own bundle goes in the head instead
        full_html=True,
        validate=False,
        config={"displaylogo": False, "responsive": True},
        default_width="100%",
    )
    body = body.replace("</head>", f"{inline_plotly()}</head>", 1)  # after <meta charset>
    return body.replace("<head>", f"<head><title>{escape(title)}</title>", 1)
