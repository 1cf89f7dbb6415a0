"""store/restore of synapses whose shapes changed after the snapshot: the
spike ring grown by a run with longer delays, synapses added later.

Expected values were checked with Brian 2.9 (numpy target) on the same
networks: restoring and running again gives the same arrivals as the
first time.
"""

import warnings

import numpy as np
import pytest

from ranvier import (Network, NeuronGroup, SpikeGeneratorGroup, StateMonitor,
                     Synapses, ms)


def small_network():
    """Three spikes into two neurons through three delayed synapses."""
    inp = SpikeGeneratorGroup(2, [0, 1, 0], [0.1, 0.3, 0.6] * ms)
    tgt = NeuronGroup(2, "v : 1")
    S = Synapses(inp, tgt, "w : 1", on_pre="v += w")
    S.connect(i=[0, 1, 1], j=[0, 1, 0])
    S.w = [1, 10, 100]
    S.delay = [0.5, 1.0, 2.0] * ms
    mon = StateMonitor(tgt, "v", record=True, when="after_synapses")
    return Network(inp, tgt, S, mon), tgt, S, mon


@pytest.mark.parametrize("to_file", [False, True])
def test_restore_after_the_ring_grew_keeps_spikes_in_flight(
        backend, tmp_path, to_file):
    net, tgt, S, mon = small_network()
    filename = str(tmp_path / "mid.npz") if to_file else None
    net.run(0.5 * ms)
    # The spikes of 0.1 and 0.3 ms are in flight here.
    net.store("mid", filename=filename)
    net.run(3 * ms)
    first = np.asarray(mon.v)[:, 5:].copy()
    np.testing.assert_array_equal(tgt.v[:], [102, 10])   # Brian 2: same
    net.restore("mid", filename=filename)
    S.delay = [0.5, 1.0, 5.0] * ms          # a longer ring
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # delays changed in flight
        net.run(0.2 * ms)
    net.restore("mid", filename=filename)   # the stored (shorter) ring
    np.testing.assert_array_equal(S.delay[:], [0.5, 1.0, 2.0] * ms)
    with warnings.catch_warnings():
        warnings.simplefilter("error")      # same delays as when stored
        net.run(3 * ms)
    np.testing.assert_array_equal(tgt.v[:], [102, 10])
    np.testing.assert_array_equal(np.asarray(mon.v)[:, 5:], first)


def test_restore_to_before_the_first_run(backend):
    net, tgt, S, mon = small_network()
    net.store()                             # the ring has one row here
    net.run(3.5 * ms)
    np.testing.assert_array_equal(tgt.v[:], [102, 10])
    net.restore()
    assert net.t == 0 * ms and np.all(tgt.v[:] == 0)
    net.run(3.5 * ms)
    np.testing.assert_array_equal(tgt.v[:], [102, 10])


def test_restore_removes_synapses_added_after_the_snapshot(backend):
    net, tgt, S, mon = small_network()
    net.store()
    S.connect(i=0, j=1)
    S.w[3] = 1000
    assert len(S) == 4
    net.restore()
    assert len(S) == 3
    np.testing.assert_array_equal(S.w[:], [1, 10, 100])
    np.testing.assert_array_equal(S.N_incoming_post, [2, 1])
    net.run(3.5 * ms)
    np.testing.assert_array_equal(tgt.v[:], [102, 10])


def test_restore_brings_back_the_spikes_of_a_generator(backend):
    # The pattern of Maass et al. (2002): store with no input, then
    # restore, give new spikes and run, for each stimulus.
    inp = SpikeGeneratorGroup(1, [], [] * ms)
    tgt = NeuronGroup(1, "v : 1")
    S = Synapses(inp, tgt, on_pre="v += 1", delay=2 * ms)
    S.connect()
    net = Network(inp, tgt, S)
    net.store()
    for times in ([0.5, 1.5], [0.2, 0.4, 3.0], [0.7]):
        net.restore()
        assert len(inp.times) == 0
        inp.set_spikes([0] * len(times), times * ms)
        net.run(3 * ms)
        # Arrivals by 3 ms: spikes sent before 1 ms (delay 2 ms).
        assert tgt.v[0] == sum(t < 1 for t in times)
    inp.set_spikes([0, 0], [3.5, 4.5] * ms)
    net.store("two")
    inp.set_spikes([0], [3.2] * ms)
    net.restore("two")
    np.testing.assert_allclose(inp.times / ms, [3.5, 4.5])
