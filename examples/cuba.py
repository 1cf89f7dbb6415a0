"""Current-based network of Vogels & Abbott (2005), as benchmark 2 of
Brette et al. (2007).

4000 integrate-and-fire neurons, 80% excitatory and 20% inhibitory,
connected at random with probability 0.02. Synaptic currents jump by
1.62 mV (excitatory) or -9 mV (inhibitory) and decay exponentially with
time constants of 5 ms and 10 ms. The resting potential, -49 mV, lies
above the threshold (-50 mV): alone, every neuron would fire regularly;
in the network, recurrent inhibition holds the activity in an
asynchronous, irregular state with low rates.

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
from ranvier.plot import plot_raster, plot_rate

FIGURE = Path(__file__).with_suffix(".png")

taum = 20*ms
taue = 5*ms
taui = 10*ms
Vt = -50*mV        # threshold
Vr = -60*mV        # reset
El = -49*mV        # resting potential
we = 60*0.27/10*mV   # excitatory jump: (Ee-Vr)=60 mV times 0.27/10
wi = -20*4.5/10*mV   # inhibitory jump: (Ei-Vr)=-20 mV times 4.5/10

eqs = '''
dv/dt  = (ge + gi - (v - El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
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
         random_seed=11):
    start_scope()
    defaultclock.dt = 0.1*ms
    seed(random_seed)

    P = NeuronGroup(N, eqs, threshold='v > Vt', reset='v = Vr',
                    refractory=5*ms)
    P.v = 'Vr + rand()*(Vt - Vr)'
    P.ge = 0*mV
    P.gi = 0*mV
    Ne = int(0.8*N)
    Ce = Synapses(P[:Ne], P, on_pre='ge += we')
    Ci = Synapses(P[Ne:], P, on_pre='gi += wi')
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)

    spikes = SpikeMonitor(P)
    rate = PopulationRateMonitor(P)
    run(duration)

    counts = spikes.count[:]
    results = {'rate': spikes.num_spikes/(N*duration),
               'rate_exc': counts[:Ne].sum()/(Ne*duration),
               'rate_inh': counts[Ne:].sum()/((N - Ne)*duration),
               'cv_isi': isi_cv(spikes.spike_trains()),
               'n_synapses': len(Ce) + len(Ci)}
    if plot:
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6), sharex=True,
                                       gridspec_kw={'height_ratios': [3, 1]})
        plot_raster(spikes.i, spikes.t, axes=ax1, markersize=0.5)
        ax1.set_xlabel('')
        ax1.set_title(f"CUBA network: {results['rate']/Hz:.1f} Hz, "
                      f"ISI CV {results['cv_isi']:.2f}")
        plot_rate(rate.t, rate.smooth_rate(width=2*ms), axes=ax2)
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    for key, value in main().items():
        print(f'{key}: {value}')
