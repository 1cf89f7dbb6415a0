"""Integrate-and-fire neurons coupled by gap junctions synchronise.

Ten leaky integrate-and-fire neurons receive different constant drives,
so on their own they fire at different rates. Electrical synapses (gap
junctions) let a current flow between every pair of neurons in
proportion to their voltage difference,
I_gap,i = w * sum_j (v_j - v_i), written as a summed variable of the
synapses. The spike itself, which a leaky integrate-and-fire neuron
does not draw, reaches the coupled cells as a small depolarisation (a
spikelet) through the same junctions. Coupled, the neurons lock to a
common frequency and fire nearly together. The spikelet is what pulls
them together: with the subthreshold coupling alone, the reset of a
neuron that fires drags its partners down, and the neurons do not
synchronise (try ``main(spikelet=0)``).

Potentials are in units of the threshold (threshold 1, reset 0).

References
----------
Lewis TJ, Rinzel J (2003). Dynamics of spiking neurons connected by both
inhibitory and electrical coupling. J Comput Neurosci 14:283-309.
Golomb D, Rinzel J (1993). Dynamics of globally coupled inhibitory
neurons with heterogeneity. Phys Rev E 48:4810-4814 (the synchrony
measure).
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt
import numpy as np

from ranvier import *
from ranvier.plot import plot_raster

FIGURE = Path(__file__).with_suffix(".png")

N = 10
tau = 10*ms
v0_min = 1.2
v0_max = 1.5

neuron_eqs = '''
dv/dt = (v0 - v + I_gap)/tau : 1
v0 : 1 (constant)
I_gap : 1
'''

gap_model = '''
w : 1 (constant)
I_gap_post = w*(v_pre - v_post) : 1 (summed)
'''


def synchrony(v):
    """Golomb & Rinzel's chi: the standard deviation over time of the
    population-averaged potential, relative to the root mean square of the
    single neurons' standard deviations (1 for perfect synchrony, about
    1/sqrt(N) for independent neurons)."""
    v = np.asarray(v)
    population = np.var(v.mean(axis=0))
    single = np.mean(np.var(v, axis=1))
    return float(np.sqrt(population/single))


def simulate(duration, w_gap, spikelet):
    """Run the ten neurons with coupling ``w_gap`` per junction; return
    the spike and state monitors."""
    neurons = NeuronGroup(N, neuron_eqs, threshold='v > 1', reset='v = 0',
                          method='exact')
    neurons.v0 = 'v0_min + (v0_max - v0_min)*i/(N - 1)'
    neurons.v = 'rand()'
    gaps = Synapses(neurons, neurons, gap_model, on_pre='v_post += spikelet')
    gaps.connect('i != j')
    gaps.w = w_gap
    spikes = SpikeMonitor(neurons)
    trace = StateMonitor(neurons, 'v', record=True)
    net = Network(neurons, gaps, spikes, trace)
    net.run(duration)
    return spikes, trace


def main(duration=500*ms, w_gap=0.2, spikelet=0.03, plot=True,
         figure=FIGURE, random_seed=7):
    start_scope()
    defaultclock.dt = 0.05*ms
    seed(random_seed)
    runs = {'uncoupled': simulate(duration, 0, 0),
            'coupled': simulate(duration, w_gap, spikelet)}

    # Measure after the first fifth, once the coupled neurons have locked.
    t_start = duration/5
    results = {}
    for name, (spikes, trace) in runs.items():
        late = trace.t >= t_start
        counts = np.bincount(spikes.i[spikes.t >= t_start], minlength=N)
        results[name] = {'rates': counts/(duration - t_start),
                         'synchrony': synchrony(trace.v[:][:, late])}
    if plot:
        fig, axes = plt.subplots(2, 2, figsize=(10, 6), sharex=True)
        for column, (name, (spikes, trace)) in enumerate(runs.items()):
            plot_raster(spikes.i, spikes.t, axes=axes[0, column],
                        markersize=4)
            axes[0, column].set_xlabel('')
            axes[0, column].set_title(
                f"{name}: synchrony {results[name]['synchrony']:.2f}")
            axes[1, column].plot(trace.t/ms, trace.v[:].T, lw=0.5)
            axes[1, column].set_xlabel('time (ms)')
            axes[1, column].set_ylabel('v')
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    for name, res in main().items():
        print(f"{name:10s} synchrony {res['synchrony']:.2f}, rates "
              f"{np.round(res['rates']/Hz, 1)}")
