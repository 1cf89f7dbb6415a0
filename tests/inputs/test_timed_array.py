"""TimedArray: lookups at step boundaries, beyond the ends, in model code,
with units, and every error path."""

import numpy as np
import pytest

from ranvier import (ModelSyntaxError, ModelUnitError, Network, NeuronGroup,
                     SpikeMonitor, StateMonitor, TimedArray, amp, ms, mV,
                     second, volt)
from ranvier.lang.timed_array import EPSILON
from ranvier.units import DimensionMismatchError

DT = 0.1 * ms


def recorded(group, var="v", steps_ms=1.0):
    """Values of ``var`` at the end of each step of a run (names resolved
    in the caller)."""
    mon = StateMonitor(group, var, record=True, when="end")
    Network(group, mon).run(steps_ms * ms, level=1)
    return mon


# -- Python calls -------------------------------------------------------------

def test_brian_documented_example():
    ta = TimedArray([1, 2, 3, 4] * mV, dt=0.1 * ms)
    assert ta(0.3 * ms) == 4 * mV


def test_every_step_boundary_selects_its_value():
    values = np.arange(50.0)
    ta = TimedArray(values, dt=DT)
    # k*dt computed as a product lands below k*dt for some k (0.3e-3/1e-4
    # is 2.9999999999999996): the rule must still select values[k].
    times = np.arange(50) * float(DT / second)
    np.testing.assert_array_equal(ta(times * second), values)
    assert any(np.floor(times / float(DT / second)) != np.arange(50))


def test_within_a_step_and_just_before_the_next():
    ta = TimedArray(np.arange(10.0), dt=DT)
    dt = float(DT / second)
    k = np.arange(9)
    np.testing.assert_array_equal(ta((k + 0.5) * dt * second), k)
    # Just below the boundary, beyond the epsilon: still the old value.
    np.testing.assert_array_equal(ta((k + 1 - 10 * EPSILON) * dt * second), k)
    # Within the epsilon below the boundary: already the next value.
    np.testing.assert_array_equal(ta((k + 1 - EPSILON / 10) * dt * second),
                                  k + 1)


def test_beyond_the_ends_hold_first_and_last():
    ta = TimedArray([5, 6, 7] * mV, dt=DT)
    assert ta(-3 * ms) == 5 * mV
    assert ta(0.3 * ms) == 7 * mV
    assert ta(1e9 * second) == 7 * mV


def test_two_dimensional_lookup():
    values = np.arange(12.0).reshape(4, 3) * mV
    ta = TimedArray(values, dt=DT)
    assert ta(0.2 * ms, 1) == values[2, 1]
    np.testing.assert_array_equal(ta(0.1 * ms, np.array([0, 1, 2])),
                                  values[1])
    np.testing.assert_array_equal(ta(10 * ms, 2), values[3, 2])


def test_properties_and_read_only_values():
    ta = TimedArray([1, 2] * mV, dt=DT, name="stim")
    assert ta.name == "stim"
    assert ta.dt == DT
    np.testing.assert_array_equal(ta.values, [1, 2] * mV)
    with pytest.raises(ValueError):
        ta.values[0] = 3 * mV
    assert "stim" in repr(ta)
    plain = TimedArray([1, 2], dt=DT)
    assert isinstance(plain(0 * ms), np.integer)


def test_numba_data_keys_are_unique():
    a = TimedArray([1.0], dt=DT, name="same").function_spec
    b = TimedArray([2.0], dt=DT, name="same").function_spec
    keys_a = {key for key, _ in a.numba_data}
    assert len(keys_a) == 2 and not keys_a & {key for key, _ in b.numba_data}


def test_is_locally_constant():
    ta = TimedArray([1.0, 2.0], dt=0.2 * ms)
    assert ta.is_locally_constant(0.1 * ms)
    assert ta.is_locally_constant(0.2 * ms)
    assert not ta.is_locally_constant(0.3 * ms)
    assert not ta.is_locally_constant(0.15 * ms)


def test_kinds_follow_the_values():
    assert TimedArray([1.0], dt=DT).function_spec.result_kind == "float"
    assert TimedArray([1, 2], dt=DT).function_spec.result_kind == "integer"
    assert TimedArray(np.array([1, 2], np.uint8),
                      dt=DT).function_spec.result_kind == "integer"
    assert TimedArray([True], dt=DT).function_spec.result_kind == "boolean"


# -- in model code ------------------------------------------------------------

def test_in_statements_each_step_reads_its_value():
    ta = TimedArray([1, 2, 3, 4] * mV, dt=DT)
    G = NeuronGroup(1, "v : volt")
    G.run_regularly("v = ta(t)")
    mon = recorded(G)
    np.testing.assert_array_equal(mon[0].v / mV, [1, 2, 3, 4, 4, 4, 4, 4, 4,
                                                  4])


def test_coarser_and_finer_array_steps():
    ta = TimedArray(np.arange(10.0) * mV, dt=2 * DT)
    G = NeuronGroup(1, "v : volt", dt=DT)
    G.run_regularly("v = ta(t)")
    mon = recorded(G)
    np.testing.assert_array_equal(mon[0].v / mV, np.arange(10) // 2)
    G2 = NeuronGroup(1, "v : volt", dt=2 * DT)
    G2.run_regularly("v = ta(t)")
    mon2 = recorded(G2, steps_ms=2.0)
    np.testing.assert_array_equal(mon2[0].v / mV, np.arange(10))
    fine = TimedArray(np.arange(20.0) * mV, dt=DT / 2)
    G3 = NeuronGroup(1, "v : volt", dt=DT)
    G3.run_regularly("v = fine(t)")
    mon3 = recorded(G3)
    np.testing.assert_array_equal(mon3[0].v / mV, np.arange(0, 20, 2))


def test_two_dimensional_in_statements():
    ta2d = TimedArray([[1, 2], [3, 4], [5, 6]] * mV, dt=DT)
    G = NeuronGroup(4, "v : volt")
    G.run_regularly("v = ta2d(t, i % 2)")
    mon = recorded(G, steps_ms=0.4)
    expected = np.array([[1, 3, 5, 5], [2, 4, 6, 6]] * 2)
    np.testing.assert_array_equal(mon.v / mV, expected)


def test_in_a_differential_equation():
    # Euler with a right side that is constant within each step is exact:
    # v after k steps is dt * (sum of the first k values) / tau.
    values = np.array([0.0, 1.0, 3.0, -2.0, 5.0])
    drive = TimedArray(values, dt=DT)
    G = NeuronGroup(1, "dv/dt = drive(t)/ms : 1", method="euler")
    mon = recorded(G, steps_ms=0.8)
    held = np.concatenate([values, [values[-1]] * 3])
    np.testing.assert_allclose(mon[0].v, np.cumsum(held) * 0.1,
                               rtol=1e-12, atol=1e-15)


def test_in_threshold_and_reset():
    pattern = TimedArray([False, True, False, True, True], dt=DT)
    level = TimedArray([0, 0, 0, 7, 9] * mV, dt=DT)
    G = NeuronGroup(2, "v : volt", threshold="pattern(t)",
                    reset="v = level(t)")
    spikes = SpikeMonitor(G)
    mon = StateMonitor(G, "v", record=0, when="end")
    Network(G, spikes, mon).run(0.7 * ms)
    # The pattern holds its last value (True) beyond the end.
    assert list(spikes.t_ / 1e-4) == pytest.approx(
        [1, 1, 3, 3, 4, 4, 5, 5, 6, 6])
    np.testing.assert_array_equal(mon[0].v / mV, [0, 0, 0, 7, 9, 9, 9])


def test_in_a_string_assignment():
    ta2d = TimedArray(np.arange(6.0).reshape(2, 3) * mV, dt=DT)
    G = NeuronGroup(3, "v : volt", dt=DT)  # its own clock stands at 0
    G.v = "ta2d(t, i)"
    np.testing.assert_array_equal(G.v / mV, [0, 1, 2])


# -- errors in model code -----------------------------------------------------

def run_model(model, **namespace):
    G = NeuronGroup(2, model, namespace=namespace)
    Network(G).run(0.1 * ms)


def test_result_units_are_checked():
    ta = TimedArray([1, 2] * mV, dt=DT)
    with pytest.raises(ModelUnitError, match="amp") as info:
        run_model("I = ta(t) : amp", ta=ta)
    assert "ta(t)" in str(info.value)


def test_argument_must_be_a_time():
    ta = TimedArray([1, 2] * mV, dt=DT)
    with pytest.raises(ModelUnitError, match="argument 1 of TimedArray "
                       "'.*' must be a time, got volt") as info:
        run_model("v = ta(2*mV) : volt", ta=ta)
    assert "\n" + " " * 14 + "^" * len("ta(2*mV)") in str(info.value)


def test_neuron_index_must_be_dimensionless():
    ta = TimedArray([[1, 2]] * mV, dt=DT)
    with pytest.raises(ModelUnitError, match="neuron index.*dimensionless"):
        run_model("v = ta(t, 1*ms) : volt", ta=ta)


def test_neuron_index_must_be_an_integer():
    ta = TimedArray([[1, 2]] * mV, dt=DT)
    with pytest.raises(ModelUnitError, match="argument 2 must be an integer "
                       "value, got a float value"):
        run_model("v = ta(t, i/2) : volt", ta=ta)


def test_wrong_number_of_arguments():
    ta = TimedArray([1, 2] * mV, dt=DT)
    with pytest.raises(ModelSyntaxError, match="takes 1 argument, got 2"):
        run_model("v = ta(t, i) : volt", ta=ta)


def test_neuron_index_out_of_range_at_run_time():
    narrow = TimedArray([[1, 2]] * mV, dt=DT, name="narrow")
    G = NeuronGroup(3, "v : volt")
    G.run_regularly("v = narrow(t, i)")
    with pytest.raises(IndexError, match="'narrow' has 2 columns .* index 2"):
        Network(G).run(0.1 * ms)


@pytest.mark.parametrize("index", ["i - 1", "i + 1"])
def test_neuron_index_out_of_range_in_compiled_code(index):
    # Compiled indexing wraps negative indices; the lookup must refuse them.
    narrow = TimedArray([[1, 2, 3]] * mV, dt=DT, name="narrow")
    G = NeuronGroup(3, "v : volt")
    G.run_regularly(f"v = narrow(t, {index})")
    with pytest.raises(IndexError, match="outside its columns"):
        Network(G, backend="numba").run(0.1 * ms)


# -- errors in Python ---------------------------------------------------------

@pytest.mark.parametrize("values, message", [
    ([], "non-empty"),
    (np.zeros((2, 2, 2)), "1-D or 2-D"),
    (np.float64(3.0), "1-D or 2-D"),
])
def test_bad_values(values, message):
    with pytest.raises(ValueError, match=message):
        TimedArray(values, dt=DT)


def test_values_must_be_numbers():
    with pytest.raises(TypeError, match="must be numbers or a Quantity"):
        TimedArray(["a", "b"], dt=DT)
    with pytest.raises(TypeError, match="must be numbers"):
        TimedArray(np.array([1 + 2j]), dt=DT)


@pytest.mark.parametrize("dt, error, message", [
    (1 * mV, DimensionMismatchError, "dt must be a time"),
    (0 * ms, ValueError, "positive, finite"),
    (-1 * ms, ValueError, "positive, finite"),
    (np.inf * ms, ValueError, "positive, finite"),
])
def test_bad_dt(dt, error, message):
    with pytest.raises(error, match=message):
        TimedArray([1.0], dt=dt)


def test_python_call_errors():
    one = TimedArray([1.0], dt=DT, name="one")
    two = TimedArray([[1.0, 2.0]], dt=DT, name="two")
    with pytest.raises(TypeError, match=r"called as one\(t\)"):
        one(1 * ms, 0)
    with pytest.raises(TypeError, match=r"called as two\(t, i\)"):
        two(1 * ms)
    with pytest.raises(DimensionMismatchError, match="called with a time"):
        one(1 * volt)
    with pytest.raises(TypeError, match="integer neuron index"):
        two(1 * ms, 0.5)
    with pytest.raises(IndexError, match="index -1"):
        two(1 * ms, -1)


def test_units_of_the_result():
    ta = TimedArray([1.0, 2.0] * amp, dt=DT)
    assert ta.function_spec.unit_rule((second.dim,)) is amp.dim


# -- the compiled implementation ----------------------------------------------

@pytest.mark.slow
def test_numba_implementations_agree_with_numpy():
    numba = pytest.importorskip("numba")
    one = TimedArray(np.arange(5.0) * mV, dt=DT)
    two = TimedArray(np.arange(15.0).reshape(5, 3), dt=DT)
    dt = float(DT / second)
    times = np.concatenate([np.arange(-2, 9) * dt,
                            (np.arange(6) + 1 - EPSILON / 10) * dt,
                            (np.arange(6) + 0.5) * dt])
    for ta, args in ((one, ()), (two, (2,))):
        spec = ta.function_spec
        compiled = numba.njit(spec.numba_implementation)
        data = [array for _, array in spec.numba_data]
        got = [compiled(*data, t, *args) for t in times]
        np.testing.assert_array_equal(got, spec.implementation(times, *args))
