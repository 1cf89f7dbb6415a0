"""PoissonInput and BinomialFunction: per-step increments against
Binomial(N, rate*dt)*weight, targets, weights, every error path."""

import numpy as np
import pytest

from input_stats import assert_close, mean_sd, variance_sd
from ranvier import (BinomialFunction, Hz, ModelUnitError, Network,
                     NeuronGroup, PoissonInput, StateMonitor, amp, ms, mV,
                     nA, seed, volt)
from ranvier.ir.text import kernel_text
from ranvier.lang.binomial import _numba_binomial
from ranvier.objects.base import BuildContext
from ranvier.units import DimensionMismatchError

DT = 0.1 * ms


def increments(target_model, n_steps, make_input, N=200, **namespace):
    """Per-step increments of ``v``: the target is reset to 0 at the start
    of each step and recorded at its end."""
    G = NeuronGroup(N, target_model, namespace=namespace, dt=DT)
    G.run_regularly("v = 0*volt", when="start")
    inp = make_input(G)
    mon = StateMonitor(G, "v", record=True, when="end")
    Network(G, inp, mon).run(n_steps * DT, level=1)
    return mon.v_, inp


@pytest.mark.parametrize("seed_value, n_inputs, rate", [
    (1, 50, 2000 * Hz),   # p = 0.2: variance 8, a Poisson count would give 10
    (2, 50, 2000 * Hz),
    (3, 1000, 5 * Hz),    # p = 5e-4, mean 0.5
])
def test_increments_are_binomial_times_weight(seed_value, n_inputs, rate):
    seed(seed_value)
    w = 0.5 * mV
    values, _ = increments(
        "v : volt", 500,
        lambda G: PoissonInput(G, "v", n_inputs, rate, weight=w))
    k = values / float(w / volt)
    np.testing.assert_allclose(k, np.round(k), atol=1e-9)
    p = float(rate * DT)
    samples = k.size
    assert_close(k.mean(), n_inputs * p, mean_sd(n_inputs, p, samples),
                 "mean of k")
    assert_close(k.var(ddof=1), n_inputs * p * (1 - p),
                 variance_sd(n_inputs, p, samples), "variance of k")
    # P(k = 0) = (1-p)^N, a Bernoulli frequency over all samples.
    p0 = (1 - p) ** n_inputs
    assert_close(np.mean(k == 0), p0, np.sqrt(p0 * (1 - p0) / samples),
                 "frequency of k = 0")


def test_certain_inputs_with_a_weight_expression():
    # rate*dt = 1: every input spikes every step, so v grows by N*w exactly.
    G = NeuronGroup(4, "v : volt\nw : volt", dt=DT)
    G.w = [1, 2, 3, 4] * mV
    inp = PoissonInput(G, "v", 3, 10000 * Hz, weight="w/2")
    Network(G, inp).run(5 * DT)
    np.testing.assert_allclose(G.v / mV, 5 * 3 * np.array([1, 2, 3, 4]) / 2)
    assert inp.weight == "w/2" and inp.N == 3 and inp.rate == 10000 * Hz


def test_weight_through_a_subexpression():
    G = NeuronGroup(2, "v : volt\nw = 2*mV*(i + 1) : volt", dt=DT)
    inp = PoissonInput(G, "v", 1, 10000 * Hz, weight="w")
    Network(G, inp).run(2 * DT)
    np.testing.assert_allclose(G.v / mV, [4, 8])


def test_subgroup_target_and_dynamics():
    # Only the subgroup receives input; the leak acts on everyone.
    G = NeuronGroup(6, "dv/dt = -v/(10*ms) : volt", method="exact", dt=DT)
    inp = PoissonInput(G[2:4], "v", 2, 10000 * Hz, weight=1 * mV)
    Network(G, inp).run(1 * DT)
    np.testing.assert_allclose(G.v / mV, [0, 0, 2, 2, 0, 0])
    assert inp.weight == 1 * mV


def test_one_kernel_in_the_synapses_slot():
    G = NeuronGroup(2, "v : volt", dt=DT)
    inp = PoissonInput(G, "v", 1, 1 * Hz, 1 * mV, order=4)
    op, = inp.operations(BuildContext())
    assert (op.when, op.order, op.clock) == ("synapses", 4, G.clock)
    assert kernel_text(op.kernel).splitlines()[-1].strip() == \
        "v += __poissoninput_binomial()*__poissoninput_weight"
    assert "1 inputs at 1.0 Hz" in repr(inp)
    assert inp.contained_objects() == [G]


def test_binomial_function_in_model_code():
    seed(21)
    binom = BinomialFunction(20, 0.3)
    G = NeuronGroup(500, "k : 1", dt=DT)
    G.run_regularly("k = binom()")
    mon = StateMonitor(G, "k", record=True, when="end")
    Network(G, mon).run(100 * DT)
    k = mon.k
    np.testing.assert_array_equal(k, np.round(k))
    assert_close(k.mean(), 6, mean_sd(20, 0.3, k.size), "mean")
    assert_close(k.var(ddof=1), 4.2, variance_sd(20, 0.3, k.size),
                 "variance")


def test_binomial_function_spec():
    binom = BinomialFunction(7, 0.25, name="my_binomial")
    spec = binom.function_spec
    assert (spec.name, spec.n_args, spec.result_kind) == ("my_binomial", 0,
                                                          "integer")
    assert not spec.stateless and spec.needs_size
    keys = [key for key, _ in spec.numba_data]
    assert keys[0].endswith(".n") and keys[1].endswith(".p")
    other = BinomialFunction(7, 0.25, name="my_binomial").function_spec
    assert not {key for key, _ in other.numba_data} & set(keys)
    draws = spec.apply((), np.random.default_rng(0), 5)
    assert draws.shape == (5,) and draws.dtype == np.int64
    assert "n=7, p=0.25" in repr(binom)
    np.random.seed(0)
    assert 0 <= _numba_binomial(*(a for _, a in spec.numba_data)) <= 7
    assert BinomialFunction(0, 0.5).function_spec.apply(
        (), np.random.default_rng(0), 3).tolist() == [0, 0, 0]


@pytest.mark.parametrize("n, p, error, message", [
    (-1, 0.5, ValueError, "non-negative integer"),
    (2.5, 0.5, ValueError, "non-negative integer"),
    (True, 0.5, ValueError, "non-negative integer"),
    (5, 1.5, ValueError, r"probability p in \[0, 1\]"),
    (5, -0.1, ValueError, r"probability p in \[0, 1\]"),
    (5, 0.5 * Hz, TypeError, "dimensionless probability"),
])
def test_binomial_function_errors(n, p, error, message):
    with pytest.raises(error, match=message):
        BinomialFunction(n, p)


# -- errors -------------------------------------------------------------------

@pytest.fixture
def target():
    return NeuronGroup(3, """dv/dt = -v/(10*ms) : volt
                             I = v/(1*Mohm) : amp
                             c : volt (constant)
                             n : integer""", dt=DT,
                       refractory=1 * ms, threshold="v > 1*volt")


@pytest.mark.parametrize("var, message", [
    ("x", "has no variable 'x' to add to"),
    ("lastspike", "has no variable 'lastspike'"),
    ("I", "'I' is a subexpression"),
    ("c", "the variable 'c' of .* is constant"),
    ("n", "the variable 'n' of .* is integer"),
    ("not_refractory", "is boolean"),
])
def test_bad_target_variable(target, var, message):
    with pytest.raises(ValueError, match=message):
        PoissonInput(target, var, 10, 1 * Hz, 1 * mV)


@pytest.mark.parametrize("N", [0, -1, 1.5, False])
def test_bad_number_of_inputs(target, N):
    with pytest.raises(ValueError, match="N must be a positive number"):
        PoissonInput(target, "v", N, 1 * Hz, 1 * mV)


def test_bad_rate(target):
    with pytest.raises(DimensionMismatchError, match="rate must be in units "
                       "of Hz"):
        PoissonInput(target, "v", 10, 1 * mV, 1 * mV)
    with pytest.raises(ValueError, match="finite, non-negative"):
        PoissonInput(target, "v", 10, -1 * Hz, 1 * mV)
    with pytest.raises(ValueError, match="must be one value"):
        PoissonInput(target, "v", 10, [1, 2] * Hz, 1 * mV)
    with pytest.raises(NotImplementedError, match="rate given as an "
                       "expression"):
        PoissonInput(target, "v", 10, "5*Hz", 1 * mV)


def test_rate_times_dt_above_one(target):
    inp = PoissonInput(target, "v", 10, 20000 * Hz, 1 * mV)
    with pytest.raises(ValueError, match=r"rate\*dt = 2 is above 1"):
        Network(target, inp).run(DT)


def test_weight_units(target):
    with pytest.raises(DimensionMismatchError, match="the weight must have "
                       "the units of 'v' \\(volt\\), got amp"):
        PoissonInput(target, "v", 10, 1 * Hz, 1 * nA)
    with pytest.raises(DimensionMismatchError, match="got 1 \\(dimension"):
        PoissonInput(target, "v", 10, 1 * Hz, 0.5)
    with pytest.raises(ValueError, match="weight must be one value"):
        PoissonInput(target, "v", 10, 1 * Hz, [1, 2] * mV)


def test_weight_expression_units_are_checked_at_run(target):
    inp = PoissonInput(target, "v", 10, 1 * Hz, weight="I*2")
    with pytest.raises(ModelUnitError, match="the weight should have units "
                       "of volt, got amp") as info:
        Network(target, inp).run(DT)
    text = str(info.value)
    assert "weight" in text and "\n" + " " * 10 + "^" * 3 in text
    assert amp.dim is not volt.dim


@pytest.mark.slow
def test_numba_binomial_draws_binomially():
    numba = pytest.importorskip("numba")
    spec = BinomialFunction(30, 0.1).function_spec
    draw = numba.njit(spec.numba_implementation)
    data = [array for _, array in spec.numba_data]

    @numba.njit
    def many(n, p, count, seed_value):
        np.random.seed(seed_value)
        out = np.empty(count, np.int64)
        for j in range(count):
            out[j] = draw(n, p)
        return out
    k = many(data[0], data[1], 20000, 3)
    assert_close(k.mean(), 3, mean_sd(30, 0.1, k.size), "mean")
    assert_close(k.var(ddof=1), 2.7, variance_sd(30, 0.1, k.size),
                 "variance")
