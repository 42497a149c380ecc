"""Tokenizer and parser: what is accepted, how it groups, and where errors point."""

import numpy as np
import pytest

from app.core import LimitExceededError, ParseError, UnknownNameError, parse
from app.core.limits import MAX_EXPRESSION_LENGTH, MAX_EXPRESSION_NODES, MAX_NESTING_DEPTH
from app.core.tokenizer import Kind, tokenize


def value(text: str, x: float = 2.0) -> float:
    return float(parse(text).evaluate(x=np.array(x)))


def test_tokens_carry_one_based_columns():
    tokens = tokenize("2 * sigmoid(x)")
    assert [(t.kind, t.text, t.column) for t in tokens] == [
        (Kind.NUMBER, "2", 1),
        (Kind.OPERATOR, "*", 3),
        (Kind.NAME, "sigmoid", 5),
        (Kind.LPAREN, "(", 12),
        (Kind.NAME, "x", 13),
        (Kind.RPAREN, ")", 14),
        (Kind.END, "", 15),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("2^3^2", 512.0),  # right-associative
        ("2**3", 8.0),
        ("-x^2", -4.0),  # power binds tighter than the sign
        ("(-x)^2", 4.0),
        ("2^-1", 0.5),
        ("2x", 4.0),  # implicit product after a number
        ("3(x + 1)", 9.0),
        ("2x^2", 8.0),
        ("2 sigmoid(0)", 1.0),
        ("1e-3 * 1000", 1.0),
        (".5 + 2.", 2.5),
        ("8 / 2 / 2", 2.0),
        ("8 - 2 - 2", 4.0),
        ("pi", np.pi),
        ("e", np.e),
        ("--x", 2.0),
        ("+x", 2.0),
    ],
)
def test_precedence_and_grouping(text, expected):
    assert value(text) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("sigmoid(x))", 11, "unmatched ')'"),
        ("sigmoid(x", 10, "expected ')' to close the '(' at column 8"),
        ("x +", 4, "ends too early"),
        ("", 1, "empty"),
        ("x $ 2", 3, "unexpected character '$'"),
        ("x.real", 2, "unexpected character '.'"),
        ("__import__('os')", 12, "unexpected character"),
        ("foo(x)", 1, "unknown function 'foo'"),
        ("sigmoid x", 9, "expected '(' after the function name"),
        ("2 3", 3, "expected an operator"),
        ("(x)(x)", 4, "expected an operator"),
        ("x * * 2", 5, "expected a number"),
        ("x\x00", 2, "U+0000"),
        ("х", 1, "U+0445"),  # Cyrillic look-alike of x
        ("()", 2, "before ')'"),
    ],
)
def test_parse_errors_say_what_and_where(text, column, fragment):
    with pytest.raises(ParseError) as caught:
        parse(text, ("x",))
    assert caught.value.column == column
    assert fragment in caught.value.message


def test_unknown_variable_is_reported_at_its_column():
    with pytest.raises(UnknownNameError) as caught:
        parse("x + y", ("x",))
    assert caught.value.column == 5
    assert "'y'" in caught.value.message


def test_dunder_names_are_just_unknown_names():
    with pytest.raises(UnknownNameError):
        parse("__class__", ("x",))


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("x+" * (MAX_EXPRESSION_LENGTH // 2) + "x", "characters"),
        ("(" * (MAX_NESTING_DEPTH + 1) + "x" + ")" * (MAX_NESTING_DEPTH + 1), "nested"),
        ("-" * (MAX_NESTING_DEPTH + 1) + "x", "nested"),
        ("x^" * (MAX_NESTING_DEPTH + 1) + "x", "nested"),
        ("x+" * (MAX_EXPRESSION_NODES // 2 + 1) + "x", "numbers, names and operations"),
    ],
)
def test_limits_are_named_errors(text, limit):
    with pytest.raises(LimitExceededError) as caught:
        parse(text, ("x",))
    assert limit in caught.value.message
    assert caught.value.column is not None
