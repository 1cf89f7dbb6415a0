"""Runs, schedules, clocks, store/restore and reproducibility."""

import numpy as np
import pytest

from ranvier import (Clock, NeuronGroup, Network, NetworkOperation,
                     SpikeMonitor, StateMonitor, ms, mV, second, seed)

NOISY = """dv/dt = (v0 - v)/tau + sigma*sqrt(2/tau)*xi : volt
v0 : volt"""
NS = {"tau": 10 * ms, "sigma": 3 * mV}


def noisy_group(name=None):
    G = NeuronGroup(20, NOISY, threshold="v > 10*mV", reset="v = 0*mV",
                    refractory=1 * ms, namespace=NS, name=name)
    G.v0 = "9*mV + 2*mV*rand()"
    return G


def test_two_runs_equal_one():
    seed(3)
    G1 = noisy_group()
    m1 = SpikeMonitor(G1)
    n1 = Network(G1, m1)
    n1.run(50 * ms)
    n1.run(50 * ms)
    seed(3)
    G2 = noisy_group()
    m2 = SpikeMonitor(G2)
    Network(G2, m2).run(100 * ms)
    assert m1.num_spikes > 10
    np.testing.assert_array_equal(m1.i, m2.i)
    np.testing.assert_array_equal(m1.t_, m2.t_)
    np.testing.assert_array_equal(G1.v_, G2.v_)


def test_seed_reproduces_and_differs():
    def spikes(s):
        seed(s)
        G = noisy_group()
        mon = SpikeMonitor(G)
        Network(G, mon).run(40 * ms)
        return mon.i, mon.t_
    a, b, c = spikes(1), spikes(1), spikes(2)
    np.testing.assert_array_equal(a[1], b[1])
    assert len(a[1]) != len(c[1]) or not np.array_equal(a[1], c[1])


def test_store_restore_continues_identically(tmp_path):
    seed(5)
    G = noisy_group()
    mon = SpikeMonitor(G)
    net = Network(G, mon)
    net.run(20 * ms)
    net.store("here")
    net.store("file", filename=str(tmp_path / "state.npz"))
    net.run(30 * ms)
    first = (mon.i.copy(), mon.t_.copy(), G.v_.copy())
    net.restore("here")
    assert float(net.t / ms) == pytest.approx(20)
    net.run(30 * ms)
    np.testing.assert_array_equal(mon.t_, first[1])
    np.testing.assert_array_equal(G.v_, first[2])
    net.restore("file", filename=str(tmp_path / "state.npz"))
    net.run(30 * ms)
    np.testing.assert_array_equal(mon.i, first[0])
    np.testing.assert_array_equal(G.v_, first[2])


def test_state_file_is_not_pickled(tmp_path):
    G = NeuronGroup(2, "v : volt")
    net = Network(G)
    net.store("s", filename=str(tmp_path / "s.npz"))
    with np.load(tmp_path / "s.npz", allow_pickle=False) as data:
        assert any(k.endswith("v") for k in data.files)


def test_monitor_at_start_sees_value_before_update_at_end_after():
    G = NeuronGroup(1, "dv/dt = 1*volt/second : volt", method="euler")
    before = StateMonitor(G, "v", record=0, when="start")
    after = StateMonitor(G, "v", record=0, when="end")
    Network(G, before, after).run(1 * ms)
    np.testing.assert_allclose(before.v_[0], np.arange(10) * 1e-4,
                               atol=1e-15)
    np.testing.assert_allclose(after.v_[0], np.arange(1, 11) * 1e-4,
                               atol=1e-15)


def test_order_within_slot():
    calls = []
    a = NetworkOperation(lambda: calls.append("a"), order=2)
    b = NetworkOperation(lambda: calls.append("b"), order=1)
    Network(a, b).run(0.2 * ms)
    assert calls == ["b", "a", "b", "a"]


def test_schedule_can_be_changed_and_summarised():
    calls = []
    start = NetworkOperation(lambda: calls.append("start"), when="start",
                             name="op_at_start")
    end = NetworkOperation(lambda: calls.append("end"), when="end",
                           name="op_at_end")
    net = Network(start, end)
    net.schedule = ["end", "groups", "thresholds", "synapses", "resets",
                    "start"]
    net.run(0.1 * ms)
    assert calls == ["end", "start"]
    summary = net.scheduling_summary()
    assert summary.index(end.name) < summary.index(start.name)
    with pytest.raises(ValueError, match="schedule"):
        net.schedule = ["start", "nonsense"]


def test_clocks_with_different_dt_advance_together():
    fast, slow = [], []
    f = NetworkOperation(lambda t: fast.append(float(t / ms)), dt=0.1 * ms)
    s = NetworkOperation(lambda t: slow.append(float(t / ms)), dt=0.5 * ms)
    net = Network(f, s)
    net.run(2 * ms)
    assert len(fast) == 20 and len(slow) == 4
    np.testing.assert_allclose(slow, [0, 0.5, 1.0, 1.5])
    assert float(net.t / ms) == pytest.approx(2.0)


def test_run_regularly():
    G = NeuronGroup(3, "x : 1")
    G.run_regularly("x += 1", dt=1 * ms)
    Network(G).run(10 * ms)
    np.testing.assert_array_equal(G.x, [10, 10, 10])


def test_custom_event_and_run_on_event():
    G = NeuronGroup(2, """dv/dt = rate : 1
                          rate : hertz
                          hits : 1""",
                    events={"crossing": "v > 1"}, method="euler")
    G.rate = [500, 0] * (1 / second)
    G.run_on_event("crossing", "v = 0; hits += 1")
    Network(G).run(10 * ms)
    assert G.hits[0] == pytest.approx(5, abs=1)  # 500 Hz for 10 ms
    assert G.hits[1] == 0


def test_invalid_dt_and_negative_duration():
    with pytest.raises(ValueError, match="positive"):
        Clock(-1 * ms)
    with pytest.raises(ValueError, match="positive"):
        NeuronGroup(1, "v : 1", dt=0 * ms)
    G = NeuronGroup(1, "v : 1")
    with pytest.raises(ValueError, match="negative"):
        Network(G).run(-1 * ms)


def test_network_t_and_report(capsys):
    G = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1")
    net = Network(G)
    net.run(1 * ms, report="text", report_period=0.0001 * second)
    out = capsys.readouterr().out
    assert "100%" in out and "Starting simulation" in out
    seen = []
    net.run(1 * ms, report=lambda *a: seen.append(a[1]))
    assert seen[-1] == 1.0
    assert float(net.t / ms) == pytest.approx(2.0)


def test_clock_that_does_not_divide_the_run_keeps_every_tick():
    calls = []
    op = NetworkOperation(lambda t: calls.append(round(float(t / ms), 9)),
                          dt=2 * ms)
    net = Network(op)
    net.run(5 * ms)
    net.run(5 * ms)
    assert calls == [0, 2, 4, 6, 8]
    assert float(net.t / ms) == pytest.approx(10)
