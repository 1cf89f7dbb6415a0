"""Summed variables feeding summed variables (Brian 2's Wang 2002
example), and several Synapses summing into one variable."""

import numpy as np

from ranvier import NeuronGroup, Synapses, ms, run, start_scope


def test_a_chain_of_summed_variables_is_never_read_half_done(backend):
    start_scope()
    # u grows by 1 per step; A sums it into B.s, which C sums into D.total.
    src = NeuronGroup(2, "du/dt = 1/(0.1*ms) : 1", method="euler")
    B = NeuronGroup(1, "s : 1")
    D = NeuronGroup(1, "total : 1")
    first = Synapses(src, B, "s_post = u_pre : 1 (summed)", name="zz_first")
    first.connect()
    second = Synapses(B, D, "total_post = 2*s_pre : 1 (summed)",
                      name="aa_second")
    second.connect()
    run(0.5 * ms)
    # 'aa_second' runs before 'zz_first' (by name, as in Brian 2), so it
    # reads the total of the previous step, never a zeroed one.
    assert B.s[0] == 2 * 4          # u = 4 in the last step
    assert D.total[0] == 2 * (2 * 3)


def test_several_synapses_into_one_variable_add_up(backend):
    start_scope()
    src = NeuronGroup(3, "u : 1")
    src.u = [1, 2, 4]
    tgt = NeuronGroup(1, "s : 1")
    a = Synapses(src[:1], tgt, "s_post = u_pre : 1 (summed)")
    a.connect()
    b = Synapses(src[1:], tgt, "s_post = 10*u_pre : 1 (summed)")
    b.connect()
    run(0.2 * ms)
    np.testing.assert_array_equal(tgt.s[:], [1 + 10 * (2 + 4)])
