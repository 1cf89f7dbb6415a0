"""Whole networks built by the objects layer give the same results on
both backends: synaptic queues with delays, indirect writes, spike
generators, TimedArray inputs, monitors. The models are deterministic, so
the comparison is bitwise; random inputs are compared statistically.
"""

import numpy as np
import pytest

from ranvier import (BinomialFunction, Function, Network, NeuronGroup,
                     PoissonGroup, SpikeGeneratorGroup, SpikeMonitor,
                     StateMonitor, Synapses, TimedArray, ms, mV, prefs, seed)
from ranvier.units import Hz


@pytest.fixture
def target():
    """Select a backend for the objects layer; restore it afterwards."""
    old = prefs.codegen.target

    def select(name):
        prefs.codegen.target = name
        seed(11)
    yield select
    prefs.codegen.target = old


def deterministic_network():
    times = np.arange(0, 20, 0.7) * ms
    source = SpikeGeneratorGroup(8, np.arange(len(times)) % 8, times)
    drive = TimedArray(np.linspace(0, 3, 40) * mV, dt=0.5 * ms)
    group = NeuronGroup(6, """dv/dt = (-v + drive(t) + I)/(5*ms) : volt
                              I : volt
                              count : 1""",
                        threshold="v > 1.5*mV", reset="v = 0*mV; count += 1",
                        refractory=1 * ms, method="exponential_euler")
    group.I = "0.3*mV*i"
    fast = Synapses(source, group, "w : volt", on_pre="v_post += w")
    fast.connect(p=1.0)
    fast.w = "0.1*mV*(i + j)"
    fast.delay = "(i % 3)*0.4*ms"
    slow = Synapses(source, group, on_pre="v_post = v_post*0.95 + 0.05*mV")
    slow.connect(j="i % 6")
    spikes = SpikeMonitor(group)
    trace = StateMonitor(group, ("v", "count"), record=[0, 3, 5])
    net = Network(source, group, fast, slow, spikes, trace)
    return net, {"drive": drive}, spikes, trace


def test_deterministic_network_is_bitwise_the_same(target):
    results = {}
    for name in ("numpy", "numba"):
        target(name)
        net, namespace, spikes, trace = deterministic_network()
        net.run(25 * ms, namespace=namespace)
        results[name] = (spikes.i, spikes.t_, np.asarray(trace.v_),
                         np.asarray(trace.count))
    ref, got = results["numpy"], results["numba"]
    assert len(ref[0]) > 10
    for a, b in zip(ref, got):
        np.testing.assert_array_equal(a, b)


def _scaled(x):
    return 2.0 * x + 1.0


def test_user_functions_and_random_inputs_agree_statistically(target):
    results = {}
    for name in ("numpy", "numba"):
        target(name)
        draws = BinomialFunction(20, 0.25)
        double = Function(_scaled, arg_units=[1], return_unit=1,
                          numba_impl=_scaled)
        poisson = PoissonGroup(400, rates=200 * Hz)
        group = NeuronGroup(400, "x : 1\ny : 1")
        group.run_regularly("x += draws()\ny = double(x)", dt=0.1 * ms)
        spikes = SpikeMonitor(poisson)
        Network(poisson, group, spikes).run(
            20 * ms, namespace={"draws": draws, "double": double})
        results[name] = (spikes.num_spikes, np.asarray(group.x),
                         np.asarray(group.y))
    for name, (n, x, y) in results.items():
        expected = 400 * 200 * 0.02
        assert abs(n - expected) < 6 * np.sqrt(expected), name
        # 200 steps of binomial(20, 0.25) draws: mean 1000, variance 750.
        assert abs(x.mean() - 1000) < 6 * np.sqrt(750 / 400), name
        np.testing.assert_array_equal(y, 2 * x + 1)
