"""Sound localisation by coincidence detection: the model of Jeffress
(1948).

A sound (broadband noise) reaches the two ears with an interaural time
difference (ITD): it comes from the listener's left, so the right ear
hears it a little later. Each ear has one auditory nerve fibre, a noisy
integrate-and-fire neuron driven by the sound, whose spikes lock to the
fluctuations of the sound. An array of coincidence detectors receives
both fibres through axons of graded lengths: detector k receives the
left fibre after a delay D_L(k) and the right fibre after D_R(k). It
fires when the two spikes arrive together, that is, when
D_L(k) - D_R(k) compensates the ITD. The most active detector marks the
direction of the sound: a place code for time differences.

Reference
---------
Jeffress LA (1948). A place theory of sound localization. J Comp Physiol
Psychol 41:35-39.
"""

from pathlib import Path

import matplotlib
matplotlib.use("Agg")
from matplotlib import pyplot as plt
import numpy as np

from ranvier import *

FIGURE = Path(__file__).with_suffix(".png")

tau_ear = 1*ms          # membrane time constant of the auditory fibres
sigma_ear = 0.1         # their intrinsic noise
refractory_ear = 1*ms
tau_cd = 0.25*ms         # coincidence detectors: short integration window
w_cd = 0.6              # one spike alone stays below threshold (1)
max_itd = 0.8*ms        # the range of best delays of the detectors
n_detectors = 17       # best delays per fibre pair
n_fibres = 10          # fibres per ear
sound_level = 5

ear_eqs = '''
dv/dt = (sound(t - lag) - v)/tau_ear + sigma_ear*sqrt(2/tau_ear)*xi : 1
lag : second (constant)
'''


def main(duration=1*second, itd=0.3*ms, plot=True, figure=FIGURE,
         random_seed=1948):
    """Play ``duration`` of noise from a source whose sound reaches the
    right ear ``itd`` after the left one."""
    start_scope()
    defaultclock.dt = 0.025*ms
    seed(random_seed)
    rng = np.random.default_rng(random_seed)
    sound = TimedArray(sound_level*rng.standard_normal(
        int(round(duration/defaultclock.dt)) + 1), dt=defaultclock.dt)

    ears = NeuronGroup(2*n_fibres, ear_eqs, threshold='v > 1',
                       reset='v = 0', refractory=refractory_ear,
                       method='euler')
    left = ears[:n_fibres]
    right = ears[n_fibres:]
    left.lag = 0*ms
    right.lag = itd

    # Detector number fibre*n_detectors + k listens to fibre `fibre` of
    # each ear, with the k-th best delay.
    detectors = NeuronGroup(n_fibres*n_detectors,
                            '''dv/dt = -v/tau_cd : 1
                               best_itd : second (constant)
                               fibre : integer (constant)''',
                            threshold='v > 1', reset='v = 0',
                            method='exact')
    best_itds = np.linspace(-max_itd/ms, max_itd/ms, n_detectors)*ms
    detectors.best_itd = np.tile(best_itds/ms, n_fibres)*ms
    detectors.fibre = np.repeat(np.arange(n_fibres), n_detectors)
    from_left = Synapses(left, detectors, on_pre='v += w_cd')
    from_left.connect('i == fibre_post')
    from_left.delay = '(max_itd + best_itd_post)/2'
    from_right = Synapses(right, detectors, on_pre='v += w_cd')
    from_right.connect('i == fibre_post')
    from_right.delay = '(max_itd - best_itd_post)/2'

    ear_spikes = SpikeMonitor(ears)
    detector_spikes = SpikeMonitor(detectors)
    run(duration)

    # spikes per best delay, over all fibre pairs
    counts = np.array(detector_spikes.count[:]).reshape(n_fibres,
                                                        n_detectors).sum(0)
    best = best_itds
    results = {'best_itd': best, 'counts': counts,
               'estimated_itd': best[np.argmax(counts)],
               'ear_rates': np.array(ear_spikes.count[:])/duration}
    if plot:
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.bar(best/ms, counts, width=0.8*float(np.diff(best/ms)[0]),
               color='0.6')
        ax.axvline(itd/ms, color='r', label='interaural time difference')
        ax.set_xlabel('best delay of the detector, D_L - D_R (ms)')
        ax.set_ylabel('spike count')
        ax.set_title('Jeffress model: coincidence detectors')
        ax.legend(loc='upper left')
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        plt.close(fig)
    return results


if __name__ == '__main__':
    res = main()
    print(f"ITD 0.3 ms, estimated {res['estimated_itd']}; ear rates "
          f"{res['ear_rates']}")
    print('detector counts:', res['counts'])
