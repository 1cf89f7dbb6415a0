"""Temporaries in reset, run_regularly and on_pre/on_post code, run on
every backend; the values are worked out by hand and match what Brian
2.9 gives for the same code."""

import numpy as np
import pytest

from ranvier import (Network, NeuronGroup, SpikeGeneratorGroup, Synapses,
                     mV, ms, second)
from ranvier.lang.errors import ModelNameError, ModelUnitError

global_offset = 7 * mV  # shadowed by a temporary of the same name below


def test_a_temporary_in_a_reset(backend):
    group = NeuronGroup(3, "v : volt", threshold="True",
                        reset="x_t = 2*mV + v\nv = v + x_t")
    group.v = [1, 2, 3] * mV
    Network(group).run(0.1 * ms)
    np.testing.assert_allclose(group.v / mV, [4, 6, 8])


def test_a_temporary_is_updated_and_its_kind_follows_its_values(backend):
    # Brian 2 (numpy): k = i then k = k/2 + v/mV gives a float k.
    group = NeuronGroup(3, "v : volt", threshold="True",
                        reset="k = i\nk = k/2.0 + v/mV\nk += 1\nv = k*mV")
    group.v = 1 * mV
    Network(group).run(0.1 * ms)
    np.testing.assert_allclose(group.v / mV, [2.0, 2.5, 3.0])


def test_a_boolean_temporary(backend):
    group = NeuronGroup(3, "v : volt", threshold="True",
                        reset="high = v > 1.5*mV\nv = v*int(high)")
    group.v = [1, 2, 3] * mV
    Network(group).run(0.1 * ms)
    np.testing.assert_allclose(group.v / mV, [0, 2, 3])


def test_a_temporary_hides_a_namespace_constant(backend):
    group = NeuronGroup(2, "v : volt", threshold="True",
                        reset="global_offset = 1*mV\nv = v + global_offset")
    Network(group).run(0.1 * ms)
    np.testing.assert_allclose(group.v / mV, [1, 1])


def test_a_temporary_in_run_regularly(backend):
    group = NeuronGroup(2, "v : volt\ndx/dt = -x/(10*ms) : 1")
    group.x = [1, 2]
    group.run_regularly("drive = x*mV\nv += drive", dt=1 * ms)
    Network(group).run(0.5 * ms)
    np.testing.assert_allclose(group.v / mV, [1, 2])


def test_temporaries_in_synaptic_pathways(backend):
    # A Clopath-like rule: depression on_pre from the postsynaptic
    # voltage, potentiation on_post from a presynaptic trace.
    source = SpikeGeneratorGroup(1, [0], [0.0] * ms)
    target = NeuronGroup(2, "v : volt", threshold="t >= 0.15*ms and "
                         "t < 0.25*ms")
    target.v = [-40, -60] * mV
    synapses = Synapses(
        source, target, "w : 1\ntrace : 1",
        on_pre="""w_minus = A*(v_post - theta)/mV*int(v_post > theta)
                  w = clip(w - w_minus, 0, wmax)
                  trace += 1""",
        on_post="""w_plus = A*trace
                   w = clip(w + w_plus, 0, wmax)""",
        namespace={"A": 0.01, "theta": -50 * mV, "wmax": 1.0})
    synapses.connect(i=0, j=[0, 1])
    synapses.w = 0.5
    Network(source, target, synapses).run(0.4 * ms)
    # on_pre: 0.5 - 0.01*10 = 0.4 above theta, unchanged below it;
    # on_post (one spike each): + 0.01*1.
    np.testing.assert_allclose(np.asarray(synapses.w), [0.41, 0.51],
                               rtol=1e-12)


def test_the_unit_of_a_temporary_is_inferred(backend):
    group = NeuronGroup(1, "v : volt", threshold="True",
                        reset="gap = 3*second\nv = gap")
    with pytest.raises(ModelUnitError) as info:
        Network(group).run(0.1 * ms)
    assert "cannot assign to 'v' (volt) a value with units second" in \
        str(info.value)
    assert "line 2: v = gap" in str(info.value)


def test_a_temporary_keeps_its_units(backend):
    group = NeuronGroup(1, "v : volt", threshold="True",
                        reset="x_t = 1*mV\nx_t = 2*second\nv = x_t")
    with pytest.raises(ModelUnitError) as info:
        Network(group).run(0.1 * ms)
    message = str(info.value)
    assert "cannot assign to 'x_t' (volt) a value with units second" in \
        message
    assert "_tmp_" not in message


def test_using_a_temporary_before_it_is_assigned_fails(backend):
    group = NeuronGroup(1, "v : volt", threshold="True",
                        reset="v = x_t\nx_t = 1*mV")
    with pytest.raises(ModelNameError) as info:
        Network(group).run(0.1 * ms)
    message = str(info.value)
    assert "'x_t' is used before it is assigned" in message
    assert "NeuronGroup" in message and "reset" in message


def test_augmented_assignment_of_an_unknown_name_fails(backend):
    source = SpikeGeneratorGroup(1, [0], [0.0] * ms)
    target = NeuronGroup(1, "v : volt")
    synapses = Synapses(source, target, "w : 1",
                        on_pre="w_change += 1\nw += w_change")
    synapses.connect()
    with pytest.raises(ModelNameError) as info:
        Network(source, target, synapses).run(0.2 * ms)
    message = str(info.value)
    assert "'w_change' is not a variable of the model" in message
    assert "on_pre" in message


def test_a_subexpression_is_not_a_temporary(backend):
    group = NeuronGroup(1, "v : volt\ns = 2*v : volt", threshold="True",
                        reset="s = 1*mV\nv = s")
    with pytest.raises(ModelNameError, match="'s' cannot be assigned"):
        Network(group).run(0.1 * ms)
