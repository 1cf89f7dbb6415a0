"""A neuron driven by a current that changes over time, given as a
TimedArray.

The stimulus is a staircase: the injected current steps up every
``step_duration``. A TimedArray holds one value per step and is called
in the model equations like a function of time. Within each step the
current is constant, so the integrate-and-fire neuron fires regularly
with the interval of its f-I curve,

    T(I) = t_ref + tau * ln(R*I / (R*I - (V_th - E_L))),

and does not fire at all below the rheobase (V_th - E_L)/R.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt
import numpy as np

from ranvier import *

FIGURE = Path(__file__).with_suffix(".png")

tau = 20*ms
R = 100*Mohm
E_L = -70*mV
V_th = -50*mV
t_ref = 2*ms
currents = [0, 0.1, 0.19, 0.21, 0.3, 0.45, 0.6]*nA
step_duration = 200*ms

eqs = '''
dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)
I = stimulus(t) : amp (constant over dt)
'''


def analytic_isi(current):
    """Interspike interval for a constant current (inf below rheobase)."""
    drive = R*current
    if drive <= V_th - E_L:
        return np.inf*second
    return t_ref + tau*np.log(drive/(drive - (V_th - E_L)))


def main(step_duration=step_duration, plot=True, figure=FIGURE):
    start_scope()
    defaultclock.dt = 0.1*ms
    stimulus = TimedArray(currents, dt=step_duration)

    neuron = NeuronGroup(1, eqs, threshold='v > V_th', reset='v = E_L',
                         refractory=t_ref, method='exact')
    neuron.v = E_L
    spikes = SpikeMonitor(neuron)
    trace = StateMonitor(neuron, ['v', 'I'], record=0)
    run(len(currents)*step_duration)

    times = np.asarray(spikes.t/second)
    step_of_spike = np.floor(times/float(step_duration/second)).astype(int)
    steps = []
    for k, current in enumerate(currents):
        own = times[step_of_spike == k]
        # the first interval of a step starts from the previous state
        isi = np.diff(own)[1:] if len(own) > 2 else np.array([])
        last_sample = np.flatnonzero(trace.t < (k + 1)*step_duration)[-1]
        steps.append({'current': current, 'count': len(own),
                      'v_end': trace.v[0][last_sample],
                      'isi': np.mean(isi)*second if len(isi) else
                             np.inf*second,
                      'isi_theory': analytic_isi(current)})
    results = {'steps': steps, 'num_spikes': spikes.num_spikes}
    if plot:
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 5), sharex=True,
                                       gridspec_kw={'height_ratios': [2, 1]})
        ax1.plot(trace.t/ms, trace.v[0]/mV, 'k', lw=0.6)
        ax1.set_ylabel('v (mV)')
        ax1.set_title('Integrate-and-fire neuron under a staircase current')
        ax2.plot(trace.t/ms, trace.I[0]/nA, 'b')
        ax2.set_ylabel('I (nA)')
        ax2.set_xlabel('time (ms)')
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    for step in main()['steps']:
        print(f"I = {step['current']/nA:4.2f} nA: {step['count']:3d} spikes, "
              f"mean interval {step['isi']/ms:6.2f} ms "
              f"(theory {step['isi_theory']/ms:6.2f} ms)")
