"""Group API that Brian 2 scripts use: sizes given as floats, one-neuron
subgroups, run_regularly on subgroups and synapses, NumPy-style axes on
variable views, method_options. Expected values come from running the
same calls under Brian 2.9 (noted per test) or from counting by hand."""

import numpy as np
import pytest

from ranvier import (Network, NeuronGroup, StateMonitor, Synapses, ms, mV,
                     run, start_scope, volt)
from ranvier.lang.errors import ModelNameError
from ranvier.objects.runner import CodeRunner


# -- sizes -------------------------------------------------------------------

@pytest.mark.parametrize("N", [12500.0, np.float64(10.0), 0.8 * 12500,
                               np.int64(5)])
def test_integer_valued_sizes_are_accepted(N):
    # Brian 2 accepts these (Brunel_2000.py: N = 12500.0 neurons).
    G = NeuronGroup(N, "v : 1")
    assert G.N == int(N) and len(G.v) == int(N)
    assert isinstance(G.N, int)


@pytest.mark.parametrize("N", [10.5, 0, 0.0, -1, -3.0, True, "5",
                               float("nan"), None])
def test_bad_sizes_are_refused(N):
    # Brian 2 refuses 0 and negative sizes; it truncates 10.5 silently,
    # which ranvier refuses instead.
    with pytest.raises(ValueError, match="positive integer number of "
                                         "neurons, got"):
        NeuronGroup(N, "v : 1")


# -- subgroups by index -------------------------------------------------------

def test_integer_index_makes_one_neuron_subgroup():
    G = NeuronGroup(10, "v : 1")
    G.v = "i"
    for key in (5, np.int64(5), [5], np.array([5])):
        sub = G[key]
        assert (sub.start, sub.stop, len(sub)) == (5, 6, 1)
        np.testing.assert_array_equal(sub.v[:], [5.0])
    sub = G[np.array([2, 3, 4])]   # consecutive indices, as in Brian 2
    assert (sub.start, sub.stop) == (2, 5)
    G[9].v = -1
    assert G.v[9] == -1


@pytest.mark.parametrize("key, error, message", [
    (-1, IndexError, "cannot be negative"),      # Brian 2: IndexError too
    (10, IndexError, "out of range"),
    ([2, 4], IndexError, "consecutive"),
    ([], IndexError, "consecutive"),
    (2.0, TypeError, "made by slicing"),
    (True, TypeError, "made by slicing"),
    ("i > 3", TypeError, "made by slicing"),
])
def test_bad_subgroup_indices(key, error, message):
    G = NeuronGroup(10, "v : 1")
    with pytest.raises(error, match=message):
        G[key]


def test_index_of_subgroup_is_relative():
    G = NeuronGroup(10, "v : 1")
    G.v = "i"
    assert G[2:8][1].v[0] == 3


# -- run_regularly ------------------------------------------------------------

def test_run_regularly_on_subgroup(backend):
    # Brian 2 gives [0, 0, 9, 12, 15, 0, ...]: i counts from 0 in the
    # subgroup, N is its size (3), and it runs at 0, 1 and 2 ms.
    H = NeuronGroup(10, "v : 1")
    runner = H[2:5].run_regularly("v += i + N", dt=1 * ms)
    assert isinstance(runner, CodeRunner)
    assert (runner.when, runner.order) == ("start", 0)
    Network(H).run(2.05 * ms)
    np.testing.assert_array_equal(H.v[:], [0, 0, 9, 12, 15, 0, 0, 0, 0, 0])


def test_run_regularly_returns_runner_that_can_be_added(backend):
    # Adding the runner as well does not run it twice.
    H = NeuronGroup(4, "v : 1")
    runner = H.run_regularly("v += 1", dt=1 * ms)
    Network(H, runner).run(2.05 * ms)
    np.testing.assert_array_equal(H.v[:], [3, 3, 3, 3])


def test_run_regularly_on_unstored_subgroup_with_magic_run(backend):
    # As in Brian 2, the runner belongs to the whole group.
    start_scope()
    H = NeuronGroup(6, "v : 1")
    H[4:].run_regularly("v += 1", dt=1 * ms)
    run(1.05 * ms)
    np.testing.assert_array_equal(H.v[:], [0, 0, 0, 0, 2, 2])


def test_run_regularly_on_synapses(backend):
    # w grows by i + v_post at 0, 1 and 2 ms; v_post = 0.5*j = 0.5*i.
    H = NeuronGroup(5, "v : 1")
    H.v = "0.5*i"
    S = Synapses(H, H, "w : 1")
    S.connect(j="i")
    S.run_regularly("w += i + v_post", dt=1 * ms)
    Network(H, S).run(2.05 * ms)
    np.testing.assert_allclose(S.w[:], 3 * 1.5 * np.arange(5))


def test_run_regularly_errors():
    H = NeuronGroup(3, "v : 1\nc : 1 (constant)")
    with pytest.raises(TypeError, match="string of statements"):
        H.run_regularly(42)
    H.run_regularly("v = undefined_name")
    with pytest.raises(ModelNameError, match="run_regularly: unknown "
                                             "identifier 'undefined_name'"):
        Network(H).run(0.1 * ms)
    H2 = NeuronGroup(3, "v : 1\nc : 1 (constant)")
    H2[1:].run_regularly("c = 1")
    with pytest.raises(ModelNameError, match="'c' cannot be assigned to"):
        Network(H2).run(0.1 * ms)


# -- views with new axes (what matplotlib does) -------------------------------

def test_variable_view_with_new_axes():
    G = NeuronGroup(4, "v : volt\nx : 1")
    G.v = "i*mV"
    G.x = "i"
    expected = np.arange(4.0)[:, None]
    # Brian 2: G.v[:, None] is a (4, 1) Quantity in volts.
    col = G.v[:, None]
    assert col.shape == (4, 1)
    np.testing.assert_allclose(np.asarray(col / mV), expected)
    np.testing.assert_allclose(G.x[:, None], expected)
    np.testing.assert_allclose(G.x[..., None], expected)
    assert G.x[None, :].shape == (1, 4)
    assert G.x[np.newaxis, ...].shape == (1, 4)
    np.testing.assert_allclose(G.x[...], np.arange(4.0))
    np.testing.assert_allclose(np.asarray(G.v), np.arange(4) * 1e-3)
    assert len(G.v) == 4
    assert [float(x / mV) for x in G.v] == [0, 1, 2, 3]


def test_synaptic_and_monitor_views_with_new_axes(backend):
    G = NeuronGroup(4, "v : volt")
    G.v = "i*mV"
    S = Synapses(G, G, "w : volt")
    S.connect()
    S.w = "i*mV + j*mV"
    assert S.w[:, None].shape == (16, 1)
    np.testing.assert_allclose(np.asarray(S.w[..., None])[:, 0],
                               np.asarray(S.w))
    assert len(S.w) == 16
    M = StateMonitor(G, "v", record=[0, 2])
    Network(G, S, M).run(0.3 * ms)
    # Brian 2: shapes (2, 1, 3) and (3, 1).
    assert M.v[:, None].shape == (2, 1, 3)
    assert M.t[:, None].shape == (3, 1)
    np.testing.assert_allclose(np.asarray(M[2].v[:, None] / volt),
                               np.full((3, 1), 2e-3))


def test_plot_of_variable_view():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    G = NeuronGroup(4, "v : volt")
    G.v = "i*mV"
    lines = plt.plot(np.arange(4), G.v / mV)
    lines += plt.plot(np.arange(4), G.v)
    np.testing.assert_allclose(lines[0].get_ydata(), np.arange(4.0))
    plt.close("all")


# -- method_options -----------------------------------------------------------

def test_method_options_for_exact(backend):
    G = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", method="exact",
                    method_options={"simplify": False})
    G.v = 1
    Network(G).run(10 * ms)
    np.testing.assert_allclose(G.v[0], np.exp(-1), rtol=1e-9)
    NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", method="linear",
                method_options={"simplify": True})
    NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", method="euler",
                method_options={})


@pytest.mark.parametrize("method, options, error, message", [
    ("euler", {"foo": 1}, KeyError, "'foo'.*does not take.*none"),
    ("rk4", {"simplify": True}, KeyError, "'simplify'"),
    ("exponential_euler", {"simplify": False}, KeyError, "'simplify'"),
    ("exact", {"foo": 1}, KeyError, "accepts: 'simplify'"),
    (None, {"foo": 1}, KeyError, "'foo'"),
    ("exact", {"simplify": "no"}, TypeError, "bool"),
    ("exact", [("simplify", True)], TypeError, "dictionary"),
    ("gsl", {"absolute_error": 1e-3}, NotImplementedError, "GSL"),
])
def test_bad_method_options(method, options, error, message):
    with pytest.raises(error, match=message):
        NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", method=method,
                    method_options=options)


def test_synapses_method_options():
    G = NeuronGroup(2, "v : 1")
    Synapses(G, G, "dx/dt = -x/ms : 1 (clock-driven)", method="exact",
             method_options={"simplify": False})
    with pytest.raises(KeyError, match="Synapses.*'foo'"):
        Synapses(G, G, "dx/dt = -x/ms : 1 (clock-driven)", method="euler",
                 method_options={"foo": 1})


def test_run_regularly_sees_the_groups_time_step(backend):
    # Brian 2 gives a = 2 ms, b = 100 us, c = 3 for this runner.
    G = NeuronGroup(2, "a : second\nb : second\nc : 1", dt=0.1 * ms)
    G.run_regularly("a = t; b = dt; c += 1", dt=1 * ms, when="end")
    Network(G).run(2.05 * ms)
    np.testing.assert_allclose(G.a[:] / ms, [2, 2])
    np.testing.assert_allclose(G.b[:] / ms, [0.1, 0.1])
    np.testing.assert_array_equal(G.c[:], [3, 3])


def test_views_are_dictionary_keys():
    # Brian 2 scripts use views as keys (device.run(run_args={G.v: ...})).
    G = NeuronGroup(3, "v : 1")
    view = G.v
    table = {view: 1}
    assert table[view] == 1
    assert list(G.v == 0) == [True, True, True]   # still element-wise


def test_add_attribute():
    # compare_GSL_to_conventional.py: mon.add_attribute('run_time').
    G = NeuronGroup(2, "v : 1")
    with pytest.raises(AttributeError, match="no variable 'run_time'"):
        G.run_time = 1.5
    G.add_attribute("run_time")
    assert G.run_time is None
    G.run_time = 1.5
    assert G.run_time == 1.5
    M = StateMonitor(G, "v", record=0)
    M.add_attribute("run_time")
    M.run_time = 2.0
    assert M.run_time == 2.0
    with pytest.raises(AttributeError, match="already has an attribute 'v'"):
        G.add_attribute("v")
