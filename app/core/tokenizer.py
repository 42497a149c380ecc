"""Split expression text into tokens, each with the 1-based column where it starts.

Only ASCII digits, letters, ``_``, the operators ``+ - * / ^ **``, parentheses and spaces are
accepted; anything else (Unicode look-alikes, NUL bytes, dots outside numbers, quotes) is an
error at its column. A number directly followed by a name or ``(`` gets an implicit ``*``
token, so ``2x`` and ``3(x + 1)`` read as products.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from app.core.errors import LimitExceededError, ParseError
from app.core.limits import MAX_EXPRESSION_LENGTH


class Kind(Enum):
    NUMBER = "number"
    NAME = "name"
    OPERATOR = "operator"
    LPAREN = "'('"
    RPAREN = "')'"
    END = "end of input"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    column: int

    def describe(self) -> str:
        return "the end of the expression" if self.kind is Kind.END else f"'{self.text}'"


_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\n]+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<operator>\*\*|[-+*/^])
  | (?P<lparen>\()
  | (?P<rparen>\))
    """,
    re.VERBOSE,
)

_KIND_OF_GROUP = {
    "number": Kind.NUMBER,
    "name": Kind.NAME,
    "operator": Kind.OPERATOR,
    "lparen": Kind.LPAREN,
    "rparen": Kind.RPAREN,
}


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text``, ending with an END token; raises ParseError at the first bad char."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise LimitExceededError(
            f"the expression has {len(text)} characters; the limit is {MAX_EXPRESSION_LENGTH}",
            column=MAX_EXPRESSION_LENGTH + 1,
        )
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ParseError(f"unexpected character {_show(text[position])}", column=position + 1)
        group = match.lastgroup
        assert group is not None
        if group != "space":
            token = Token(_KIND_OF_GROUP[group], match.group(), position + 1)
            if tokens and tokens[-1].kind is Kind.NUMBER and token.kind in (Kind.NAME, Kind.LPAREN):
                tokens.append(Token(Kind.OPERATOR, "*", token.column))
            tokens.append(token)
        position = match.end()
    tokens.append(Token(Kind.END, "", len(text) + 1))
    return tokens


def _show(char: str) -> str:
    """A character as an error message should show it: visible, with its code point if odd."""
    if char.isprintable() and char.isascii():
        return f"'{char}'"
    return f"U+{ord(char):04X}" + (f" '{char}'" if char.isprintable() else "")
