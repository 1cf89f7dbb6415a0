"""The magic run()'s rule for new objects, as observed in Brian 2.9: all
new objects start a new simulation at t=0, new monitors join a running
one. (Brian 2 refuses a mix of new and already-run objects; ranvier
continues the simulation.)"""

import pytest

from ranvier import NeuronGroup, StateMonitor, ms, run, start_scope
from ranvier.magic import magic_network


@pytest.fixture(autouse=True)
def fresh_scope():
    start_scope()
    yield
    start_scope()


def simulate():
    """Objects local to a function, gone once it returns (the pattern of
    Brian 2's coupled_oscillators example)."""
    G = NeuronGroup(2, "dv/dt = 1/second : 1")
    mon = StateMonitor(G, "v", record=True)
    run(5 * ms)
    return mon.t[:], G.v[:]


def test_new_objects_start_a_new_simulation_at_zero(backend):
    simulate()
    t, v = simulate()
    assert float(t[0] / ms) == 0.0 and float(t[1] / ms) == pytest.approx(0.1)
    assert len(t) == 50
    assert float(magic_network().t / ms) == pytest.approx(5.0)
    assert float(v[0]) == pytest.approx(5e-3)


def test_a_new_monitor_joins_the_running_simulation(backend):
    G = NeuronGroup(1, "dv/dt = 1/second : 1")
    run(2 * ms)
    mon = StateMonitor(G, "v", record=0)
    run(1 * ms)
    assert float(magic_network().t / ms) == pytest.approx(3.0)
    assert float(mon.t[0] / ms) == pytest.approx(2.0)


def test_mixing_new_and_run_objects_continues(backend):
    # Brian 2 raises MagicError here; ranvier continues the simulation.
    G = NeuronGroup(1, "dv/dt = 1/second : 1")
    run(2 * ms)
    H = NeuronGroup(1, "dv/dt = 1/second : 1")
    run(1 * ms)
    assert float(magic_network().t / ms) == pytest.approx(3.0)
    assert float(G.v[0]) == pytest.approx(3e-3)
    assert float(H.v[0]) == pytest.approx(1e-3)
    del G
    run(1 * ms)        # H has run before: the simulation continues
    assert float(magic_network().t / ms) == pytest.approx(4.0)
