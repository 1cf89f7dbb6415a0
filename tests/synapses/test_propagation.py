"""Spike propagation: delays, pathways, events, many synapses onto one
neuron, spikes in flight across runs and store/restore."""

import warnings

import numpy as np
import pytest

from ranvier import (Network, NeuronGroup, SpikeGeneratorGroup, StateMonitor,
                     Synapses, ms)

DT = 0.1 * ms


def arrival_steps(monitor, threshold=0.5):
    """Per recorded neuron, the first step whose value exceeds 0.5."""
    v = np.asarray(monitor.v)
    steps = np.rint(np.asarray(monitor.t / DT)).astype(int)
    return [int(steps[np.argmax(row > threshold)]) if np.any(row > threshold)
            else None for row in v]


def network(times_ms, n_target, code="v_post += 1", **kw):
    """One spike source (a SpikeGeneratorGroup) and a target recording v
    right after the synapses slot."""
    src = SpikeGeneratorGroup(len(times_ms), np.arange(len(times_ms)),
                              np.asarray(times_ms) * ms)
    tgt = NeuronGroup(n_target, "v : 1")
    S = Synapses(src, tgt, on_pre=code, **kw)
    mon = StateMonitor(tgt, "v", record=True, when="after_synapses")
    return src, tgt, S, mon


def test_homogeneous_delay_shifts_by_exactly_its_steps():
    found = {}
    for d in (0, 1, 7, 25):
        src, tgt, S, mon = network([1.0], 1, delay=d * DT)
        S.connect()
        Network(src, tgt, S, mon).run(5 * ms)
        found[d] = arrival_steps(mon)[0]
    assert found == {d: 10 + d for d in (0, 1, 7, 25)}


def test_heterogeneous_delays_each_their_own():
    delays = np.array([0.0, 0.1, 0.5, 1.0, 2.3, 0.26])
    src, tgt, S, mon = network([0.5], 6)
    S.connect(i=0, j=np.arange(6))
    S.delay = delays * ms
    Network(src, tgt, S, mon).run(5 * ms)
    assert arrival_steps(mon) == list(5 + np.rint(delays / 0.1).astype(int))
    # Set by a string expression instead.
    src, tgt, S, mon = network([0.5], 6)
    S.connect(i=0, j=np.arange(6))
    S.delay = "j*0.3*ms"
    Network(src, tgt, S, mon).run(5 * ms)
    assert arrival_steps(mon) == [5 + 3 * k for k in range(6)]


def test_spikes_from_different_steps_arrive_together():
    src, tgt, S, mon = network([0.5, 1.0], 1)
    S.connect()
    S.delay = "(1 - 0.5*i)*ms"      # both arrive at 1.5 ms
    Network(src, tgt, S, mon).run(3 * ms)
    v = np.asarray(mon.v)[0]
    step = arrival_steps(mon)[0]
    assert step == 15 and v[np.argmax(v > 0.5)] == 2


def test_spikes_in_flight_survive_consecutive_runs():
    src, tgt, S, mon = network([1.0], 1, delay=5 * ms)
    S.connect()
    net = Network(src, tgt, S, mon)
    net.run(3 * ms)
    assert tgt.v[0] == 0
    net.run(3.5 * ms)
    assert arrival_steps(mon) == [60]
    assert tgt.v[0] == 1


@pytest.mark.parametrize("to_file", [False, True])
def test_spikes_in_flight_survive_store_and_restore(tmp_path, to_file):
    src, tgt, S, mon = network([1.0, 1.2], 1)
    S.connect()
    S.delay = "(3 + i)*ms"
    net = Network(src, tgt, S, mon)
    filename = str(tmp_path / "state.npz") if to_file else None
    net.run(2 * ms)
    net.store("flight", filename=filename)
    net.run(6 * ms)
    assert tgt.v[0] == 2
    first = np.asarray(mon.v)[0].copy()
    net.restore("flight", filename=filename)
    assert tgt.v[0] == 0 and net.t == 2 * ms
    net.run(6 * ms)
    assert tgt.v[0] == 2
    np.testing.assert_array_equal(np.asarray(mon.v)[0], first)


@pytest.mark.parametrize("code, expected", [
    ("v_post += w", 100 * 101 / 2),
    ("v_post = v_post + w", 100 * 101 / 2),
    ("v += w", 100 * 101 / 2),                    # unsuffixed: postsynaptic
    ("v_post = 0.5*v_post + 1", 2 - 2.0 ** -99),  # order matters: in turn
])
def test_hundred_synapses_onto_one_neuron_in_one_step(code, expected):
    src, tgt, S, mon = network([0.3] * 100, 1, code=code, model="w : 1")
    S.connect()
    S.w = "i + 1"
    Network(src, tgt, S, mon).run(1 * ms)
    assert tgt.v[0] == pytest.approx(expected, rel=1e-12)


def test_one_source_many_synapses_and_recurrent_updates():
    src, tgt, S, mon = network([0.3], 1, code="v_post += 1")
    S.connect(n=100)
    Network(src, tgt, S, mon).run(1 * ms)
    assert tgt.v[0] == 100
    # Recurrent: each synapse reads its presynaptic and writes its
    # postsynaptic neuron of the same group, in turn.
    G = NeuronGroup(3, "v : 1", threshold="t > 0.25*ms and t < 0.35*ms")
    R = Synapses(G, G, on_pre="v_post = v_post + v_pre + 1")
    R.connect(i=[0, 1, 2], j=[1, 2, 0])
    G.v = [1, 10, 100]
    Network(G, R).run(0.5 * ms)
    # 0->1: v1 = 10+1+1 = 12; 1->2: v2 = 100+12+1; 2->0: v0 = 1+113+1
    np.testing.assert_array_equal(G.v, [115, 12, 113])


def test_postsynaptic_pathway_writes_synapses_and_presynaptic_group():
    pre = NeuronGroup(2, "x : 1")
    post = SpikeGeneratorGroup(1, [0, 0], [0.2, 0.6] * ms)
    S = Synapses(pre, post, "w : 1", on_post="w += 1\nx_pre += 2")
    S.connect()
    Network(pre, post, S).run(1 * ms)
    np.testing.assert_array_equal(S.w, [2, 2])
    np.testing.assert_array_equal(pre.x, [4, 4])


def test_named_pathways_with_own_delays_and_custom_events():
    src = NeuronGroup(1, "v : 1", threshold="t > 0.45*ms and t < 0.55*ms",
                      events={"custom": "t > 0.95*ms and t < 1.05*ms"})
    tgt = NeuronGroup(1, "a : 1\nb : 1\nc : 1")
    S = Synapses(src, tgt, on_pre={"fast": "a_post += 1",
                                   "slow": "b_post += 1",
                                   "other": "c_post += 1"},
                 delay={"slow": 1 * ms}, on_event={"other": "custom"})
    S.connect()
    mon = StateMonitor(tgt, ["a", "b", "c"], record=0, when="after_synapses")
    Network(src, tgt, S, mon).run(3 * ms)
    first = {name: float(np.asarray(mon.t / DT)[np.argmax(
        np.asarray(getattr(mon, name))[0] > 0.5)]) for name in "abc"}
    assert first == {"a": 5, "b": 15, "c": 10}
    E = Synapses(src, tgt, on_pre="a_post += 1", on_event="custom")
    assert E.pre.event == "custom"


def test_pathway_schedule():
    G = NeuronGroup(2, "v : 1", threshold="v > 1")
    S = Synapses(G, G, "w : 1", on_pre="v_post += w", on_post="w += 1")
    S.connect()
    assert (S.pre.when, S.pre.order, S.post.order) == ("synapses", -1, 1)
    S.post.when = "after_resets"
    S.pre.order = 4
    net = Network(G, S)
    rows = [line.split() for line in net.scheduling_summary().splitlines()]
    slots = {row[0]: (row[1], int(row[2])) for row in rows[1:]}
    assert slots[f"{S.name}_pre"] == ("synapses", 4)
    assert slots[f"{S.name}_post"] == ("after_resets", 1)


def test_subgroup_source_ignores_other_neurons():
    P = NeuronGroup(4, "v : 1", threshold="t > 0.25*ms and t < 0.35*ms")
    Q = NeuronGroup(2, "v : 1")
    S = Synapses(P[2:], Q, on_pre="v_post += i + 1")
    S.connect(j="i")
    Network(P, Q, S).run(0.5 * ms)
    np.testing.assert_array_equal(Q.v, [1, 2])


def test_changing_delays_with_spikes_in_flight_warns():
    src, tgt, S, mon = network([0.5], 1)
    S.connect()
    S.delay = 2 * ms
    net = Network(src, tgt, S, mon)
    net.run(1 * ms)
    S.delay = 3 * ms
    with pytest.warns(UserWarning, match="changed while spikes were in "
                                         "flight"):
        net.run(3 * ms)
    # Counted from the spike at 0.5 ms with the new delay: 3.5 ms.
    assert arrival_steps(mon) == [35]
    S.delay = 1 * ms     # nothing in flight any more: no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net.run(0.5 * ms)
