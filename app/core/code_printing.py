"""Print expression trees as Python source for NumPy, PyTorch and JAX.

Only tree nodes reach the code: numbers are printed with ``repr`` (exact float64), names are
the tree's own variable names (made safe from Python's keywords and the script's own names),
and functions come from a fixed table per framework. The reader's text never does.

The printed code computes what the core computes, in the same order: a binary operation's
right operand is parenthesised whenever it binds no tighter, so ``a + (b + c)`` keeps its
rounding. Where a framework's own function differs from the language's meaning at a point,
the script defines a one-line helper that follows the language (``softplus`` without PyTorch's
linear cut-off at 20; ``abs`` with slope 0 at 0 in JAX, whose ``jnp.abs`` takes 1; ``step``,
which none of them has).

An operation on numbers alone (``1/0``, ``(-8)^0.5``, ``sin(2)``) would run on Python floats,
which raise or turn complex where arrays give inf or NaN, so its numbers are printed as the
framework's float64 scalars.
"""

from __future__ import annotations

import keyword
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.core.nodes import (
    Add,
    Call,
    Const,
    Div,
    Mul,
    Neg,
    Node,
    Num,
    Pow,
    Sub,
    Var,
    children,
    free_variables,
)
from app.core.printing import POWER, UNARY, precedence

_SYMBOL = {Add: "+", Sub: "-", Mul: "*", Div: "/"}


@dataclass(frozen=True)
class Dialect:
    """How one framework spells the language's functions and numbers."""

    name: str
    module: str  # the array module's name in the script: np, torch, jnp
    functions: dict[str, str]  # language function -> callable in the script
    helpers: dict[str, str]  # callable -> its one-line definition, when the script needs one
    scalar: str  # a float64 scalar of the framework, "{}" the number

    def number(self, value: float) -> str:
        if math.isinf(value):
            return f"{self.module}.inf" if value > 0 else f"-{self.module}.inf"
        return repr(float(value))

    def constant(self, name: str) -> str:
        return f"{self.module}.{name}"  # pi and e: np.pi, torch.pi, jnp.e


_SHARED = ("tanh", "exp", "log", "sqrt", "abs", "sin", "cos", "sign")

NUMPY = Dialect(
    name="numpy",
    module="np",
    functions={
        **{name: f"np.{name}" for name in _SHARED},
        "sigmoid": "sigmoid",
        "relu": "relu",
        "softplus": "softplus",
        "step": "step",
    },
    helpers={
        "sigmoid": "def sigmoid(u):\n    return 1.0 / (1.0 + np.exp(-u))",
        "relu": "def relu(u):\n    return np.maximum(u, 0.0)",
        "softplus": "def softplus(u):\n    return np.logaddexp(0.0, u)  # log(1 + e^u)",
        "step": "def step(u):\n    return np.where(u > 0, 1.0, 0.0)  # 1 where u > 0, else 0",
    },
    scalar="np.float64({})",
)

TORCH = Dialect(
    name="torch",
    module="torch",
    functions={
        **{name: f"torch.{name}" for name in _SHARED},
        "sigmoid": "torch.sigmoid",
        "relu": "torch.relu",
        "softplus": "softplus",
        "step": "step",
    },
    helpers={
        "softplus": (
            "def softplus(u):\n"
            "    # log(1 + e^u) exactly: F.softplus switches to u itself above u = 20\n"
            "    return torch.logaddexp(torch.zeros_like(u), u)"
        ),
        "step": (
            "def step(u):\n"
            "    # 1 where u > 0, else 0; its slope is 0 everywhere (sign's, as autograd has it)\n"
            "    return torch.sign(torch.relu(u))"
        ),
    },
    scalar="torch.tensor({}, dtype=torch.float64)",
)

JAX = Dialect(
    name="jax",
    module="jnp",
    functions={
        **{name: f"jnp.{name}" for name in _SHARED},
        "abs": "abs_",
        "sigmoid": "jax.nn.sigmoid",
        "relu": "jax.nn.relu",
        "softplus": "jax.nn.softplus",
        "step": "step",
    },
    helpers={
        "abs_": (
            "def abs_(u):\n"
            "    # |u| with slope sign(u), 0 at u = 0 as on the page (jnp.abs takes 1 there)\n"
            "    return jnp.sign(u) * u"
        ),
        "step": (
            "def step(u):\n    return jnp.where(u > 0, 1.0, 0.0)  # 1 where u > 0, else 0; slope 0"
        ),
    },
    scalar="jnp.float64({})",
)

DIALECTS: dict[str, Dialect] = {d.name: d for d in (NUMPY, TORCH, JAX)}

# Names the scripts use themselves: a parameter called ``np`` or ``lambda`` gets a ``_``.
RESERVED = frozenset(
    {
        "np",
        "torch",
        "jax",
        "jnp",
        "json",
        "math",
        "itertools",
        "functools",
        "F",
        "nn",
        "x",
        "y",
        "f",
        "theta",
        "params",
        "model",
        "loss",
        "loss_fn",
        "per_example_loss",
        "sigmoid",
        "relu",
        "softplus",
        "step",
        "abs_",
        "print",
        "float",
        "len",
        "range",
        "sum",
        "abs",
        "min",
        "max",
        "dict",
        "list",
        "zip",
        "round",
        "None",
        "True",
        "False",
    }
)


def python_names(names: Iterable[str], keep: Iterable[str] = ()) -> dict[str, str]:
    """Each of ``names`` as a distinct Python identifier that shadows nothing the script uses
    (``lambda`` becomes ``lambda_``, ``np`` ``np_``); names in ``keep`` (the script's own x and
    y) stay as they are."""
    kept = set(keep)
    names = list(names)
    chosen: dict[str, str] = {}
    for name in names:
        safe = name
        if name not in kept:
            if name.startswith("_"):
                safe = "p" + name  # no private-looking or dunder names
            while (
                keyword.iskeyword(safe)
                or keyword.issoftkeyword(safe)
                or safe in RESERVED
                or _looks_temporary(safe)
                or safe in chosen.values()
                or (safe != name and safe in names)
            ):
                safe += "_"
        chosen[name] = safe
    return chosen


def _looks_temporary(name: str) -> bool:
    """t1, t2, ...: the names ``CodePrinter.statements`` gives shared sub-expressions."""
    return name[:1] == "t" and name[1:].isdigit()


@dataclass
class CodePrinter:
    """Prints trees in one dialect; ``names`` maps variables to the script's names, and
    ``temporaries`` (filled by ``statements``) maps shared sub-trees to the names they got."""

    dialect: Dialect
    names: dict[str, str] = field(default_factory=dict)
    temporaries: dict[int, str] = field(default_factory=dict)
    used_helpers: set[str] = field(default_factory=set)

    def expression(self, node: Node) -> str:
        return self._code(node, constant_context=False)

    def _code(self, node: Node, constant_context: bool) -> str:
        if id(node) in self.temporaries:
            return self.temporaries[id(node)]
        match node:
            case Num(value):
                text = self.dialect.number(value)
                return self.dialect.scalar.format(text) if constant_context else text
            case Const(name):
                text = self.dialect.constant(name)
                return self.dialect.scalar.format(text) if constant_context else text
            case Var(name):
                return self.names.get(name, name)
        inner = not free_variables(node)  # numbers alone: typed scalars, never Python floats
        match node:
            case Neg(a):
                return "-" + self._wrap(a, precedence(a) <= POWER, inner)
            case Add(a, b) | Sub(a, b) | Mul(a, b) | Div(a, b):
                own = precedence(node)
                left = self._wrap(a, precedence(a) < own, inner)
                # the right operand in parentheses whenever it binds no tighter, so the order of
                # operations (and the rounding) is the tree's; a sign always, for the reader
                right_needs = precedence(b) <= own or precedence(b) == UNARY
                right = self._wrap(b, right_needs, inner)
                return f"{left} {_SYMBOL[type(node)]} {right}"
            case Pow(base, exponent):
                left = self._wrap(base, precedence(base) <= POWER, inner)
                return f"{left} ** {self._wrap(exponent, precedence(exponent) <= POWER, inner)}"
            case Call(function, argument):
                callable_ = self.dialect.functions[function]
                if callable_ in self.dialect.helpers:
                    self.used_helpers.add(callable_)
                return f"{callable_}({self._code(argument, inner)})"
        raise TypeError(f"not an expression node: {node!r}")

    def _wrap(self, node: Node, parenthesise: bool, constant_context: bool) -> str:
        text = self._code(node, constant_context)
        if id(node) in self.temporaries:
            return text
        return f"({text})" if parenthesise else text

    def statements(self, roots: Sequence[Node], prefix: str = "t") -> list[str]:
        """Assignments for the sub-trees that ``roots`` share (computed once, as the core
        computes them), in an order where each comes after what it uses. After this,
        ``expression`` prints the roots in terms of those names."""
        uses: dict[int, int] = {}
        order: list[Node] = []
        seen: set[int] = set()

        def visit(node: Node) -> None:
            stack: list[tuple[Node, bool]] = [(node, False)]
            while stack:
                current, expanded = stack.pop()
                if expanded:
                    order.append(current)
                    continue
                if id(current) in seen:
                    continue
                seen.add(id(current))
                stack.append((current, True))
                for child in reversed(children(current)):
                    uses[id(child)] = uses.get(id(child), 0) + 1
                    stack.append((child, False))

        for root in roots:
            visit(root)
        lines = []
        for node in order:
            if isinstance(node, Num | Const | Var) or uses.get(id(node), 0) < 2:
                continue
            if id(node) in self.temporaries:
                continue
            code = self.expression(node)
            name = f"{prefix}{len(self.temporaries) + 1}"
            self.temporaries[id(node)] = name
            lines.append(f"{name} = {code}")
        return lines

    def helper_definitions(self) -> list[str]:
        """The definitions of the helpers the printed code calls, in a fixed order."""
        return [self.dialect.helpers[h] for h in sorted(self.used_helpers)]


def to_code(node: Node, framework: str, names: dict[str, str] | None = None) -> str:
    """One expression as source for ``framework`` (numpy, torch or jax)."""
    return CodePrinter(DIALECTS[framework], dict(names or {})).expression(node)
