"""Unit inference and checking over parsed model code."""

import pytest

from ranvier.lang.errors import ModelNameError, ModelSyntaxError, ModelUnitError
from ranvier.lang.functions import DEFAULT_FUNCTIONS
from ranvier.lang.parse import parse_expression, parse_statements
from ranvier.lang.symbols import Constant, Variable, describe_dim
from ranvier.lang.tree import Source
from ranvier.lang.units_check import (CheckContext, check_condition,
                                      check_expression, check_statement,
                                      check_statements, constant_value, infer)
from ranvier.units.dimensions import DIMENSIONLESS, get_or_create_dimension

VOLT = get_or_create_dimension(m=2, kg=1, s=-3, A=-1)
AMP = get_or_create_dimension(A=1)
SECOND = get_or_create_dimension(s=1)
OHM = VOLT / AMP


def context(**extra):
    symbols = dict(DEFAULT_FUNCTIONS.items())
    symbols.update({
        "v": Variable("v", VOLT),
        "w": Variable("w", VOLT),
        "I": Variable("I", AMP),
        "R": Constant("R", 1e6, OHM),
        "tau": Constant("tau", 0.02, SECOND),
        "t": Variable("t", SECOND, read_only=True, scalar=True),
        "dt": Variable("dt", SECOND, read_only=True, scalar=True),
        "i": Variable("i", DIMENSIONLESS, "integer", read_only=True),
        "flag": Variable("flag", DIMENSIONLESS, "boolean"),
        "n": Constant("n", 3),
        "mV": Constant("mV", 1e-3, VOLT),
    })
    symbols.update(extra)
    return CheckContext(symbols)


def dim_of(text, **extra):
    return infer(parse_expression(text), context(**extra)).dim


def test_basic_inference():
    assert dim_of("v + w") is VOLT
    assert dim_of("I*R") is VOLT
    assert dim_of("(v - I*R)/tau") is VOLT / SECOND
    assert dim_of("v**2") is VOLT ** 2
    assert dim_of("v**n") is VOLT ** 3
    assert dim_of("v**-1") is DIMENSIONLESS / VOLT
    assert dim_of("sqrt(v**2)") is VOLT
    assert dim_of("exp(-t/tau)") is DIMENSIONLESS
    assert dim_of("clip(v, -10*mV, w)") is VOLT
    assert dim_of("rand()*v") is VOLT
    assert dim_of("v // w") is DIMENSIONLESS
    assert dim_of("v % w") is VOLT


def test_kinds():
    ctx = context()
    assert infer(parse_expression("v > w"), ctx).dtype == "boolean"
    assert infer(parse_expression("i + 1"), ctx).dtype == "integer"
    assert infer(parse_expression("i / 2"), ctx).dtype == "float"
    assert infer(parse_expression("int(flag)"), ctx).dtype == "integer"
    assert infer(parse_expression("flag and v > 0"), ctx).dtype == "boolean"


def test_addition_mismatch_names_both_dimensions_and_marks_node():
    src = Source("dv/dt = (v + I)/tau : volt", owner="NeuronGroup 'g'",
                 offset=8)
    expr = parse_expression("(v + I)/tau", src)
    with pytest.raises(ModelUnitError) as err:
        infer(expr, CheckContext(context().symbols, src))
    text = str(err.value)
    assert "volt" in text and "amp" in text
    assert "NeuronGroup 'g'" in text
    assert "^" in text
    marked = text.splitlines()[-1]
    line = text.splitlines()[-2]
    # The caret sits under "v + I".
    start = marked.index("^")
    assert line[start:start + len(marked.strip())] == "v + I"


def test_comparison_needs_like_units_except_zero():
    assert infer(parse_expression("v > 0"), context()).dtype == "boolean"
    with pytest.raises(ModelUnitError, match="Comparison '>'.*volt.*second"):
        infer(parse_expression("v > tau"), context())
    with pytest.raises(ModelUnitError, match="Comparison"):
        infer(parse_expression("0*mV < v < tau"), context())


def test_function_unit_rules():
    with pytest.raises(ModelUnitError, match="exp"):
        dim_of("exp(v)")
    with pytest.raises(ModelUnitError, match="clip"):
        dim_of("clip(v, 0*mV, tau)")
    with pytest.raises(ModelSyntaxError, match="takes 1 argument"):
        dim_of("sqrt(v, w)")


def test_power_rules():
    with pytest.raises(ModelUnitError, match="exponent must be dimensionless"):
        dim_of("v**tau")
    with pytest.raises(ModelUnitError, match="constant power"):
        dim_of("v**i")
    assert dim_of("2**i") is DIMENSIONLESS


def test_unknown_names_and_functions():
    with pytest.raises(ModelNameError, match="unknown identifier 'x'"):
        dim_of("v + x")
    with pytest.raises(ModelNameError, match="unknown function 'foo'"):
        dim_of("foo(v)")
    with pytest.raises(ModelNameError, match="is not a function"):
        dim_of("v(1)")
    with pytest.raises(ModelNameError, match="is a function"):
        dim_of("exp + 1")


def test_boolean_operands_required():
    with pytest.raises(ModelSyntaxError, match="boolean"):
        infer(parse_expression("v and flag"), context())
    with pytest.raises(ModelSyntaxError, match="'not'"):
        infer(parse_expression("not v"), context())


def test_check_expression_expected():
    ctx = context()
    check_expression(parse_expression("(-v + I*R)/tau"), ctx, VOLT / SECOND)
    with pytest.raises(ModelUnitError,
                       match=r"volt/second, got amp/second"):
        check_expression(parse_expression("I/tau"), ctx, VOLT / SECOND,
                         "right side of dv/dt")


def test_conditions():
    check_condition(parse_expression("v > 10*mV"), context())
    with pytest.raises(ModelSyntaxError, match="must be a boolean"):
        check_condition(parse_expression("v + w"), context(), "threshold")


def test_statements():
    ctx = context()
    for stmt in parse_statements("v = w\nv += 2*mV\nv *= 2\nflag = v > w"):
        check_statement(stmt, ctx)
    with pytest.raises(ModelUnitError, match="cannot assign to 'v'"):
        check_statement(parse_statements("v = I")[0], ctx)
    with pytest.raises(ModelUnitError, match="dimensionless"):
        check_statement(parse_statements("v *= w")[0], ctx)
    with pytest.raises(ModelNameError, match="no such variable"):
        check_statement(parse_statements("x = 1")[0], ctx)
    with pytest.raises(ModelNameError, match="read-only"):
        check_statement(parse_statements("t = 1*tau")[0], ctx)
    with pytest.raises(ModelNameError, match="read-only"):
        check_statement(parse_statements("tau = 1*tau")[0], ctx)
    with pytest.raises(ModelSyntaxError, match="boolean"):
        check_statement(parse_statements("flag = 1")[0], ctx)


def test_statement_error_points_into_block():
    stmts = parse_statements("v = w\nv += I", owner="reset of 'g'")
    with pytest.raises(ModelUnitError) as err:
        check_statements(stmts, context())
    assert "line 2" in str(err.value)
    assert "reset of 'g'" in str(err.value)


def test_temporaries_carry_units():
    stmts = parse_statements("_x = I*R\nv = _x + w")
    temps = check_statements(stmts, context())
    assert temps["_x"].dim is VOLT
    with pytest.raises(ModelUnitError):
        check_statements(parse_statements("_x = I\nv = _x"), context())
    with pytest.raises(ModelNameError, match="before it is assigned"):
        check_statements(parse_statements("_y += 1"), context())


def test_constant_value():
    syms = context().symbols
    assert constant_value(parse_expression("-(1 + n)/2"), syms) == -2.0
    assert constant_value(parse_expression("v"), syms) is None
    assert constant_value(parse_expression("1/0"), syms) is None


def test_describe_dim():
    assert describe_dim(DIMENSIONLESS).startswith("1")
    weird = get_or_create_dimension(m=5, cd=1)
    assert describe_dim(weird) == weird.base_str()
