"""The seed network of the README: 4000 CUBA neurons, excitatory and
inhibitory synapses made with connect(True, p=0.02)."""

import numpy as np

from ranvier import (NeuronGroup, PopulationRateMonitor, SpikeMonitor,
                     Synapses, Network, Hz, mV, ms, seed)


CUBA = """dv/dt = (-(v-E_L) + I_const + g_e + g_i)/tau_m : volt
          dg_e/dt = -g_e/tau_e : volt
          dg_i/dt = -g_i/tau_i : volt"""


def test_seed_network_fires_at_a_plausible_rate():
    seed(4)
    tau_m, tau_e, tau_i = 20 * ms, 5 * ms, 10 * ms
    V_th, E_L, I_const = -50 * mV, -60 * mV, 11 * mV
    w_e, w_i = 1.62 * mV, 9 * mV
    P = NeuronGroup(4000, CUBA, threshold="v>V_th", reset="v=E_L",
                    method="exact")
    P.v = "E_L + 10*mV*rand()"
    Pe, Pi = P[:3200], P[3200:]
    Ce = Synapses(Pe, P, pre="g_e+=w_e")
    Ci = Synapses(Pi, P, pre="g_i-=w_i")
    Ce.connect(True, p=0.02)
    Ci.connect(True, p=0.02)
    assert abs(Ce.N - 3200 * 4000 * 0.02) < 5 * np.sqrt(3200 * 4000 * 0.02)
    assert abs(Ci.N - 800 * 4000 * 0.02) < 5 * np.sqrt(800 * 4000 * 0.02)
    spikes = SpikeMonitor(P)
    rate = PopulationRateMonitor(P)
    Network(P, Ce, Ci, spikes, rate).run(100 * ms)
    mean_rate = spikes.num_spikes / (4000 * 0.1)
    assert 3 < mean_rate < 30, mean_rate
    # Inhibition keeps activity asynchronous: no step has most neurons.
    assert np.max(np.asarray(rate.rate / Hz)) * 1e-4 < 0.5
