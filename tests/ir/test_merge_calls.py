"""Repeated calls in a kernel body are computed once, without changing
what the body computes."""

import numpy as np

from ranvier.ir.merge_calls import merge_repeated_calls
from ranvier.lang.evaluate import execute
from ranvier.lang.functions import DEFAULT_FUNCTIONS, FunctionSpec
from ranvier.lang.parse import parse_statements
from ranvier.lang.printer import print_expr


def _text(body):
    return [f"{s.target} {s.op} {print_expr(s.expr)}" for s in body]


def _run(body, rng_seed=1):
    values = {"v": np.linspace(-1, 1, 7), "w": np.zeros(7),
              "u": np.zeros(7)}
    execute(body, values, DEFAULT_FUNCTIONS, np.random.default_rng(rng_seed),
            7)
    return values


def test_repeated_call_assigned_once_before_first_use():
    body = parse_statements("_a = exp(v/2) + 1\nw = 3*exp(v/2) - exprel(v)\n"
                            "u = exprel(v)*2")
    merged = merge_repeated_calls(body, DEFAULT_FUNCTIONS)
    assert _text(merged) == ["_call0 = exp(v/2)", "_a = _call0 + 1",
                             "_call1 = exprel(v)", "w = 3*_call0 - _call1",
                             "u = _call1*2"]
    for name in ("w", "u"):
        np.testing.assert_array_equal(_run(merged)[name], _run(body)[name])


def test_no_merge_across_an_assignment_of_its_names():
    body = parse_statements("w = exp(v)\nv = v + 1\nu = exp(v)")
    assert _text(merge_repeated_calls(body, DEFAULT_FUNCTIONS)) == \
        _text(body)


def test_random_nested_and_user_functions_are_left_alone():
    body = parse_statements("w = rand() + rand()\n"
                            "u = exp(exp(v)) + exp(exp(v))")
    merged = merge_repeated_calls(body, DEFAULT_FUNCTIONS)
    # Only the inner, call-free exp(v) is merged; rand() never is.
    assert _text(merged) == ["w = rand() + rand()", "_call0 = exp(v)",
                             "u = exp(_call0) + exp(_call0)"]
    mine = FunctionSpec("exp", 1, lambda dims: dims[0], "float",
                        lambda x: x + 1)
    shadowed = {**DEFAULT_FUNCTIONS, "exp": mine}
    body = parse_statements("w = exp(v)\nu = exp(v)")
    assert _text(merge_repeated_calls(body, shadowed)) == _text(body)


def test_temporary_names_do_not_collide():
    body = parse_statements("_call0 = 2*v\nw = exp(_call0) + exp(_call0)")
    merged = merge_repeated_calls(body, DEFAULT_FUNCTIONS)
    assert _text(merged)[1] == "_call0_ = exp(_call0)"
    np.testing.assert_array_equal(_run(merged)["w"], _run(body)["w"])
