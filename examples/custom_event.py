"""Custom events: detecting when a membrane potential crosses a level
upwards, without a spike and reset.

Passive membranes are driven by sinusoidal inputs of different
amplitudes. Besides spikes, a group can define its own events by a
condition; here the event ``'up'`` happens when the potential rises
above ``v_level``, and ``'down'`` when it falls below again. Each event
runs its own code (``run_on_event``): a boolean variable remembers on
which side of the level the neuron is, so that ``'up'`` happens once per
crossing and not in every step above the level. An ``EventMonitor``
records the crossings and the potential at each.

A leaky membrane filters the input: the steady-state oscillation has
the amplitude A/sqrt(1 + (2*pi*f*tau)**2), so only the neurons whose
filtered amplitude exceeds the level cross it, once per cycle.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt
import numpy as np

from ranvier import *

FIGURE = Path(__file__).with_suffix(".png")

tau = 10*ms
f = 10*Hz
E_rest = -65*mV
v_level = -55*mV
amplitudes = [5, 10, 11, 12, 15, 20]*mV

eqs = '''
dv/dt = (E_rest + A*sin(2*pi*f*t) - v)/tau : volt
A : volt (constant)
above : boolean
'''


def main(duration=1*second, plot=True, figure=FIGURE):
    start_scope()
    defaultclock.dt = 0.1*ms

    G = NeuronGroup(len(amplitudes), eqs,
                    events={'up': 'v > v_level and not above',
                            'down': 'v < v_level and above'},
                    method='euler')
    G.A = amplitudes
    G.v = E_rest
    G.run_on_event('up', 'above = True')
    G.run_on_event('down', 'above = False')

    ups = EventMonitor(G, 'up', variables=['v'])
    downs = EventMonitor(G, 'down')
    trace = StateMonitor(G, 'v', record=True)
    run(duration)

    gain = 1/np.sqrt(1 + (2*np.pi*f*tau)**2)
    results = {'up_counts': np.array(ups.count[:]),
               'down_counts': np.array(downs.count[:]),
               'up_i': np.array(ups.i[:]), 'up_t': ups.t[:],
               'up_v': ups.v[:],
               'steady_amplitude': np.asarray(amplitudes/mV)*gain*mV}
    if plot:
        fig, ax = plt.subplots(figsize=(8, 4))
        for k in range(len(amplitudes)):
            line, = ax.plot(trace.t/ms, trace.v[k]/mV, lw=0.8,
                            label=f'A = {amplitudes[k]/mV:g} mV')
            mine = ups.i == k
            ax.plot(ups.t[mine]/ms, ups.v[mine]/mV, 'o', ms=4,
                    color=line.get_color())
        ax.axhline(float(v_level/mV), color='k', ls='--', lw=0.8)
        ax.set_xlim(0, 400)
        ax.set_xlabel('time (ms)')
        ax.set_ylabel('v (mV)')
        ax.set_title("Custom event 'up': upward crossings of the level")
        ax.legend(loc='lower right', fontsize=8)
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    res = main()
    for A, count in zip(amplitudes, res['up_counts']):
        print(f"A = {A/mV:4.1f} mV: {count} upward crossings")
