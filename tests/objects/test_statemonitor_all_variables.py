"""``StateMonitor(source, True)`` records what Brian 2 records: every name
the model equations define, subexpressions included, but not
event-driven synaptic variables; ``lastspike`` and ``not_refractory``
only where the group is refractory."""

import numpy as np

from ranvier import (Hz, Network, NeuronGroup, StateMonitor, Synapses, ms,
                     second)


def test_true_records_subexpressions_of_a_neuron_group():
    G = NeuronGroup(2, """dv/dt = (I - v)/tau : 1
                          I = 2.5*sin(2*pi*10*Hz*t) : 1
                          tau : second""", method="euler")
    G.tau = [5, 10] * ms
    M = StateMonitor(G, True, record=True)
    assert sorted(M.record_variables) == ["I", "tau", "v"]
    Network(G, M).run(20 * ms)
    # The subexpression is recorded at the time of each row.
    t = np.asarray(M.t / second)
    expected = 2.5 * np.sin(2 * np.pi * 10 * t)
    np.testing.assert_allclose(M.I[0], expected, atol=1e-12)
    np.testing.assert_allclose(M.I[1], expected, atol=1e-12)
    np.testing.assert_allclose(M.tau[1] / ms, 10)
    assert M.v.shape == (2, 200)


def test_true_adds_refractoriness_variables_only_when_refractory():
    plain = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", threshold="v > 1",
                        reset="v = 0")
    refractory = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", threshold="v > 1",
                             reset="v = 0", refractory=2 * ms)
    assert StateMonitor(plain, True).record_variables == ["v"]
    assert sorted(StateMonitor(refractory, True).record_variables) == [
        "lastspike", "not_refractory", "v"]
    sub = StateMonitor(refractory[0:1], True, record=True)
    assert sorted(sub.record_variables) == ["lastspike", "not_refractory",
                                            "v"]


def test_true_on_synapses_skips_event_driven_and_summed():
    G = NeuronGroup(2, """v : 1
                          Isyn : 1""")
    S = Synapses(G, G, """w : 1
                          dq/dt = -q/(5*ms) : 1 (clock-driven)
                          dr/dt = -r/(5*ms) : 1 (event-driven)
                          u = 2*w : 1
                          Isyn_post = w : 1 (summed)""", method="exact")
    S.connect()
    S.w = "i + j"
    S.q = 1
    M = StateMonitor(S, True, record=True)
    assert sorted(M.record_variables) == ["q", "u", "w"]
    Network(G, S, M).run(1 * ms)
    np.testing.assert_allclose(M.u[:, 0], 2 * np.asarray(S.w))
    # exact decay of q over one step, recorded before the step's update
    np.testing.assert_allclose(M.q[0, 1], np.exp(-0.1 / 5), rtol=1e-12)
