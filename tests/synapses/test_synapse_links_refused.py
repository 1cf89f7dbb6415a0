"""Linked variables in Synapses that stay unbuilt, refused by name (what
works is tested in test_synapse_links.py)."""

import pytest

from ranvier import Network, NeuronGroup, Synapses, linked_var, ms


def test_a_link_through_a_synaptic_variable_is_refused_by_name():
    G = NeuronGroup(2, "h : 1")
    S = Synapses(G, G, "g : 1 (linked)\nk : integer")
    S.connect()
    with pytest.raises(NotImplementedError,
                       match="through the synaptic variable 'k'"):
        S.g = linked_var(G, "h", index="k")


def test_a_link_to_a_subexpression_using_i_is_refused_by_name():
    # Python reads work (they evaluate the group's subexpression); kernels
    # would need the target's index, which links do not give yet.
    G = NeuronGroup(2, "h : 1\nF = h*i : 1")
    S = Synapses(G, G, "g : 1 (linked)\nw : 1")
    S.connect(i=[0, 1], j=[1, 1])
    S.g = linked_var(G[:1], "F")
    S.run_regularly("w = g")
    with pytest.raises(NotImplementedError, match="uses the index 'i'"):
        Network(G, S).run(0.1 * ms)
