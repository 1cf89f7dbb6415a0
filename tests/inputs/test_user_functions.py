"""User functions: Function, implementation, check_units functions in
model code, unit checks at check time and run time, every error path."""

import math

import numpy as np
import pytest

from ranvier import (Function, ModelNameError, ModelUnitError, Network,
                     NeuronGroup, SpikeMonitor, StateMonitor, amp, check_units,
                     implementation, mV, ms, second, volt)
from ranvier.lang.functions import DEFAULT_FUNCTIONS, FunctionSpec
from ranvier.lang.user_functions import as_function, unitless_copy
from ranvier.units import DIMENSIONLESS, DimensionMismatchError

DT = 0.1 * ms


@check_units(x=volt, result=volt)
def half(x):
    return x / 2


def after_one_step(model, statement, N=3, **namespace):
    """The group after running ``statement`` once (names from
    ``namespace``)."""
    G = NeuronGroup(N, model, namespace=namespace, dt=DT)
    G.run_regularly(statement)
    Network(G).run(DT)
    return G


# -- in model code ------------------------------------------------------------

def test_check_units_function_used_directly():
    G = after_one_step("v : volt\nu : volt", "v = half(u + 4*mV)")
    np.testing.assert_allclose(G.v / mV, 2)


def test_check_units_function_from_calling_code():
    G = NeuronGroup(2, "v : volt", dt=DT)
    G.run_regularly("v = half(6*mV)")
    Network(G).run(DT)
    np.testing.assert_allclose(G.v / mV, 3)


def test_function_in_equations_threshold_and_reset():
    G = NeuronGroup(1, "dv/dt = half(20*mV)/ms : volt",
                    threshold="v > half(10*mV)", reset="v = half(-2*mV)",
                    method="euler", dt=DT)
    spikes = SpikeMonitor(G)
    mon = StateMonitor(G, "v", record=0, when="end")
    Network(G, spikes, mon).run(0.5 * ms)
    # +1 mV per step; threshold 5 mV, reset to -1 mV.
    np.testing.assert_allclose(mon[0].v / mV, [1, 2, 3, 4, 5], atol=1e-12)
    G2 = NeuronGroup(1, "dv/dt = half(20*mV)/ms : volt",
                     threshold="v > half(10*mV)", reset="v = half(-2*mV)",
                     method="euler", dt=DT)
    mon2 = StateMonitor(G2, "v", record=0, when="end")
    Network(G2, mon2).run(0.8 * ms)
    np.testing.assert_allclose(mon2[0].v / mV, [1, 2, 3, 4, 5, -1, 0, 1],
                               atol=1e-12)
    assert len(spikes.t) == 0


def test_function_object_with_explicit_units():
    square = Function(lambda x: x ** 2, arg_units=[mV], return_unit=mV ** 2,
                      name="square")
    G = after_one_step("v : volt\nw : volt**2", "w = square(3*mV)",
                       square=square)
    np.testing.assert_allclose(G.w_, 9e-6)


def test_callable_return_unit_and_any_argument():
    square = Function(lambda x: x ** 2, arg_units=[None],
                      return_unit=lambda u: u ** 2)
    G = after_one_step("v : volt\nw : volt**2\ns : second**2",
                       "w = square(2*mV)\ns = square(3*ms)", square=square)
    np.testing.assert_allclose(G.w_, 4e-6)
    np.testing.assert_allclose(G.s_, 9e-6)
    with pytest.raises(ModelUnitError, match="cannot assign to 'w'"):
        after_one_step("w : volt", "w = square(2*mV)", square=square)


def test_boolean_arguments_and_result():
    @check_units(flag=bool, x=1, result=bool)
    def both(flag, x):
        return np.logical_and(flag, x > 1)
    G = after_one_step("b : boolean", "b = both(i > 0, i)", N=4, both=both)
    np.testing.assert_array_equal(G.b, [False, False, True, True])


def test_auto_vectorise_for_scalar_functions():
    scalar_exp = Function(math.exp, arg_units=[1], return_unit=1,
                          auto_vectorise=True, name="scalar_exp")
    G = after_one_step("y : 1", "y = scalar_exp(i)", N=3,
                       scalar_exp=scalar_exp)
    np.testing.assert_allclose(G.y, np.exp([0, 1, 2]))


def test_stateful_function():
    calls = []

    def counter(x):
        calls.append(np.size(x))
        return x + len(calls)
    counting = Function(counter, arg_units=[1], return_unit=1,
                        stateless=False)
    spec = counting.function_spec
    assert not spec.stateless and spec.needs_size
    G = after_one_step("y : 1", "y = counting(i)", N=3, counting=counting)
    np.testing.assert_array_equal(G.y, [1, 2, 3])
    assert calls == [3]


def test_integer_argument_type_is_checked():
    pick = Function(lambda k: k * 2.0, arg_units=[1], return_unit=1,
                    arg_types=["integer"], name="pick")
    G = after_one_step("y : 1", "y = pick(i)", pick=pick)
    np.testing.assert_array_equal(G.y, [0, 2, 4])
    with pytest.raises(ModelUnitError, match="in call to 'pick': argument 1 "
                       "must be an integer value, got a float value"):
        after_one_step("y : 1", "y = pick(i/2)", pick=pick)


def test_numpy_functions_from_star_import_are_the_builtins():
    # `from ranvier import *` binds NumPy's sin in user code.
    sin = np.sin  # noqa: F841 (found by name resolution)
    G = NeuronGroup(2, "y : 1", dt=DT)
    G.run_regularly("y = sin(1.0)")
    Network(G).run(DT)
    np.testing.assert_allclose(G.y, np.sin(1.0))


# -- unit errors --------------------------------------------------------------

def test_wrong_argument_unit_marks_the_call():
    with pytest.raises(ModelUnitError) as info:
        after_one_step("v : volt", "v = half(3*amp)")
    text = str(info.value)
    assert "in call to 'half': argument 1 ('x') must have units of volt, " \
           "got amp" in text
    assert "\n" + " " * 14 + "^" * len("half(3*amp)") in text


def test_wrong_result_unit_for_the_target():
    with pytest.raises(ModelUnitError, match="cannot assign to 'I'"):
        after_one_step("I : amp", "I = half(3*mV)")


def test_result_with_wrong_units_at_run_time():
    @check_units(x=volt, result=volt)
    def liar(x):
        return x / volt  # the check_units wrapper only runs at return...
    liar_fn = Function(liar._orig_func, arg_units=[volt], return_unit=volt,
                       name="liar")
    with pytest.raises(DimensionMismatchError, match="function 'liar' "
                       "returned a value with units of 1 \\(dimensionless\\), "
                       "but its return unit is volt"):
        after_one_step("v : volt", "v = liar_fn(1*mV)", liar_fn=liar_fn)


def test_result_none_at_run_time():
    nothing = Function(lambda x: None, arg_units=[volt], return_unit=volt,
                       name="nothing")
    with pytest.raises(TypeError, match="'nothing' returned None"):
        after_one_step("v : volt", "v = nothing(1*mV)", nothing=nothing)
    any_unit = Function(lambda x: None, arg_units=[None],
                        return_unit=lambda u: u, name="anyway")
    with pytest.raises(TypeError, match="'anyway' returned None"):
        after_one_step("v : volt", "v = any_unit(1*mV)", any_unit=any_unit)


# -- functions that cannot be used --------------------------------------------

def test_plain_python_function_is_refused_with_advice():
    def plain(x):
        return x
    with pytest.raises(ModelNameError, match="'plain' refers to a Python "
                       "function without declared units; decorate it with "
                       "@check_units"):
        after_one_step("v : volt", "v = plain(v)", plain=plain)


def test_check_units_without_result_is_refused():
    @check_units(x=volt)
    def no_result(x):
        return x
    with pytest.raises(ModelNameError, match="'no_result' refers to a Python "
                       "function that cannot be used in model code: Function "
                       "'no_result' has no return unit"):
        after_one_step("v : volt", "v = no_result(v)", no_result=no_result)


# -- Function construction errors ---------------------------------------------

@pytest.mark.parametrize("kwargs, error, message", [
    (dict(), ValueError, "give arg_units= and return_unit="),
    (dict(arg_units=[volt]), ValueError, "has no return unit"),
    (dict(arg_units=["volt"], return_unit=volt), TypeError,
     "must be a unit such as mV"),
    (dict(arg_units=[volt], return_unit="volt"), TypeError,
     "the result of"),
    (dict(arg_units=[volt], return_unit=volt, arg_types=["float", "float"]),
     ValueError, "2 arg_types for 1 arguments"),
    (dict(arg_units=[volt], return_unit=volt, arg_types=["real"]),
     ValueError, "unknown argument type 'real'"),
    (dict(arg_units=[volt], return_unit=volt, return_type="complex"),
     ValueError, "unknown return type 'complex'"),
    (dict(arg_units=[volt], return_unit=volt, numba_impl=3), TypeError,
     "numba_impl must be callable"),
])
def test_construction_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        Function(lambda x: x, **kwargs)


def test_not_callable_and_sympy_func():
    with pytest.raises(TypeError, match="needs a callable"):
        Function(3, arg_units=[1], return_unit=1)
    with pytest.raises(NotImplementedError, match="sympy_func"):
        Function(abs, sympy_func=abs, arg_units=[1], return_unit=1)


def test_names_and_types_of_arguments():
    f = Function(np.hypot, arg_units=[volt, volt], return_unit=volt)
    assert f.name == "hypot"
    assert f.arg_names == ["x1", "x2"]
    # Builtins without a signature get numbered names.
    assert Function(math.hypot, arg_units=[1, 1],
                    return_unit=1).arg_names == ["arg1", "arg2"]
    assert f.function_spec.arg_kinds == ("any", "any")
    assert repr(f) == "<Function 'hypot' of 2 arguments>"
    g = Function(lambda a, b: a, arg_units=[volt, bool], return_unit=bool,
                 arg_names=["first"])
    assert g.arg_names == ["first", "arg2"]
    assert g.function_spec.arg_kinds == ("any", "boolean")
    assert g.function_spec.result_kind == "boolean"
    assert half.__name__ == "half" and as_function(half)(4 * mV) == 2 * mV


def test_as_function_is_made_once():
    assert as_function(half) is as_function(half)
    assert as_function(half).arg_units == [volt.dim]
    assert as_function(half).return_unit is volt.dim


# -- implementations ----------------------------------------------------------

def test_discard_units_gives_plain_numbers():
    tau = 10 * ms

    @implementation("numpy", discard_units=True)
    @check_units(v=volt, result=volt)
    def scaled(v):
        # ms and tau are plain numbers in the copy the simulation calls.
        assert not hasattr(v, "dim") and not hasattr(ms, "dim")
        assert not hasattr(tau, "dim")
        return v * (tau / ms) / 10
    assert isinstance(scaled, Function)
    G = after_one_step("v : volt", "v = scaled(2*mV)", scaled=scaled)
    np.testing.assert_allclose(G.v / mV, 2)
    # Called from Python, the function keeps its units.
    with pytest.raises(AssertionError):
        scaled(2 * mV)


def test_unitless_copy_of_builtins_is_the_builtin():
    assert unitless_copy(np.sin) is np.sin


def test_numba_implementation_is_recorded():
    @implementation("numba")
    @check_units(x=volt, result=volt)
    def doubled(x):
        return 2 * x
    compiled = doubled.function_spec.numba_implementation
    assert compiled is doubled.pyfunc._orig_func

    def fast(x):
        return x * 0.5
    f = Function(half, numba_impl=fast)
    assert f.function_spec.numba_implementation is fast
    assert Function(half).function_spec.numba_implementation is None
    g = Function(half)
    implementation("numba", fast)(g)
    assert g.function_spec.numba_implementation is fast


def test_other_targets_are_kept_not_used():
    @implementation("cpp", "double f(double x) { return x; }")
    @implementation("numpy", discard_units=True)
    @check_units(x=volt, result=volt)
    def ident(x):
        return x
    assert ident.implementations["cpp"].startswith("double")
    G = after_one_step("v : volt", "v = ident(5*mV)", ident=ident)
    np.testing.assert_allclose(G.v / mV, 5)


@pytest.mark.parametrize("target, code, kwargs, error, message", [
    ("fortran", None, {}, ValueError, "unknown implementation target"),
    ("numpy", "return x", {}, TypeError, "does not compile code strings"),
    ("numpy", 3, {}, TypeError, "must be callable"),
    ("numpy", None, dict(namespace={}), TypeError,
     "namespace= only applies to code strings"),
    ("numba", None, dict(dependencies={}), TypeError,
     "dependencies= only applies"),
])
def test_implementation_errors(target, code, kwargs, error, message):
    with pytest.raises(error, match=message):
        implementation(target, code, **kwargs)(half)


# -- the FunctionSpec fields --------------------------------------------------

def test_spec_arg_kinds_validation_and_problem_text():
    rule = DEFAULT_FUNCTIONS["exp"].unit_rule
    with pytest.raises(ValueError, match="arg_kinds of function 'f' must be"):
        FunctionSpec("f", 1, rule, "float", np.exp, arg_kinds=("real",))
    spec = FunctionSpec("f", 2, rule, "float", np.exp,
                        arg_kinds=("boolean", "integer"))
    assert spec.kind_problem(("boolean", "boolean")) is None
    assert spec.kind_problem(("integer", "integer")) == \
        "argument 1 must be a boolean value, got an integer value"
    assert DEFAULT_FUNCTIONS["exp"].kind_problem(("boolean",)) is None


def test_specs_with_data_compare_and_hash():
    data = (("f.values", np.arange(3.0)),)
    rule = DEFAULT_FUNCTIONS["exp"].unit_rule
    a = FunctionSpec("f", 1, rule, "float", np.exp, numba_data=data)
    b = FunctionSpec("f", 1, rule, "float", np.exp,
                     numba_data=(("f.values", np.arange(4.0)),))
    assert a == b and hash(a) == hash(b)
    assert DIMENSIONLESS is rule((DIMENSIONLESS,))
    assert second.dim is not DIMENSIONLESS and amp.dim is not volt.dim
