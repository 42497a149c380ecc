"""The network explorer: its fields, charts and context builder (numbers, figures, captions)."""

from __future__ import annotations

from app.api.errors import FieldError
from app.api.network import run_network
from app.api.network_schemas import DEFAULTS
from app.core.errors import PointsError
from app.core.network import ACTIVATIONS, LOSSES, VARIANTS
from app.core.points import parse_number
from app.web.charts.model import VARIANT_LABELS
from app.web.charts.network import network_figures, network_summaries
from app.web.explorers.explorer import Context, Explorer, base_context
from app.web.explorers.presets import NETWORK_PRESETS

DATASET_CHOICES = ("xor", "moons", "circles", "custom")


def network_context(values: dict[str, str]) -> Context:
    title = f"Network explorer: {values['dataset']} — Gradient Lens"
    context = base_context(NETWORK, values, title)
    context.update(
        presets=NETWORK_PRESETS,
        activations=list(ACTIVATIONS),
        losses=LOSSES,
        variant_names=list(VARIANTS),
        variant_labels=VARIANT_LABELS,
    )
    try:
        analysis = run_network(
            values["dataset"],
            values["points"] or None,
            values["hidden"],
            values["activation"],
            values["loss"],
            _whole("seed", values["seed"]),
            _whole("batch_size", values["batch_size"]),
            _number("learning_rate", values["learning_rate"]),
            _whole("epochs", values["epochs"]),
        )
    except FieldError as error:
        context["error"] = error
        return context
    runs = analysis.training
    context.update(
        analysis=analysis,
        figures=network_figures(analysis),
        summaries=network_summaries(analysis),
        caption=(
            f"{values['dataset']} data, hidden layers {values['hidden']} ({values['activation']}):"
            f" accuracy {runs['gradient_of_mean_loss'].accuracy[-1]:.0%} with the true gradient,"
            f" {runs['mean_error_backprop'].accuracy[-1]:.0%} when the error is averaged first."
        ),
    )
    return context


def _number(field: str, text: str) -> float:
    try:
        return parse_number(text)
    except PointsError as error:
        raise FieldError(field, error, text) from None


def _whole(field: str, text: str) -> int:
    value = _number(field, text)
    if not value.is_integer() or value < 0:
        raise FieldError(field, PointsError(f"'{text}' is not a whole number"), text)
    return int(value)


NETWORK = Explorer(
    kind="network",
    label="Networks",
    defaults={
        "dataset": DEFAULTS["dataset"],
        "points": "",
        "hidden": ", ".join(str(w) for w in DEFAULTS["hidden"]),
        "activation": DEFAULTS["activation"],
        "loss": DEFAULTS["loss"],
        "seed": str(DEFAULTS["seed"]),
        "batch_size": str(DEFAULTS["batch_size"]),
        "learning_rate": str(DEFAULTS["learning_rate"]),
        "epochs": str(DEFAULTS["epochs"]),
    },
    charts=(
        ("layers", "How wrong each shortcut is, layer by layer (at the initial weights)"),
        ("boundaries", "What each variant learns: decision regions after training"),
        ("loss", "Training loss"),
        ("accuracy", "Training accuracy"),
    ),
    panels=("results",),
    build=network_context,
    embed_height=1260,  # four charts, two by two at 720 px
    choices={"dataset": DATASET_CHOICES, "activation": tuple(ACTIVATIONS), "loss": LOSSES},
)
