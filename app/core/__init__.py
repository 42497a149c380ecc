"""Pure numerics: the expression language and the gradient variants. NumPy only.

Nothing here imports FastAPI, Starlette, Jinja2 or Plotly (``tests/test_architecture.py``).
"""

from app.core.errors import (
    ExpressionError,
    LimitExceededError,
    ParseError,
    PointsError,
    UnknownNameError,
)
from app.core.expression import Expression, parse

__all__ = [
    "Expression",
    "ExpressionError",
    "LimitExceededError",
    "ParseError",
    "PointsError",
    "UnknownNameError",
    "parse",
]
