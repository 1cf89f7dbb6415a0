"""NeuronGroup state access, subgroups, monitors and error paths."""

import numpy as np
import pytest

from ranvier import (DimensionMismatchError, NeuronGroup, Network,
                     PopulationRateMonitor, SpikeMonitor, StateMonitor,
                     ms, mV, second, seed, volt, Hz)
from ranvier.lang.errors import ModelNameError, \
    ModelSyntaxError, ModelUnitError

LIF = """dv/dt = (E_L - v + I)/tau : volt (unless refractory)
I : volt
tau : second (constant)"""


def make(n=10, **kw):
    kw.setdefault("threshold", "v > -50*mV")
    kw.setdefault("reset", "v = E_L")
    return NeuronGroup(n, LIF, namespace={"E_L": -60 * mV}, **kw)


def test_values_units_and_views():
    G = make()
    G.v = -60 * mV
    assert np.all(G.v == -60 * mV)
    assert G.v_[0] == pytest.approx(-0.06)
    G.v[:3] = -70 * mV
    np.testing.assert_allclose(G.v_[:4], [-0.07, -0.07, -0.07, -0.06])
    G.v = np.linspace(-70, -60, 10) * mV
    assert G.v[9] == -60 * mV
    G.v_ = np.zeros(10)
    assert np.all(G.v == 0 * mV)
    G.v += 5 * mV
    assert np.all(G.v == 5 * mV)
    assert float(np.mean(G.v) / mV) == pytest.approx(5)
    assert len(G.v) == 10


def test_string_assignment_uses_namespace_and_caller():
    seed(1)
    offset = 3 * mV
    G = make()
    G.v = "E_L + offset*rand()"
    values = G.v_
    assert np.all((values >= -0.06) & (values <= -0.057))
    assert len(np.unique(values)) == 10
    G.v["i >= 5"] = "E_L + i*mV"
    np.testing.assert_allclose(G.v_[5:], -0.06 + np.arange(5, 10) * 1e-3)
    assert np.all(G.v["i < 2"] <= -57 * mV)


def test_assignment_errors():
    G = make()
    with pytest.raises(DimensionMismatchError, match="volt"):
        G.v = 3 * second
    with pytest.raises(ModelUnitError, match="volt"):
        G.v = "3*second"
    with pytest.raises(ValueError, match="cannot assign"):
        G.v = np.ones(3) * mV
    with pytest.raises(ModelNameError, match="unknown identifier"):
        G.v = "undefined_thing*mV"
    with pytest.raises(AttributeError, match="no variable"):
        G.w = 3
    with pytest.raises(AttributeError, match="has no variable"):
        G.nothing
    with pytest.raises(ModelSyntaxError, match="boolean"):
        G.v["v + 1*mV"] = 0 * mV


def test_get_and_set_states():
    G = make(3, refractory=1 * ms)
    G.set_states({"v": [1, 2, 3] * mV, "tau": 10 * ms})
    states = G.get_states()
    np.testing.assert_allclose(states["v"] / mV, [1, 2, 3])
    assert set(states) >= {"v", "I", "tau", "lastspike", "not_refractory"}
    with pytest.raises(ModelNameError):
        G.set_states({"v": [0, 0, 0] * mV, "nope": 1})
    np.testing.assert_allclose(G.v / mV, [1, 2, 3])  # nothing half-done


def test_subgroups_share_state_and_index_from_zero():
    G = make(10)
    G.v = 0 * mV
    A, B = G[:4], G[4:]
    B.v = "i*mV"
    np.testing.assert_allclose(G.v_ * 1e3, [0, 0, 0, 0, 0, 1, 2, 3, 4, 5])
    assert len(A) == 4 and len(B) == 6
    with pytest.raises(IndexError, match="contiguous"):
        G[::2]
    assert (G[3].start, G[3].stop) == (3, 4)   # one neuron, as in Brian 2
    with pytest.raises(TypeError):
        G[3.0]


def test_spike_monitor_on_subgroup_and_rates():
    G = make(10, refractory=2 * ms)
    G.tau = 10 * ms
    G.I = "(20 + i)*mV"
    G.v = -60 * mV
    sub = G[5:]
    m_all, m_sub = SpikeMonitor(G), SpikeMonitor(sub, variables="v")
    rate = PopulationRateMonitor(G)
    Network(G, m_all, m_sub, rate).run(100 * ms)
    assert m_sub.num_spikes == m_all.count[5:].sum()
    np.testing.assert_array_equal(m_sub.count, m_all.count[5:])
    assert set(np.unique(m_sub.i)) <= set(range(5))
    trains = m_all.spike_trains()
    assert len(trains[9]) == m_all.count[9]
    # Values are recorded at threshold time, before the reset.
    assert np.all(m_sub.v > -50 * mV)
    assert np.sum(rate.rate_ if hasattr(rate, "rate_") else
                  np.asarray(rate.rate / Hz)) * 1e-4 * 10 == \
        pytest.approx(m_all.num_spikes)
    smooth = rate.smooth_rate("flat", width=1 * ms)
    assert np.asarray(smooth / Hz).sum() == pytest.approx(
        np.asarray(rate.rate / Hz).sum(), rel=0.05)


def test_state_monitor_shapes_and_item_access():
    G = make(5)
    G.tau = 10 * ms
    G.v = "-60*mV + i*mV"
    mon = StateMonitor(G, ["v", "I"], record=[1, 3])
    Network(G, mon).run(1 * ms)
    assert mon.v.shape == (2, 10)
    assert mon.t.shape == (10,)
    np.testing.assert_allclose(mon[3].v_ if hasattr(mon[3], "v_") else
                               np.asarray(mon[3].v / volt), mon.v_[1])
    with pytest.raises(IndexError, match="does not record"):
        mon[0]


def test_refractoriness_holds_v():
    G = NeuronGroup(1, "dv/dt = 100*mV/ms : volt (unless refractory)",
                    threshold="v > 10*mV", reset="v = 0*mV",
                    refractory=5 * ms, method="euler")
    mon = SpikeMonitor(G)
    Network(G, mon).run(20 * ms)
    isi = np.diff(mon.t_)
    # 0.2 ms to climb, then 5 ms held at the reset value.
    assert np.all(np.abs(isi - 5.2e-3) < 0.15e-3)


def test_refractory_as_condition():
    G = NeuronGroup(1, "dv/dt = 100*mV/ms : volt",
                    threshold="v > 10*mV", refractory="v > 5*mV",
                    method="euler")
    mon = SpikeMonitor(G)
    Network(G, mon).run(5 * ms)
    assert mon.num_spikes == 1


def test_model_errors_name_object_and_mark_line():
    with pytest.raises(ModelUnitError) as err:
        G = NeuronGroup(1, "dv/dt = v : volt", name="bad")
        Network(G).run(1 * ms)
    text = str(err.value)
    assert "bad" in text and "volt/second" in text and "^" in text
    with pytest.raises(ModelSyntaxError, match="boolean"):
        Network(NeuronGroup(1, "v : volt", threshold="v + 1*mV")).run(1 * ms)
    # As in Brian 2, assigning a name that is no variable defines a
    # temporary; one that nothing reads is warned about.
    with pytest.warns(UserWarning, match="'w' is not a variable"):
        Network(NeuronGroup(1, "v : volt", threshold="v > 0*mV",
                            reset="w = 0*mV")).run(1 * ms)
    with pytest.raises(ModelUnitError, match="volt"):
        Network(NeuronGroup(1, "v : volt", threshold="v > 1*second")).run(
            1 * ms)
    with pytest.raises(ModelSyntaxError, match="summed"):
        NeuronGroup(1, "x = 1 : 1 (summed)")
    with pytest.raises(ValueError, match="positive integer"):
        NeuronGroup(0, "v : 1")
    with pytest.raises(ValueError, match="no event"):
        NeuronGroup(1, "v : 1").run_on_event("spike", "v = 0")


def test_group_index_time_and_attribute_clash():
    G = make(3)
    np.testing.assert_array_equal(G.i, [0, 1, 2])
    assert G.t == G.clock.t and G.dt == 0.1 * ms
    with pytest.raises(ValueError, match="'active' is also an attribute"):
        NeuronGroup(2, "active : boolean")


def test_unknown_names_are_marked_where_used():
    G = NeuronGroup(1, "v : volt", threshold="v > v_threshold",
                    name="marked")
    with pytest.raises(ModelNameError) as err:
        Network(G).run(1 * ms)
    text = str(err.value)
    assert "marked" in text and "threshold" in text
    assert text.splitlines()[-1].strip() == "^" * len("v_threshold")


def test_shared_variable_indexing():
    G = NeuronGroup(3, "f : hertz (shared)\nv : 1")
    G.f = 5 * Hz
    assert G.f[0] == 5 * Hz
    assert np.all(G.f[:] == 5 * Hz)
