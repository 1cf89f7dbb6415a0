"""Subexpressions of the pre- and postsynaptic groups in synaptic code
(``F_pre``, ``F_post``, ``F``): in pathways, string assignments, reads,
clock-driven equations, synaptic subexpressions and summed variables.

The expected numbers are what Brian 2.9 (numpy target) gives for the same
networks.
"""

import numpy as np
import pytest

from ranvier import Network, NeuronGroup, Synapses, ms
from ranvier.lang.errors import ModelNameError, ModelSyntaxError


def neighbours():
    c = 3  # noqa: F841 (read by the model as an external constant)
    pre = NeuronGroup(3, """v : 1
                            F = 2*v + c : 1
                            Fi = v*i + N : 1
                            Ft = t/ms + v : 1
                            F2 = F*10 : 1""", threshold="True", reset="")
    pre.v = [1, 2, 3]
    post = NeuronGroup(2, """u : 1
                             F = u*100 : 1""")
    post.u = [5, 7]
    S = Synapses(pre, post, """w : 1
                               x : 1
                               y : 1
                               z : 1""",
                 on_pre="""x += F_pre
                           y = F_post
                           z = Fi_pre + F2_pre""")
    S.connect(i=[0, 1, 2, 2], j=[0, 1, 0, 1])
    return pre, post, S


@pytest.mark.parametrize("code, expected", [
    ("F_pre + F_post", [505, 707, 509, 709]),
    ("F", [500, 700, 500, 700]),            # unsuffixed: postsynaptic
    ("Fi_pre", [3, 5, 9, 9]),               # i and N of the group
    ("F2_pre", [50, 70, 90, 90]),           # a subexpression of another
])
def test_string_assignment_reads_the_definition(code, expected):
    c = 3  # noqa: F841
    pre, post, S = neighbours()
    S.w = code
    np.testing.assert_array_equal(S.w[:], expected)


def test_time_of_the_clock():
    c = 3  # noqa: F841
    pre, post, S = neighbours()
    S.w = "Ft_pre"                          # Brian 2 at t = 0: [1, 2, 3, 3]
    np.testing.assert_allclose(S.w[:], S.t / ms + np.array([1, 2, 3, 3]))


def test_reading_through_the_synapses():
    c = 3  # noqa: F841
    pre, post, S = neighbours()
    np.testing.assert_array_equal(S.F_pre[:], [5, 7, 9, 9])
    np.testing.assert_array_equal(S.F_post[:], [500, 700, 500, 700])
    np.testing.assert_array_equal(S.F[:], [500, 700, 500, 700])
    with pytest.raises(ModelNameError, match="read-only"):
        S.F_pre = 1


def test_pathway_statements(backend):
    c = 3  # noqa: F841
    pre, post, S = neighbours()
    Network(pre, post, S).run(0.2 * ms)
    np.testing.assert_array_equal(S.x[:], [10, 14, 18, 18])
    np.testing.assert_array_equal(S.y[:], [500, 700, 500, 700])
    np.testing.assert_array_equal(S.z[:], [53, 75, 99, 99])


def test_subgroups_index_the_whole_group():
    # Brian 2: i is the index in the parent group, N the parent's size.
    P = NeuronGroup(5, "v : 1\nFi = v*i + 10*N : 1")
    P.v = [1, 2, 3, 4, 5]
    Q = NeuronGroup(4, "u : 1\nGi = u + 100*i + 1000*N : 1")
    Q.u = [1, 2, 3, 4]
    S = Synapses(P[2:5], Q[1:4], "q : 1")
    S.connect(i=[0, 1, 2], j=[2, 1, 0])
    S.q = "Fi_pre"
    np.testing.assert_array_equal(S.q[:], [56, 62, 70])
    S.q = "Gi_post"
    np.testing.assert_array_equal(S.q[:], [4304, 4203, 4102])
    S.q = "Gi"
    np.testing.assert_array_equal(S.q[:], [4304, 4203, 4102])


def test_equations_subexpressions_and_summed_variables(backend):
    P = NeuronGroup(3, "dv/dt = 1/ms : 1\nF = 2*v + i : 1",
                    threshold="True", reset="")
    P.v = [1, 2, 3]
    Q = NeuronGroup(2, "u : 1\nI : 1\nH = u*u : 1")
    Q.u = [3, 4]
    S = Synapses(P, Q, """dw/dt = F_pre*H/(10*ms) : 1 (clock-driven)
                          s = w*F_pre + H_post : 1
                          I_post = w*F_pre : 1 (summed)
                          y : 1""", on_pre="y = s + F_pre", method="euler")
    S.connect(i=[0, 1, 2, 2], j=[0, 1, 0, 1])
    Network(P, Q, S).run(0.3 * ms)
    np.testing.assert_allclose(S.w[:], [0.648, 2.592, 2.268, 4.032])
    np.testing.assert_allclose(S.s[:], [10.6848, 30.5152, 28.5048, 50.6752])
    np.testing.assert_allclose(Q.I[:], [13.5432, 31.4688])
    np.testing.assert_allclose(S.y[:], [13.2848, 36.1152, 37.1048, 59.2752])


def test_constants_of_the_group_namespace():
    P = NeuronGroup(2, "v : 1\nF = v + c : 1", namespace={"c": 10})
    P.v = [1, 2]
    S = Synapses(P, P, "q : 1")
    S.connect(i=[0, 1], j=[1, 0])
    S.q = "F_pre"                    # Brian 2 cannot resolve c here
    np.testing.assert_array_equal(S.q[:], [11, 12])
    # The synapses' namespace comes first, as in Brian 2.
    S2 = Synapses(P, P, "q : 1", namespace={"c": 1000})
    S2.connect(i=[0, 1], j=[1, 0])
    S2.q = "F_pre"
    np.testing.assert_array_equal(S2.q[:], [1001, 1002])


def test_a_synaptic_variable_does_not_stand_in_for_an_external_name():
    P = NeuronGroup(2, "v : 1\nF = v + c : 1", namespace={"c": 10})
    S = Synapses(P, P, "c : 1\nq : 1")
    S.connect(i=[0, 1], j=[1, 0])
    with pytest.raises(ModelNameError, match="'F_pre' is a subexpression "
                       "of 'neurongroup.*' that uses 'c'"):
        S.q = "F_pre"


def test_event_driven_equations_cannot_use_them():
    P = NeuronGroup(2, "v : 1\nF = 2*v : 1", threshold="True", reset="")
    with pytest.raises(ModelSyntaxError, match="F_post"):
        Synapses(P, P, "dx/dt = -x*F_post/ms : 1 (event-driven)",
                 on_pre="x += 1")


def test_values_follow_the_group_during_a_run(backend):
    P = NeuronGroup(1, "dv/dt = 1/ms : 1\nF = 2*v : 1", threshold="True",
                    reset="")
    S = Synapses(P, P, "y : 1", on_pre="y = F_pre")
    S.connect()
    Network(P, S).run(1 * ms)
    # The last spike (t = 0.9 ms) arrives after that step's update, v = 1.
    np.testing.assert_allclose(S.y[:], [2.0])
