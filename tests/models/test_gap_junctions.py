"""Two passive neurons coupled by a gap junction (a summed variable) follow
the analytic two-compartment solution."""

import numpy as np

from ranvier import (NeuronGroup, Network, StateMonitor, Synapses, mV, ms,
                     nS, Mohm)


def test_two_coupled_neurons_match_analytic_solution():
    tau, R, g = 10 * ms, 100 * Mohm, 10 * nS      # R*g = 1
    G = NeuronGroup(2, """dv/dt = (-v + R*Igap)/tau : volt
                          Igap : amp""", method="exact", dt=0.01 * ms,
                    namespace={"tau": tau, "R": R})
    G.v = [10, -4] * mV
    S = Synapses(G, G, """w : siemens
                          Igap_post = w*(v_pre - v_post) : amp (summed)""")
    S.connect("i != j")
    S.w = g
    mon = StateMonitor(G, "v", record=True, when="end")
    Network(G, S, mon).run(10 * ms)
    t = mon.t_ + 1e-5                 # values at the end of each step
    v1, v2 = mon.v_
    # The mean only leaks; the difference also flows through the junction:
    # d' = -(1 + 2Rg) d / tau.
    mean = 3e-3 * np.exp(-t / 0.01)
    diff = 14e-3 * np.exp(-(1 + 2 * 1.0) * t / 0.01)
    np.testing.assert_allclose((v1 + v2) / 2, mean, rtol=1e-9)
    # The junction current is taken at the start of each step: an O(dt)
    # lag, 0.3/ms * 0.01 ms = 0.3% of the decay per unit rate.
    np.testing.assert_allclose(v1 - v2, diff, rtol=0.01, atol=1e-9)
    assert abs(v1[-1] - v2[-1]) < 0.06 * 14e-3   # they have converged
