"""SpikeGeneratorGroup: spikes arrive in exactly the given steps, with and
without a period, across runs and set_spikes; every error; the scheduled
IR domain it runs on."""

import numpy as np
import pytest

from ranvier import (Network, SpikeGeneratorGroup, SpikeMonitor, ms, mV,
                     run, second, start_scope)
from ranvier.backends.numpy.kernels import domain_elements
from ranvier.ir.kernel import Domain, Kernel, scheduled_domain
from ranvier.ir.text import kernel_text
from ranvier.objects.base import BuildContext
from ranvier.units import DimensionMismatchError

DT = 0.1 * ms
DT_S = 1e-4


def observed(group, duration, net=None):
    """(step, neuron) pairs a monitor sees during one run."""
    mon = SpikeMonitor(group)
    net = net or Network(group, mon)
    if mon not in net:
        net.add(mon)
    net.run(duration)
    return sorted(zip(np.round(mon.t_ / DT_S).astype(int).tolist(),
                      mon.i.tolist()))


def test_spikes_arrive_in_their_steps():
    rng = np.random.default_rng(5)
    N, steps = 30, 200
    # At most one spike per neuron and step; times anywhere in the step
    # (but not within 0.001*dt of its end, which counts as the next one).
    pairs = {(int(s), int(i)) for s, i in zip(rng.integers(0, steps, 400),
                                             rng.integers(0, N, 400))}
    step = np.array([s for s, _ in pairs])
    index = np.array([i for _, i in pairs])
    times = (step + rng.uniform(0, 0.99, len(step))) * DT_S
    G = SpikeGeneratorGroup(N, index, times * second, dt=DT)
    assert observed(G, steps * DT) == sorted(pairs)


def test_rounding_rule_at_step_boundaries():
    # floor(t/dt + 0.001): 0.3 ms is step 3 although 0.3e-3/1e-4 is
    # 2.9999999999999996; up to 0.001*dt below a boundary counts later.
    times = [0.3, 0.2995, 0.29995, 0.7, 0.1] * ms
    G = SpikeGeneratorGroup(5, [0, 1, 2, 3, 4], times, dt=DT)
    assert observed(G, 1 * ms) == [(1, 4), (2, 1), (3, 0), (3, 2), (7, 3)]


def test_spikes_after_the_run_wait_for_the_next():
    G = SpikeGeneratorGroup(2, [0, 1, 0], [0.5, 1.5, 2.5] * ms, dt=DT)
    mon = SpikeMonitor(G)
    net = Network(G, mon)
    net.run(1 * ms)
    assert mon.i.tolist() == [0]
    net.run(2 * ms)
    np.testing.assert_allclose(mon.t_ / DT_S, [5, 15, 25])


def test_period_repeats_the_pattern():
    G = SpikeGeneratorGroup(3, [0, 2, 1], [0, 0.2, 0.4] * ms,
                            period=0.5 * ms, dt=DT)
    got = observed(G, 2 * ms)
    expected = sorted((s + 5 * c, i) for c in range(4)
                      for s, i in [(0, 0), (2, 2), (4, 1)])
    assert got == expected


def test_period_across_runs_and_mid_period_start():
    G = SpikeGeneratorGroup(1, [0], [0.3] * ms, period=1 * ms, dt=DT)
    mon = SpikeMonitor(G)
    net = Network(G, mon)
    for _ in range(5):
        net.run(0.7 * ms)
    np.testing.assert_allclose(mon.t_ / DT_S, [3, 13, 23, 33])


def test_shortest_period_is_last_spike_plus_dt():
    G = SpikeGeneratorGroup(1, [0], [0.4] * ms, period=0.5 * ms, dt=DT)
    assert observed(G, 1.5 * ms) == [(4, 0), (9, 0), (14, 0)]


def test_set_spikes_between_runs():
    G = SpikeGeneratorGroup(3, [0, 1], [0.1, 0.2] * ms, dt=DT)
    mon = SpikeMonitor(G)
    net = Network(G, mon)
    net.run(0.5 * ms)
    # The times stay absolute: 0.3 ms lies in the past and never fires.
    G.set_spikes([2, 1, 0], [0.3, 0.7, 0.9] * ms)
    net.run(0.5 * ms)
    np.testing.assert_allclose(mon.t_ / DT_S, [1, 2, 7, 9])
    np.testing.assert_array_equal(mon.i, [0, 1, 1, 0])
    G.set_spikes([0, 1], [0.1, 0.1] * ms, period=0.2 * ms)
    net.run(0.4 * ms)
    np.testing.assert_allclose(mon.t_[4:] / DT_S, [11, 11, 13, 13])
    assert G.period == 0.2 * ms


def test_subgroup_and_a_spike_driven_target():
    G = SpikeGeneratorGroup(6, [1, 3, 4, 5, 3], [0.1, 0.1, 0.2, 0.3, 0.5] * ms,
                            dt=DT)
    sub = G[2:5]
    mon = SpikeMonitor(sub)
    Network(G, mon).run(1 * ms)
    np.testing.assert_array_equal(mon.i, [1, 2, 1])
    np.testing.assert_allclose(mon.t_ / DT_S, [1, 2, 5])
    assert sub[1:].N == 2


def test_sorted_input_and_properties():
    G = SpikeGeneratorGroup(3, [0, 2, 1], [0.1, 0.1, 0.3] * ms, sorted=True,
                            dt=DT)
    np.testing.assert_array_equal(G.indices, [0, 2, 1])
    np.testing.assert_allclose(G.times / ms, [0.1, 0.1, 0.3])
    U = SpikeGeneratorGroup(3, [1, 2, 0], [0.3, 0.1, 0.1] * ms, dt=DT)
    np.testing.assert_array_equal(U.indices, [0, 2, 1])
    assert G.period == 0 * second and G.events == ("spike",)
    assert "3 spikes" in repr(G)


def test_no_spikes():
    G = SpikeGeneratorGroup(2, [], [] * ms, dt=DT)
    assert observed(G, 1 * ms) == []


def test_store_restore_replays_the_same_spikes():
    G = SpikeGeneratorGroup(2, [0, 1, 0], [0.2, 0.6, 0.9] * ms, dt=DT)
    mon = SpikeMonitor(G)
    net = Network(G, mon)
    net.run(0.5 * ms)
    net.store()
    net.run(0.5 * ms)
    first = mon.t_.copy()
    net.restore()
    net.run(0.5 * ms)
    np.testing.assert_array_equal(mon.t_, first)


def test_kernels_and_magic_run():
    start_scope()
    G = SpikeGeneratorGroup(2, [1], [0.2] * ms, period=0.5 * ms, dt=DT)
    mon = SpikeMonitor(G)
    run(1 * ms)
    np.testing.assert_allclose(mon.t_ / DT_S, [2, 7])
    step, emit = G.operations(BuildContext())
    assert [line.strip() for line in kernel_text(step.kernel).splitlines()
            if "step_now =" in line] == ["step_now = timestep(t, dt) % 5"]
    assert emit.kernel.domain.kind == "scheduled"
    assert emit.kernel.events_out == G.event_buffer("spike")
    assert (step.when, emit.when) == ("thresholds", "thresholds")


# -- errors -------------------------------------------------------------------

def test_two_spikes_in_one_step_name_the_neuron_and_step():
    with pytest.raises(ValueError, match=r"neuron 3 spikes twice in time "
                       r"step 2 \(at 0.00025 s and 0.00029 s, with dt = "
                       r"0.0001 s\)"):
        SpikeGeneratorGroup(5, [3, 1, 3], [0.25, 0.25, 0.29] * ms, dt=DT)
    with pytest.raises(ValueError, match="neuron 0 spikes twice"):
        SpikeGeneratorGroup(1, [0, 0], [1, 1] * ms, dt=DT)


def test_rebinning_for_a_new_dt_is_checked_at_run():
    G = SpikeGeneratorGroup(1, [0, 0], [0.2, 0.3] * ms, dt=DT)
    G.clock.dt = 0.2 * ms
    with pytest.raises(ValueError, match="spikes twice in time step 1"):
        Network(G).run(1 * ms)


@pytest.mark.parametrize("period, error, message", [
    (0.35 * ms, ValueError, r"must be a whole multiple of dt"),
    (0.3 * ms, ValueError, r"at least the last spike time plus dt"),
    (-1 * ms, ValueError, "non-negative time"),
    (1 * mV, DimensionMismatchError, "the period must be times"),
])
def test_bad_period(period, error, message):
    with pytest.raises(error, match=message):
        SpikeGeneratorGroup(2, [0, 1], [0.1, 0.3] * ms, period=period, dt=DT)


def test_period_checked_again_for_a_new_dt():
    G = SpikeGeneratorGroup(1, [0], [0.1] * ms, period=0.5 * ms, dt=DT)
    G.clock.dt = 0.2 * ms
    with pytest.raises(ValueError, match="whole multiple of dt"):
        Network(G).run(1 * ms)


@pytest.mark.parametrize("indices, times, error, message", [
    ([0, 1], [0.1] * ms, ValueError, "equal length"),
    ([[0, 1]], [[0.1, 0.2]] * ms, ValueError, "1-D arrays"),
    ([0, 5], [0.1, 0.2] * ms, ValueError,
     r"spike 1 has neuron index 5, outside \[0, 3\)"),
    ([-1], [0.1] * ms, ValueError, "neuron index -1"),
    ([0.5], [0.1] * ms, TypeError, "indices must be integers"),
    ([0, 1], [0.1, -0.2] * ms, ValueError, "spike 1 has time -0.0002 s"),
    ([0], [np.inf] * ms, ValueError, "finite and not negative"),
    ([0], [0.1], DimensionMismatchError, "spike times must be times"),
])
def test_bad_spikes(indices, times, error, message):
    with pytest.raises(error, match=message):
        SpikeGeneratorGroup(3, indices, times, dt=DT)


def test_sorted_flag_is_checked():
    with pytest.raises(ValueError, match="sorted=True, but the spikes are "
                       "not sorted"):
        SpikeGeneratorGroup(3, [0, 1], [0.3, 0.1] * ms, sorted=True)
    with pytest.raises(ValueError, match="not sorted"):
        SpikeGeneratorGroup(3, [2, 1], [0.1, 0.1] * ms, sorted=True)


@pytest.mark.parametrize("N", [0, 1.5, None])
def test_bad_size(N):
    with pytest.raises(ValueError, match="positive integer number"):
        SpikeGeneratorGroup(N, [], [] * ms)


# -- the scheduled domain -----------------------------------------------------

def test_scheduled_domain_selects_the_entries_of_the_key():
    rng = np.random.default_rng(2)
    keys = np.sort(rng.integers(0, 20, 300))
    indices = rng.integers(0, 1000, 300).astype(np.int32)
    arrays = {"idx": indices, "keys": keys, "now": np.zeros(1, np.int64)}
    kernel = Kernel("k", scheduled_domain("idx", "keys", "now", 0, 1000))
    for key in range(-1, 22):
        arrays["now"][0] = key
        np.testing.assert_array_equal(domain_elements(kernel, arrays),
                                      indices[keys == key])
    assert kernel.domain.text() == "idx[p] for p with keys[p] == now[0]"


def test_scheduled_domain_validation():
    with pytest.raises(ValueError, match="need keys and key arrays"):
        Domain("scheduled", 0, 1, "idx")
    with pytest.raises(ValueError, match="need keys and key arrays, and only"):
        Domain("indices", 0, 0, "idx", keys="k", key="n")
    with pytest.raises(ValueError, match="need an array of indices"):
        Domain("scheduled", 0, 1, None, "k", "n")
