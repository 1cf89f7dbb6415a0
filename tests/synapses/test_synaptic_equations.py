"""Synaptic equations: clock-driven, event-driven (exact between events)
and summed variables, with their errors."""

import numpy as np
import pytest

from ranvier import (DimensionMismatchError, Network, NeuronGroup,
                     SpikeGeneratorGroup, StateMonitor, Synapses, ms, mV)
from ranvier.integration import UnsupportedEquationsError
from ranvier.lang.errors import ModelNameError, ModelSyntaxError, \
    ModelUnitError


def test_clock_driven_decay_matches_exponential():
    src = SpikeGeneratorGroup(1, [0], [1.0] * ms)
    tgt = NeuronGroup(2, "I : 1")
    S = Synapses(src, tgt, """dg/dt = -g/tau : 1 (clock-driven)
                              I_post = g : 1 (summed)""",
                 on_pre="g += 1", namespace={"tau": 5 * ms})
    S.connect()
    mon = StateMonitor(tgt, "I", record=[0], when="end")
    Network(src, tgt, S, mon).run(10 * ms)
    t = np.asarray(mon.t / ms)
    I = np.asarray(mon.I)[0]
    # g jumps at 1.0 ms (synapses slot); the summed variable is computed
    # before the groups update (as in Brian), so I follows g one step late.
    after = t >= 1.1 - 1e-9
    expected = np.exp(-(t[after] - 1.1) / 5)
    np.testing.assert_allclose(I[after], expected, rtol=1e-10)
    assert np.all(I[~after] == 0)


def test_unflagged_differential_equation_is_clock_driven():
    G = NeuronGroup(1, "v : 1")
    S = Synapses(G, G, "dg/dt = -g/(10*ms) : 1")
    S.connect()
    S.g = 1
    Network(G, S).run(10 * ms)
    assert S.g[0] == pytest.approx(np.exp(-1), rel=1e-10)


def test_event_driven_is_exact_between_events():
    times = np.array([1.0, 1.7, 4.2, 9.9])
    src = SpikeGeneratorGroup(1, np.zeros(4, int), times * ms)
    tgt = NeuronGroup(1, "v : 1")
    S = Synapses(src, tgt, """dq/dt = -q/tau : 1 (event-driven)
                              seen : 1""",
                 on_pre="seen = q\nq += 1", namespace={"tau": 3 * ms})
    S.connect()
    seen = []
    net = Network(src, tgt, S)
    for stop in times + 0.1:
        net.run(stop * ms - net.t)
        seen.append(float(S.seen[0]))
    expected = [sum(np.exp(-(t - s) / 3) for s in times[:k])
                for k, t in enumerate(times)]
    np.testing.assert_allclose(seen, expected, rtol=1e-10)
    assert S.lastupdate[0] == pytest.approx(9.9e-3)


def test_summed_variables_add_up_like_gap_junctions():
    N = 6
    G = NeuronGroup(N, """v : volt
                          Igap : amp""")
    G.v = "i*mV - 3*mV"
    S = Synapses(G, G, """g : siemens
                          Igap_post = g*(v_pre - v_post) : amp (summed)""")
    S.connect("i != j and (i + j) % 3 != 0")
    S.g = "(i + 2*j)*nS"
    Network(G, S).run(0.1 * ms)
    v = np.asarray(G.v_)
    expected = np.zeros(N)
    for a, b, g in zip(S.i[:], S.j[:], np.asarray(S.g_)):
        expected[b] += g * (v[a] - v[b])
    np.testing.assert_allclose(np.asarray(G.Igap_), expected, rtol=1e-12)


def test_summed_targets_not_connected_get_zero():
    G = NeuronGroup(4, "x : 1\ny : 1")
    G.y = 7
    S = Synapses(G[:2], G[1:3], "w : 1\ny_post = w : 1 (summed)")
    S.connect(i=[0, 1, 1], j=[0, 0, 1])
    S.w = [1, 2, 4]
    Network(G, S).run(0.1 * ms)
    # Targets G[1:3] get sums (neuron 1: 1+2, neuron 2: 4); others untouched.
    np.testing.assert_array_equal(G.y, [7, 3, 4, 7])
    E = Synapses(G, G, "w : 1\nx_pre = w : 1 (summed)")
    Network(G, E).run(0.1 * ms)
    np.testing.assert_array_equal(G.x, [0, 0, 0, 0])


def test_summed_runs_before_the_target_state_update():
    G = NeuronGroup(1, "dv/dt = I/ms : 1\nI : 1")
    S = Synapses(G, G, "w : 1\nI_post = w : 1 (summed)")
    S.connect()
    S.w = 2
    mon = StateMonitor(G, "v", record=True, when="end")
    Network(G, S, mon).run(0.3 * ms)
    # The first step already integrates I = 2.
    np.testing.assert_allclose(np.asarray(mon.v)[0], [0.2, 0.4, 0.6])


MODEL_ERRORS = [
    ("w : 1\nI_post = w : 1 (summed)", ModelSyntaxError,
     "needs a parameter 'I'"),
    ("w : 1\nv_post = w : volt (summed)", ModelSyntaxError,
     "needs a parameter 'v'"),
    ("w : 1\nu_post = w : 1 (summed)", ModelSyntaxError,
     "needs a parameter 'u'"),
    ("w : 1\nx_post = w : volt (summed)", ModelUnitError, "units"),
    ("w : 1\nxx = w : 1 (summed)", ModelSyntaxError, "must end in"),
    ("w : 1\nx_post = w : 1 (summed)\nx_pre = 2*w : 1 (summed)",
     ModelSyntaxError, "already set by another summed variable"),
    ("v : volt", ModelNameError, "rename the synaptic variable"),
    ("x : 1", ModelNameError, "rename"),
    ("lastupdate : second", ModelNameError, "reserved"),
    ("dq/dt = -q/tau + v_post/(volt*ms) : 1 (event-driven)",
     ModelSyntaxError, "clock-driven"),
    ("dq/dt = -q/tau : 1 (event-driven)\ndy/dt = q/tau : 1 (clock-driven)",
     ModelSyntaxError, "event-driven variable 'q'"),
    ("dq/dt = -q**2/tau : 1 (event-driven)", UnsupportedEquationsError,
     "linear"),
    ("dq/dt = -q/tau + xi/sqrt(tau) : 1 (event-driven)", ModelSyntaxError,
     "stochastic"),
    ("w : 1 (summed)", ModelSyntaxError, "summed"),
    ("w = 1 : 1 (event-driven)", ModelSyntaxError, "event-driven"),
]


@pytest.mark.parametrize("model, error, message", MODEL_ERRORS)
def test_model_errors(model, error, message):
    G = NeuronGroup(2, "dv/dt = -v/(10*ms) : volt\nx : 1\nu : 1 (shared)\n"
                       "s = 2*x : 1\nz : 1", threshold="v > 1*volt")
    H = NeuronGroup(2, "I = 0*amp : amp", threshold="False")
    target = H if "I_post" in model else G
    with pytest.raises(error, match=message):
        Synapses(G, target, model, namespace={"tau": 1 * ms})


RUN_ERRORS = [
    (dict(on_pre="v_post += w"), ModelUnitError, "volt"),
    (dict(on_pre="nothing += 1"), ModelNameError, "nothing"),
    (dict(on_pre="w += undefined_name"), ModelNameError, "undefined_name"),
    (dict(on_pre="i = 3"), ModelNameError, "read-only"),
    (dict(on_pre="s_post = 1"), ModelNameError, "read-only"),
]


@pytest.mark.parametrize("kwargs, error, message", RUN_ERRORS)
def test_code_errors_at_run(kwargs, error, message):
    G = NeuronGroup(2, "dv/dt = -v/(10*ms) : volt\nx : 1\ns = 2*x : 1",
                    threshold="v > 1*volt")
    S = Synapses(G, G, "w : 1", **kwargs)
    S.connect()
    with pytest.raises(error, match=message):
        Network(G, S).run(0.1 * ms)


CONSTRUCTION_ERRORS = [
    (dict(on_pre="q_pre += 1"), ModelNameError, "no such variable"),
    (dict(on_pre="v_post += "), ModelSyntaxError, "missing"),
    (dict(on_pre=3), TypeError, "on_pre must be"),
    (dict(on_pre="x += 1", pre="x += 1"), TypeError, "not both"),
    (dict(on_pre="x_post += 1", on_event="nothing"), ValueError,
     "does not define"),
    (dict(on_pre="x_post += 1", on_event={"other": "spike"}), ValueError,
     "do not exist"),
    (dict(on_pre="x_post += 1", delay=3 * mV), DimensionMismatchError,
     "must be a time"),
    (dict(on_pre="x_post += 1", delay=3), TypeError, "must be a time"),
    (dict(on_pre="x_post += 1", delay=[1, 2] * ms), TypeError, "one delay"),
    (dict(on_pre="x_post += 1", delay={"back": 1 * ms}), ValueError,
     "no such pathway"),
    (dict(on_pre={"my path": "x_post += 1"}), TypeError, "identifiers"),
    (dict(on_pre={"connect": "x_post += 1"}), ValueError, "already"),
    (dict(multisynaptic_index="x"), ModelNameError, "rename"),
    (dict(multisynaptic_index="t"), ModelSyntaxError, "reserved"),
    (dict(namespace=[1]), TypeError, "dictionary"),
    (dict(multisynaptic_index=3), TypeError, "variable name"),
    (dict(multisynaptic_index="w"), ModelNameError, "names a variable"),
    (dict(on_pre="x_post += 1", on_event=3), TypeError, "on_event must"),
    (dict(on_pre={"a": 3}), TypeError, "must be a string"),
]


@pytest.mark.parametrize("kwargs, error, message", CONSTRUCTION_ERRORS)
def test_construction_errors(kwargs, error, message):
    G = NeuronGroup(2, "dv/dt = -v/(10*ms) : volt\nx : 1",
                    threshold="v > 1*volt")
    with pytest.raises(error, match=message):
        Synapses(G, G, "w : 1", **kwargs)


def test_source_must_be_a_group():
    with pytest.raises(TypeError, match="must be a group"):
        Synapses("G")


def test_negative_delays_are_refused_at_run():
    G = NeuronGroup(2, "v : 1", threshold="v > 1")
    S = Synapses(G, G, on_pre="v_post += 1")
    S.connect()
    S.delay = -1 * ms
    with pytest.raises(ValueError, match="not negative"):
        Network(G, S).run(0.1 * ms)


def test_state_monitor_records_synaptic_variables():
    G = NeuronGroup(3, "v : 1")
    S = Synapses(G, G, "dw/dt = -w/(5*ms) : 1 (clock-driven)")
    S.connect()
    S.w = "i + 3*j"
    mon = StateMonitor(S, "w", record=[1, 5], when="end")
    Network(G, S, mon).run(1 * ms)
    t = np.asarray(mon.t / ms)
    expected = np.outer([3, 7], np.exp(-(t + 0.1) / 5))
    np.testing.assert_allclose(np.asarray(mon.w), expected, rtol=1e-10)


def test_event_driven_after_another_network_ran_longer():
    # The default clock is left at 50 ms by another network; new synapses
    # must still start their event-driven variables from a sane state.
    Network(NeuronGroup(1, "v : 1")).run(50 * ms)
    src = SpikeGeneratorGroup(1, [0, 0], [1.0, 2.0] * ms)
    tgt = NeuronGroup(1, "v : 1")
    S = Synapses(src, tgt, "dq/dt = -q/(3*ms) : 1 (event-driven)",
                 on_pre="q += 1")
    S.connect()
    Network(src, tgt, S).run(3 * ms)
    assert S.q[0] == pytest.approx(np.exp(-1 / 3) + 1, rel=1e-10)


def test_summed_contributions_of_several_synapses_objects_add_up():
    G = NeuronGroup(3, "x : 1\ny : 1")
    G.x = [1, 2, 3]
    A = Synapses(G, G, "y_post = x_pre : 1 (summed)")
    A.connect(i=[0, 1], j=[2, 2])
    B = Synapses(G[2:], G, "y_post = 10*x_pre : 1 (summed)")
    B.connect(i=0, j=[1, 2])
    Network(G, A, B).run(0.2 * ms)
    np.testing.assert_array_equal(G.y, [0, 30, 1 + 2 + 30])
