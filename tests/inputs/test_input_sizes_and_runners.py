"""Input groups as Brian 2 scripts build them: sizes and spike indices
given as integer-valued floats, and run_regularly on PoissonGroup (as in
Wang_2002.py). Behaviour checked against Brian 2.9."""

import numpy as np
import pytest

from ranvier import (Network, NeuronGroup, PoissonGroup, PoissonInput,
                     SpikeGeneratorGroup, SpikeMonitor, Hz, ms)
from ranvier.objects.runner import CodeRunner

DT = 0.1 * ms


@pytest.mark.parametrize("N", [10.0, np.float64(10.0), np.int16(10)])
def test_integer_valued_sizes(N):
    assert PoissonGroup(N, 5 * Hz).N == 10
    assert SpikeGeneratorGroup(N, [0], [1] * ms).N == 10


def test_poisson_input_count_as_integer_valued_float():
    # Brunel_2000.py passes N = 0.1*C_E = 1000.0 (Brian 2 accepts any
    # number; ranvier refuses fractional and non-positive counts).
    G = NeuronGroup(2, "v : 1")
    assert PoissonInput(G, "v", 1000.0, 5 * Hz, weight=1).N == 1000
    for bad in (10.5, 0.0, float("inf")):
        with pytest.raises(ValueError, match="N must be a positive number"):
            PoissonInput(G, "v", bad, 5 * Hz, weight=1)


@pytest.mark.parametrize("N", [10.5, -2.0, 0.0])
def test_fractional_or_small_sizes_are_refused(N):
    # Brian 2 refuses 10.5 for SpikeGeneratorGroup (and truncates it for
    # PoissonGroup, which ranvier refuses too).
    with pytest.raises(ValueError, match="positive integer number"):
        SpikeGeneratorGroup(N, [0], [1] * ms)
    with pytest.raises(ValueError, match="positive integer number"):
        PoissonGroup(N, 5 * Hz)


def test_spike_indices_as_integer_valued_floats(backend):
    G = SpikeGeneratorGroup(3, np.array([2.0, 0.0, 1.0]),
                            [0.5, 0.2, 0.3] * ms, dt=DT)
    np.testing.assert_array_equal(G.indices, [0, 1, 2])
    assert G.indices.dtype.kind == "i"
    M = SpikeMonitor(G)
    Network(G, M).run(1 * ms)
    np.testing.assert_array_equal(M.i, [0, 1, 2])
    np.testing.assert_allclose(M.t / ms, [0.2, 0.3, 0.5])
    G.set_spikes([1.0], [0.1] * ms)
    np.testing.assert_array_equal(G.indices, [1])


@pytest.mark.parametrize("indices, message", [
    ([0.0, 1.5], "got 1.5 for spike 1"),
    ([0.0, np.nan], "got nan for spike 1"),
    ([True, False], "indices must be integers, got bool"),
])
def test_fractional_spike_indices_are_refused(indices, message):
    # Brian 2 truncates 1.5 to 1; ranvier refuses it.
    with pytest.raises(TypeError, match=message):
        SpikeGeneratorGroup(3, indices, [0.1, 0.2] * ms)


def test_run_regularly_sets_poisson_rates(backend):
    # At rate 1/dt a neuron fires with probability 1 in each step, at 0 Hz
    # never: the runner (slot 'start') sets the rates before the draw.
    P = PoissonGroup(4, rates=0 * Hz, dt=DT)
    runner = P.run_regularly("rates = int(i >= 2)/dt", dt=1 * ms)  # P.dt
    assert isinstance(runner, CodeRunner)
    M = SpikeMonitor(P)
    Network(P, M).run(1 * ms)
    np.testing.assert_array_equal(M.count, [0, 0, 10, 10])
    np.testing.assert_allclose(P.rates[:] / Hz, [0, 0, 1e4, 1e4])


def test_run_regularly_on_poisson_subgroup(backend):
    # Brian 2: [10, 0, 100, 10, 10] Hz (i counts from 0 in the subgroup).
    P = PoissonGroup(5, rates=10 * Hz)
    P[1:3].run_regularly("rates = 100*Hz*i", dt=1 * ms)
    Network(P).run(1 * ms)
    np.testing.assert_allclose(P.rates[:] / Hz, [10, 0, 100, 10, 10])


def test_run_regularly_cannot_set_rates_given_as_expression():
    P = PoissonGroup(3, rates="10*Hz")
    P.run_regularly("rates = 20*Hz")
    with pytest.raises(Exception, match="cannot assign to 'rates'"):
        Network(P).run(0.1 * ms)
