"""Standalone ``device.run(run_args=...)`` by replay.

Brian 2's behaviour, observed with its C++ standalone device (one neuron
driven by 20 Poisson inputs, ``device.run`` three times): without
``seed()`` every ``device.run`` draws new random numbers, with ``seed()``
every one draws the same; monitors hold only the latest run; the
variables keep the script's values unless ``run_args`` changes them.
"""

import pickle
import warnings

import numpy as np
import pytest

from ranvier import (Hz, Network, NeuronGroup, PoissonGroup, SpikeMonitor,
                     StateMonitor, Synapses, ms, mV, prefs, second, seed)
from ranvier.compat.device import StandaloneNote, device, set_device
from ranvier.units import DimensionMismatchError

EQS = """dv/dt = -v/tau : 1
tau : second (constant)"""


@pytest.fixture(autouse=True)
def standalone():
    """A standalone device for the test, the runtime device after it."""
    target, noted = prefs.codegen.target, device._noted
    device.reinit()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StandaloneNote)
        set_device("cpp_standalone", build_on_run=False)
    prefs.codegen.target = "numpy"
    yield
    set_device("runtime")
    device.reinit()
    prefs.codegen.target, device._noted = target, noted


def poisson_network(tau=10 * ms):
    """The multiplerun pattern: Poisson inputs onto one neuron."""
    P = PoissonGroup(20, rates=50 * Hz)
    G = NeuronGroup(1, EQS, threshold="v>1", reset="v=0", method="euler")
    G.tau = tau
    S = Synapses(P, G, on_pre="v += 0.2")
    S.connect()
    M, MP = SpikeMonitor(G), SpikeMonitor(P)
    return Network(P, G, S, M, MP), G, M, MP


def fresh_counts(tau, seed_value):
    """Spike counts of a network built anew with ``tau``, no replay."""
    set_device("runtime")
    seed(seed_value)
    net, _, M, MP = poisson_network(tau)
    net.run(200 * ms)
    return M.num_spikes, MP.num_spikes


def test_replay_matches_a_fresh_network_with_that_tau():
    seed(3)
    net, G, M, MP = poisson_network()
    net.run(200 * ms)
    device.build(run=False)
    replayed = {}
    for tau in (4 * ms, 10 * ms, 20 * ms):
        device.run(run_args={G.tau: tau})
        replayed[float(tau / ms)] = (M.num_spikes, MP.num_spikes)
        assert float(G.tau[0] / ms) == pytest.approx(float(tau / ms))
    for tau in (4, 10, 20):
        assert replayed[tau] == fresh_counts(tau * ms, 3)
    # A slower leak gives more output spikes from the same input.
    assert replayed[4][0] < replayed[20][0]


def test_seeded_replays_repeat_and_monitors_hold_only_the_latest_run():
    seed(7)
    net, G, M, MP = poisson_network()
    net.run(200 * ms)
    first_t = np.array(MP.t / ms)
    device.run()
    assert MP.num_spikes == len(first_t)
    np.testing.assert_allclose(MP.t / ms, first_t)
    device.run(run_args={G.tau: 5 * ms})
    np.testing.assert_allclose(MP.t / ms, first_t)
    assert float(net.t / ms) == pytest.approx(200)
    # run_args do not stay: the next replay starts from the script's tau.
    device.run()
    assert float(G.tau[0] / ms) == pytest.approx(10)


def test_without_seed_each_replay_draws_new_numbers():
    seed(None)  # as a script that never seeds (earlier tests did)
    net, G, M, MP = poisson_network()
    net.run(200 * ms)
    trains = []
    for _ in range(2):
        device.run(run_args={G.tau: 5 * ms})
        trains.append(np.array(MP.t / ms))
    assert len(trains[0]) > 100
    assert len(trains[0]) != len(trains[1]) or \
        not np.allclose(trains[0], trains[1])


def test_run_args_as_strings_and_arrays():
    seed(2)
    G = NeuronGroup(3, "dv/dt = -v/tau : volt\ntau : second",
                    method="exact")
    G.v = 10 * mV
    G.tau = 10 * ms
    mon = StateMonitor(G, "v", record=True)
    net = Network(G, mon)
    net.run(5 * ms)
    device.run(run_args={G.v: [1, 2, 4] * mV})
    np.testing.assert_allclose(mon.v[:, 0] / mV, [1, 2, 4])
    expected = np.array([1, 2, 4]) * np.exp(-5 / 10)
    np.testing.assert_allclose(G.v / mV, expected, rtol=1e-3)
    # Brian 2's command-line form: the value in SI base units.
    device.run(run_args=[f"{G.name}.tau=0.005", f"{G.name}.v=0.002"])
    np.testing.assert_allclose(G.v / mV, 2 * np.exp(-1), rtol=1e-3)
    assert len(mon.t) == 50


def test_magic_run_replays():
    from ranvier import run, start_scope
    start_scope()
    seed(4)
    P = PoissonGroup(20, rates=50 * Hz)
    G = NeuronGroup(1, EQS, threshold="v>1", reset="v=0", method="euler")
    G.tau = 10 * ms
    S = Synapses(P, G, on_pre="v += weight")
    S.connect()
    M = SpikeMonitor(G)
    weight = 0.2  # noqa: F841 (used by the model)
    run(200 * ms)
    counts = []
    for tau in (4 * ms, 20 * ms):
        device.run(run_args={G.tau: tau})
        counts.append(M.num_spikes)
    assert counts[0] < counts[1]


def test_errors():
    with pytest.raises(RuntimeError, match="no simulation to run again"):
        device.run()
    net, G, M, MP = poisson_network()
    net.run(10 * ms)
    with pytest.raises(TypeError, match="keys of run_args"):
        device.run(run_args={"tau": 5 * ms})
    with pytest.raises(KeyError, match="'nosuchgroup'"):
        device.run(run_args=["nosuchgroup.tau=0.005"])
    with pytest.raises(KeyError, match="no variable 'taux'"):
        device.run(run_args=[f"{G.name}.taux=0.005"])
    with pytest.raises(ValueError, match="groupname.var=value"):
        device.run(run_args=["tau=0.005"])
    with pytest.raises(ValueError, match="needs one value or 1"):
        device.run(run_args={G.tau: [1, 2] * ms})
    with pytest.raises(DimensionMismatchError):
        device.run(run_args={G.tau: 5 * mV})
    with pytest.raises(NotImplementedError, match="apply_run_args"):
        device.apply_run_args()
    net.run(10 * ms)
    with pytest.raises(NotImplementedError, match="2 run"):
        device.run()


def test_runtime_device_records_nothing():
    set_device("runtime")
    net, G, M, MP = poisson_network()
    net.run(1 * ms)
    with pytest.raises(RuntimeError, match="no simulation"):
        device.run()
    assert float(net.t / second) == pytest.approx(0.001)


def test_device_and_network_travel_to_another_process_together():
    """As a multiprocessing pool sends them (pickled): the copy of the
    device replays the copy of the network, whose monitors then hold the
    result."""
    seed(5)
    net, G, M, MP = poisson_network()
    helper = 1.5  # noqa: F841 (a module is in the recorded namespace too)
    net.run(200 * ms)
    device.run(run_args={G.tau: 20 * ms})
    expected = M.num_spikes
    net_copy, device_copy = pickle.loads(pickle.dumps((net, device)))
    device_copy.run(run_args={net_copy[G.name].tau: 20 * ms})
    assert net_copy[M.name].num_spikes == expected
    device_copy.run(run_args={net_copy[G.name].tau: 4 * ms})
    assert net_copy[M.name].num_spikes < expected
    assert M.num_spikes == expected


def test_runs_of_a_second_network_are_refused():
    net, G, M, MP = poisson_network()
    net.run(1 * ms)
    other, *_ = poisson_network()
    other.run(1 * ms)
    with pytest.raises(NotImplementedError, match="several networks"):
        device.run()
