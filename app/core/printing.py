"""Print expression trees as text (in the input language) and as LaTeX.

The text form parses back to the same function: parentheses are added exactly where
precedence or associativity needs them, and numbers use Python's shortest round-trip form.
"""

from __future__ import annotations

import math

from app.core.functions import FUNCTIONS
from app.core.nodes import Add, Call, Const, Div, Mul, Neg, Node, Num, Pow, Sub, Var

# Binding strength, loosest first; atoms bind tightest. Python's order too: the code printers
# (code_printing.py) use it.
SUM, PRODUCT, UNARY, POWER, ATOM = 1, 2, 3, 4, 5
_SYMBOL = {Add: "+", Sub: "-", Mul: "*", Div: "/"}


def precedence(node: Node) -> int:
    match node:
        case Add() | Sub():
            return SUM
        case Mul() | Div():
            return PRODUCT
        case Neg():
            return UNARY
        case Num(value) if value < 0 or math.copysign(1.0, value) < 0:
            return UNARY
        case Pow():
            return POWER
    return ATOM


def format_number(value: float) -> str:
    """Shortest text that reads back as exactly ``value``: ``2``, ``0.5``, ``1e-05``."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def to_text(node: Node) -> str:
    match node:
        case Num(value):
            return format_number(value)
        case Const(name) | Var(name):
            return name
        case Neg(a):
            return "-" + _wrap(a, precedence(a) < POWER)
        case Add(a, b) | Sub(a, b) | Mul(a, b) | Div(a, b):
            own = precedence(node)
            left = _wrap(a, precedence(a) < own)
            right_needs = precedence(b) < own or (
                precedence(b) == own and isinstance(node, (Sub, Div))
            )
            spaced = " " if own == SUM else ""
            return f"{left}{spaced}{_SYMBOL[type(node)]}{spaced}{_wrap(b, right_needs)}"
        case Pow(base, exponent):
            base_text = _wrap(base, precedence(base) <= POWER)
            return f"{base_text}^{_wrap(exponent, precedence(exponent) < POWER)}"
        case Call(function, argument):
            return f"{function}({to_text(argument)})"
    raise TypeError(f"not an expression node: {node!r}")


def _wrap(node: Node, parenthesise: bool) -> str:
    text = to_text(node)
    return f"({text})" if parenthesise else text


# -- LaTeX --------------------------------------------------------------------------------------
_LATEX_CONSTANTS = {"pi": r"\pi", "e": "e"}


def to_latex(node: Node, names: dict[str, str] | None = None) -> str:
    """LaTeX for ``node``; ``names`` maps variables to LaTeX (``{"x": "x_i"}`` for a sum)."""
    return _LatexPrinter(names or {}).latex(node)


class _LatexPrinter:
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def latex(self, node: Node) -> str:
        match node:
            case Num(value):
                return _latex_number(value)
            case Const(name):
                return _LATEX_CONSTANTS.get(name, name)
            case Var(name):
                return self.names.get(name) or _latex_variable(name)
            case Neg(a):
                return "-" + self.wrap(a, precedence(a) < POWER)
            case Add(a, b) | Sub(a, b):
                right = self.wrap(b, isinstance(node, Sub) and precedence(b) == SUM)
                return f"{self.latex(a)} {_SYMBOL[type(node)]} {right}"
            case Mul(a, b):
                left = self.wrap(a, precedence(a) < PRODUCT)
                right = self.wrap(b, precedence(b) < PRODUCT or precedence(b) == UNARY)
                joiner = " " if isinstance(a, Num) and _reads_as_product(b) else r" \cdot "
                return f"{left}{joiner}{right}"
            case Div(a, b):
                return rf"\frac{{{self.latex(a)}}}{{{self.latex(b)}}}"
            case Pow(base, exponent):
                wrapped = self.wrap(base, precedence(base) <= POWER)
                return f"{{{wrapped}}}^{{{self.latex(exponent)}}}"
            case Call(function, argument):
                return self.call(function, argument)
        raise TypeError(f"not an expression node: {node!r}")

    def call(self, function: str, argument: Node) -> str:
        inner = self.latex(argument)
        if function == "sqrt":
            return rf"\sqrt{{{inner}}}"
        if function == "abs":
            return rf"\left|{inner}\right|"
        return rf"{FUNCTIONS[function].latex}\left({inner}\right)"

    def wrap(self, node: Node, parenthesise: bool) -> str:
        text = self.latex(node)
        return rf"\left({text}\right)" if parenthesise else text


def _latex_number(value: float) -> str:
    text = format_number(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def _latex_variable(name: str) -> str:
    """Variable names as LaTeX: theta becomes a Greek letter, w_1 a subscripted w."""
    head, _, tail = name.partition("_")
    return f"{_latex_word(head)}_{{{_latex_word(tail)}}}" if tail else _latex_word(head)


def _latex_word(word: str) -> str:
    if word in _GREEK:
        return "\\" + word
    if len(word) == 1 or word.isdigit():
        return word
    escaped = word.replace("_", r"\_")
    return rf"\mathit{{{escaped}}}"


_GREEK = frozenset(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "rho",
        "sigma",
        "tau",
        "upsilon",
        "phi",
        "chi",
        "psi",
        "omega",
    ]
)


def _reads_as_product(node: Node) -> bool:
    """Whether ``2`` written right before ``node`` reads as a product: 2x, 2(x + 1), 2σ(x)."""
    match node:
        case Var() | Const() | Call() | Add() | Sub():
            return True
        case Pow(base, _):
            return _reads_as_product(base)
        case Mul(a, _):
            return _reads_as_product(a)
    return False
