"""More monitor behaviour: event monitors, recording intervals, growth,
built-in variables t, dt, i, N in model code, and network membership."""

import numpy as np
import pytest

from ranvier import (EventMonitor, NeuronGroup, Network, NetworkOperation,
                     SpikeMonitor, StateMonitor, ms, mV)
from ranvier.ir.buffers import RecordBuffer
from ranvier.lang.errors import ModelUnitError


def test_event_monitor_records_custom_event_with_values():
    G = NeuronGroup(3, """dx/dt = (1 + i)/(10*ms) : 1""",
                    events={"half": "x > 0.5"}, method="euler")
    G.run_on_event("half", "x = 0")
    mon = EventMonitor(G, "half", variables="x")
    Network(G, mon).run(10 * ms)
    # Neuron k crosses 0.5 every ceil(5.0001/(1+k)) + ... steps: count
    # from the exact step arithmetic below.
    expected = []
    for k in range(3):
        x, n = 0.0, 0
        for _ in range(100):
            x += (1 + k) * 1e-4 / 1e-2
            if x > 0.5:
                n += 1
                x = 0.0
        expected.append(n)
    np.testing.assert_array_equal(mon.count, expected)
    assert np.all(mon.x > 0.5)
    with pytest.raises(ValueError, match="no event 'spike'"):
        SpikeMonitor(G)


def test_state_monitor_own_dt():
    G = NeuronGroup(1, "dv/dt = 1/second : 1", method="euler")
    mon = StateMonitor(G, "v", record=True, dt=1 * ms)
    Network(G, mon).run(5 * ms)
    np.testing.assert_allclose(mon.t_, [0, 1e-3, 2e-3, 3e-3, 4e-3])
    np.testing.assert_allclose(mon.v[0], [0, 1e-3, 2e-3, 3e-3, 4e-3],
                               atol=1e-12)


def test_record_buffer_grows_geometrically():
    buf = RecordBuffer({"x": (np.float64, 0)}, capacity=4)
    reallocations, last = 0, buf.columns["x"]
    for k in range(10000):
        buf.append({"x": float(k)}, 1)
        if buf.columns["x"] is not last:
            reallocations += 1
            last = buf.columns["x"]
    assert reallocations <= 12  # log2(10000/4) + 1
    np.testing.assert_array_equal(buf.view("x"), np.arange(10000))


def test_builtin_variables_in_code():
    G = NeuronGroup(4, """a : 1
                          b : second
                          c : second""")
    G.run_regularly("a = i + N*10; b = t; c = dt")
    Network(G).run(0.3 * ms)
    np.testing.assert_array_equal(G.a, [40, 41, 42, 43])
    np.testing.assert_allclose(G.b_, 2e-4)
    np.testing.assert_allclose(G.c_, 1e-4)


def test_refractory_errors():
    with pytest.raises(TypeError, match="refractory"):
        Network(NeuronGroup(1, "v : volt", threshold="v > 0*mV",
                            refractory=3 * mV)).run(1 * ms)
    with pytest.raises(ModelUnitError, match="refractory"):
        Network(NeuronGroup(1, "v : volt", threshold="v > 0*mV",
                            refractory="3*mV")).run(1 * ms)


def test_network_membership():
    G = NeuronGroup(1, "v : 1", name="member")
    op = NetworkOperation(lambda: None)
    net = Network(G)
    net.add([op])
    assert op in net and net["member"] is G
    net.remove(op)
    assert op not in net
    with pytest.raises(ValueError, match="not in the network"):
        net.remove(op)
    with pytest.raises(TypeError, match="simulated objects"):
        net.add(3)
    with pytest.raises(KeyError):
        net["absent"]


def test_constant_over_dt_and_recorded_subexpression_with_namespace():
    from ranvier import TimedArray
    stimulus = TimedArray([1.0, 2.0, 3.0] * mV, dt=1 * ms)
    G = NeuronGroup(1, """I = stimulus(t) : volt (constant over dt)
                          s = 2*I + offset : volt
                          dv/dt = (I - v)/(1*second) : volt""",
                    method="euler", namespace={"offset": 1 * mV})
    mon = StateMonitor(G, ["I", "s"], record=0, when="end")
    Network(G, mon).run(3 * ms)
    # I is computed once per step from the step's start time.
    np.testing.assert_allclose(mon.I_[0] * 1e3, np.repeat([1.0, 2.0, 3.0],
                                                          10), atol=1e-12)
    np.testing.assert_allclose(mon.s_[0], 2 * mon.I_[0] + 1e-3, atol=1e-12)
    with pytest.raises(Exception, match="read-only"):
        G.I = 1 * mV


def test_default_constants_available():
    G = NeuronGroup(1, "x : 1")
    G.x = "pi + e"
    assert G.x[0] == pytest.approx(np.pi + np.e)
