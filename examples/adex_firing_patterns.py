"""Firing patterns of the adaptive exponential integrate-and-fire model
(AdEx) of Brette & Gerstner (2005).

Two equations, a membrane potential with an exponential spike
initiation and an adaptation current w, produce most of the firing
patterns of cortical neurons, depending on the parameters. Each neuron
of one group gets a parameter set of Naud et al. (2008, Table 1), or the
original fit to a pyramidal cell of Brette & Gerstner (2005), and a
step of current from t = 20 ms.

At a spike (the potential reaching 0 mV, where its upswing is unstoppable)
v is reset to V_r and w grows by b.

References
----------
Brette R, Gerstner W (2005). Adaptive exponential integrate-and-fire
model as an effective description of neuronal activity. J Neurophysiol
94:3637-3642.
Naud R, Marcille N, Clopath C, Gerstner W (2008). Firing patterns in the
adaptive exponential integrate-and-fire model. Biol Cybern 99:335-347.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt
import numpy as np

from ranvier import *

FIGURE = Path(__file__).with_suffix(".png")

#: Parameter sets: C (pF), g_L (nS), E_L (mV), V_T (mV), Delta_T (mV),
#: a (nS), tau_w (ms), b (pA), V_r (mV), step current I (pA).
PATTERNS = {
    'tonic':                    (200, 10, -70, -50, 2, 2, 30, 0, -58, 500),
    'adapting':                 (200, 12, -70, -50, 2, 2, 300, 60, -58, 500),
    'initial burst':            (130, 18, -58, -50, 2, 4, 150, 120, -50, 400),
    'regular bursting':         (200, 10, -58, -50, 2, 2, 120, 100, -46, 210),
    'delayed accelerating':     (200, 12, -70, -50, 2, -10, 300, 0, -58, 300),
    'delayed regular bursting': (100, 10, -65, -50, 2, -10, 90, 30, -47, 110),
    'transient':                (100, 10, -65, -50, 2, 10, 90, 100, -47, 180),
    'irregular':                (100, 12, -60, -50, 2, -11, 130, 30, -48, 160),
    'Brette-Gerstner 2005':     (281, 30, -70.6, -50.4, 2, 4, 144, 80.5,
                                 -70.6, 800),
}
UNITS = (pF, nS, mV, mV, mV, nS, ms, pA, mV, pA)
NAMES = ('C', 'g_L', 'E_L', 'V_T', 'DeltaT', 'a', 'tauw', 'b', 'V_r', 'I_step')

V_cut = 0*mV
t_on = 20*ms

eqs = '''
dv/dt = (-g_L*(v - E_L) + g_L*DeltaT*exp((v - V_T)/DeltaT) - w + I)/C : volt
dw/dt = (a*(v - E_L) - w)/tauw : amp
I : amp
C : farad (constant)
g_L : siemens (constant)
E_L : volt (constant)
V_T : volt (constant)
DeltaT : volt (constant)
a : siemens (constant)
tauw : second (constant)
b : amp (constant)
V_r : volt (constant)
I_step : amp (constant)
'''


def main(duration=500*ms, plot=True, figure=FIGURE, dt=0.02*ms):
    """Run every pattern for ``duration`` after the current step; return
    the spike times of each, relative to the step."""
    start_scope()
    defaultclock.dt = dt

    names = list(PATTERNS)
    neurons = NeuronGroup(len(names), eqs, threshold='v > V_cut',
                          reset='v = V_r; w += b', method='euler')
    table = np.array([PATTERNS[name] for name in names], dtype=float)
    for column, (param, unit) in enumerate(zip(NAMES, UNITS)):
        setattr(neurons, param, table[:, column]*unit)
    neurons.v = 'E_L'
    neurons.w = 0*pA
    neurons.I = 0*pA

    spikes = SpikeMonitor(neurons)
    trace = StateMonitor(neurons, ['v', 'w'], record=True)
    run(t_on)
    neurons.I = 'I_step'
    run(duration)

    trains = spikes.spike_trains()
    results = {name: np.asarray((trains[k] - t_on)/ms)*ms
               for k, name in enumerate(names)}
    if plot:
        fig, axes = plt.subplots(3, 3, figsize=(11, 8), sharex=True)
        for k, (name, ax) in enumerate(zip(names, axes.flat)):
            v = np.array(trace.v[k]/mV)
            v[np.isin(trace.t_, trains[k]/second)] = 0   # draw the spikes
            ax.plot(trace.t/ms, v, 'k', lw=0.6)
            ax.set_title(name, fontsize=10)
        for ax in axes[-1]:
            ax.set_xlabel('time (ms)')
        for ax in axes[:, 0]:
            ax.set_ylabel('v (mV)')
        fig.suptitle('AdEx firing patterns (Naud et al. 2008; '
                     'Brette & Gerstner 2005)')
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    for name, times in main().items():
        isi = np.diff(times/ms)
        print(f'{name:25s} {len(times):3d} spikes, first at '
              f'{times[0]/ms if len(times) else np.nan:6.1f} ms, ISIs (ms): '
              f'{np.round(isi[:8], 1)}')
