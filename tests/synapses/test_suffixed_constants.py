"""A name like ``C_pre`` that is no variable of the presynaptic group is
looked up in the namespaces, as Brian 2 does (Graupner_Brunel_2012.py
defines ``C_pre = 1`` in the script); unknown ones still get the error
naming the group."""

import numpy as np
import pytest

from ranvier import Network, NeuronGroup, Synapses, ms
from ranvier.lang.errors import ModelNameError


def test_suffixed_constant_from_namespace(backend):
    # Every neuron spikes every step: 3 steps in 0.25 ms, c += 2 each
    # (Brian 2 gives [6, 6]).
    G = NeuronGroup(2, "v : 1", threshold="True")
    C_pre = 2  # noqa: F841 (found by name in the calling code)
    S = Synapses(G, G, "c : 1", on_pre="c += C_pre")
    S.connect(j="i")
    Network(G, S).run(0.25 * ms)
    np.testing.assert_array_equal(S.c[:], [6, 6])
    T = Synapses(G, G, "c : 1", on_pre="c += D_post",
                 namespace={"D_post": 0.5})
    T.connect(j="i")
    Network(G, T).run(0.25 * ms)
    np.testing.assert_array_equal(T.c[:], [1.5, 1.5])


def test_unknown_suffixed_name_is_refused_at_run():
    G = NeuronGroup(2, "v : 1", threshold="True")
    S = Synapses(G, G, "c : 1", on_pre="c += E_pre")
    S.connect(j="i")
    with pytest.raises(ModelNameError, match="'E_pre' refers to 'E' of the "
                       "presynaptic group"):
        Network(G, S).run(0.1 * ms)
    with pytest.raises(ModelNameError, match="'E_pre' refers to 'E'"):
        Synapses(G, G, "c : 1", on_pre="E_pre = 1")


def test_unknown_suffixed_name_in_equations_is_refused_at_run():
    G = NeuronGroup(2, "v : 1")
    S = Synapses(G, G, "w : 1\nzz = w*q_pre : 1")
    S.connect()
    with pytest.raises(ModelNameError, match="'q_pre' refers to 'q' .*no "
                                             "such variable"):
        Network(G, S).run(0.1 * ms)
