"""Trees to SymPy and back: same meaning, checked by evaluating both."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings, strategies as st

from ranvier.lang.evaluate import evaluate
from ranvier.lang.parse import parse_expression
from ranvier.lang.sympy_bridge import (SympyConversionError, from_sympy,
                                       symbol, to_sympy)
from ranvier.lang.tree import BinOp, Call, Const, Name, Unary, walk

a, b, c = Name("a"), Name("b"), Name("c")
VALUES = {"a": np.array([0.3, 1.7, 2.5]), "b": np.array([1.1, 0.4, 3.0]),
          "c": np.array([2.0, 5.0, 0.7])}


def round_trip(text):
    tree = parse_expression(text)
    back = from_sympy(to_sympy(tree))
    return tree, back


def test_names_become_real_symbols():
    expr = to_sympy(a)
    assert expr == sp.Symbol("a", real=True) == symbol("a")
    assert expr.is_real


def test_constants():
    assert to_sympy(Const(3)) == sp.Integer(3)
    assert to_sympy(Const(0.25)) == sp.Float(0.25)
    assert to_sympy(Const(True)) is sp.true
    assert from_sympy(sp.Integer(-3)) == Unary("-", Const(3))
    assert from_sympy(sp.Float(0.1)) == Const(0.1)
    assert from_sympy(sp.pi) == Const(math.pi)
    assert from_sympy(sp.false) == Const(False)


@pytest.mark.parametrize("ours, theirs", [
    ("exp", sp.exp), ("log", sp.log), ("sin", sp.sin), ("cos", sp.cos),
    ("tan", sp.tan), ("sinh", sp.sinh), ("cosh", sp.cosh),
    ("tanh", sp.tanh), ("arcsin", sp.asin), ("arccos", sp.acos),
    ("arctan", sp.atan), ("abs", sp.Abs), ("sign", sp.sign),
    ("floor", sp.floor), ("ceil", sp.ceiling),
])
def test_known_functions_map_to_sympy_and_back(ours, theirs):
    tree = Call(ours, (BinOp("+", a, b),))
    expr = to_sympy(tree)
    assert expr.func == theirs
    assert from_sympy(expr) == tree


def test_sqrt_comes_back_as_a_call():
    tree, back = round_trip("sqrt(a*b)")
    assert isinstance(back, Call) and back.func == "sqrt"
    assert from_sympy(to_sympy(parse_expression("1/sqrt(a)"))) == \
        BinOp("/", Const(1), Call("sqrt", (a,)))
    # A float exponent stays a power.
    assert from_sympy(to_sympy(parse_expression("a**0.5"))) == \
        BinOp("**", a, Const(0.5))


@pytest.mark.parametrize("name", ["clip", "int", "exprel", "log10",
                                  "timestep", "poisson", "my_function"])
def test_other_functions_are_undefined_functions_of_the_same_name(name):
    tree = Call(name, (a, b))
    expr = to_sympy(tree)
    assert str(expr.func) == name
    assert from_sympy(expr) == tree


def test_random_calls_do_not_cancel():
    tree = parse_expression("rand() - rand()")
    expr = to_sympy(tree)
    assert expr != 0
    back = from_sympy(expr)
    assert [n.func for n in walk(back) if isinstance(n, Call)] == \
        ["rand", "rand"]
    # A deterministic undefined function does cancel.
    assert to_sympy(parse_expression("f(a) - f(a)")) == 0


def test_rationals_stay_true_division():
    expr = to_sympy(parse_expression("1/2*a"))
    assert expr == sp.Rational(1, 2) * symbol("a")
    back = from_sympy(expr)
    assert evaluate(back, {"a": 3}) == 1.5
    assert from_sympy(sp.Rational(-1, 3)) == \
        Unary("-", BinOp("/", Const(1), Const(3)))


def test_negative_powers_become_divisions():
    back = from_sympy(to_sympy(parse_expression("a**-2")))
    assert back == BinOp("/", Const(1), BinOp("**", a, Const(2)))
    # So an integer base works: NumPy refuses int**negative int.
    assert evaluate(back, {"a": 2}) == 0.25


def test_floor_division_and_modulo_round_trip():
    for text in ("a // b", "a % b", "(a + 1) // 2"):
        tree, back = round_trip(text)
        assert tree == back
    ints = {"a": np.array([-7, 7, 9]), "b": np.array([2, -3, 4])}
    _, back = round_trip("a // b + a % b")
    assert evaluate(back, ints).dtype == np.int64


def test_comparisons_and_booleans():
    tree, back = round_trip("a < b")
    assert back == tree
    tree, back = round_trip("a < b and not (b >= c) or a == 1")
    np.testing.assert_array_equal(evaluate(back, VALUES),
                                  evaluate(tree, VALUES))
    tree, back = round_trip("0 < a <= 2")
    assert to_sympy(tree) == sp.And(sp.Lt(0, symbol("a")),
                                    sp.Le(symbol("a"), 2))
    np.testing.assert_array_equal(evaluate(back, VALUES),
                                  evaluate(tree, VALUES))


def test_arithmetic_on_booleans_is_refused_clearly():
    with pytest.raises(SympyConversionError, match="int"):
        to_sympy(parse_expression("(a > 0)*b"))
    # The documented way works.
    tree, back = round_trip("int(a > 1)*b")
    np.testing.assert_array_equal(evaluate(back, VALUES),
                                  evaluate(tree, VALUES))


@pytest.mark.parametrize("expr", [sp.I * symbol("a"),
                                  sp.Derivative(sp.Function("f")(symbol("a")),
                                                symbol("a")),
                                  sp.oo, sp.nan])
def test_untranslatable_sympy_results(expr):
    with pytest.raises(SympyConversionError):
        from_sympy(expr)


def test_output_reads_naturally():
    back = from_sympy(to_sympy(parse_expression("-v/tau")))
    assert back == BinOp("/", Unary("-", Name("v")), Name("tau"))
    back = from_sympy(to_sympy(parse_expression("a - b")))
    assert back == BinOp("-", a, b)
    assert from_sympy(to_sympy(parse_expression("exp(-dt/tau)"))) == \
        Call("exp", (BinOp("/", Unary("-", Name("dt")), Name("tau")),))


@pytest.mark.parametrize("text", [
    "(a + b)*(a - c)/(b*c)", "a**3 - 2*a*b + 0.5", "exp(-a/b)*sqrt(c)",
    "-a*(b - c)", "a/(b/c)", "log(a)*sin(b) + cos(c)**2", "abs(a - b)",
    "exprel(a - b)*clip(c, 1, 2)", "a**b", "-(a + b)**2", "1/(a*b*c)",
    "int(a > b)*3 + (a//b) % 2",
])
def test_round_trip_keeps_meaning(text):
    tree, back = round_trip(text)
    np.testing.assert_allclose(evaluate(back, VALUES),
                               evaluate(tree, VALUES), rtol=1e-13)


_leaf = st.one_of(st.sampled_from([a, b, c]),
                  st.sampled_from([Const(1), Const(2), Const(0.5),
                                   Const(3.25)]))


def _extend(children):
    return st.one_of(
        st.builds(BinOp, st.sampled_from(["+", "-", "*", "/"]), children,
                  children),
        st.builds(BinOp, st.just("**"), children,
                  st.sampled_from([Const(2), Const(3), Const(-1.0)])),
        st.builds(Unary, st.just("-"), children),
        st.builds(lambda arg: Call("exp", (BinOp("/", arg, Const(10)),)),
                  children),
    )


@settings(max_examples=150, deadline=None)
@given(st.recursive(_leaf, _extend, max_leaves=6))
def test_random_trees_round_trip_to_the_same_values(tree):
    with np.errstate(all="ignore"):
        expected = evaluate(tree, VALUES)
    assume(np.all(np.isfinite(expected)) and np.all(np.abs(expected) < 1e6))
    result = evaluate(from_sympy(to_sympy(tree)), VALUES)
    # Rounding differs where SymPy reorders a sum; intermediate values stay
    # below about 1e6, so absolute errors stay far below 1e-8.
    np.testing.assert_allclose(result, expected, rtol=1e-9, atol=1e-8)
