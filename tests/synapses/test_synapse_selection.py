"""Selecting synapses: ``S.indices[...]``, ``S[...]`` as a monitor's
``record=`` or as an index, and Synapses objects refused as source or
target. Expected indices were read from Brian 2.9 for the same
connectivity and recomputed here from ``S.i``, ``S.j`` and ``S.k``."""

import numpy as np
import pytest

from ranvier import (Network, NeuronGroup, StateMonitor, Synapses, ms)
from ranvier.objects.synapse_selection import SynapseSelection


def _all_to_all_twice():
    # 4 x 3 neurons, two synapses per pair: synapse 2*(3*i + j) + k.
    G = NeuronGroup(4, "v : 1")
    H = NeuronGroup(3, "v : 1")
    S = Synapses(G, H, "w : 1", multisynaptic_index="k")
    S.connect(n=2)
    S.w = "i*10 + j + k*0.5"
    return G, H, S


def _where(S, condition):
    i, j, k = S.i[:], S.j[:], S.k[:]
    return np.flatnonzero(condition(i, j, k))


def test_indices_by_pairs_slices_and_conditions():
    _, _, S = _all_to_all_twice()
    np.testing.assert_array_equal(S.indices[1, 2], [10, 11])
    np.testing.assert_array_equal(
        S.indices[:, 1:3], _where(S, lambda i, j, k: j >= 1))
    np.testing.assert_array_equal(
        S.indices[[0, 1], [1, 2]],
        _where(S, lambda i, j, k: (i <= 1) & (j >= 1)))
    np.testing.assert_array_equal(S.indices[1, 2, 1], [11])
    np.testing.assert_array_equal(S.indices["i > j"],
                                  _where(S, lambda i, j, k: i > j))
    np.testing.assert_array_equal(S.indices[1:3], [1, 2])
    assert S.indices[1] == 1
    assert S.indices[5, 0].size == 0          # no such neuron: no synapse
    assert S.indices["i > j"].dtype == np.int32


def test_indices_write_a_block_of_weights():
    # As Brunel_Wang_2001.py does: C.w[C.indices[:, a:b]] = value.
    G = NeuronGroup(4, "v : 1")
    C = Synapses(G, G, "w : 1")
    C.connect()
    C.w = 1
    C.w[C.indices[:, 1:3]] = 5
    np.testing.assert_array_equal(C.w[:], [1, 5, 5, 1] * 4)  # as Brian 2


def test_neuron_group_indices():
    G = NeuronGroup(10, "v : 1")
    G.v = "i"
    np.testing.assert_array_equal(G.indices["v > 6"], [7, 8, 9])
    np.testing.assert_array_equal(G.indices[2:4], [2, 3])
    np.testing.assert_array_equal(G[5:].indices[-2:], [3, 4])


def test_selection_is_a_record_and_an_index(backend):
    G, H, S = _all_to_all_twice()
    sel = S[1, :]
    assert isinstance(sel, SynapseSelection) and len(sel) == 6
    np.testing.assert_array_equal(np.asarray(sel), np.arange(6, 12))
    np.testing.assert_allclose(S.w[sel], 10 + np.arange(6) * 0.5)
    M = StateMonitor(S, "w", record=sel)
    M3 = StateMonitor(S, "w", record=S["i == 2"])
    Network(G, H, S, M, M3).run(0.2 * ms)
    np.testing.assert_array_equal(M.record, np.arange(6, 12))
    # Brian 2: rows 10, 10.5, ..., 12.5, one column per step.
    np.testing.assert_allclose(M.w, np.repeat(
        (10 + 0.5 * np.arange(6))[:, None], 2, axis=1))
    np.testing.assert_allclose(M3.w[:, 0], 20 + 0.5 * np.arange(6))
    np.testing.assert_allclose(M[S[1, 2]].w[:, 0], [12, 12.5])


def test_selection_of_other_synapses_is_refused():
    _, _, S = _all_to_all_twice()
    _, _, T = _all_to_all_twice()
    with pytest.raises(IndexError, match="selection indexes synapses of"):
        S.w[T[0, :]]
