"""Recursive-descent parser from tokens to the expression tree.

Grammar, loosest binding first (``^`` and ``**`` are the same right-associative power)::

    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := ("-" | "+") unary | power
    power   := atom (("^" | "**") unary)?
    atom    := NUMBER | NAME | NAME "(" sum ")" | "(" sum ")"

So ``-x^2`` is ``-(x^2)`` and ``2^-1`` is ``2^(-1)``. Every error names what was expected and
the column where it was not found.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.errors import LimitExceededError, ParseError, UnknownNameError
from app.core.functions import CONSTANTS, FUNCTIONS
from app.core.limits import MAX_EXPRESSION_NODES, MAX_NESTING_DEPTH
from app.core.nodes import Add, Call, Const, Div, Mul, Neg, Node, Num, Pow, Sub, Var
from app.core.tokenizer import Kind, Token, tokenize

_BINARY = {"+": Add, "-": Sub, "*": Mul, "/": Div}


def parse_tree(text: str, variables: Iterable[str] | None = None) -> Node:
    """Parse ``text``; if ``variables`` is given, any other free name is an error."""
    return _Parser(tokenize(text), None if variables is None else frozenset(variables)).parse()


class _Parser:
    def __init__(self, tokens: list[Token], variables: frozenset[str] | None) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.nodes = 0
        self.variables = variables

    # -- token helpers ------------------------------------------------------------------------
    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at_operator(self, *symbols: str) -> bool:
        return self.current.kind is Kind.OPERATOR and self.current.text in symbols

    def node(self, node: Node, column: int) -> Node:
        self.nodes += 1
        if self.nodes > MAX_EXPRESSION_NODES:
            raise LimitExceededError(
                f"the expression has more than {MAX_EXPRESSION_NODES} numbers, names and"
                " operations",
                column=column,
            )
        return node

    def nested(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING_DEPTH:
            raise LimitExceededError(
                f"the expression is nested more than {MAX_NESTING_DEPTH} levels deep",
                column=column,
            )

    # -- grammar ------------------------------------------------------------------------------
    def parse(self) -> Node:
        if self.current.kind is Kind.END:
            raise ParseError(
                "the expression is empty; write a function of x, e.g. sigmoid(x)", column=1
            )
        tree = self.sum()
        token = self.current
        if token.kind is Kind.RPAREN:
            raise ParseError("unmatched ')': there is no '(' for it to close", column=token.column)
        if token.kind is not Kind.END:
            raise ParseError(
                f"expected an operator such as + or * before {token.describe()}",
                column=token.column,
            )
        return tree

    def sum(self) -> Node:
        left = self.product()
        while self.at_operator("+", "-"):
            operator = self.advance()
            left = self.node(_BINARY[operator.text](left, self.product()), operator.column)
        return left

    def product(self) -> Node:
        left = self.unary()
        while self.at_operator("*", "/"):
            operator = self.advance()
            left = self.node(_BINARY[operator.text](left, self.unary()), operator.column)
        return left

    def unary(self) -> Node:
        if self.at_operator("-", "+"):
            sign = self.advance()
            self.nested(sign.column)
            operand = self.unary()
            self.depth -= 1
            return operand if sign.text == "+" else self.node(Neg(operand), sign.column)
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        if self.at_operator("^", "**"):
            operator = self.advance()
            self.nested(operator.column)
            exponent = self.unary()
            self.depth -= 1
            return self.node(Pow(base, exponent), operator.column)
        return base

    def atom(self) -> Node:
        token = self.current
        if token.kind is Kind.NUMBER:
            self.advance()
            return self.node(Num(float(token.text)), token.column)
        if token.kind is Kind.NAME:
            self.advance()
            return self.name(token)
        if token.kind is Kind.LPAREN:
            self.advance()
            return self.parenthesised(token)
        raise ParseError(_expected_operand(token), column=token.column)

    def parenthesised(self, opening: Token) -> Node:
        self.nested(opening.column)
        inner = self.sum()
        self.depth -= 1
        if self.current.kind is not Kind.RPAREN:
            raise ParseError(
                f"expected ')' to close the '(' at column {opening.column},"
                f" found {self.current.describe()}",
                column=self.current.column,
            )
        self.advance()
        return inner

    def name(self, token: Token) -> Node:
        name = token.text
        if name in FUNCTIONS:
            if self.current.kind is not Kind.LPAREN:
                raise ParseError(
                    f"expected '(' after the function name '{name}', as in {name}(x)",
                    column=self.current.column,
                )
            opening = self.advance()
            return self.node(Call(name, self.parenthesised(opening)), token.column)
        if self.current.kind is Kind.LPAREN:
            raise UnknownNameError(
                f"unknown function '{name}'; the functions are {', '.join(FUNCTIONS)}",
                column=token.column,
            )
        if name in CONSTANTS:
            return self.node(Const(name, CONSTANTS[name]), token.column)
        if self.variables is not None and name not in self.variables:
            allowed = ", ".join(sorted(self.variables)) or "none"
            raise UnknownNameError(
                f"unknown name '{name}'; the variables here are {allowed}, the constants pi and e",
                column=token.column,
            )
        return self.node(Var(name), token.column)


def _expected_operand(token: Token) -> str:
    if token.kind is Kind.END:
        return "the expression ends too early: expected a number, a name or '('"
    if token.kind is Kind.RPAREN:
        return "expected a number, a name or '(' before ')'"
    return f"expected a number, a name or '(' but found {token.describe()}"
