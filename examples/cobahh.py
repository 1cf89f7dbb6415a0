"""Hodgkin-Huxley network with conductance-based synapses: benchmark 3 of
Brette et al. (2007).

4000 single-compartment neurons with the sodium and potassium currents of
Traub & Miles (1991), 80% excitatory and 20% inhibitory, connected at
random with probability 0.02. Synapses are exponentially decaying
conductances (6 nS excitatory, 67 nS inhibitory), as in the
conductance-based integrate-and-fire benchmark. The gating equations are
linear in the gating variables, so exponential Euler integrates them.

References
----------
Traub RD, Miles R (1991). Neuronal Networks of the Hippocampus.
Cambridge University Press.
Brette R et al. (2007). Simulation of networks of spiking neurons: a
review of tools and strategies. J Comput Neurosci 23:349-398.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt

from ranvier import *
from ranvier.plot import plot_raster, plot_state

FIGURE = Path(__file__).with_suffix(".png")

area = 20000*umetre**2
Cm = 1*ufarad*cm**-2*area
gl = 5e-5*siemens*cm**-2*area
El = -60*mV
EK = -90*mV
ENa = 50*mV
g_na = 100*msiemens*cm**-2*area
g_kd = 30*msiemens*cm**-2*area
VT = -63*mV       # shifts the rate functions
Ee = 0*mV
Ei = -80*mV
taue = 5*ms
taui = 10*ms
we = 6*nS
wi = 67*nS

eqs = '''
dv/dt = (gl*(El - v) + ge*(Ee - v) + gi*(Ei - v)
         - g_na*m**3*h*(v - ENa) - g_kd*n**4*(v - EK))/Cm : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
dge/dt = -ge/taue : siemens
dgi/dt = -gi/taui : siemens
u = v - VT : volt
alpha_m = 0.32/mV*(13*mV - u)/(exp((13*mV - u)/(4*mV)) - 1)/ms : Hz
beta_m = 0.28/mV*(u - 40*mV)/(exp((u - 40*mV)/(5*mV)) - 1)/ms : Hz
alpha_h = 0.128*exp((17*mV - u)/(18*mV))/ms : Hz
beta_h = 4/(1 + exp((40*mV - u)/(5*mV)))/ms : Hz
alpha_n = 0.032/mV*(15*mV - u)/(exp((15*mV - u)/(5*mV)) - 1)/ms : Hz
beta_n = 0.5*exp((10*mV - u)/(40*mV))/ms : Hz
'''


def main(duration=1*second, N=4000, plot=True, figure=FIGURE,
         random_seed=3):
    start_scope()
    defaultclock.dt = 0.1*ms
    seed(random_seed)

    # A spike is the upward crossing of -20 mV; the refractory condition
    # stops a single action potential from counting more than once.
    P = NeuronGroup(N, eqs, threshold='v > -20*mV', refractory='v > -20*mV',
                    method='exponential_euler')
    P.v = 'El + (5*randn() - 5)*mV'
    P.ge = '(4 + 1.5*randn())*10*nS'
    P.gi = '(20 + 12*randn())*10*nS'
    Ne = int(0.8*N)
    Ce = Synapses(P[:Ne], P, on_pre='ge += we')
    Ci = Synapses(P[Ne:], P, on_pre='gi += wi')
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)

    spikes = SpikeMonitor(P)
    trace = StateMonitor(P, 'v', record=[1, 10, 100])
    run(duration)

    results = {'rate': spikes.num_spikes/(N*duration),
               'rate_second_half': (spikes.t > duration/2).sum()
                                   / (N*duration/2),
               'v_max': trace.v[:].max(),
               'v_min': trace.v[:].min(),
               'n_synapses': len(Ce) + len(Ci)}
    if plot:
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6), sharex=True,
                                       gridspec_kw={'height_ratios': [3, 1]})
        plot_raster(spikes.i, spikes.t, axes=ax1, markersize=0.5)
        ax1.set_xlabel('')
        ax1.set_title(f"COBAHH network: {results['rate']/Hz:.1f} Hz")
        plot_state(trace.t, trace.v[:], 'v', axes=ax2, lw=0.6)
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    for key, value in main().items():
        print(f'{key}: {value}')
