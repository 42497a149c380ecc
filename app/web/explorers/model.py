"""The model explorer: its fields, charts and context builder (numbers, figures, captions)."""

from __future__ import annotations

from app.api.errors import FieldError, in_field
from app.api.model import DEFAULT_QUERY, run_model
from app.api.model_inputs import ModelFields
from app.core.frames import chosen_frame, evenly_spaced
from app.core.model import REFERENCE, VARIANT_NAMES
from app.core.model_analysis import ModelAnalysis
from app.web.charts.landscape import plot_axes, plot_choices
from app.web.charts.model import model_figures, model_summaries
from app.web.charts.variants import VARIANT_LABELS
from app.web.explorers.explorer import Context, Explorer, base_context, player
from app.web.explorers.presets import MODEL_PRESETS
from app.web.explorers.runs import RunCache
from app.web.formatting import fixed, percent

FIELDS = ("model", "loss", "params", "x", "y", "learning_rate", "steps", "reduction")


RUNS: RunCache[ModelAnalysis] = RunCache(32)


def analysed(*fields: str) -> ModelAnalysis:
    """The analysis for the fields in ``FIELDS`` order, computed once for all its frames."""
    return RUNS.get_or_compute(fields, lambda: run_model(ModelFields(*fields[:5]), *fields[5:]))


def model_context(values: dict[str, str]) -> Context:
    """Everything the model page shows for these inputs; ``error`` set if they are bad."""
    context = base_context(MODEL, values, f"Model explorer: {values['model']} — Gradient Lens")
    context.update(
        presets=MODEL_PRESETS,
        variant_names=VARIANT_NAMES,
        variant_labels=VARIANT_LABELS,
        plot_choices=[],
        json_twin="/api/v1/model?" + MODEL.query({k: values[k] for k in FIELDS}),
    )
    try:
        analysis = analysed(*(values[k] for k in FIELDS))
        frames = range(analysis.steps + 1)
        step = in_field(
            "step", values["step"], lambda: chosen_frame(values["step"], frames, "step")
        )
    except FieldError as error:
        context["error"] = error
        return context
    parameters = analysis.spec.parameters
    axes = plot_axes(parameters, values["plot"])
    report = analysis.report
    context.update(
        player=player("step", evenly_spaced(analysis.steps), step),
        analysis=analysis,
        axes=axes,
        plot_choices=plot_choices(parameters),
        plot=",".join(parameters[i] for i in axes),
        figures=model_figures(analysis, axes, step),
        summaries=model_summaries(analysis, axes),
        caption=(
            f"f = {analysis.spec.model}, L = {analysis.spec.loss}: the true gradient is"
            f" ({', '.join(fixed(v) for v in report.variants[REFERENCE])}); averaging the error"
            f" first gives ({', '.join(fixed(v) for v in report.variants['mean_error_backprop'])}),"
            f" off by {percent(report.comparisons['mean_error_backprop'].relative)}."
            + ("" if step is None else f" Step {step} of {analysis.steps}.")
        ),
    )
    return context


MODEL = Explorer(
    kind="model",
    label="Models",
    defaults={**DEFAULT_QUERY, "reduction": "", "plot": "", "step": ""},
    charts=(
        ("landscape", "The loss landscape: arrows point downhill, lines are descent paths"),
        ("fits", "Where each variant's descent leaves the model"),
        ("losses", "The loss after each step"),
    ),
    panels=("results", "derivation"),
    build=model_context,
    embed_height=1420,  # the landscape, then the fits and the losses side by side
    choices={"reduction": ("", "sum")},  # "" is the mean, left out of permalinks
    frame_field="step",
    frame_label="Descent step",
)
