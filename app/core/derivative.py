"""Exact symbolic derivatives: one rule per node type, the chain rule for function calls.

Rules are written with the simplifying constructors of ``app.core.build``, and the result is
memoised by node identity so that differentiating a tree with shared sub-trees (a derivative,
say) takes time linear in its distinct nodes.
"""

from __future__ import annotations

from app.core.build import ONE, TWO, ZERO, add, call, div, mul, neg, power, sub
from app.core.functions import FUNCTIONS
from app.core.nodes import Add, Call, Const, Div, Mul, Neg, Node, Num, Pow, Sub, Var, free_variables


def differentiate(node: Node, name: str) -> Node:
    """d node / d name."""
    memo: dict[int, Node] = {}

    def d(n: Node) -> Node:
        key = id(n)
        if key not in memo:
            memo[key] = ZERO if name not in free_variables(n) else _rule(n, d, name)
        return memo[key]

    return d(node)


def _rule(n: Node, d, name: str) -> Node:
    match n:
        case Num() | Const():
            return ZERO
        case Var(var):
            return ONE if var == name else ZERO
        case Neg(a):
            return neg(d(a))
        case Add(a, b):
            return add(d(a), d(b))
        case Sub(a, b):
            return sub(d(a), d(b))
        case Mul(a, b):
            return add(mul(d(a), b), mul(a, d(b)))
        case Div(a, b):
            if name not in free_variables(b):
                return div(d(a), b)
            return div(sub(mul(d(a), b), mul(a, d(b))), power(b, TWO))
        case Pow(base, exponent):
            return _power_rule(n, base, exponent, d, name)
        case Call(function, argument):
            return mul(FUNCTIONS[function].outer_derivative(n), d(argument))
    raise TypeError(f"not an expression node: {n!r}")


def _power_rule(n: Pow, base: Node, exponent: Node, d, name: str) -> Node:
    if name not in free_variables(exponent):
        # c * u^(c-1) * u'
        return mul(mul(exponent, power(base, sub(exponent, ONE))), d(base))
    if name not in free_variables(base):
        # a^v * log(a) * v'
        return mul(mul(n, call("log", base)), d(exponent))
    # u^v * (v' log u + v u' / u)
    return mul(n, add(mul(d(exponent), call("log", base)), div(mul(exponent, d(base)), base)))
