"""The 1000-neuron network of Izhikevich (2003), "Simple model of spiking
neurons".

800 excitatory neurons (regular spiking to chattering, depending on a
random number r_e per neuron) and 200 inhibitory ones (fast spiking to
low-threshold spiking, from r_i), all to all, with random synaptic
weights and a random thalamic input redrawn every millisecond. The
network settles into rhythmic activity in the alpha (~10 Hz) and gamma
(~40 Hz) bands.

The paper advances the model in steps of 1 ms, the membrane potential in
two half steps of 0.5 ms; here both variables are integrated with Euler
steps of 0.5 ms. A presynaptic spike adds its weight (in mV) to the
potential, which is what the paper's synaptic current does over one
millisecond.

Reference
---------
Izhikevich EM (2003). Simple model of spiking neurons. IEEE Trans Neural
Netw 14:1569-1572.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt
import numpy as np

from ranvier import *
from ranvier.plot import plot_raster

FIGURE = Path(__file__).with_suffix(".png")

Ne = 800
Ni = 200

eqs = '''
dv/dt = (0.04*v**2/mV + 5*v + 140*mV - u + I)/ms : volt
du/dt = a*(b*v - u)/ms : volt
I : volt                   # thalamic input, constant over each millisecond
sigma : volt (constant)    # its standard deviation
a : 1 (constant)
b : 1 (constant)
c : volt (constant)
d : volt (constant)
'''


def main(duration=1000*ms, plot=True, figure=FIGURE, random_seed=2003):
    start_scope()
    defaultclock.dt = 0.5*ms
    seed(random_seed)

    P = NeuronGroup(Ne + Ni, eqs, threshold='v >= 30*mV',
                    reset='v = c; u += d', method='euler')
    exc = P[:Ne]
    inh = P[Ne:]
    # One random number per neuron places it between two cell types:
    # regular spiking (r_e = 0) to chattering (r_e = 1) for excitatory,
    # fast spiking (r_i = 0) to low-threshold spiking (r_i = 1) for
    # inhibitory neurons.
    rng = np.random.default_rng(random_seed)
    r_e = rng.random(Ne)
    r_i = rng.random(Ni)
    exc.a = 0.02
    exc.b = 0.2
    exc.c = (-65 + 15*r_e**2)*mV
    exc.d = (8 - 6*r_e**2)*mV
    inh.a = 0.02 + 0.08*r_i
    inh.b = 0.25 - 0.05*r_i
    inh.c = -65*mV
    inh.d = 2*mV
    P.v = -65*mV
    P.u = 'b*v'
    exc.sigma = 5*mV
    inh.sigma = 2*mV
    P.run_regularly('I = sigma*randn()', dt=1*ms)

    S_exc = Synapses(exc, P, 'w : volt', on_pre='v_post += w')
    S_exc.connect()
    S_exc.w = '0.5*rand()*mV'
    S_inh = Synapses(inh, P, 'w : volt', on_pre='v_post += w')
    S_inh.connect()
    S_inh.w = '-rand()*mV'

    spikes = SpikeMonitor(P)
    run(duration)

    counts = spikes.count[:]
    # Spectrum of the excitatory population activity in 1 ms bins
    bins = np.arange(0, float(duration/ms) + 1)
    activity, _ = np.histogram(spikes.t[spikes.i < Ne]/ms, bins)
    power = np.abs(np.fft.rfft(activity - activity.mean()))**2
    freqs = np.fft.rfftfreq(len(activity), d=1e-3)
    band = (freqs >= 2) & (freqs <= 100)
    results = {'rate_exc': counts[:Ne].sum()/(Ne*duration),
               'rate_inh': counts[Ne:].sum()/(Ni*duration),
               'peak_frequency': freqs[band][np.argmax(power[band])]*Hz,
               'n_synapses': len(S_exc) + len(S_inh)}
    if plot:
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6),
                                       gridspec_kw={'height_ratios': [3, 1]})
        plot_raster(spikes.i, spikes.t, axes=ax1, markersize=1)
        ax1.axhline(Ne, color='r', lw=0.5)
        ax1.set_title('Izhikevich (2003): 800 excitatory, 200 inhibitory '
                      'neurons')
        ax2.semilogy(freqs[band], power[band], 'k', lw=0.8)
        ax2.set_xlabel('frequency (Hz)')
        ax2.set_ylabel('power')
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    for key, value in main().items():
        print(f'{key}: {value}')
