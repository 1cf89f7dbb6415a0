"""Exact integration with a TimedArray input that is constant per step."""

import numpy as np
import pytest

from ranvier import (Clock, Function, Network, NeuronGroup, StateMonitor,
                     TimedArray, ms, second)
from ranvier.integration.system import UnsupportedEquationsError

EQS = '''dv/dt = (I - v)/tau : 1
         I = stimulus(t) : 1'''
TAU = 5e-3


def _reference(values, table_dt, dt, steps):
    """v after each step, the input held at its value at the step start."""
    v, out = 0.0, []
    for k in range(steps):
        out.append(v)
        stimulus = values[min(int(k * dt / table_dt + 1e-9), len(values) - 1)]
        v = stimulus + (v - stimulus) * np.exp(-dt / TAU)
    return np.array(out)


@pytest.mark.parametrize("ratio", [1, 3])
def test_exact_update_matches_the_stepwise_solution(backend, ratio):
    dt = 0.1e-3
    values = np.sin(np.arange(40) * 0.7) * 2
    stimulus = TimedArray(values, dt=ratio * dt * second)
    tau = TAU * second
    G = NeuronGroup(1, EQS, method="exact", clock=Clock(dt * second))
    assert G._state_update.method == "exact"
    M = StateMonitor(G, "v", record=0)
    Network(G, M).run(100 * dt * second)
    expected = _reference(values, ratio * dt, dt, 100)
    np.testing.assert_allclose(M.v[0], expected, rtol=1e-12, atol=1e-14)


def test_automatic_choice_takes_exact_for_a_matching_timed_array():
    stimulus = TimedArray([1.0, 2.0], dt=1 * ms)
    tau = TAU * second
    assert NeuronGroup(1, EQS)._state_update.method == "exact"


def test_a_finer_table_is_not_constant_per_step():
    stimulus = TimedArray([1.0, 2.0], dt=0.05 * ms)   # finer than 0.1 ms
    tau = TAU * second
    assert NeuronGroup(1, EQS)._state_update.method != "exact"
    with pytest.raises(UnsupportedEquationsError, match="time"):
        NeuronGroup(1, EQS, method="exact")


def test_other_functions_of_time_are_not_taken_as_constant():
    stimulus = Function(lambda t: np.sin(t / second), arg_units=[second],
                        return_unit=1)
    tau = TAU * second
    with pytest.raises(UnsupportedEquationsError, match="time"):
        NeuronGroup(1, EQS, method="exact")


def test_run_time_check_after_the_table_changes(backend):
    stimulus = TimedArray([1.0, 2.0], dt=0.1 * ms)
    tau = TAU * second
    G = NeuronGroup(1, EQS, method="exact")
    stimulus = TimedArray([1.0, 2.0], dt=0.05 * ms)   # rebound before run
    with pytest.raises(ValueError, match="'stimulus' is not"):
        Network(G).run(1 * ms)


def test_per_neuron_table(backend):
    stimulus2 = TimedArray(np.array([[1.0, 3.0], [2.0, 4.0]]), dt=1 * ms)
    tau = TAU * second
    G = NeuronGroup(2, '''dv/dt = (I - v)/tau : 1
                          I = stimulus2(t, i) : 1''', method="exact")
    Network(G).run(2 * ms)
    # 1 ms at each value: v = I2 + (v1 - I2) e^{-0.2}, v1 = I1 (1 - e^{-0.2})
    decay = np.exp(-1e-3 / TAU)
    v1 = np.array([1.0, 3.0]) * (1 - decay)
    expected = np.array([2.0, 4.0]) + (v1 - np.array([2.0, 4.0])) * decay
    np.testing.assert_allclose(np.asarray(G.v), expected, rtol=1e-9)
