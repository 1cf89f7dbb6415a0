"""The examples in examples/ run, and their results agree with what the
models predict (analytic values, mean-field theory, published ranges).

Each example is loaded from its file and run shortly with plotting off.
"""

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

from ranvier import (Hz, Network, NeuronGroup, defaultclock, mV, ms, prefs,
                     second)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load(name):
    """Import examples/<name>.py as a module."""
    spec = importlib.util.spec_from_file_location(f"ranvier_example_{name}",
                                                  EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def restore_defaults():
    """The examples set the default clock's step, as scripts do, and leave
    its time where their run ended: put both back for later tests."""
    dt, target = defaultclock.dt, prefs.codegen.target
    yield
    defaultclock.dt = dt
    prefs.codegen.target = target
    # A zero-length run of a new network moves the default clock back to
    # 0; synapses created later take their `lastupdate` from it.
    Network(NeuronGroup(1, "dv/dt = -v/second : 1")).run(0*ms)


def lif_rate(drive, threshold, tau, refractory=0*ms):
    """Firing rate of a leaky integrate-and-fire neuron reset to 0 with a
    constant drive (potentials relative to the reset)."""
    if drive <= threshold:
        return 0*Hz
    return 1/(refractory + tau*math.log(drive/(drive - threshold)))


def within_binomial(count, n, p, sigmas=5):
    """A count of Bernoulli successes within `sigmas` standard deviations."""
    return abs(count - n*p) <= sigmas*math.sqrt(n*p*(1 - p))


# -- networks of integrate-and-fire neurons ---------------------------------

def test_seed_network():
    ex = load("seed_network")
    res = ex.main(duration=200*ms, plot=False)
    assert within_binomial(res["n_synapses"], 4000*4000, 0.02)
    # Alone, each neuron fires regularly: E_L + I_const sits 1 mV above
    # threshold. The network is inhibition-dominated, so it fires less.
    alone = lif_rate(ex.I_const, ex.V_th - ex.E_L, ex.tau_m)
    assert 20*Hz < alone < 22*Hz
    assert 1*Hz < res["rate"] < alone
    assert (res["spike_counts"] > 0).mean() > 0.5


def test_cuba():
    ex = load("cuba")
    res = ex.main(duration=300*ms, plot=False)
    assert within_binomial(res["n_synapses"], 4000*4000, 0.02)
    alone = lif_rate(ex.El - ex.Vr, ex.Vt - ex.Vr, ex.taum, 5*ms)
    # asynchronous activity at a few Hz, far below the uncoupled rate
    assert 2*Hz < res["rate"] < 0.6*alone
    # excitatory and inhibitory neurons are identical apart from their
    # targets: same rates
    assert abs(res["rate_exc"] - res["rate_inh"]) < 0.25*res["rate"]


def test_coba():
    ex = load("coba")
    res = ex.main(duration=300*ms, plot=False)
    assert within_binomial(res["n_synapses"], 4000*4000, 0.02)
    # The rest potential is below threshold: all activity after the
    # initial kick is sustained by the network itself, at 10-30 Hz.
    assert 10*Hz < res["rate_second_half"] < 30*Hz
    assert abs(res["rate_exc"] - res["rate_inh"]) < 0.25*res["rate"]
    # irregular firing
    assert res["cv_isi"] > 0.7


def test_cobahh():
    ex = load("cobahh")
    res = ex.main(duration=100*ms, plot=False)
    assert 10*Hz < res["rate_second_half"] < 80*Hz
    # action potentials overshoot towards E_Na; after-hyperpolarisation
    # stays above E_K
    assert 20*mV < res["v_max"] < ex.ENa
    assert ex.EK < res["v_min"] < -70*mV


def test_brunel2000_matches_mean_field():
    ex = load("brunel2000")
    # Asynchronous irregular regime in a network 5 times smaller, with
    # 5 times stronger synapses: same mean input, larger fluctuations.
    res = ex.main(duration=300*ms, N_E=2000, J=0.5*mV, plot=False)
    assert res["n_synapses"] == 2500*(200 + 50)
    assert res["nu_ext"] == 20*Hz   # 2 nu_thr, nu_thr = theta/(J C_E tau)
    # Finite jumps J lower the rate below the diffusion limit.
    assert 0.8 < res["rate"]/res["rate_theory"] < 1.1
    assert res["cv_isi"] > 0.5


def test_brunel2000_mean_field_published():
    # The full network's asynchronous state (Brunel 2000, Fig. 8B).
    ex = load("brunel2000")
    rate = ex.mean_field_rate(0.1*mV, 1000, 5, 20*Hz)
    assert 35*Hz < rate < 40*Hz


def test_izhikevich2003_rhythm():
    ex = load("izhikevich2003")
    res = ex.main(duration=1000*ms, plot=False)
    assert res["n_synapses"] == 1000*1000
    assert 4*Hz < res["rate_exc"] < 15*Hz
    assert 4*Hz < res["rate_inh"] < 20*Hz
    # the population activity oscillates in the alpha band (paper, Fig. 3)
    assert 6*Hz <= res["peak_frequency"] <= 13*Hz


def test_adex_firing_patterns():
    ex = load("adex_firing_patterns")
    res = ex.main(duration=300*ms, plot=False)
    isi = {name: np.diff(np.asarray(times/ms)) for name, times in res.items()}
    first = {name: float(times[0]/ms) for name, times in res.items()}

    def cv(x):
        return np.std(x)/np.mean(x)

    # tonic: regular from the start
    assert len(isi["tonic"]) >= 20 and cv(isi["tonic"][3:]) < 0.05
    # adapting: intervals grow, several-fold
    for name in ("adapting", "Brette-Gerstner 2005"):
        assert np.all(np.diff(isi[name]) > 0)
        assert isi[name][-1] > 2.5*isi[name][0]
    # initial burst: two short intervals, then regular long ones
    burst = isi["initial burst"]
    assert np.all(burst[:2] < 10) and np.all(burst[2:] > 40)
    assert cv(burst[3:]) < 0.05
    # regular bursting: bursts of short intervals separated by long pauses
    for name, pause in (("regular bursting", 100),
                        ("delayed regular bursting", 40)):
        short = isi[name] < 10
        assert short.sum() >= 3 and (isi[name] > pause).sum() >= 2
        assert (short | (isi[name] > pause)).all()
    # delayed onsets (the tonic neuron fires its first spike at ~14 ms)
    assert first["delayed accelerating"] > 2*first["tonic"]
    assert first["delayed regular bursting"] > 3*first["tonic"]
    # accelerating: intervals shrink
    acc = isi["delayed accelerating"]
    assert np.all(np.diff(acc) < 0) and acc[0] > 1.3*acc[-1]
    # transient: a spike or a few, then silence under the same current
    assert 1 <= len(res["transient"]) <= 3
    assert res["transient"][-1] < 100*ms
    # irregular: variable intervals without a fixed pattern
    assert cv(isi["irregular"]) > 0.4


@pytest.mark.parametrize("itd_ms", [-0.5, 0.3])
def test_jeffress_best_delay_is_the_itd(itd_ms):
    ex = load("jeffress")
    res = ex.main(duration=200*ms, itd=itd_ms*ms, plot=False)
    counts = res["counts"]
    assert abs(res["estimated_itd"] - itd_ms*ms) < 0.01*ms
    # sharp tuning: the best detectors fire several times more than any
    # detector whose best delay is 0.2 ms or more away
    best = np.argmax(counts)
    far = np.abs(res["best_itd"] - res["best_itd"][best]) >= 0.2*ms
    assert counts[best] > 3*counts[far].max()
    # the fibres fire at 50-300 Hz, locked to the sound
    assert np.all((res["ear_rates"] > 50*Hz) & (res["ear_rates"] < 300*Hz))


def test_gap_junctions_synchronise():
    ex = load("gap_junctions")
    duration = 300*ms
    res = ex.main(duration=duration, plot=False)
    free, coupled = res["uncoupled"], res["coupled"]
    # Uncoupled, each neuron fires at its own analytic rate (within one
    # spike over the measured 240 ms).
    v0 = ex.v0_min + (ex.v0_max - ex.v0_min)*np.arange(ex.N)/(ex.N - 1)
    expected = np.array([lif_rate(v, 1, ex.tau)/Hz for v in v0])*Hz
    assert np.all(np.abs(free["rates"] - expected) <= 1/(0.8*duration))
    assert free["synchrony"] < 0.5
    # Coupled, they lock to one frequency and fire together.
    assert np.ptp(np.asarray(coupled["rates"]/Hz)) == 0
    assert coupled["synchrony"] > 0.9


def test_poisson_input_matches_campbell():
    ex = load("poisson_input")
    res = ex.main(duration=500*ms, plot=False)
    assert res["n_synapses"] == ex.N_inputs*ex.n_neurons
    assert res["mean_theory"] == -65*mV      # E_L + N rate w tau
    # standard error of the mean: sd*sqrt(2 tau/T)/sqrt(n) ~ 0.03 mV
    for name in ("PoissonInput", "PoissonGroup + Synapses"):
        assert abs(res[name]["mean"] - res["mean_theory"]) < 0.15*mV
        assert abs(res[name]["var"]/res["var_theory"] - 1) < 0.15


def test_timed_array_staircase_follows_fi_curve():
    ex = load("timed_array_stimulus")
    res = ex.main(plot=False)
    rheobase = (ex.V_th - ex.E_L)/ex.R
    for step in res["steps"]:
        if step["current"] < rheobase:
            # below rheobase: silent, at the steady state E_L + R I
            assert step["count"] == 0
            assert abs(step["v_end"] - (ex.E_L + ex.R*step["current"])) \
                < 0.01*mV
        else:
            # above: regular firing at the analytic interval, to within
            # the time step
            assert step["count"] >= 3
            assert abs(step["isi"] - step["isi_theory"]) < 0.2*ms
    assert [s["count"] > 0 for s in res["steps"]] == \
        [False, False, False, True, True, True, True]


def test_custom_event_counts_upward_crossings():
    ex = load("custom_event")
    duration = 500*ms
    res = ex.main(duration=duration, plot=False)
    crosses = res["steady_amplitude"] > ex.v_level - ex.E_rest
    assert list(crosses) == [False, False, False, True, True, True]
    # once per cycle of the 10 Hz input, never more; each 'up' is
    # followed by one 'down'
    cycles = int(duration*ex.f)
    assert np.all(res["up_counts"] == np.where(crosses, cycles, 0))
    assert np.all(res["down_counts"] == res["up_counts"])
    # the potential recorded at the event has just crossed the level
    assert np.all(res["up_v"] >= ex.v_level)
    assert np.all(res["up_v"] < ex.v_level + 0.2*mV)
    # crossing times of the steady state: E + g A sin(w t - phi) = level
    w = 2*np.pi*ex.f
    phi = np.arctan(float(w*ex.tau))
    for k in (4, 5):
        g_A = res["steady_amplitude"][k]
        t0 = (np.arcsin(float((ex.v_level - ex.E_rest)/g_A)) + phi)/w
        times = res["up_t"][res["up_i"] == k]
        expected = t0 + np.arange(cycles)/ex.f
        late = expected > 5*ex.tau
        assert np.all(np.abs(times[late] - expected[late]) < 0.3*ms)


def test_song2000_stdp_depression_wins_at_first():
    ex = load("song2000_stdp")
    duration, lr = 1.5*second, 10
    res = ex.main(duration=duration, learning_rate=lr, plot=False)
    g_max = res["g_max"]
    assert g_max == ex.g_max_paper
    assert np.all((res["w_end"] >= 0) & (res["w_end"] <= g_max))
    # Drift of the mean weight for uncorrelated input and output trains:
    # r_pre r_post (A+ tau+ - A- tau-) per unit time, negative since
    # A- > A+. The causal correlation (inputs help the neuron fire) only
    # adds potentiation, so the actual drift lies between that and 0.
    rate_out = res["output_rate"]
    assert 40*Hz < rate_out < 150*Hz    # high before learning
    uncorrelated = float(15*Hz*rate_out*duration*lr*g_max
                         * (ex.A_plus*ex.tau_plus - ex.A_minus*ex.tau_minus))
    drift = np.mean(res["w_end"] - res["w_start"])
    assert uncorrelated < drift < 0
    # the output slows down as the weights fall
    assert res["output_rate_end"] < rate_out


@pytest.mark.slow
def test_song2000_stdp_bimodal_weights(tmp_path, monkeypatch):
    # The paper's protocol needs minutes of biological time (about 15 s
    # compiled, over ten minutes on the NumPy backend).
    monkeypatch.setenv("RANVIER_CACHE_DIR", str(tmp_path))
    ex = load("song2000_stdp")
    prefs.codegen.target = "numba"      # put back by restore_defaults
    res = ex.main(duration=300*second, plot=False)
    w = res["w_end"]/res["g_max"]
    # bimodal: most weights near the bounds, both bounds populated, few in
    # the middle
    assert res["bimodality_start"] < 0.45
    assert res["bimodality_end"] > 0.6
    assert np.mean(w < 0.1) > 0.3 and np.mean(w > 0.9) > 0.1
    assert np.mean((w > 0.4) & (w < 0.6)) < 0.1
    # the output rate is regulated down to a moderate value
    assert 5*Hz < res["output_rate_end"] < 30*Hz


def test_an_example_draws_its_figure(tmp_path):
    ex = load("custom_event")
    out = tmp_path / "custom_event.png"
    ex.main(duration=200*ms, plot=True, figure=out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10000
