"""Sparse network of excitatory and inhibitory integrate-and-fire neurons
with delays and external Poisson input, after Brunel (2000).

Every neuron receives C_E = epsilon*N_E synapses from excitatory neurons,
C_I = epsilon*N_I from inhibitory ones (a fixed in-degree), and C_E
external excitatory inputs, each a Poisson train of rate nu_ext. A spike
moves the target's membrane potential by J (excitatory) or -g*J
(inhibitory) after the delay D. The relative inhibition g and the
external drive nu_ext/nu_thr choose the regime; nu_thr is the external
rate that brings the mean input exactly to threshold. The published
regimes of the paper's Figure 8:

===================================  ===  ==============
regime                                g   nu_ext/nu_thr
===================================  ===  ==============
A: synchronous regular (SR)           3   2
B: asynchronous irregular (AI)        5   2
C: synchronous irregular, fast (SI)   6   4
D: synchronous irregular, slow (SI)   4.5 0.9
===================================  ===  ==============

The default is the asynchronous irregular state, where the mean rate
matches the paper's mean-field solution (``mean_field_rate``).

Reference
---------
Brunel N (2000). Dynamics of sparsely connected networks of excitatory
and inhibitory spiking neurons. J Comput Neurosci 8:183-208.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt
import math

import numpy as np

from ranvier import *
from ranvier.plot import plot_raster, plot_rate

FIGURE = Path(__file__).with_suffix(".png")

REGIMES = {'SR': (3, 2), 'AI': (5, 2), 'SI-fast': (6, 4),
           'SI-slow': (4.5, 0.9)}

tau = 20*ms
theta = 20*mV
V_r = 10*mV
tau_rp = 2*ms
D = 1.5*ms
epsilon = 0.1
gamma = 0.25         # N_I/N_E

eqs = 'dv/dt = -v/tau : volt (unless refractory)'


def erfcx_minus(u):
    """exp(u**2)*(1 + erf(u)), finite for large negative u."""
    if u > -20:
        return math.exp(u*u)*math.erfc(-u)
    # asymptotic expansion of the scaled complementary error function
    return (1 - 1/(2*u*u) + 3/(4*u**4))/(-u*math.sqrt(math.pi))


def mean_field_rate(J, C_E, g, nu_ext):
    """Stationary rate of the asynchronous state (Brunel 2000, eqs. 4-6):
    the rate of a leaky integrate-and-fire neuron driven by white noise,
    solved self-consistently with the mean and variance of its input."""
    def siegert(mu, sigma):
        y_th = float((theta - mu)/sigma)
        y_r = float((V_r - mu)/sigma)
        u = np.linspace(y_r, y_th, 2001)
        integral = np.trapezoid([erfcx_minus(x) for x in u], u)
        return 1/(tau_rp + tau*np.sqrt(np.pi)*integral)

    def mismatch(nu):
        mu = C_E*J*tau*(nu_ext + nu*(1 - g*gamma))
        sigma = J*np.sqrt(C_E*tau*(nu_ext + nu*(1 + g**2*gamma)))
        return siegert(mu, sigma) - nu

    low, high = 0*Hz, 1/tau_rp
    for _ in range(60):      # bisection: the mismatch falls with nu
        mid = (low + high)/2
        if mismatch(mid) > 0:
            low = mid
        else:
            high = mid
    return (low + high)/2


def isi_cv(spike_trains):
    """Mean coefficient of variation of the interspike intervals, over the
    neurons with at least three spikes."""
    cvs = []
    for train in spike_trains.values():
        if len(train) >= 3:
            isi = np.diff(np.asarray(train))
            cvs.append(np.std(isi)/np.mean(isi))
    return float(np.mean(cvs)) if cvs else float('nan')


def fixed_indegree(n_source, n_target, indegree, rng):
    """Presynaptic and postsynaptic indices: each target gets ``indegree``
    distinct sources chosen at random."""
    sources = np.concatenate([rng.choice(n_source, indegree, replace=False)
                              for _ in range(n_target)])
    targets = np.repeat(np.arange(n_target), indegree)
    return sources, targets


def main(duration=300*ms, regime='AI', N_E=10000, J=0.1*mV, plot=True,
         figure=FIGURE, random_seed=2000):
    """Run the network; ``N_E`` (with N_I = N_E/4) and ``J`` can shrink
    the network for quick runs."""
    start_scope()
    defaultclock.dt = 0.1*ms
    seed(random_seed)
    rng = np.random.default_rng(random_seed)

    g, ratio = REGIMES[regime]
    N_I = int(gamma*N_E)
    C_E = int(epsilon*N_E)
    C_I = int(epsilon*N_I)
    nu_thr = theta/(J*C_E*tau)
    nu_ext = ratio*nu_thr

    neurons = NeuronGroup(N_E + N_I, eqs, threshold='v > theta',
                          reset='v = V_r', refractory=tau_rp,
                          method='exact')
    neurons.v = 'V_r + rand()*(theta - V_r)'
    # Input arriving while a neuron is refractory is lost: the potential
    # is held at V_r.
    exc = Synapses(neurons[:N_E], neurons,
                   on_pre='v_post += J*int(not_refractory_post)', delay=D)
    sources, targets = fixed_indegree(N_E, N_E + N_I, C_E, rng)
    exc.connect(i=sources, j=targets)
    inh = Synapses(neurons[N_E:], neurons,
                   on_pre='v_post += -g*J*int(not_refractory_post)', delay=D)
    sources, targets = fixed_indegree(N_I, N_E + N_I, C_I, rng)
    inh.connect(i=sources, j=targets)
    external = PoissonInput(neurons, 'v', N=C_E, rate=nu_ext,
                            weight='J*int(not_refractory)')

    spikes = SpikeMonitor(neurons)
    rate = PopulationRateMonitor(neurons)
    run(duration)

    # The first 100 ms (or the first third) are the transient.
    t_start = min(100*ms, duration/3)
    late = spikes.t >= t_start
    results = {'rate': late.sum()/((N_E + N_I)*(duration - t_start)),
               'rate_theory': mean_field_rate(J, C_E, g, nu_ext),
               'nu_ext': nu_ext,
               'cv_isi': isi_cv(spikes.spike_trains()),
               'n_synapses': len(exc) + len(inh)}
    if plot:
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6), sharex=True,
                                       gridspec_kw={'height_ratios': [2, 1]})
        shown = spikes.i < 50
        plot_raster(spikes.i[shown], spikes.t[shown], axes=ax1)
        ax1.set_xlabel('')
        ax1.set_title(f"Brunel (2000), regime {regime}: g={g}, "
                      f"nu_ext/nu_thr={ratio}; rate "
                      f"{results['rate']/Hz:.1f} Hz (mean field "
                      f"{results['rate_theory']/Hz:.1f} Hz)")
        plot_rate(rate.t, rate.smooth_rate(width=0.5*ms), axes=ax2, lw=0.6)
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    for key, value in main().items():
        print(f'{key}: {value}')
