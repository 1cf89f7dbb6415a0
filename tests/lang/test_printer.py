"""Printing trees as model code: minimal parentheses, exact round trips."""

import math

import pytest
from hypothesis import given, settings, strategies as st

from ranvier.lang.parse import parse_expression, parse_statements
from ranvier.lang.printer import print_expr, print_statement, print_statements
from ranvier.lang.tree import (BINARY_OPS, BinOp, BoolOp, Call, Compare,
                               COMPARE_OPS, Const, Name, Statement, Unary,
                               children)


def typed(node):
    """A tree's shape with the types of constants (Const(1) == Const(1.0)
    == Const(True) as dataclasses, but they are different code)."""
    if isinstance(node, Const):
        value = node.value
        if isinstance(value, float) and math.isnan(value):
            return ("Const", float, "nan")
        return ("Const", type(value), value)
    fields = tuple(getattr(node, f) for f in ("op", "ops", "func", "id")
                   if hasattr(node, f))
    return (type(node).__name__, fields, tuple(typed(c) for c in children(node)))


@pytest.mark.parametrize("text", [
    "a + b*c",
    "(a + b)*c",
    "a - (b - c)",
    "a - b - c",
    "a/(b*c)",
    "a/b*c",
    "-x**2",
    "(-x)**2",
    "2**-1",
    "a**b**c",
    "(a**b)**c",
    "(a < b) == c",
    "a < b == c",
    "not a == b",
    "(not a) == b",
    "not (a and b)",
    "a and b or c",
    "a and (b or c)",
    "(a and b) and c",
    "a and (b and c)",
    "-(not a)",
    "not -a",
    "--a",
    "a - -b",
    "a*-b",
    "f(a + b, -c, g())",
    "True and False",
    "1.5e-07*x",
    "a % b // c",
    "a // (b % c)",
    "-a*b",
    "-(a*b)",
    "x**-y**z",
])
def test_printing_known_forms(text):
    assert print_expr(parse_expression(text)) == text


@pytest.mark.parametrize("tree, text", [
    (Const(-1.0), "-1.0"),
    (BinOp("**", Const(-2), Const(2)), "(-2)**2"),
    (BinOp("**", Const(2), Const(-1)), "2**-1"),
    (BinOp("-", Name("a"), Const(-0.0)), "a - -0.0"),
    (Const(float("inf")), "1e999"),
    (Const(float("-inf")), "-1e999"),
    (Const(0.1), "0.1"),
    (Const(1e16), "1e+16"),
    (Const(True), "True"),
    (BoolOp("and", (Name("a"),)), "a"),
    (Call("rand", ()), "rand()"),
])
def test_printing_built_trees(tree, text):
    assert print_expr(tree) == text


def test_huge_ints_round_trip():
    value = 7 ** 6000
    tree = Const(value)
    assert parse_expression(print_expr(tree)).value == value


def test_print_statements():
    statements = parse_statements("v = v_r\nw += (a+b)*c  # note\ng /= -2")
    assert [print_statement(s) for s in statements] == [
        "v = v_r", "w += (a + b)*c", "g /= -2"]
    assert print_statements(statements) == "v = v_r\nw += (a + b)*c\ng /= -2"
    assert print_statement(Statement("x", "-=", Const(1))) == "x -= 1"


def test_printing_something_else_is_a_type_error():
    with pytest.raises(TypeError, match="cannot print"):
        print_expr("a + b")


# -- property tests ---------------------------------------------------------------

names = st.sampled_from(["a", "b", "v", "tau", "x_1", "_y"])
numbers = st.one_of(
    st.integers(min_value=0, max_value=10 ** 30),
    st.floats(min_value=0, allow_nan=False, allow_infinity=True),
    st.booleans(),
)
leaves = st.one_of(names.map(Name), numbers.map(Const))


def _extend(inner):
    return st.one_of(
        st.tuples(st.sampled_from(["-", "+", "not"]), inner)
        .map(lambda t: Unary(*t)),
        st.tuples(st.sampled_from(BINARY_OPS), inner, inner)
        .map(lambda t: BinOp(*t)),
        st.lists(st.tuples(st.sampled_from(COMPARE_OPS), inner),
                 min_size=1, max_size=3).flatmap(
            lambda pairs: inner.map(lambda first: Compare(
                tuple(op for op, _ in pairs),
                (first, *(operand for _, operand in pairs))))),
        st.tuples(st.sampled_from(["and", "or"]),
                  st.lists(inner, min_size=2, max_size=3))
        .map(lambda t: BoolOp(t[0], tuple(t[1]))),
        st.tuples(st.sampled_from(["f", "exp", "clip"]),
                  st.lists(inner, max_size=3))
        .map(lambda t: Call(t[0], tuple(t[1]))),
    )


trees = st.recursive(leaves, _extend, max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(trees)
def test_print_then_parse_gives_the_same_tree(tree):
    text = print_expr(tree)
    back = parse_expression(text)
    assert back == tree
    assert typed(back) == typed(tree)


@settings(max_examples=200, deadline=None)
@given(trees)
def test_parse_print_is_a_fixpoint(tree):
    once = print_expr(parse_expression(print_expr(tree)))
    assert print_expr(parse_expression(once)) == once


@settings(max_examples=200, deadline=None)
@given(trees)
def test_printing_adds_no_redundant_parentheses(tree):
    # Removing any one pair of parentheses changes the tree or breaks it.
    text = print_expr(tree)
    for start, end in _paren_pairs(text):
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue  # a call's parentheses
        shorter = text[:start] + text[start + 1:end] + text[end + 1:]
        try:
            other = parse_expression(shorter)
        except Exception:
            continue
        assert typed(other) != typed(tree), (text, shorter)


def _paren_pairs(text):
    stack, pairs = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            pairs.append((stack.pop(), i))
    return pairs
