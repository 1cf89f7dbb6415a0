"""A warning when an integrated variable becomes NaN or infinite."""

import warnings

import numpy as np
import pytest

from ranvier import NeuronGroup, Network, mV, ms
from ranvier.objects.neurongroup import InvalidValuesWarning

COUPLED = '''dv/dt = (-v + g)/tau_v : volt
             dg/dt = -g/tau_g : volt'''


def test_exact_solution_with_equal_time_constants(backend):
    tau_v = tau_g = 10 * ms     # the closed form divides by 1/tau_v - 1/tau_g
    G = NeuronGroup(3, COUPLED, method="exact")
    G.g = 1 * mV
    net = Network(G)
    with pytest.warns(InvalidValuesWarning,
                      match=r"'v' is NaN or infinite in 3 of 3 .*'exact'"):
        net.run(1 * ms, namespace={"tau_v": tau_v, "tau_g": tau_g})
    # Once per variable, not after every run.
    with warnings.catch_warnings():
        warnings.simplefilter("error", InvalidValuesWarning)
        net.run(1 * ms, namespace={"tau_v": tau_v, "tau_g": tau_g})


def test_distinct_time_constants_give_no_warning(backend):
    G = NeuronGroup(3, COUPLED, method="exact")
    G.g = 1 * mV
    with warnings.catch_warnings():
        warnings.simplefilter("error", InvalidValuesWarning)
        Network(G).run(5 * ms, namespace={"tau_v": 10 * ms, "tau_g": 5 * ms})
    assert np.all(np.isfinite(np.asarray(G.v)))


def test_unstable_euler_step(backend):
    G = NeuronGroup(2, "dv/dt = -v/(0.01*ms) : 1", method="euler")
    G.v = 1
    with pytest.warns(InvalidValuesWarning, match="'v'.*'euler'"):
        Network(G).run(100 * ms)
