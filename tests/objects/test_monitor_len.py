"""``len()`` of monitors, as Brian 2 defines it: the number of events for
spike and event monitors (counted even with ``record=False`` and
restricted to a subgroup), the number of recorded time steps for state and
population rate monitors."""

from ranvier import (EventMonitor, Network, NeuronGroup,
                     PopulationRateMonitor, SpikeMonitor, StateMonitor, ms)


def _group():
    # v rises by 0.02 per 0.1 ms step, so from v0 the first spike is at
    # step ceil((1 - v0)/0.02) + 1 (v must exceed 1) and then every 51.
    G = NeuronGroup(3, "dv/dt = 2/(10*ms) : 1", threshold="v > 1",
                    reset="v = 0", method="euler")
    G.v = [0, 0.5, 0.9]
    return G


def _spikes_in(v0, steps):
    v, n = v0, 0
    for _ in range(steps):
        # threshold and reset act on the value after the update
        v += 0.02
        if v > 1:
            n += 1
            v = 0.0
    return n


def test_len_of_spike_and_event_monitors_counts_events():
    G = _group()
    sm = SpikeMonitor(G)
    unrecorded = SpikeMonitor(G, record=False)
    em = EventMonitor(G, "spike")
    sub = SpikeMonitor(G[1:])
    Network(G, sm, unrecorded, em, sub).run(20 * ms)
    per_neuron = [_spikes_in(v0, 200) for v0 in (0, 0.5, 0.9)]
    assert len(sm) == sum(per_neuron) == sm.num_spikes
    assert len(unrecorded) == len(sm)
    assert len(em) == len(sm)
    assert len(sub) == sum(per_neuron[1:])


def test_len_of_spike_monitor_is_zero_before_a_run():
    G = _group()
    assert len(SpikeMonitor(G)) == 0


def test_len_of_state_and_rate_monitors_counts_time_steps():
    G = _group()
    st = StateMonitor(G, "v", record=[0, 1])
    coarse = StateMonitor(G, "v", record=True, dt=1 * ms)
    pr = PopulationRateMonitor(G)
    net = Network(G, st, coarse, pr)
    net.run(20 * ms)
    assert len(st) == 200 == len(st.t)
    assert len(pr) == 200
    assert len(coarse) == 20
    net.run(5 * ms)
    assert len(st) == 250
