"""Whole-model checks of neurons against analytic solutions."""

import numpy as np
import pytest

from ranvier import (NeuronGroup, Network, SpikeMonitor, StateMonitor, ms,
                     mV, second)


def lif_rate(I, tau, t_ref):
    """Firing rate of dv/dt = (I - v)/tau, threshold 1, reset 0."""
    return 1.0 / (t_ref + tau * np.log(I / (I - 1.0)))


@pytest.mark.parametrize("t_ref", [0 * ms, 2 * ms])
def test_lif_rate_matches_formula(t_ref):
    tau = 10 * ms
    G = NeuronGroup(5, """dv/dt = (I - v)/tau : 1 (unless refractory)
                          I : 1 (constant)""",
                    threshold="v > 1", reset="v = 0", refractory=t_ref,
                    method="exact", dt=0.01 * ms, namespace={"tau": tau})
    G.I = np.array([1.2, 1.5, 2.0, 3.0, 5.0])
    mon = SpikeMonitor(G)
    net = Network(G, mon)
    net.run(500 * ms)
    expected = lif_rate(np.asarray(G.I), 0.01, float(t_ref / second))
    measured = mon.count / 0.5
    # Spikes land on the step grid: each period is late by under one dt,
    # and the count over 0.5 s can be off by one.
    period = 1 / expected
    tolerance = expected * (0.01e-3 / period) + 1 / 0.5 + 1e-9
    assert np.all(np.abs(measured - expected) <= tolerance), \
        (measured, expected)


def test_exponential_decay_exact_to_rounding():
    G = NeuronGroup(3, "dv/dt = -v/tau : volt", method="exact",
                    namespace={"tau": 20 * ms})
    G.v = [10, 20, -30] * mV
    mon = StateMonitor(G, "v", record=True, when="end")
    Network(G, mon).run(100 * ms)
    t = np.asarray(mon.t / second)
    expected = np.outer(np.array([10, 20, -30]) * 1e-3, np.exp(-(t + 1e-4)
                                                              / 0.02))
    np.testing.assert_allclose(np.asarray(mon.v / mV) * 1e-3, expected,
                               rtol=1e-11)
