"""Shot noise: many Poisson inputs on a leaky membrane, simulated two
ways.

Each of ``n_neurons`` passive neurons receives ``N_inputs`` independent
Poisson spike trains of rate ``rate``; each input spike raises the
potential by ``w``, which then decays with the membrane time constant.
Campbell's theorem gives the stationary mean and variance of the
potential:

    <v> - E_L = N_inputs * rate * w * tau
    Var(v)    = N_inputs * rate * w**2 * tau / 2

One group gets its input from ``PoissonInput``, which draws the number
of input spikes of each time step from a binomial distribution without
simulating the inputs; the other from a ``PoissonGroup`` of
N_inputs * n_neurons neurons connected through ``Synapses``. Both
agree with each other and with the formulas.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt
import numpy as np

from ranvier import *
from ranvier.plot import plot_state

FIGURE = Path(__file__).with_suffix(".png")

tau = 10*ms
E_L = -70*mV
w = 0.1*mV
rate = 5*Hz
N_inputs = 1000
n_neurons = 20

eqs = 'dv/dt = -(v - E_L)/tau : volt'


def main(duration=1*second, plot=True, figure=FIGURE, random_seed=42):
    start_scope()
    defaultclock.dt = 0.1*ms
    seed(random_seed)

    binomial = NeuronGroup(n_neurons, eqs, method='exact')
    binomial.v = E_L
    summed_input = PoissonInput(binomial, 'v', N=N_inputs, rate=rate,
                                weight=w)

    explicit = NeuronGroup(n_neurons, eqs, method='exact')
    explicit.v = E_L
    sources = PoissonGroup(N_inputs*n_neurons, rates=rate)
    synapses = Synapses(sources, explicit, on_pre='v_post += w')
    synapses.connect(j='i // N_inputs')      # N_inputs sources per neuron

    trace_binomial = StateMonitor(binomial, 'v', record=True)
    trace_explicit = StateMonitor(explicit, 'v', record=True)
    run(duration)
    traces = {'PoissonInput': trace_binomial,
              'PoissonGroup + Synapses': trace_explicit}

    # statistics after the potential has settled (5 time constants)
    results = {'mean_theory': E_L + N_inputs*rate*w*tau,
               'var_theory': N_inputs*rate*w**2*tau/2,
               'n_synapses': len(synapses)}
    for name, monitor in traces.items():
        v = monitor.v[:][:, monitor.t >= 5*tau]
        results[name] = {'mean': np.mean(v), 'var': np.mean(np.var(v, axis=1))}
    if plot:
        fig, ax = plt.subplots(figsize=(8, 4))
        for name, monitor in traces.items():
            plot_state(monitor.t, monitor.v[0], 'v', axes=ax, lw=0.7,
                       label=name)
        ax.axhline(float(results['mean_theory']/mV), color='k', ls='--',
                   label='Campbell: E_L + N rate w tau')
        ax.legend(loc='lower right')
        ax.set_title(f'{N_inputs} Poisson inputs at {rate/Hz:g} Hz, '
                     f'w = {w/mV:g} mV')
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    res = main()
    print(f"theory: mean {res['mean_theory']/mV:.3f} mV, variance "
          f"{res['var_theory']/mV**2:.3f} mV^2")
    for name in ('PoissonInput', 'PoissonGroup + Synapses'):
        print(f"{name}: mean {res[name]['mean']/mV:.3f} mV, variance "
              f"{res[name]['var']/mV**2:.3f} mV^2")
