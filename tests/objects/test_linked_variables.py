"""Linked variables: ``x : volt (linked)`` and ``G.x = linked_var(H, 'v')``.

Expected values were observed in Brian 2.9 (numpy target) on the same
models, or follow from the model (exact arithmetic on small integers of
mV). Every test runs on both backends (the folder's ``backend`` fixture).
"""

import numpy as np
import pytest

from ranvier import (DimensionMismatchError, Network, NeuronGroup,
                     StateMonitor, SpikeMonitor, Synapses, linked_var, ms,
                     mV, volt)
from ranvier.lang.errors import ModelSyntaxError


def source(n=5):
    """A group whose ``v`` is ``i`` mV."""
    H = NeuronGroup(n, "v : volt")
    H.v = "i*mV"
    return H


def values(view):
    return np.asarray(view[:] / mV)


# -- linking and reading from Python ------------------------------------------
def test_one_to_one_link_is_live_not_a_copy():
    H = source()
    G = NeuronGroup(5, "x : volt (linked)")
    G.x = linked_var(H, "v")
    np.testing.assert_array_equal(values(G.x), [0, 1, 2, 3, 4])
    H.v[3] = 30 * mV
    assert values(G.x)[3] == 30
    G2 = NeuronGroup(5, "x : volt (linked)")
    G2.x = linked_var(H.v)          # the variable itself
    np.testing.assert_array_equal(values(G2.x), values(H.v))


def test_index_picks_the_target_element_of_each_neuron():
    H = source()
    G = NeuronGroup(3, "x : volt (linked)")
    G.x = linked_var(H, "v", index=np.array([4, 0, 2]))
    np.testing.assert_array_equal(values(G.x), [4, 0, 2])      # Brian 2
    np.testing.assert_array_equal(values(G[1:].x), [0, 2])
    G.x = linked_var(H, "v", index=[1, 1, 3])   # relinking, list index
    np.testing.assert_array_equal(values(G.x), [1, 1, 3])


def test_a_subgroup_target_keeps_its_offset():
    H = source()
    G = NeuronGroup(3, "x : volt (linked)")
    G.x = linked_var(H[2:5], "v")
    np.testing.assert_array_equal(values(G.x), [2, 3, 4])      # Brian 2
    G.x = linked_var(H[1:4], "v", index=[2, 0, 0])
    np.testing.assert_array_equal(values(G.x), [3, 1, 1])


def test_one_element_and_shared_targets_give_one_value():
    H1 = NeuronGroup(3, "v : volt")
    H1.v = [5, 6, 7] * mV
    G = NeuronGroup(3, "x : volt (linked)")
    G.x = linked_var(H1[2:], "v")       # a group of one element
    assert G.x[0] == 7 * mV                                     # Brian 2
    assert G.x[2] == 7 * mV
    Hs = NeuronGroup(4, "v : volt (shared)")
    Hs.v = 3 * mV
    G.x = linked_var(Hs, "v")
    assert G.x[1] == 3 * mV                                     # Brian 2
    G2 = NeuronGroup(3, "y : volt")
    G2.y = G.x[0]
    assert np.all(G2.y == 3 * mV)


def test_link_to_a_linked_variable_follows_it():
    H = source()
    G = NeuronGroup(3, "x : volt (linked)")
    G.x = linked_var(H, "v", index=[4, 3, 2])
    K = NeuronGroup(2, "z : volt (linked)")
    K.z = linked_var(G[1:], "x")
    np.testing.assert_array_equal(values(K.z), [3, 2])


def test_python_writes_reach_the_target():
    H = source()
    G = NeuronGroup(3, "x : volt (linked)\ny : volt")
    G.x = linked_var(H[2:5], "v")
    G.x[0] = 50 * mV
    np.testing.assert_array_equal(values(H.v), [0, 1, 50, 3, 4])  # Brian 2
    G.x["i > 0"] = "x + 1*mV"
    np.testing.assert_array_equal(values(H.v), [0, 1, 50, 4, 5])
    G.y = "2*x"
    np.testing.assert_array_equal(values(G.y), [100, 8, 10])
    assert "x" in G.get_states()


# -- errors ---------------------------------------------------------------------
def test_sizes_must_match_without_an_index():
    G = NeuronGroup(3, "x : volt (linked)", name="reader")
    with pytest.raises(ValueError, match=r"'reader'.*3 elements.*5 "
                                         r"elements.*index="):
        G.x = linked_var(source(5), "v")


def test_units_must_match_and_the_message_names_both():
    G = NeuronGroup(5, "x : 1 (linked)", name="reader")
    with pytest.raises(DimensionMismatchError,
                       match=r"'reader'.*'x'.*'v'.*dimensionless.*volt"):
        G.x = linked_var(source().v)


@pytest.mark.parametrize("index, error, message", [
    ([1, 2], TypeError, "3 entries"),
    ([1, 2, 9], ValueError, r"\[0, 5\)"),
    ([1, 2, -1], ValueError, r"\[0, 5\)"),
    (np.array([1.0, 2.0, 0.0]), TypeError, "integers"),
])
def test_bad_index_arrays(index, error, message):
    G = NeuronGroup(3, "x : volt (linked)")
    with pytest.raises(error, match=message):
        G.x = linked_var(source(), "v", index=index)


def test_setting_a_value_instead_of_a_link_is_refused():
    G = NeuronGroup(3, "x : volt (linked)", name="reader")
    with pytest.raises(ValueError, match="'reader'.*linked_var"):
        G.x = 3 * mV


def test_linking_what_is_not_linked_or_not_linkable():
    H = source()
    with pytest.raises(TypeError, match=r"not marked '\(linked\)'"):
        NeuronGroup(5, "x : volt").x = linked_var(H, "v")
    G = NeuronGroup(6, "x : volt (linked)", name="big")
    with pytest.raises(TypeError, match="whole group 'big'"):
        G[:3].x = linked_var(H[:3], "v")
    sub = NeuronGroup(5, "v = i*mV : volt")
    with pytest.raises(NotImplementedError, match="subexpressions"):
        NeuronGroup(5, "x : volt (linked)").x = linked_var(sub, "v")
    S = Synapses(H, H, "w : volt")
    S.connect(j="i")
    with pytest.raises(NotImplementedError, match="neuron group"):
        NeuronGroup(5, "x : volt (linked)").x = linked_var(S, "w")
    with pytest.raises(KeyError, match="no variable 'w'"):
        linked_var(H, "w")
    with pytest.raises(TypeError, match="not both"):
        linked_var(H.v, "v")


def test_linked_excludes_other_flags():
    with pytest.raises(ModelSyntaxError, match="'linked' and 'shared'"):
        NeuronGroup(3, "x : volt (linked, shared)")
    with pytest.raises(ModelSyntaxError, match="'constant' and 'linked'"):
        NeuronGroup(3, "x : volt (constant, linked)")


def test_using_a_variable_before_linking_it_fails():
    G = NeuronGroup(3, "x : volt (linked)\ndv/dt = (x - v)/ms : volt",
                    name="unlinked")
    with pytest.raises(TypeError, match="'x' of 'unlinked' is not linked"):
        G.x[:]
    with pytest.raises(TypeError, match="'x' of 'unlinked' is not linked"):
        Network(G).run(0.1 * ms)


# -- in a run ---------------------------------------------------------------------
def test_equations_read_the_target_even_outside_the_network():
    # Brian 2: the target's values are read; the target does not run.
    H = NeuronGroup(3, "dv/dt = 1*volt/second : volt")
    G = NeuronGroup(3, "x : volt (linked)\ndy/dt = x/ms : volt",
                    method="euler")
    G.x = linked_var(H, "v")
    H.v = "i*mV"
    Network(G).run(1 * ms)
    np.testing.assert_allclose(values(G.y), [0, 1, 2], atol=1e-9)
    np.testing.assert_array_equal(values(H.v), [0, 1, 2])


def test_reads_see_the_target_as_the_schedule_leaves_it():
    H = NeuronGroup(1, "v : second")
    H.run_regularly("v = t", when="start")
    G = NeuronGroup(2, "x : second (linked)\nafter : second\n"
                       "before : second")
    G.x = linked_var(H, "v")
    G.run_regularly("after = x", when="end")
    G.run_regularly("before = x", when="start", order=-1)
    Network(G, H).run(0.5 * ms)
    np.testing.assert_allclose(np.asarray(G.after / ms), [0.4, 0.4])
    np.testing.assert_allclose(np.asarray(G.before / ms), [0.3, 0.3])


def test_threshold_and_monitors_read_the_link():
    H = NeuronGroup(3, "dv/dt = 1*volt/second : volt")
    H.v = "i*mV"
    G = NeuronGroup(3, "x : volt (linked)", threshold="x > 2.15*mV",
                    reset="")
    G.x = linked_var(H, "v", index=[2, 1, 0])
    M = StateMonitor(G, "x", record=True)
    spikes = SpikeMonitor(G)
    Network(G, H, M, spikes).run(0.3 * ms)
    # Brian 2 records [[2, 2.1, 2.2], [1, 1.1, 1.2], [0, 0.1, 0.2]] mV.
    np.testing.assert_allclose(np.asarray(M.x / mV),
                               [[2, 2.1, 2.2], [1, 1.1, 1.2],
                                [0, 0.1, 0.2]], atol=1e-9)
    # The threshold sees the target after its update in the same step:
    # 2.1 mV at step 0, 2.2 mV at step 1.
    np.testing.assert_array_equal(spikes.i, [0, 0])
    np.testing.assert_allclose(np.asarray(spikes.t / ms), [0.1, 0.2])


def test_group_code_writes_through_the_link():
    # Brian 2 leaves H.v at [1, 0, 3] mV and [2, 2, 5] mV.
    H = NeuronGroup(3, "v : volt")
    H.v = "i*mV + 1*mV"
    G = NeuronGroup(3, "x : volt (linked)", threshold="i == 1",
                    reset="x = 0*mV")
    G.x = linked_var(H, "v", index=[2, 1, 0])
    Network(G, H).run(0.1 * ms)
    np.testing.assert_array_equal(values(H.v), [1, 0, 3])
    H.v = "i*mV + 1*mV"
    K = NeuronGroup(3, "x : volt (linked)")
    K.x = linked_var(H, "v", index=[2, 2, 0])
    K.run_regularly("x += 1*mV")
    Network(K, H).run(0.1 * ms)
    np.testing.assert_array_equal(values(H.v), [2, 2, 5])


def test_synapses_read_and_write_x_post():
    # Brian 2 (one-to-one link): H.v is [3, 3, 3] mV after one step and
    # [5, 4, 3] mV after two.
    H = NeuronGroup(3, "v : volt")
    H.v = "i*mV + 1*mV"
    G = NeuronGroup(3, "x : volt (linked)")
    G.x = linked_var(H, "v")
    P = NeuronGroup(1, "dummy : 1", threshold="True", reset="")
    reader = Synapses(P, G, "w : volt", on_pre="w = x_post")
    reader.connect()
    reader.pre.order = 1        # after the writer
    writer = Synapses(P, G, on_pre="x_post += 1*mV")
    writer.connect(i=[0, 0, 0], j=[0, 0, 1])
    net = Network(G, H, P, reader, writer)
    net.run(0.1 * ms)
    np.testing.assert_array_equal(values(H.v), [3, 3, 3])
    np.testing.assert_array_equal(values(reader.w), [3, 3, 3])
    net.run(0.1 * ms)
    np.testing.assert_array_equal(values(H.v), [5, 4, 3])


def test_synapses_see_an_indexed_link_of_their_target():
    # Brian 2 cannot resolve x_post here; the values follow the link.
    H = source(4)
    G = NeuronGroup(3, "x : volt (linked)")
    index = np.array([3, 0, 3])
    G.x = linked_var(H, "v", index=index)
    P = NeuronGroup(2, "dummy : 1", threshold="True", reset="")
    S = Synapses(P, G, "w : volt", on_pre="x_post += w")
    S.connect()
    S.w = "x_post + i*mV"
    np.testing.assert_array_equal(values(S.x_post), index[S.j[:]])
    np.testing.assert_array_equal(values(S.w), index[S.j[:]] + S.i[:])
    Network(S, H).run(0.1 * ms)
    expected = np.arange(4.0)
    np.add.at(expected, index[S.j[:]], index[S.j[:]] + S.i[:])
    np.testing.assert_array_equal(values(H.v), expected)


def test_shared_subexpression_of_a_one_element_link():
    # The Brette & Guigon (2003) pattern: a shared subexpression of a
    # variable linked to a group of one neuron.
    inp = NeuronGroup(1, "dx/dt = 1/second : 1")
    G = NeuronGroup(4, "B = 2*x : 1 (shared)\nx : 1 (linked)\n"
                       "dv/dt = B/ms : 1", method="euler")
    G.x = linked_var(inp, "x")
    M = StateMonitor(G, "B", record=0)
    Network(G, inp, M).run(0.3 * ms)
    np.testing.assert_allclose(M.B[0], [0, 2e-4, 4e-4], atol=1e-12)
    # inp (made first) updates before G in each step: G integrates
    # B = 2e-4, 4e-4, 6e-4 over 0.1 ms steps of a 1 ms time constant.
    np.testing.assert_allclose(np.asarray(G.v), 1.2e-4, rtol=1e-9)


def test_store_and_restore_repeat_a_linked_run():
    H = NeuronGroup(2, "dv/dt = (1*volt - v)/(2*ms) : volt")
    G = NeuronGroup(2, "x : volt (linked)\ndy/dt = (x - y)/ms : volt",
                    method="euler")
    G.x = linked_var(H, "v", index=[1, 0])
    H.v = [0, 0.5] * volt
    net = Network(G, H)
    net.run(0.5 * ms)
    net.store()
    net.run(1 * ms)
    first = np.asarray(G.y / volt).copy()
    net.restore()
    net.run(1 * ms)
    np.testing.assert_array_equal(np.asarray(G.y / volt), first)
    assert first[0] > first[1] > 0


def test_same_results_on_both_backends(backend):
    # A deterministic model; the analytic solution of dy/dt = (x - y)/tau
    # with x = 1 V fixed is 1 V * (1 - exp(-t/tau)).
    H = NeuronGroup(1, "v : volt")
    H.v = 1 * volt
    G = NeuronGroup(3, "x : volt (linked)\n"
                       "dy/dt = (x - y)/tau : volt\ntau : second")
    G.x = linked_var(H, "v")
    G.tau = [1, 2, 4] * ms
    Network(G, H).run(2 * ms)
    expected = 1 - np.exp(-2 / np.array([1.0, 2.0, 4.0]))
    np.testing.assert_allclose(np.asarray(G.y / volt), expected, rtol=1e-9)
