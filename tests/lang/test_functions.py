"""The built-in functions: arity, unit rules, kinds and implementations."""

import math

import numpy as np
import pytest

from ranvier.lang.functions import (DEFAULT_FUNCTIONS, FunctionRegistry,
                                    FunctionSpec, dimensionless_rule,
                                    exprel, timestep)
from ranvier.units.dimensions import (DIMENSIONLESS, DimensionMismatchError,
                                      get_or_create_dimension)

VOLT = get_or_create_dimension(m=2, kg=1, s=-3, A=-1)
SECOND = get_or_create_dimension(s=1)
METRE = get_or_create_dimension(m=1)

BUILT_INS = {"exp", "log", "log10", "sqrt", "sin", "cos", "tan", "sinh",
             "cosh", "tanh", "arcsin", "arccos", "arctan", "abs", "sign",
             "floor", "ceil", "clip", "int", "exprel", "rand", "randn",
             "poisson", "timestep"}


def test_all_built_ins_are_registered():
    assert BUILT_INS <= set(DEFAULT_FUNCTIONS)


@pytest.mark.parametrize("name, count, ok", [
    ("exp", 1, True), ("exp", 2, False), ("clip", 3, True),
    ("clip", 2, False), ("rand", 0, True), ("rand", 1, False),
    ("timestep", 2, True), ("poisson", 1, True),
])
def test_arity(name, count, ok):
    assert DEFAULT_FUNCTIONS[name].accepts(count) is ok


def test_arity_text_and_ranges():
    assert DEFAULT_FUNCTIONS["exp"].arity_text() == "1 argument"
    assert DEFAULT_FUNCTIONS["clip"].arity_text() == "3 arguments"
    spec = FunctionSpec("f", (1, 3), dimensionless_rule(), "float", np.add)
    assert spec.accepts(2) and not spec.accepts(4)
    assert spec.arity_text() == "1 to 3 arguments"


@pytest.mark.parametrize("name", ["exp", "log", "log10", "sin", "arctan",
                                  "tanh", "exprel", "int", "poisson"])
def test_dimensionless_functions_refuse_units(name):
    rule = DEFAULT_FUNCTIONS[name].unit_rule
    assert rule((DIMENSIONLESS,)) is DIMENSIONLESS
    with pytest.raises(DimensionMismatchError, match="dimensionless"):
        rule((VOLT,))


def test_unit_rules_that_keep_or_change_dimensions():
    funcs = DEFAULT_FUNCTIONS
    assert funcs["sqrt"].unit_rule((METRE ** 2,)) is METRE
    assert funcs["sqrt"].unit_rule((SECOND,)) is SECOND ** 0.5
    for name in ("abs", "floor", "ceil"):
        assert funcs[name].unit_rule((VOLT,)) is VOLT
    assert funcs["sign"].unit_rule((VOLT,)) is DIMENSIONLESS
    assert funcs["clip"].unit_rule((VOLT, VOLT, VOLT)) is VOLT
    assert funcs["rand"].unit_rule(()) is DIMENSIONLESS
    assert funcs["timestep"].unit_rule((SECOND, SECOND)) is DIMENSIONLESS


def test_clip_requires_equal_dimensions():
    with pytest.raises(DimensionMismatchError, match="same dimensions"):
        DEFAULT_FUNCTIONS["clip"].unit_rule((VOLT, DIMENSIONLESS, VOLT))


def test_timestep_requires_times():
    with pytest.raises(DimensionMismatchError, match="argument 2 must be a "
                                                     "time"):
        DEFAULT_FUNCTIONS["timestep"].unit_rule((SECOND, VOLT))


@pytest.mark.parametrize("name, args, kind", [
    ("exp", ("float",), "float"), ("int", ("float",), "integer"),
    ("int", ("boolean",), "integer"), ("abs", ("integer",), "integer"),
    ("abs", ("float",), "float"), ("clip", ("integer", "float", "integer"),
                                   "float"),
    ("poisson", ("float",), "integer"), ("timestep", ("float", "float"),
                                         "integer"),
    ("floor", ("float",), "float"), ("rand", (), "float"),
])
def test_result_kinds(name, args, kind):
    assert DEFAULT_FUNCTIONS[name].result_dtype(args) == kind


def test_numpy_implementations_match_math():
    x = np.array([0.1, 0.5, 0.9])
    for name in ("exp", "log", "sin", "cos", "tan", "sinh", "cosh", "tanh",
                 "sqrt", "log10"):
        expected = [getattr(math, name)(v) for v in x]
        np.testing.assert_allclose(DEFAULT_FUNCTIONS[name].apply((x,)),
                                   expected, rtol=1e-15)
    for ours, theirs in (("arcsin", math.asin), ("arccos", math.acos),
                         ("arctan", math.atan)):
        np.testing.assert_allclose(DEFAULT_FUNCTIONS[ours].apply((x,)),
                                   [theirs(v) for v in x], rtol=1e-15)


def test_int_truncates_toward_zero():
    result = DEFAULT_FUNCTIONS["int"].apply((np.array([-2.7, -0.5, 0.5,
                                                       2.7]),))
    assert result.dtype == np.int64
    assert result.tolist() == [-2, 0, 0, 2]
    assert DEFAULT_FUNCTIONS["int"].apply((np.array([True, False]),)
                                          ).tolist() == [1, 0]
    assert DEFAULT_FUNCTIONS["int"].apply((True,)) == 1


def test_sign_abs_floor_ceil_clip():
    f = DEFAULT_FUNCTIONS
    x = np.array([-1.5, 0.0, 2.5])
    assert f["sign"].apply((x,)).tolist() == [-1, 0, 1]
    assert f["abs"].apply((x,)).tolist() == [1.5, 0, 2.5]
    assert f["floor"].apply((x,)).tolist() == [-2, 0, 2]
    assert f["ceil"].apply((x,)).tolist() == [-1, 0, 3]
    assert f["clip"].apply((x, -1.0, 1.0)).tolist() == [-1, 0, 1]


def test_exprel_is_accurate_near_zero():
    x = np.array([-1e-3, -1e-8, -1e-15, 1e-300, 1e-15, 1e-8, 1e-3])
    # The Taylor series, whose next term is below 1e-20 here.
    series = sum(x ** k / math.factorial(k + 1) for k in range(6))
    # (exp(x) - 1)/x computed naively loses about 1e-8 at x = 1e-8.
    np.testing.assert_allclose(exprel(x), series, rtol=5e-16)


def test_exprel_values():
    assert exprel(0.0) == 1.0
    assert exprel(np.array([0.0, 0.0])).tolist() == [1.0, 1.0]
    assert math.isclose(exprel(1.0), math.e - 1, rel_tol=1e-15)
    assert math.isclose(exprel(-2.0), (math.exp(-2) - 1) / -2,
                        rel_tol=1e-15)
    assert exprel(-1000.0) == pytest.approx(1e-3)
    assert np.isinf(exprel(1000.0))


def test_timestep_survives_rounding():
    dt = 0.1
    # 0.3/0.1 is 2.9999999999999996 in floating point.
    assert timestep(0.3, dt) == 3
    steps = np.arange(1000)
    assert np.array_equal(timestep(steps * dt, dt), steps)
    assert timestep(0.35, dt) == 3
    assert DEFAULT_FUNCTIONS["timestep"].apply((0.3, 0.1)) == 3


def test_random_functions_draw_one_value_per_element():
    rng = np.random.default_rng(1)
    values = DEFAULT_FUNCTIONS["rand"].apply((), rng, 1000)
    assert values.shape == (1000,)
    assert 0 <= values.min() and values.max() < 1
    again = DEFAULT_FUNCTIONS["rand"].apply((), np.random.default_rng(1),
                                            1000)
    assert np.array_equal(values, again)
    assert np.ndim(DEFAULT_FUNCTIONS["randn"].apply((), rng, None)) == 0
    normal = DEFAULT_FUNCTIONS["randn"].apply((), rng, 40000)
    assert abs(normal.mean()) < 4 / 200 and abs(normal.var() - 1) < 0.03


def test_poisson_draws_integers_with_the_right_mean():
    rng = np.random.default_rng(2)
    lam = np.array([0.5, 20.0] * 20000)
    draws = DEFAULT_FUNCTIONS["poisson"].apply((lam,), rng, lam.shape)
    assert draws.dtype == np.int64
    assert abs(draws[0::2].mean() - 0.5) < 4 * math.sqrt(0.5 / 20000)
    assert abs(draws[1::2].mean() - 20) < 4 * math.sqrt(20 / 20000)


def test_random_functions_need_a_generator():
    assert not DEFAULT_FUNCTIONS["rand"].stateless
    assert DEFAULT_FUNCTIONS["rand"].needs_size
    assert DEFAULT_FUNCTIONS["exp"].stateless
    with pytest.raises(ValueError, match="numpy.random.Generator"):
        DEFAULT_FUNCTIONS["randn"].apply((), None, 3)


def test_apply_checks_argument_count():
    with pytest.raises(TypeError, match="takes 1 argument, got 2"):
        DEFAULT_FUNCTIONS["exp"].apply((1.0, 2.0))


def test_default_registry_is_read_only_and_copies_are_not():
    spec = FunctionSpec("double", 1, lambda dims: dims[0], "float",
                        lambda x: 2 * x)
    with pytest.raises(ValueError, match="read-only"):
        DEFAULT_FUNCTIONS.register(spec)
    mine = DEFAULT_FUNCTIONS.copy()
    mine.register(spec)
    assert mine["double"].apply((np.array([1.0, 2.0]),)).tolist() == [2, 4]
    assert "double" not in DEFAULT_FUNCTIONS
    assert len(mine) == len(DEFAULT_FUNCTIONS) + 1
    with pytest.raises(ValueError, match="already registered"):
        mine.register(spec)
    mine.register(FunctionSpec("double", 1, lambda dims: dims[0], "float",
                               lambda x: 3 * x), replace=True)
    assert mine["double"].apply((1.0,)) == 3


def test_registry_rejects_non_specs():
    with pytest.raises(TypeError):
        FunctionRegistry().register(np.exp)


def test_auto_vectorise_applies_scalar_functions_elementwise():
    spec = FunctionSpec("step", 1, dimensionless_rule(), "float",
                        lambda x: 1.0 if x > 0 else 0.0,
                        auto_vectorise=True)
    assert spec.apply((np.array([-1.0, 2.0, 3.0]),)).tolist() == [0, 1, 1]


def test_spec_validation():
    with pytest.raises(ValueError, match="result_kind"):
        FunctionSpec("f", 1, dimensionless_rule(), "complex", np.exp)
    with pytest.raises(ValueError, match="needs_size"):
        FunctionSpec("f", 0, dimensionless_rule(), "float", np.exp,
                     stateless=False)
