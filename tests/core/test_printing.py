"""The text printer reads back to the same function, and the LaTeX printer is sensible."""

import numpy as np
import pytest

from app.core import parse

SAMPLES = [
    "sigmoid(x)",
    "x - (x - 1)",
    "x / (x / 2)",
    "(x^2)^3",
    "x^2^3",
    "(-x)^3",
    "-x^2",
    "2^(-x)",
    "-(x + 1)",
    "x * -x",
    "x - -x",
    "1e-05 * x + 1e+20",
    "0.1 + 0.2 * x",
    "abs(x - 3) / sqrt(x^2 + 1)",
    "relu(x) + softplus(-x)",
    "exp(-x^2 / 2) * pi",
]
GRID = np.linspace(0.3, 2.9, 27)


@pytest.mark.parametrize("text", SAMPLES)
def test_text_round_trip(text):
    expression = parse(text)
    again = parse(str(expression))
    assert str(again) == str(expression)
    np.testing.assert_allclose(again.evaluate(x=GRID), expression.evaluate(x=GRID), rtol=1e-14)


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("x-(x-1)", "x - (x - 1)"),
        ("(x^2)^3", "(x^2)^3"),
        ("x**2", "x^2"),
        ("2x", "2*x"),
        ("x^(-1)", "x^(-1)"),
        ("1.50", "1.5"),
        ("2.0e3", "2000"),
    ],
)
def test_text_uses_minimal_parentheses(text, printed):
    assert str(parse(text)) == printed


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("sigmoid(x)", r"\sigma\left(x\right)"),
        ("x/2", r"\frac{x}{2}"),
        ("2*x^2", "2 {x}^{2}"),
        ("sqrt(x)", r"\sqrt{x}"),
        ("abs(x)", r"\left|x\right|"),
        ("pi*x", r"\pi \cdot x"),
        ("relu(x)", r"\operatorname{relu}\left(x\right)"),
        ("1e-05*x", r"1 \times 10^{-5} x"),
    ],
)
def test_latex(text, latex):
    assert parse(text).latex() == latex
