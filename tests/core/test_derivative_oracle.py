"""Derivatives of many generated expressions checked against SymPy, a test-only oracle.

Hypothesis writes random expressions as text; we parse and differentiate them, SymPy
differentiates the same tree (converted node by node), and both are evaluated at points where
everything is smooth and finite. Second and third derivatives are checked too, because the
Taylor estimate on the scalar page uses f'''.
"""

import math

import numpy as np
import sympy
from hypothesis import HealthCheck, given, settings

from app.core import LimitExceededError, parse
from tests.core.generated_expressions import POINTS, expressions
from tests.core.sympy_oracle import X, to_sympy


def _close(ours: float, theirs: float) -> bool:
    if not (math.isfinite(ours) and math.isfinite(theirs)):
        return True  # overflowing points are checked elsewhere, not here
    return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9 * (1 + abs(theirs)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_derivatives_agree_with_sympy(text):
    expression = parse(text, ("x",))
    ours = expression
    theirs = to_sympy(expression.tree)
    for _order in range(3):
        try:
            ours = ours.diff("x")
        except LimitExceededError:
            return  # a named limit refusing a huge derivative is a correct answer too
        theirs = sympy.diff(theirs, X)
        evaluate = sympy.lambdify(X, theirs, modules="mpmath")
        values = ours.evaluate(x=np.array(POINTS))
        for point, value in zip(POINTS, values, strict=True):
            expected = float(evaluate(point))
            assert _close(float(value), expected), (text, str(ours), point, value, expected)
