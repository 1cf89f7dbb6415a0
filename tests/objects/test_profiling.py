"""run(..., profile=True), Network.profiling_info and profiling_summary."""

import time

import numpy as np
import pytest

from ranvier import (NeuronGroup, Network, SpikeMonitor, ms, network_operation,
                     run, second, start_scope, stop)
from ranvier.magic import magic_network, profiling_summary
from ranvier.objects.profiling import ProfilingSummary
from ranvier.units import get_dimensions

# Many transcendental calls per neuron and step: by far the dearest
# operation on either backend.
HEAVY = """dv/dt = (sin(v) + cos(2*v) + exp(-v*v) + log(1 + v*v)
                   + sqrt(1 + v*v) + tanh(v)) / (10*ms) : 1"""
LIGHT = "dv/dt = 1/(5*ms) : 1"


def heavy_network():
    heavy = NeuronGroup(20000, HEAVY, method="euler", name="heavy")
    heavy.v = "rand()"
    light = NeuronGroup(5, LIGHT, threshold="v > 1", reset="v = 0",
                        name="light")
    return Network(heavy, light, SpikeMonitor(light, name="spikes"))


def sleeper(calls, pause):
    """A network operation that sleeps ``pause`` seconds per call and
    counts its calls: a known lower bound on its time."""
    @network_operation(dt=1 * ms, name="sleeper")
    def op():
        calls.append(1)
        time.sleep(pause)
    return op


def test_heaviest_operation_is_the_heavy_state_update(backend):
    net = heavy_network()
    net.run(2 * ms, profile=True)     # compiles, on the Numba backend
    start = time.perf_counter()
    net.run(20 * ms, profile=True)
    wall = time.perf_counter() - start
    info = net.profiling_info
    names = [name for name, _ in info]
    assert names[0] == "heavy_stateupdate"
    assert set(names) == {"heavy_stateupdate", "light_stateupdate",
                          "light_spike_thresholder", "light_resetter",
                          "spikes"}
    times = [float(t / second) for _, t in info]
    assert all(get_dimensions(t) is second.dim for _, t in info)
    assert all(t > 0 for t in times)
    assert times == sorted(times, reverse=True)
    # The operations' times are part of the run's time, and the heavy
    # update dominates it.
    assert sum(times) <= wall
    assert sum(times) >= 0.3 * wall


def test_sum_covers_a_known_cost_and_stays_within_the_run(backend):
    calls = []
    G = NeuronGroup(3, LIGHT, name="g")
    net = Network(G, sleeper(calls, 0.004))
    start = time.perf_counter()
    net.run(10 * ms, profile=True)
    wall = time.perf_counter() - start
    info = dict(net.profiling_info)
    assert len(calls) == 10
    assert float(info["sleeper"] / second) >= 10 * 0.004
    assert sum(float(t / second) for t in info.values()) <= wall
    assert float(info["g_stateupdate"] / second) > 0


def test_each_profiled_run_replaces_the_previous_info(backend):
    # As in Brian 2's runtime mode: the info is that of the latest run,
    # and a run without profiling forgets it.
    calls = []
    net = Network(sleeper(calls, 0.005))
    with pytest.raises(ValueError, match="profile=True"):
        net.profiling_info
    net.run(8 * ms, profile=True)
    first = float(dict(net.profiling_info)["sleeper"] / second)
    assert first >= 8 * 0.005
    net.run(1 * ms, profile=True)
    second_run = float(dict(net.profiling_info)["sleeper"] / second)
    assert 0.005 <= second_run < first
    net.run(1 * ms)
    with pytest.raises(ValueError, match="network 'network'"):
        net.profiling_info


def test_profiled_run_gives_the_same_state_as_a_plain_run(backend):
    def final_state(profile):
        G = NeuronGroup(50, "dv/dt = (2 - v)/(7*ms) : 1", threshold="v > 1",
                        reset="v = 0", refractory=1 * ms)
        G.v = "i / 50"
        mon = SpikeMonitor(G)
        Network(G, mon).run(30 * ms, profile=profile)
        return G.v_[:].copy(), mon.i[:].copy(), mon.t_[:].copy()
    for plain, profiled in zip(final_state(False), final_state(True)):
        np.testing.assert_array_equal(plain, profiled)


def test_stop_during_a_profiled_run(backend):
    def stopped_run(profile, name):
        G = NeuronGroup(1, LIGHT, name=name)

        @network_operation(dt=1 * ms)
        def halt(t):
            if t >= 3 * ms:
                stop()
        net = Network(G, halt)
        net.run(10 * ms, profile=profile)
        return net
    plain = stopped_run(False, "plain")
    profiled = stopped_run(True, "profiled")
    assert 3 < float(profiled.t / ms) < 4
    assert float(profiled.t / ms) == float(plain.t / ms)
    assert "profiled_stateupdate" in dict(profiled.profiling_info)


def summary_of(rows, show=None):
    return ProfilingSummary([(name, t * ms) for name, t in rows], show)


def test_summary_table_and_attributes():
    s = summary_of([("big_op", 3.0), ("small", 1.0)])
    assert s.names == ["big_op", "small"]
    assert [float(t / ms) for t in s.times] == pytest.approx([3.0, 1.0])
    assert s.percentages == pytest.approx([75.0, 25.0])
    assert float(s.total_time / ms) == pytest.approx(4.0)
    assert s.time_unit is ms or str(s.time_unit) == "ms"
    lines = str(s).splitlines()
    assert lines[:2] == ["Profiling summary", "================="]
    # Columns aligned: names padded, times and shares right-aligned.
    assert lines[2] == "big_op    3.00 ms    75.00 %"
    assert lines[3] == "small     1.00 ms    25.00 %"
    assert repr(s) == str(s)
    assert "<table>" in s._repr_html_()


def test_summary_uses_seconds_above_one_second():
    s = summary_of([("a", 1500.0)])
    assert str(s.time_unit) == "s"
    assert "1.50 s    100.00 %" in str(s)


def test_show_limits_rows_but_not_the_total():
    s = summary_of([("a", 6.0), ("b", 3.0), ("c", 1.0)], show=2)
    assert s.names == ["a", "b"]
    assert s.percentages == pytest.approx([60.0, 30.0])
    assert len(str(s).splitlines()) == 2 + 2
    assert summary_of([("a", 1.0)], show=0).names == []
    with pytest.raises(ValueError, match="show"):
        summary_of([("a", 1.0)], show=-1)
    with pytest.raises(ValueError, match="show"):
        summary_of([("a", 1.0)], show=1.5)


def test_empty_profile():
    s = ProfilingSummary([])
    assert s.percentages == [0.0]
    assert "no operation ran" in str(s)


def test_magic_run_and_default_network(backend):
    start_scope()
    G = NeuronGroup(10, LIGHT, threshold="v > 1", reset="v = 0")  # noqa
    run(5 * ms, profile=True)
    info = magic_network().profiling_info
    summary = profiling_summary()
    assert summary.names == [name for name, _ in info]
    assert len(profiling_summary(show=1).names) == 1
    assert profiling_summary(magic_network()).names == summary.names
    with pytest.raises(TypeError, match="Network"):
        profiling_summary(object())
    run(1 * ms)
    with pytest.raises(ValueError, match="profile=True"):
        profiling_summary()
