"""Synapses whose source or target is another Synapses object: its
synapses are the elements (as in Brian 2's neuromodulation and
astrocyte examples)."""

import numpy as np
import pytest

from ranvier import (NeuronGroup, SpikeGeneratorGroup, Synapses, ms,
                     run, start_scope)


def _plastic():
    """Three synapses in a ring of three neurons; d decays with 20 ms."""
    G = NeuronGroup(3, "dv/dt = -v/(10*ms) : 1", threshold="v > 1",
                    reset="v = 0")
    S = Synapses(G, G, """dd/dt = -d/(20*ms) : 1 (clock-driven)
                          g : 1
                          twice = 2*d : 1
                          through = d*v_post : 1""", on_pre="v += d")
    S.connect(i=[0, 1, 2], j=[1, 2, 0])
    return G, S


def test_spikes_modulate_target_synapses(backend):
    # A reward signal raises d of chosen synapses (Izhikevich 2007); d
    # then decays exactly: each step integrates before delivery, so a
    # kick at 1 ms has decayed for 3.9 ms at the end of a 5 ms run.
    start_scope()
    _, S = _plastic()
    D = SpikeGeneratorGroup(1, [0, 0], [1 * ms, 3 * ms])
    R = Synapses(D, S, on_pre="d_post += 0.5")
    R.connect(j="k for k in range(N_post) if k != 1")
    run(5 * ms)
    assert list(R.j[:]) == [0, 2]
    kicked = 0.5 * (np.exp(-3.9 / 20) + np.exp(-1.9 / 20))
    np.testing.assert_allclose(S.d[:], [kicked, 0, kicked], rtol=1e-6)


def test_summed_into_and_out_of_synapses(backend):
    start_scope()
    _, S = _plastic()
    A = NeuronGroup(2, "y : 1")
    A.y = [2, 3]
    into = Synapses(A, S, "g_post = y_pre : 1 (summed)")
    # i and j are this object's indices, not the target synapses' own.
    into.connect("i == j % 2")
    B = NeuronGroup(2, "z : 1")
    out = Synapses(S, B, "z_post = twice_pre : 1 (summed)")
    out.connect("j == i % 2")
    S.d = [1, 2, 3]
    run(0.1 * ms)
    assert (list(into.i[:]), list(into.j[:])) == ([0, 0, 1], [0, 2, 1])
    np.testing.assert_array_equal(S.g[:], [2, 3, 2])
    # Summed before the step's integration: d as it was set.
    np.testing.assert_array_equal(B.z[:], [2 * (1 + 3), 2 * 2])


def test_target_synapses_may_grow_after(backend):
    start_scope()
    _, S = _plastic()
    B = NeuronGroup(2, "z : 1")
    out = Synapses(S, B, "z_post = d_pre : 1 (summed)")
    out.connect(j="0")
    S.connect(i=0, j=0)
    out.connect(i=3, j=1)
    S.d = [1, 2, 3, 4]
    run(0.1 * ms)
    np.testing.assert_array_equal(out.N_outgoing_pre, [1, 1, 1, 1])
    np.testing.assert_array_equal(B.z[:], [6, 4])


def test_pathways_need_events():
    start_scope()
    _, S = _plastic()
    B = NeuronGroup(2, "z : 1")
    with pytest.raises(TypeError, match="emits no events.*on_pre"):
        Synapses(S, B, on_pre="z += 1")
    with pytest.raises(TypeError, match="emits no events.*on_post"):
        Synapses(B, S, on_post="z += 1")


def test_subexpression_through_two_levels_refused():
    start_scope()
    _, S = _plastic()
    B = NeuronGroup(2, "z : 1")
    out = Synapses(S, B, "z_post = through_pre : 1 (summed)")
    out.connect()
    with pytest.raises(NotImplementedError,
                       match="'through_pre'.*reads 'v_post'.*two levels"):
        run(0.1 * ms)
