"""The seed network from ranvier's README.

4000 leaky integrate-and-fire neurons (3200 excitatory, 800 inhibitory)
with exponentially decaying synaptic currents, connected at random with
probability 0.02. The parameters are those of the current-based benchmark
of Brette et al. (2007), written with a constant input ``I_const`` on top
of the reset potential ``E_L`` (``E_L + I_const`` = -49 mV is the
effective resting potential, above the threshold, so every neuron fires
on its own and the recurrent inhibition keeps the rates low).

Run ``python examples/seed_network.py`` for a raster plot.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt

from ranvier import *
from ranvier.plot import plot_raster

FIGURE = Path(__file__).with_suffix(".png")

tau_m = 20*ms
tau_e = 5*ms
tau_i = 10*ms
V_th = -50*mV
E_L = -60*mV
I_const = 11*mV
w_e = 1.62*mV
w_i = 9*mV


def main(duration=1*second, N=4000, plot=True, figure=FIGURE,
         random_seed=2026):
    start_scope()
    defaultclock.dt = 0.1*ms
    seed(random_seed)

    P = NeuronGroup(N, model='''dv/dt = (-(v-E_L) + I_const + g_e + g_i)/tau_m : volt
                                dg_e/dt = -g_e/tau_e : volt
                                dg_i/dt = -g_i/tau_i : volt''',
                    threshold='v>V_th', reset='v=E_L')
    P.v = 'E_L+10*mV*rand()'
    n_exc = int(0.8*N)
    Pe = P[:n_exc]
    Pi = P[n_exc:]
    Ce = Synapses(Pe, P, on_pre='g_e+=w_e')
    Ci = Synapses(Pi, P, on_pre='g_i-=w_i')
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)
    M = SpikeMonitor(P)
    run(duration)

    rate = M.num_spikes/(N*duration)
    results = {'num_spikes': M.num_spikes, 'rate': rate,
               'n_synapses': len(Ce) + len(Ci),
               'spike_counts': M.count[:]}
    if plot:
        fig, ax = plt.subplots(figsize=(8, 4))
        plot_raster(M.i, M.t, axes=ax)
        ax.set_title(f'Seed network: {N} neurons, mean rate {rate/Hz:.1f} Hz')
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    res = main()
    print(f"{res['num_spikes']} spikes, mean rate {res['rate']}")
