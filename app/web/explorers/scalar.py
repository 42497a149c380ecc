"""The scalar explorer: its fields, charts and context builder (numbers, figures, captions)."""

from __future__ import annotations

from app.api.errors import FieldError
from app.api.scalar import DEFAULT_FUNCTION, DEFAULT_POINTS, run_scalar
from app.core.points import format_points
from app.core.scalar import ScalarAnalysis, sample_curves
from app.web.charts.scalar import scalar_figures
from app.web.explorers.explorer import Context, Explorer, base_context
from app.web.explorers.presets import SCALAR_PRESETS
from app.web.formatting import fixed, full


def scalar_context(values: dict[str, str]) -> Context:
    """Everything the scalar page shows for these inputs; ``error`` set if they are bad."""
    f, x = values["f"], values["x"]
    context = base_context(SCALAR, values, f"Explorer: {f} — Gradient Lens")
    context["presets"] = SCALAR_PRESETS
    try:
        analysis = run_scalar(f, x)
    except FieldError as error:
        context["error"] = error
        return context
    context.update(
        analysis=analysis,
        figures=scalar_figures(analysis, sample_curves(analysis)),
        summaries=chart_summaries(analysis),
        caption=(
            f"f(x) = {analysis.function} at x = {format_points(analysis.x)}: mean of the gradients"
            f" {fixed(analysis.mean_of_gradients)}, gradient at the mean"
            f" {fixed(analysis.gradient_at_mean)} (gap {fixed(analysis.gap)})."
        ),
    )
    return context


def chart_summaries(a: ScalarAnalysis) -> dict[str, str]:
    """Text alternatives for the two charts, for screen readers and for readers without JS."""
    count = f"{len(a.x)} point{'s' if len(a.x) != 1 else ''}"
    return {
        "function": (
            f"Chart of f(x) with the {count} marked and their mean x̄ = {full(a.x_mean)},"
            f" where f(x̄) = {fixed(a.value_at_mean)}."
        ),
        "derivative": (
            f"Chart of f′(x) with the gradient at each of the {count}. Their mean,"
            f" {fixed(a.mean_of_gradients)}, is a dashed level line; the gradient at the mean,"
            f" f′(x̄) = {fixed(a.gradient_at_mean)}, is a diamond; the gap between them is"
            f" {fixed(a.gap)}."
        ),
    }


SCALAR = Explorer(
    kind="scalar",
    label="Functions",
    defaults={"f": DEFAULT_FUNCTION, "x": DEFAULT_POINTS},
    charts=(
        ("function", "The function, the points and their mean"),
        (
            "derivative",
            "The derivative: mean of the gradients against the gradient at the mean",
        ),
    ),
    panels=("results",),
    build=scalar_context,
    embed_height=660,  # two charts side by side at 720 px, legends under them
    headline_chart="derivative",
)


HEADLINE = {"f": "sigmoid(x)", "x": "0, 1"}
"""The example the explainer is built around, and what ``/`` stands for in oEmbed."""
HEADLINE_QUERY = SCALAR.query(HEADLINE)
