"""The reference evaluator: Python/NumPy semantics of every node."""

import operator

import numpy as np
import pytest
from hypothesis import assume, given, strategies as st

from ranvier.lang.errors import ModelNameError
from ranvier.lang.evaluate import evaluate, execute
from ranvier.lang.functions import (DEFAULT_FUNCTIONS, FunctionSpec,
                                    dimensionless_rule)
from ranvier.lang.tree import (BinOp, BoolOp, Call, Compare, Const, Name,
                               Statement, Unary)

x, y = Name("x"), Name("y")


def binop(op, a, b):
    return BinOp(op, Const(a), Const(b))


@pytest.mark.parametrize("op, a, b, expected", [
    ("/", 1, 2, 0.5), ("/", 7, 7, 1.0), ("//", -7, 2, -4), ("//", 7, -2, -4),
    ("%", -7, 3, 2), ("%", 7, -3, -2), ("//", -7.5, 2, -4.0),
    ("%", -7.5, 2, 0.5), ("**", 2, 10, 1024), ("**", 2.0, -1, 0.5),
    ("-", 3, 5, -2), ("*", 3, 0.5, 1.5),
])
def test_arithmetic_follows_python(op, a, b, expected):
    result = evaluate(binop(op, a, b), {})
    assert result == expected
    assert type(result.item()) is type(expected)


def test_integer_arithmetic_stays_integer_and_division_is_true():
    values = {"x": np.array([1, 2, 3]), "y": np.array([2, 2, 2])}
    assert evaluate(BinOp("*", x, y), values).dtype == np.int64
    assert evaluate(BinOp("/", x, y), values).tolist() == [0.5, 1.0, 1.5]
    assert evaluate(BinOp("//", x, y), values).tolist() == [0, 1, 1]
    mixed = evaluate(BinOp("+", x, Const(0.5)), values)
    assert mixed.dtype == np.float64


def test_booleans_count_as_integers_in_arithmetic():
    assert evaluate(BinOp("+", Const(True), Const(True)), {}) == 2
    flags = {"x": np.array([True, False])}
    assert evaluate(BinOp("*", x, Const(3)), flags).tolist() == [3, 0]
    assert evaluate(Unary("-", x), flags).tolist() == [-1, 0]


def test_unary_operators():
    values = {"x": np.array([1.5, -2.0])}
    assert evaluate(Unary("-", x), values).tolist() == [-1.5, 2.0]
    assert evaluate(Unary("+", x), values).tolist() == [1.5, -2.0]
    assert evaluate(Unary("not", Compare((">",), (x, Const(0)))),
                    values).tolist() == [False, True]


def test_chained_comparison_is_elementwise_and():
    chain = Compare(("<", "<="), (Const(0), x, Const(2)))
    values = {"x": np.array([-1, 0, 1, 2, 3])}
    assert evaluate(chain, values).tolist() == [False, False, True, True,
                                                False]


def test_chained_comparison_evaluates_each_operand_once():
    calls = []

    def counted(rng, size):
        calls.append(1)
        return np.full(size, 1.0)

    functions = DEFAULT_FUNCTIONS.copy()
    functions.register(FunctionSpec("one", 0, dimensionless_rule(), "float",
                                    counted, stateless=False,
                                    needs_size=True))
    chain = Compare(("<", "<"), (Const(0), Call("one", ()), Const(2)))
    result = evaluate(chain, {}, functions, np.random.default_rng(0), 3)
    assert result.tolist() == [True] * 3 and len(calls) == 1


@pytest.mark.parametrize("op, expected", [
    ("==", [False, True, False]), ("!=", [True, False, True]),
    ("<", [True, False, False]), (">=", [False, True, True]),
    (">", [False, False, True]), ("<=", [True, True, False]),
])
def test_comparisons(op, expected):
    values = {"x": np.array([1, 2, 3]), "y": 2}
    assert evaluate(Compare((op,), (x, y)), values).tolist() == expected


def test_boolean_operators_are_elementwise():
    values = {"x": np.array([True, True, False, False]),
              "y": np.array([True, False, True, False])}
    assert evaluate(BoolOp("and", (x, y)), values).tolist() == \
        [True, False, False, False]
    assert evaluate(BoolOp("or", (x, y)), values).tolist() == \
        [True, True, True, False]
    three = BoolOp("and", (x, y, Const(True)))
    assert evaluate(three, values).tolist() == [True, False, False, False]


def test_missing_name_is_a_model_name_error():
    with pytest.raises(ModelNameError, match="'z'"):
        evaluate(BinOp("+", x, Name("z")), {"x": 1.0})


def test_unknown_function():
    with pytest.raises(ModelNameError, match="unknown function 'nope'"):
        evaluate(Call("nope", ()), {})


def test_function_calls_and_random_sizes():
    values = {"x": np.array([0.0, 1.0])}
    assert evaluate(Call("exp", (x,)), values).tolist() == [1.0, np.e]
    draws = evaluate(Call("rand", ()), {}, rng=np.random.default_rng(3),
                     size=5)
    assert draws.shape == (5,)
    with pytest.raises(ValueError, match="Generator"):
        evaluate(Call("rand", ()), {}, size=5)


def test_execute_assignments_in_order_and_in_place():
    v = np.array([1.0, 2.0])
    values = {"v": v, "w": np.array([10.0, 20.0])}
    statements = (
        Statement("_tmp", "=", BinOp("*", Name("v"), Const(2))),
        Statement("v", "+=", Name("_tmp")),
        Statement("w", "-=", Name("v")),
        Statement("w", "*=", Const(2)),
        Statement("w", "/=", Const(4)),
        Statement("u", "=", Name("_tmp")),
    )
    execute(statements, values)
    assert values["v"] is v and v.tolist() == [3.0, 6.0]
    assert values["w"].tolist() == [3.5, 7.0]
    assert values["u"].tolist() == [2.0, 4.0]
    assert "_tmp" not in values


def test_execute_temporaries_shadow_nothing_outside():
    values = {"a": 1.0}
    execute((Statement("_a", "=", Const(5)),
             Statement("a", "=", BinOp("+", Name("_a"), Name("a")))), values)
    assert values == {"a": 6.0}


def test_execute_broadcasts_scalars_into_arrays():
    values = {"v": np.zeros(3)}
    execute((Statement("v", "=", Const(1.5)),), values)
    assert values["v"].tolist() == [1.5, 1.5, 1.5]


def test_execute_draws_per_element():
    values = {"v": np.zeros(1000)}
    execute((Statement("v", "=", Call("rand", ())),), values,
            rng=np.random.default_rng(0), size=1000)
    assert len(np.unique(values["v"])) == 1000


_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul,
        "//": operator.floordiv, "%": operator.mod, "/": operator.truediv}


@given(st.sampled_from(sorted(_OPS)),
       st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6)),
       st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6)))
def test_binary_operators_agree_with_python(op, a, b):
    assume(not (op in ("/", "//", "%") and b == 0))
    expected = _OPS[op](a, b)
    with np.errstate(over="ignore", invalid="ignore"):
        result = evaluate(BinOp(op, Const(a), Const(b)), {})
    assert result == pytest.approx(expected, rel=1e-12, abs=1e-9)
    assert isinstance(result.item(), type(expected))


@given(st.lists(st.integers(-5, 5), min_size=2, max_size=4),
       st.lists(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
                min_size=3, max_size=3))
def test_chained_comparisons_agree_with_python(operands, ops):
    ops = tuple(ops[:len(operands) - 1])
    tree = Compare(ops, tuple(Const(v) for v in operands))
    expected = all(_compare(op, a, b) for op, a, b in
                   zip(ops, operands, operands[1:]))
    assert bool(evaluate(tree, {})) == expected


def _compare(op, a, b):
    return {"<": operator.lt, "<=": operator.le, ">": operator.gt,
            ">=": operator.ge, "==": operator.eq, "!=": operator.ne}[op](a, b)


def test_a_name_keeps_its_value_when_the_variable_is_written_in_place():
    from ranvier.lang.parse import parse_statements
    values = {"v": np.array([1.0, 2.0]), "w": np.zeros(2)}
    execute(parse_statements("_old = v\nv += 10\n_copy = _old\n"
                             "_old = _old*0\nw = _copy"), values)
    np.testing.assert_array_equal(values["v"], [11.0, 12.0])
    np.testing.assert_array_equal(values["w"], [1.0, 2.0])
