"""Ready-made inputs for the scalar explorer, each a permalink."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Preset:
    label: str
    f: str
    x: str

    @property
    def query(self) -> str:
        return urlencode({"f": self.f, "x": self.x})


SCALAR_PRESETS = (
    Preset("sigmoid", "sigmoid(x)", "0, 1"),
    Preset("tanh", "tanh(x)", "-1, 0.5, 2"),
    Preset("x²", "x^2", "-1, 0, 3"),
    Preset("relu", "relu(x)", "-1, 1"),
    Preset("softplus", "softplus(x)", "-2, 0, 2"),
    Preset("exp", "exp(x)", "0, 1, 2"),
    Preset("linear", "3x + 1", "-1, 2, 4"),
)
