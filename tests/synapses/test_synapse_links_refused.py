"""Linked variables in Synapses (Brian 2 allows ``g : 1 (linked)`` with
``S.g = linked_var(G, 'x')``): not built yet, refused by name."""

import pytest

from ranvier import NeuronGroup, Synapses


def test_linked_variables_in_synapses_are_refused_by_name():
    G = NeuronGroup(1, "h : 1\nF = 2*h : 1")
    with pytest.raises(NotImplementedError, match="linked variables in "
                       "Synapses \\('g : ... \\(linked\\)'\\)"):
        Synapses(G, G, "g : 1 (linked)\nw : 1")
