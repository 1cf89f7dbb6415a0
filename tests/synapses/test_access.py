"""Synaptic variables, indices, counts and delays from Python."""

import numpy as np
import pytest

from ranvier import (DimensionMismatchError, NeuronGroup, Synapses, ms, mV,
                     second, seed)
from ranvier.lang.errors import ModelNameError, ModelSyntaxError, \
    ModelUnitError


def make(on_pre="v_post += w", **kw):
    pre = NeuronGroup(4, "x : 1\nv : volt", threshold="x > 100")
    post = NeuronGroup(3, "x : 1\nv : volt\ntau : second",
                       threshold="x > 100")
    pre.x = "i"
    post.x = "10*i"
    S = Synapses(pre, post, "w : volt\nc : 1 (constant)\ns : 1 (shared)",
                 on_pre=on_pre, **kw)
    return pre, post, S


def test_indices_sizes_and_counts():
    pre, post, S = make()
    S.connect(i=[0, 0, 1, 3, 3, 3], j=[0, 2, 2, 0, 1, 2])
    np.testing.assert_array_equal(S.i, [0, 0, 1, 3, 3, 3])
    np.testing.assert_array_equal(S.j, [0, 2, 2, 0, 1, 2])
    assert S.N == len(S) == 6
    # Per synapse, as in Brian: the counts of its own post/pre neuron.
    np.testing.assert_array_equal(S.N_incoming, [2, 3, 3, 2, 1, 3])
    np.testing.assert_array_equal(S.N_outgoing, [2, 2, 1, 3, 3, 3])
    np.testing.assert_array_equal(S.N_incoming_post, [2, 1, 3])
    np.testing.assert_array_equal(S.N_outgoing_pre, [2, 1, 0, 3])
    np.testing.assert_array_equal(S.x_pre, [0, 0, 1, 3, 3, 3])
    np.testing.assert_array_equal(S.x_post, [0, 20, 20, 0, 10, 20])


def test_values_arrays_expressions_and_conditions():
    seed(2)
    pre, post, S = make()
    S.connect()
    S.w = 2 * mV
    assert np.all(S.w == 2 * mV)
    S.w = np.arange(12) * mV
    assert S.w[5] == 5 * mV
    S.w = "(x_post - x_pre)*mV"
    np.testing.assert_allclose(S.w_ / 1e-3, S.x_post[:] - S.x_pre[:])
    S.w["i > j"] = 0 * mV
    w = np.asarray(S.w_)
    assert np.all(w[S.i[:] > S.j[:]] == 0)
    S.w["j == 2"] = "i*mV + rand()*0*mV"
    np.testing.assert_allclose(np.asarray(S.w_)[S.j[:] == 2] * 1e3, range(4))
    assert np.all(S.w["j == 2"] == S.w[:, 2])
    S.c = "N_incoming + N_outgoing"
    np.testing.assert_array_equal(S.c, np.full(12, 4 + 3))
    S.s = 5
    assert np.asarray(S.s)[0] == 5
    S.w += 1 * mV
    assert S.w_[0] == pytest.approx(1e-3)


def test_pair_indexing():
    pre, post, S = make()
    S.connect(i=[0, 0, 1, 2, 2], j=[1, 1, 2, 0, 1])
    S.w = "(10*i + j)*mV"
    np.testing.assert_allclose(S.w[0, 1] / mV, [1, 1])
    np.testing.assert_allclose(S.w[2, :] / mV, [20, 21])
    np.testing.assert_allclose(S.w[:, 1] / mV, [1, 1, 21])
    np.testing.assert_allclose(S.w[[0, 2], 1] / mV, [1, 1, 21])
    assert len(S.w[3, 0]) == 0
    S.w[2, 1] = 0 * mV
    np.testing.assert_allclose(S.w_ * 1e3, [1, 1, 12, 20, 0])
    M = Synapses(pre, post, "w : 1", multisynaptic_index="k")
    M.connect(i=0, j=1, n=3)
    M.w = "k"
    np.testing.assert_array_equal(M.w[0, 1, 2], [2])
    np.testing.assert_array_equal(M.w[0, 1, 1:], [1, 2])
    with pytest.raises(IndexError, match="multisynaptic_index"):
        S.w[0, 1, 0]
    with pytest.raises(IndexError, match=r"\(i, j\)"):
        S.w[0, 1, 0, 0]


def test_delays_per_synapse_and_per_pathway():
    pre, post, S = make(on_post="w = 0*mV")
    S.connect()
    assert np.all(S.delay == 0 * ms)
    S.delay = "j*ms"
    np.testing.assert_allclose(S.delay / ms, S.j[:])
    S.pre.delay = np.arange(12) * ms
    assert S.delay[11] == 11 * ms
    S.post.delay[:2] = 3 * ms
    np.testing.assert_allclose(S.post.delay[:3] / ms, [3, 3, 0])
    H = Synapses(pre, post, on_pre="v += 1*mV",
                 on_post={"back": "v_pre += 1*mV"},
                 delay={"pre": 2 * ms, "back": 1 * ms})
    H.connect()
    # One delay for all synapses: a single value.
    np.testing.assert_allclose(np.asarray(H.delay_), [2e-3])
    np.testing.assert_allclose(np.asarray(H.back.delay_), [1e-3])
    H.delay = 3 * ms
    np.testing.assert_allclose(np.asarray(H.pre.delay_), [3e-3])
    with pytest.raises(ValueError, match="cannot assign"):
        H.delay = np.arange(12) * ms


def test_subexpressions_and_get_states():
    pre, post, S = make()
    S2 = Synapses(pre, post, "w : 1\nd = w*x_post : 1")
    S2.connect(i=[0, 1], j=[1, 2])
    S2.w = [1, 2]
    np.testing.assert_allclose(S2.d, [10, 40])
    states = S2.get_states()
    assert set(states) >= {"w", "i", "j"}


ERRORS = [
    (lambda S: setattr(S, "w", 3 * second), DimensionMismatchError, "volt"),
    (lambda S: setattr(S, "w", "3*second"), ModelUnitError, "volt"),
    (lambda S: setattr(S, "w", "q_pre*mV"), ModelNameError,
     "no such variable"),
    (lambda S: setattr(S, "w", "undefined*mV"), ModelNameError,
     "undefined"),
    (lambda S: S.w.__setitem__("w + 1*mV", 0 * mV), ModelSyntaxError,
     "boolean"),
    (lambda S: setattr(S, "i", 3), ModelNameError, "read-only"),
    (lambda S: setattr(S, "x_post", 3), ModelNameError, "read-only"),
    (lambda S: setattr(S, "delay", 3 * mV), DimensionMismatchError,
     "delay"),
    (lambda S: setattr(S, "delay", "3*mV"), ModelUnitError, "second"),
    (lambda S: setattr(S, "nothing", 3), AttributeError, "no variable"),
    (lambda S: S.nothing, AttributeError, "no variable or attribute"),
    (lambda S: setattr(S, "pre", 3), AttributeError, "is a pathway"),
    (lambda S: setattr(S.pre, "when", "later"), ValueError,
     "schedule slot"),
    (lambda S: S.w[0.5, 1], IndexError, "integers or slices"),
    (lambda S: S.w["i", 1], IndexError, "integers or slices"),
]


@pytest.mark.parametrize("action, error, message", ERRORS)
def test_access_errors(action, error, message):
    pre, post, S = make()
    S.connect()
    with pytest.raises(error, match=message):
        action(S)


def test_setting_before_connect_is_an_error():
    pre, post, S = make()
    with pytest.raises(TypeError, match="connect"):
        S.w = 1 * mV
    S.s = 2   # shared variables exist without synapses
    assert np.asarray(S.s)[0] == 2


def test_delay_needs_a_pre_pathway():
    pre, post, S = make(on_pre=None, on_post="w = 0*mV")
    with pytest.raises(AttributeError, match="no 'pre' pathway"):
        S.delay
    with pytest.raises(AttributeError, match="no 'pre' pathway"):
        S.delay = 1 * ms
    S.connect()
    S.post.delay = 1 * ms
    assert np.all(S.post.delay == 1 * ms)
