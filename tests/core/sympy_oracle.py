"""Convert our expression trees to SymPy, node by node (never via text), for test oracles."""

import sympy

from app.core.nodes import Add, Call, Const, Div, Mul, Neg, Node, Num, Pow, Sub, Var

X = sympy.Symbol("x", real=True)

_FUNCTIONS = {
    "sigmoid": lambda u: 1 / (1 + sympy.exp(-u)),
    "tanh": sympy.tanh,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "abs": sympy.Abs,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "relu": lambda u: sympy.Max(u, 0),
    "softplus": lambda u: sympy.log(1 + sympy.exp(u)),
    "step": lambda u: sympy.Heaviside(u, 0),
    "sign": sympy.sign,
}


def to_sympy(node: Node) -> sympy.Expr:
    match node:
        case Num(value):
            return sympy.Float(value, 30) if not value.is_integer() else sympy.Integer(int(value))
        case Const("pi"):
            return sympy.pi
        case Const("e"):
            return sympy.E
        case Var(name):
            return X if name == "x" else sympy.Symbol(name, real=True)
        case Neg(a):
            return -to_sympy(a)
        case Add(a, b):
            return to_sympy(a) + to_sympy(b)
        case Sub(a, b):
            return to_sympy(a) - to_sympy(b)
        case Mul(a, b):
            return to_sympy(a) * to_sympy(b)
        case Div(a, b):
            return to_sympy(a) / to_sympy(b)
        case Pow(a, b):
            return to_sympy(a) ** to_sympy(b)
        case Call(function, argument):
            return _FUNCTIONS[function](to_sympy(argument))
    raise TypeError(node)
