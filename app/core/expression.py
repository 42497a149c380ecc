"""The public face of the expression language: ``parse(text) -> Expression``.

``Expression`` wraps a tree and offers what the rest of the app needs: ``diff`` (exact,
simplified), ``evaluate`` (vectorised NumPy), ``str`` (text that parses back) and ``latex``.
Parsing and differentiation are cached, so repeated requests for the same text are cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property, lru_cache

import numpy as np

from app.core.derivative import differentiate
from app.core.errors import LimitExceededError
from app.core.evaluate import evaluate_tree
from app.core.limits import MAX_DERIVED_NODES
from app.core.nodes import Node, free_variables, tree_size
from app.core.parser import parse_tree
from app.core.printing import to_latex, to_text


class Expression:
    """An immutable expression; build one with ``parse``."""

    __slots__ = ("__dict__", "tree")

    def __init__(self, tree: Node) -> None:
        self.tree = tree

    def diff(self, name: str) -> Expression:
        """The exact derivative with respect to ``name``, lightly simplified."""
        return _derivative(self, name)

    def evaluate(self, **variables: np.ndarray | float) -> np.ndarray:
        """Values for the given arrays; non-finite results come back as inf or NaN."""
        return evaluate_tree(self.tree, variables)

    @cached_property
    def variables(self) -> frozenset[str]:
        return free_variables(self.tree)

    @cached_property
    def size(self) -> int:
        """Nodes when written out as a tree."""
        return tree_size(self.tree)

    def depends_on(self, name: str) -> bool:
        return name in self.variables

    def latex(self) -> str:
        return to_latex(self.tree)

    def __str__(self) -> str:
        return to_text(self.tree)

    def __repr__(self) -> str:
        return f"parse({str(self)!r})"


@lru_cache(maxsize=1024)
def parse(text: str, variables: Iterable[str] | None = None) -> Expression:
    """Parse ``text``; with ``variables`` (a tuple or frozenset) any other name is an error.

    Raises ``ParseError`` (with the column), ``UnknownNameError`` or ``LimitExceededError``.
    """
    return Expression(parse_tree(text, variables))


@lru_cache(maxsize=2048)
def _derivative(expression: Expression, name: str) -> Expression:
    derivative = Expression(differentiate(expression.tree, name))
    if derivative.size > MAX_DERIVED_NODES:
        raise LimitExceededError(
            f"the derivative would have more than {MAX_DERIVED_NODES} terms when written out;"
            " try a shorter expression"
        )
    return derivative
