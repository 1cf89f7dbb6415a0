"""The seed network fires at the rate Brian 2 gives for it.

Reference figures: Brian 2.9.0 (numpy target, in `.venv-ref`), the seed
network exactly as in the README (4000 neurons, p = 0.02, 1 s, exact
integration), seeds 1 to 8, mean firing rate per neuron in Hz, measured
on 2026-11-26 by running the model once per seed and dividing
`M.num_spikes` by 4000 neurons and 1 s.
"""

import numpy as np
import pytest

from ranvier import (NeuronGroup, Network, SpikeMonitor, Synapses, mV, ms,
                     second, seed)

BRIAN2_RATES = np.array([6.05525, 5.71525, 6.62225, 5.897, 6.17925, 6.22425,
                         6.06025, 6.08325])

PARAMS = {"tau_m": 20 * ms, "tau_e": 5 * ms, "tau_i": 10 * ms,
          "V_th": -50 * mV, "E_L": -60 * mV, "I_const": 11 * mV,
          "w_e": 1.62 * mV, "w_i": 9 * mV}


def seed_network_rate(s: int) -> float:
    seed(s)
    P = NeuronGroup(4000, """dv/dt = (-(v-E_L) + I_const + g_e + g_i)/tau_m : volt
                             dg_e/dt = -g_e/tau_e : volt
                             dg_i/dt = -g_i/tau_i : volt""",
                    threshold="v>V_th", reset="v=E_L", method="exact",
                    namespace=PARAMS)
    P.v = "E_L+10*mV*rand()"
    Pe, Pi = P[:3200], P[3200:]
    Ce = Synapses(Pe, P, on_pre="g_e+=w_e", namespace=PARAMS)
    Ci = Synapses(Pi, P, on_pre="g_i-=w_i", namespace=PARAMS)
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)
    M = SpikeMonitor(P)
    Network(P, Ce, Ci, M).run(1 * second)
    return M.num_spikes / 4000.0


@pytest.mark.slow
def test_seed_network_rate_agrees_with_brian2():
    rates = np.array([seed_network_rate(s) for s in (11, 12, 13, 14)])
    spread = BRIAN2_RATES.std(ddof=1)
    # Difference of two sample means: 4 standard errors.
    tolerance = 4 * np.sqrt(spread**2 / len(BRIAN2_RATES) +
                            spread**2 / len(rates))
    assert abs(rates.mean() - BRIAN2_RATES.mean()) < tolerance, \
        (rates, BRIAN2_RATES.mean(), tolerance)
    # And no single run far outside Brian 2's spread.
    assert np.all(np.abs(rates - BRIAN2_RATES.mean()) < 5 * spread)
