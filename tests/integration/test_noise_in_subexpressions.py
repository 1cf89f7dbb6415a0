"""Differential equations made stochastic by a subexpression carrying
white noise (the form of Spreizer et al. 2019's input current), run on
every backend; and the places Brian 2.9 refuses such a subexpression."""

import numpy as np
import pytest

from ranvier import (Network, NeuronGroup, StateMonitor, SpikeGeneratorGroup,
                     Synapses, mV, ms, nA, nF, seed)
from ranvier.integration import UnsupportedEquationsError
from ranvier.lang.errors import ModelError, ModelNameError, ModelSyntaxError

TAU = 10 * ms
MODEL = """dv/dt = (E - v)/tau + noise/C : volt
noise = mu + sigma*sqrt(noise_dt)*xi_pop : amp
noise_dt = 1*ms : second (shared)
"""
PARAMS = {"E": -65 * mV, "tau": TAU, "C": 1 * nF, "mu": 0.5 * nA,
          "sigma": 1 * nA}


def test_the_stationary_distribution_of_the_membrane(backend):
    # An Ornstein-Uhlenbeck process: dv = (E + mu*tau/C - v)/tau dt
    # + s dW with s = sigma*sqrt(noise_dt)/C; its variance relaxes to
    # s**2*tau/2 (Euler with dt/tau = 0.01 adds half a percent).
    seed(8)
    group = NeuronGroup(4000, MODEL, method="euler", namespace=PARAMS)
    group.v = -65 * mV
    Network(group).run(100 * ms)
    v = np.asarray(group.v / mV)
    s = 1e-9 * np.sqrt(1e-3) / 1e-9  # volt per sqrt(second)
    expected_std = s * np.sqrt(0.01 / 2) * 1e3 * np.sqrt(1 / (1 - 0.005))
    expected_mean = -65 + 0.5e-9 * 0.01 / 1e-9 * 1e3
    assert np.std(v) == pytest.approx(expected_std, rel=0.06)
    assert np.mean(v) == pytest.approx(expected_mean,
                                       abs=4 * expected_std / np.sqrt(4000))


def test_one_named_noise_is_shared_by_the_equations_using_it(backend):
    group = NeuronGroup(50, """dv/dt = -v/tau + noise/C : volt
                               dw/dt = -w/tau + noise/C : volt
                               du/dt = -u/tau + xi*mV/sqrt(ms) : volt
                               noise = sigma*sqrt(ms)*xi_n : amp""",
                        method="euler", namespace=PARAMS)
    Network(group).run(2 * ms)
    v, w, u = (np.asarray(x) for x in (group.v, group.w, group.u))
    assert np.std(v) > 0
    np.testing.assert_array_equal(v, w)
    assert not np.allclose(v, u)


def test_the_default_method_for_additive_noise_is_euler():
    # As Brian 2 chooses: 'exact' does not apply, 'euler' does.
    group = NeuronGroup(2, MODEL, namespace=PARAMS)
    text = str(group._state_update)
    assert text.startswith("# method: euler")
    assert "_xi_pop = randn()" in text


def test_exact_integration_is_refused():
    with pytest.raises(UnsupportedEquationsError, match="stochastic"):
        NeuronGroup(2, MODEL, method="exact", namespace=PARAMS)


@pytest.mark.parametrize("kwargs, what", [
    ({"threshold": "noise > 0*nA"}, "threshold"),
    ({"threshold": "v > E", "reset": "v = E + noise/C*ms"}, "statement"),
])
def test_noise_outside_differential_equations_is_refused(kwargs, what):
    group = NeuronGroup(2, MODEL, method="euler", namespace=PARAMS, **kwargs)
    with pytest.raises(ModelSyntaxError) as info:
        Network(group).run(0.1 * ms)
    message = str(info.value)
    assert "'noise' carries the white noise 'xi_pop'" in message
    assert f"cannot be used in a {what}" in message


def test_a_pathway_cannot_use_a_noisy_subexpression():
    source = SpikeGeneratorGroup(1, [0], [0.0] * ms)
    target = NeuronGroup(1, "v : volt")
    synapses = Synapses(source, target,
                        "w : 1\nkick = sqrt(ms)*xi_k/ms : hertz",
                        on_pre="w += kick*ms")
    synapses.connect()
    with pytest.raises(ModelSyntaxError, match="'kick' carries the white "
                                               "noise 'xi_k'"):
        Network(source, target, synapses).run(0.2 * ms)


def test_a_noisy_subexpression_cannot_be_read_or_recorded():
    group = NeuronGroup(2, MODEL, method="euler", namespace=PARAMS)
    with pytest.raises(ModelNameError, match="'xi_pop' is white noise"):
        group.noise[:]
    monitor = StateMonitor(group, "noise", record=0)
    with pytest.raises(ModelError, match="'xi_pop' is white noise"):
        Network(group, monitor).run(0.1 * ms)


def test_clock_driven_synaptic_noise(backend):
    seed(3)
    group = NeuronGroup(1, "v : 1")
    synapses = Synapses(group, group, """dx/dt = -x/tau + kick : 1 (clock-driven)
                        kick = sqrt(2/tau)*xi_s : hertz""",
                        method="euler", namespace={"tau": TAU})
    synapses.connect(n=3000)
    Network(group, synapses).run(60 * ms)
    # Stationary variance 1 (times 1/(1 - dt/(2 tau)) for Euler).
    assert np.std(np.asarray(synapses.x)) == pytest.approx(1.0, rel=0.06)
