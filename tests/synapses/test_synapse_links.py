"""Linked variables in Synapses (``g : 1 (linked)``): to a shared variable
or a group of one element, element by element, through the synapses'
``i``/``j`` (read live), and to a subexpression of the target group.

The expected numbers are what Brian 2.9 (numpy target) gives for the same
networks; the refusals are Brian 2's (TypeError for an index array) or
name the unbuilt feature.
"""

import numpy as np
import pytest

from ranvier import (Hz, Network, NeuronGroup, StateMonitor, Synapses,
                     linked_var, ms, second)
from ranvier.lang.errors import ModelNameError

PAIRS = dict(i=[0, 1, 2, 2, 0], j=[0, 1, 2, 3, 3])


def groups():
    P = NeuronGroup(3, "v : 1")
    Q = NeuronGroup(4, "u : 1")
    M = NeuronGroup(4, "y : 1\nz = 2*y : 1")
    M.y = "i + 1"
    return P, Q, M


def synapses(P, Q, model="y : 1 (linked)\nw : 1"):
    S = Synapses(P, Q, model)
    S.connect(**PAIRS)
    return S


def test_link_to_a_subexpression_of_a_group_of_one():
    P, Q, _ = groups()
    G = NeuronGroup(1, "H : Hz\nF = H - 5*Hz : Hz")
    G.H = 7 * Hz
    S = synapses(P, Q, "g : Hz (linked)")
    S.g = linked_var(G, "F")
    np.testing.assert_allclose(S.g[:] / Hz, 2.0)
    G.H = 1 * Hz
    np.testing.assert_allclose(S.g[:] / Hz, -4.0)
    with pytest.raises(ModelNameError, match="read-only"):
        S.g[0] = 3 * Hz


def test_link_to_a_shared_variable_and_element_by_element():
    P, Q, _ = groups()
    G = NeuronGroup(2, "c : 1 (shared)")
    S = synapses(P, Q, "c : 1 (linked)")
    S.c = linked_var(G, "c")
    G.c = 3
    np.testing.assert_allclose(S.c[:], 3.0)
    N = NeuronGroup(5, "x : 1")
    N.x = "i*10"
    S2 = synapses(P, Q, "x : 1 (linked)")
    S2.x = linked_var(N, "x")
    np.testing.assert_allclose(S2.x[:], [0, 10, 20, 30, 40])
    with pytest.raises(ValueError, match="after linking 'x'"):
        S2.connect(i=0, j=0)


def test_index_j_follows_the_postsynaptic_index_live():
    P, Q, M = groups()
    S = synapses(P, Q, "y : 1 (linked)\nz : 1 (linked)")
    S.y = linked_var(M, "y", index="j")
    S.z = linked_var(M, "z", index="j")
    np.testing.assert_allclose(S.y[:], [1, 2, 3, 4, 4])
    np.testing.assert_allclose(S.z[:], [2, 4, 6, 8, 8])
    M.y = "i*100"
    np.testing.assert_allclose(S.y[:], [0, 100, 200, 300, 300])
    np.testing.assert_allclose(S.z[:], [0, 200, 400, 600, 600])
    np.testing.assert_allclose(S.y["i == 2"], [200, 300])
    S.y = linked_var(M, "y", index="i")
    np.testing.assert_allclose(S.y[:], [0, 100, 200, 200, 0])


def test_links_in_kernels(backend):
    # Reads (pathway, monitor) and writes (run_regularly) through links.
    _, Q, M = groups()
    G = NeuronGroup(1, "H : Hz\nF = H - 5*Hz : Hz")
    G.H = 7 * Hz
    th = NeuronGroup(3, "dv/dt = 1/ms : 1", threshold="v > 1.5",
                     reset="v = 0")
    S = Synapses(th, Q, "y : 1 (linked)\nz : 1 (linked)\ng : Hz (linked)\n"
                 "w : 1", on_pre="w += z + g*second")
    S.connect(**PAIRS)
    S.y = linked_var(M, "y", index="j")
    S.z = linked_var(M, "z", index="i")
    S.g = linked_var(G, "F")
    S.run_regularly("y = w + 1")
    mon = StateMonitor(S, ["g", "z"], record=True)
    Network(th, Q, M, G, S, mon).run(5 * ms, namespace={"second": second})
    np.testing.assert_allclose(S.w[:], [52] * 5)
    np.testing.assert_allclose(M.y[:], [53] * 4)
    np.testing.assert_allclose(mon.g[:, -1] / Hz, [2] * 5)
    np.testing.assert_allclose(mon.z[:, -1], [106] * 5)


def test_refusals():
    P, Q, M = groups()
    S = synapses(P, Q)
    with pytest.raises(TypeError, match="index array"):
        S.y = linked_var(M, "y", index=np.array([0, 1, 2, 3, 3]))
    with pytest.raises(ValueError, match="'nosuch' .* not a variable"):
        S.y = linked_var(M, "y", index="nosuch")
    with pytest.raises(NotImplementedError, match="synaptic variable 'w'"):
        S.y = linked_var(M, "y", index="w")
    with pytest.raises(ValueError, match="element by element"):
        S.y = linked_var(NeuronGroup(6, "y : 1"), "y")
    with pytest.raises(NotImplementedError, match="subgroup"):
        S.y = linked_var(M[1:3], "y", index="j")
    with pytest.raises(ValueError, match="cannot be set"):
        S.y = 5
    with pytest.raises(NotImplementedError, match="neuron group"):
        S.y = linked_var(synapses(P, Q, "w : 1"), "w")
    with pytest.raises(ValueError, match="only 3 elements"):
        S.y = linked_var(NeuronGroup(3, "y : 1"), "y", index="j")
