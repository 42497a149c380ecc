"""How the four gradient variants are named and drawn in every chart that compares them (the
model, network and batches explorers), so a variant looks the same wherever it appears."""

from __future__ import annotations

from app.web.charts.palette import BLUE, GREEN, PURPLE, VERMILLION

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
