"""Conductance-based network of Vogels & Abbott (2005), as benchmark 1 of
Brette et al. (2007).

4000 integrate-and-fire neurons (80% excitatory, 20% inhibitory),
connected at random with probability 0.02, with exponentially decaying
synaptic conductances: each excitatory spike opens 6 nS (reversal 0 mV,
5 ms), each inhibitory spike 67 nS (reversal -80 mV, 10 ms). The resting
potential is below threshold, so the network starts from random
conductances; afterwards its activity sustains itself.

References
----------
Vogels TP, Abbott LF (2005). Signal propagation and logic gating in
networks of integrate-and-fire neurons. J Neurosci 25:10786-10795.
Brette R et al. (2007). Simulation of networks of spiking neurons: a
review of tools and strategies. J Comput Neurosci 23:349-398.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt
import numpy as np

from ranvier import *
from ranvier.plot import plot_raster, plot_state

FIGURE = Path(__file__).with_suffix(".png")

area = 20000*umetre**2
Cm = 1*ufarad*cm**-2*area     # 200 pF
gl = 5e-5*siemens*cm**-2*area   # 10 nS: membrane time constant 20 ms
El = -60*mV
Vt = -50*mV
Vr = -60*mV
Ee = 0*mV
Ei = -80*mV
taue = 5*ms
taui = 10*ms
we = 6*nS
wi = 67*nS

eqs = '''
dv/dt = (gl*(El - v) + ge*(Ee - v) + gi*(Ei - v))/Cm : volt (unless refractory)
dge/dt = -ge/taue : siemens
dgi/dt = -gi/taui : siemens
'''


def isi_cv(spike_trains):
    """Mean coefficient of variation of the interspike intervals, over the
    neurons with at least three spikes."""
    cvs = []
    for train in spike_trains.values():
        if len(train) >= 3:
            isi = np.diff(np.asarray(train))
            cvs.append(np.std(isi)/np.mean(isi))
    return float(np.mean(cvs)) if cvs else float('nan')


def main(duration=1*second, N=4000, plot=True, figure=FIGURE,
         random_seed=5):
    start_scope()
    defaultclock.dt = 0.1*ms
    seed(random_seed)

    P = NeuronGroup(N, eqs, threshold='v > Vt', reset='v = Vr',
                    refractory=5*ms, method='euler')
    # Random initial conditions, as in the benchmark, start the activity.
    P.v = 'Vr + rand()*(Vt - Vr)'
    P.ge = '(4 + 1.5*randn())*10*nS'
    P.gi = '(20 + 12*randn())*10*nS'
    Ne = int(0.8*N)
    Ce = Synapses(P[:Ne], P, on_pre='ge += we')
    Ci = Synapses(P[Ne:], P, on_pre='gi += wi')
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)

    spikes = SpikeMonitor(P)
    trace = StateMonitor(P, 'v', record=[0, 1, 2])
    run(duration)

    counts = spikes.count[:]
    t = spikes.t
    late = t > duration/2
    results = {'rate': spikes.num_spikes/(N*duration),
               'rate_exc': counts[:Ne].sum()/(Ne*duration),
               'rate_inh': counts[Ne:].sum()/((N - Ne)*duration),
               'rate_second_half': np.sum(late)/(N*duration/2),
               'cv_isi': isi_cv(spikes.spike_trains()),
               'n_synapses': len(Ce) + len(Ci)}
    if plot:
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6), sharex=True,
                                       gridspec_kw={'height_ratios': [3, 1]})
        plot_raster(spikes.i, spikes.t, axes=ax1, markersize=0.5)
        ax1.set_xlabel('')
        ax1.set_title(f"COBA network: {results['rate']/Hz:.1f} Hz, "
                      f"ISI CV {results['cv_isi']:.2f}")
        plot_state(trace.t, trace.v[:], 'v', axes=ax2, lw=0.6)
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    for key, value in main().items():
        print(f'{key}: {value}')
