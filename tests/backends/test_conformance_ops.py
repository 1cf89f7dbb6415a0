"""Operators, promotion and functions: Numba computes what NumPy computes.

Each test runs one kernel holding many statements (compiling is the slow
part) over arrays full of awkward values: zeros of both signs, infinities,
NaN, the extreme integers. Deterministic results must agree bitwise;
transcendental functions within the ulp tolerances stated below.
"""

import itertools

import numpy as np
import pytest
from backend_helpers import (assert_same_state, run, run_both,
                             simple_kernel)

from ranvier.lang.evaluate import evaluate
from ranvier.lang.parse import parse_expression

N = 16
DTYPES = {"b": np.bool_, "i4": np.int32, "i8": np.int64, "f4": np.float32,
          "f8": np.float64}
FLOATS = [0.0, -0.0, 1.0, -1.0, 2.5, -7.25, 0.1, 3.0, -3.0, 1e300, -1e-300,
          5e-324, np.inf, -np.inf, np.nan, 1e16]
INTS = [0, 1, -1, 2, -2, 7, -7, 3, -3, 100, -100, 2**62, -2**63, 2**63 - 1,
        5, -5]
INTS32 = [0, 1, -1, 2, -2, 7, -7, 3, -3, 100, -100, 2**30, -2**31,
          2**31 - 1, 5, -5]

#: Largest distance, in ulp, allowed for functions NumPy may compute with
#: its own SIMD code while Numba calls the C library: exp/log/trig and
#: friends, exprel, and ``**`` with a float exponent (measured on an AVX-512
#: machine: at most 1 ulp in float64, 2 in float32; zero for ``**``, whose
#: only difference is the sign of ``(-0.0) ** 0.5``).
ULPS_F8, ULPS_F4 = 1, 2


def inputs(prefix="x", shift=0):
    """One array per dtype, rolled by ``shift`` so pairs meet new values."""
    values = {"b": [k % 3 == 0 for k in range(N)], "i4": INTS32, "i8": INTS,
              "f4": FLOATS, "f8": FLOATS}
    with np.errstate(over="ignore"):
        return {f"{prefix}_{code}": np.roll(np.array(values[code], dtype),
                                            shift)
                for code, dtype in DTYPES.items()}


def with_outputs(arrays, expressions):
    """Add one output per expression, with the dtype NumPy gives it."""
    arrays = dict(arrays)
    code = []
    for k, text in enumerate(expressions):
        with np.errstate(all="ignore"):
            value = evaluate(parse_expression(text), arrays)
        arrays[f"out{k}"] = np.zeros(N, np.asarray(value).dtype)
        code.append(f"out{k} = {text}")
    return arrays, "\n".join(code)


def check(name, expressions, arrays, ulps=0, **kwargs):
    arrays, code = with_outputs(arrays, expressions)
    kernel = simple_kernel(name, code, arrays, **kwargs)
    ref, got = run_both([kernel], arrays)
    tolerance = {n: ulps for n in arrays if n.startswith("out")} if ulps \
        else None
    assert_same_state(ref, got, tolerance)


PAIRS = list(itertools.product(DTYPES, DTYPES))


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "//", "%"])
def test_arithmetic_on_every_pair_of_dtypes(op):
    arrays = {**inputs("x"), **inputs("y", shift=5)}
    check(f"arith_{op}", [f"x_{p} {op} y_{q}" for p, q in PAIRS], arrays)


def test_power_with_integer_exponents_and_float_bases():
    arrays = {**inputs("x"), "e_i8": np.arange(N) % 6,
              "e_i4": (np.arange(N) % 5).astype(np.int32),
              "e_b": np.arange(N) % 2 == 0,
              "e_f8": np.array([0, 1, 2, 3, 0.5, -1, -2, 1.5] * 2),
              "e_f4": np.array([0, 1, 2, 3, -1, -2, 2, 1] * 2, np.float32)}
    exprs = [f"x_{p} ** e_{q}" for p, q in PAIRS]
    check("power", exprs, arrays, ulps=ULPS_F8)


def test_unary_operators_and_boolean_logic():
    arrays = {**inputs("x"), **inputs("y", shift=3)}
    exprs = [f"{op}x_{p}" for op in ("-", "+", "not ") for p in DTYPES]
    exprs += [f"x_{p} {op} y_{q}" for p, q in PAIRS
              for op in ("and", "or")]
    exprs += ["not (x_f8 > 0 and y_i8 < 3 or x_b)", "-(-x_i4)",
              "x_b + x_b * 2", "-x_b - x_b", "x_f4 * 2 + x_b"]
    check("unary", exprs, arrays)


@pytest.mark.parametrize("op", ["<", "<=", ">", ">=", "==", "!="])
def test_comparisons_on_every_pair_of_dtypes(op):
    arrays = {**inputs("x"), **inputs("y", shift=7)}
    exprs = [f"x_{p} {op} y_{q}" for p, q in PAIRS]
    exprs += [f"x_i8 {op} y_f8 {op} y_i4", f"0 {op} x_f4 + 1 {op} x_i4 * 2"]
    check(f"compare_{len(op)}{op[0]}", exprs, arrays)


def test_exact_functions():
    arrays = {**inputs("x"), **inputs("y", shift=2), **inputs("z", shift=9)}
    numeric = [p for p in DTYPES if p != "b"]
    exprs = [f"{f}(x_{p})" for f in ("abs", "sign", "floor", "ceil",
                                     "sqrt") for p in numeric]
    exprs += [f"int(x_{p})" for p in ("b", "i4", "i8")]
    exprs += ["abs(x_b)", "int(x_f8 * 0 + 2.75)", "int(-x_f4 * 0 - 2.75)",
              "int(clip(x_f8, -1e9, 1e9))"]
    exprs += [f"clip(x_{p}, y_{q}, z_{r})" for p, q, r in
              [("f8", "f8", "f8"), ("i8", "f4", "i4"), ("f4", "f4", "f4"),
               ("i4", "i4", "i4"), ("b", "b", "b"), ("i8", "i8", "f8"),
               ("f4", "i8", "f4")]]
    exprs += ["clip(x_f8, 0, 1)", "clip(x_i8, -3, 3)"]
    check("exact_functions", exprs, arrays)


def test_timestep_rounds_like_the_reference():
    t = np.array([0.0, 0.1, 0.2, 0.3, 0.7, 1.0, 2.9999, 3.0, 1e-4, 5e-5,
                  0.30000000000000004, 10.0, 123.456, 0.05, 0.15, 99.9])
    arrays = {"t": t, "t32": t.astype(np.float32), "ti": np.arange(N),
              "dt": np.full(N, 0.1), "dt32": np.full(N, 0.1, np.float32),
              "dti": np.full(N, 3)}
    exprs = [f"timestep({a}, {b})" for a in ("t", "t32", "ti")
             for b in ("dt", "dt32", "dti")]
    exprs += ["timestep(t, dt * 0.5 + 0.05)"]
    check("timestep", exprs, arrays)


def test_transcendental_functions_within_ulps():
    x = np.array([0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1e-10, -1e-12, 3.0,
                  -20.0, 700.0, 0.1, np.inf, -np.inf, np.nan, 0.75])
    arrays = {"x": x, "x32": x.astype(np.float32), "xi": np.arange(-8, 8),
              "xi4": np.arange(-8, 8, dtype=np.int32)}
    functions = ("exp", "log", "log10", "sin", "cos", "tan", "sinh", "cosh",
                 "tanh", "arcsin", "arccos", "arctan")
    exprs = [f"{f}({a})" for f in functions for a in ("x", "xi", "xi4")]
    exprs += ["exprel(x)", "exprel(x32)", "exprel(xi)"]
    check("transcendental_f8", exprs, arrays, ulps=ULPS_F8)
    check("transcendental_f4", [f"{f}(x32)" for f in functions], arrays,
          ulps=ULPS_F4)


def test_exprel_is_accurate_near_zero(backend):
    x = np.array([0.0, 1e-20, -1e-20, 1e-9, -1e-9, 1e-5])
    arrays = {"x": x, "y": np.zeros(6)}
    kernel = simple_kernel("exprel_small", "y = exprel(x)", arrays)
    run(backend.name, [kernel], arrays)
    expected = [1.0, 1.0, 1.0, 1 + 5e-10, 1 - 5e-10, 1.0000050000166667]
    np.testing.assert_allclose(arrays["y"], expected, rtol=1e-15)


def test_integer_power_of_negative_exponent_raises(backend):
    arrays = {"x": np.array([2, 3]), "e": np.array([1, -1]),
              "y": np.zeros(2, np.int64)}
    kernel = simple_kernel("neg_power", "y = x ** e", arrays)
    with pytest.raises(ValueError, match="negative integer powers"):
        run(backend.name, [kernel], arrays)
