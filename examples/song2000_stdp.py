"""Competitive Hebbian learning through spike-timing-dependent plasticity,
after Song, Miller & Abbott (2000).

One conductance-based integrate-and-fire neuron receives 1000 excitatory
Poisson inputs with plastic weights and 200 inhibitory Poisson inputs
with fixed weights. Weights change by additive STDP: a presynaptic spike
shortly before a postsynaptic one strengthens the synapse, the reverse
order weakens it, with depression slightly stronger than potentiation
(A-/A+ = 1.05). Weights are kept within [0, g_max]. The inputs compete
to drive the neuron: the weights end up near 0 or near g_max (a bimodal
distribution) and the output rate becomes nearly independent of the
input rate.

Conductances are in units of the leak conductance, as in the paper.

Reference
---------
Song S, Miller KD, Abbott LF (2000). Competitive Hebbian learning through
spike-timing-dependent synaptic plasticity. Nat Neurosci 3:919-926.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt
import numpy as np

from ranvier import *
from ranvier.plot import plot_weights

FIGURE = Path(__file__).with_suffix(".png")

N_exc = 1000
N_inh = 200
tau_m = 20*ms
V_rest = -70*mV
E_ex = 0*mV
E_in = -70*mV
V_th = -54*mV
V_reset = -60*mV
tau_ex = 5*ms
tau_in = 5*ms
g_max_paper = 0.015      # the maximal weight, for 1000 inputs
g_in_weight = 0.05
rate_inh = 10*Hz
A_plus = 0.005
A_minus = 1.05*A_plus
tau_plus = 20*ms
tau_minus = 20*ms

neuron_eqs = '''
dv/dt = (V_rest - v + g_ex*(E_ex - v) + g_in*(E_in - v))/tau_m : volt
dg_ex/dt = -g_ex/tau_ex : 1
dg_in/dt = -g_in/tau_in : 1
'''

stdp_model = '''
w : 1
dP/dt = -P/tau_plus : 1 (event-driven)
dM/dt = -M/tau_minus : 1 (event-driven)
'''
# P: trace of presynaptic spikes (potentiation when the neuron fires);
# M: trace of postsynaptic spikes (depression when an input arrives).
on_pre = '''
g_ex_post += w
P += dP_spike
w = clip(w + M, 0, g_max)
'''
on_post = '''
M -= dM_spike
w = clip(w + P, 0, g_max)
'''


def bimodality(w, w_max):
    """Fraction of the weights in the outer fifths of [0, w_max]."""
    w = np.asarray(w)/w_max
    return float(np.mean((w < 0.2) | (w > 0.8)))


def main(duration=300*second, rate_exc=15*Hz, n_inputs=N_exc,
         learning_rate=1, plot=True, figure=FIGURE, random_seed=2000):
    """Run the model for ``duration``.

    ``learning_rate`` multiplies A+ and A- (1 is the paper's values).
    ``n_inputs`` changes the number of plastic inputs, with the maximal
    weight scaled to keep the total maximal conductance of the paper's
    1000 inputs: fewer, stronger inputs compete faster.
    """
    start_scope()
    defaultclock.dt = 0.1*ms
    seed(random_seed)
    g_max = g_max_paper*N_exc/n_inputs
    dP_spike = learning_rate*A_plus*g_max
    dM_spike = learning_rate*A_minus*g_max

    inputs = PoissonGroup(n_inputs, rates=rate_exc)
    neuron = NeuronGroup(1, neuron_eqs, threshold='v > V_th',
                         reset='v = V_reset', method='euler')
    neuron.v = V_rest
    inhibition = PoissonInput(neuron, 'g_in', N=N_inh, rate=rate_inh,
                              weight=g_in_weight)
    S = Synapses(inputs, neuron, stdp_model, on_pre=on_pre, on_post=on_post)
    S.connect()
    S.w = 'rand()*g_max'
    w_start = np.array(S.w[:])

    output = SpikeMonitor(neuron)
    weight_trace = StateMonitor(S, 'w', record=[0, 1, 2, 3, 4],
                                dt=duration/200)
    run(duration)

    w_end = np.array(S.w[:])
    t_last = duration - min(duration/5, 10*second)
    results = {'w_start': w_start, 'w_end': w_end,
               'bimodality_start': bimodality(w_start, g_max),
               'bimodality_end': bimodality(w_end, g_max),
               'g_max': g_max,
               'output_rate': output.num_spikes/duration,
               'output_rate_end': (output.t > t_last).sum()
                                  / (duration - t_last)}
    if plot:
        fig, axes = plt.subplots(1, 3, figsize=(12, 3.5))
        axes[0].plot(w_end/g_max, '.k', ms=2)
        axes[0].set_xlabel('input')
        axes[0].set_ylabel('w / g_max')
        plot_weights(w_end/g_max, bins=20, axes=axes[1], color='k')
        axes[1].set_xlabel('w / g_max')
        axes[2].plot(weight_trace.t/second, weight_trace.w.T/g_max)
        axes[2].set_xlabel('time (s)')
        axes[2].set_ylabel('w / g_max')
        fig.suptitle(f'STDP (Song et al. 2000): output rate '
                     f"{results['output_rate_end']/Hz:.1f} Hz at the end")
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    # Five minutes of biological time: about 15 s with the compiled
    # backend, over ten minutes with NumPy.
    prefs.codegen.target = 'numba'
    res = main()
    print(f"bimodality {res['bimodality_start']:.2f} -> "
          f"{res['bimodality_end']:.2f}, output rate "
          f"{res['output_rate_end']}")
