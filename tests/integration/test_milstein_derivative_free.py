"""The derivative-free Milstein method against Brian 2 and exact paths.

The reference numbers below are one step of Brian 2.9's generated
``milstein`` update, evaluated with fixed state, ``dt`` and standard
normal draws (Brian's ``xi`` is ``sqrt(dt)`` times the draw). Brian 2 reads
stochastic equations in the Stratonovich sense, so the pathwise checks
compare with the Stratonovich solution of geometric Brownian motion,
``x(t) = x0*exp(mu*t + s*W(t))``.
"""

import numpy as np
import pytest

from integration_helpers import make_system, measured_order
from ranvier import NeuronGroup, Network, ms, second
from ranvier.integration import UnsupportedEquationsError, integrate
from ranvier.lang.evaluate import execute
from ranvier.lang.tree import Call, Const, Statement

MS = {"ms": 1e-3}


def one_step(update, state, params, dt, draws):
    """Run one step with the standard normal draws given by noise temp."""
    statements = [
        Statement(s.target, "=", Const(draws[s.target]))
        if s.expr == Call("randn", ()) else s
        for s in update.statements]
    values = dict(params, dt=dt, t=0.0, **state)
    execute(statements, values)
    return {name: values[name] for name in state}


# (state, dt, draw) and Brian 2's new state, one case per noise form.
INPUTS = [(0.6, 1e-4, 0.7), (1.3, 5e-4, -1.9), (0.95, 2e-4, 2.5)]
SCALAR_CASES = {
    "sqrt": ("x", "-x/tau + sigma*sqrt(x)*xi/sqrt(ms)",
             {"tau": 0.02, "sigma": 0.3},
             [0.6494674185765087, 0.8417948695944923, 1.2927160869699255]),
    "linear": ("x", "mu*x/ms + s*x*xi/sqrt(ms)", {"mu": 0.05, "s": 0.4},
               [0.6585712356540377, 0.8381907608082333, 1.484663577171522]),
    # h = 1.3 starts clipped; the third support value crosses the bound.
    "clip": ("h", "(0.8 - h)/tau + s*clip(h, 0, 1)*xi/sqrt(ms)",
             {"tau": 0.01, "s": 0.5},
             [0.6721603066662101, 0.60324855787278, 1.5130047068046342]),
}


@pytest.mark.parametrize("case", sorted(SCALAR_CASES))
@pytest.mark.parametrize("index", range(len(INPUTS)))
def test_one_step_agrees_with_brian2(case, index):
    variable, rhs, params, expected = SCALAR_CASES[case]
    update = integrate(make_system(**{variable: rhs}), "milstein")
    x0, dt, draw = INPUTS[index]
    new = one_step(update, {variable: x0}, dict(params, **MS), dt,
                   {f"_xi_{variable}": draw})
    assert new[variable] == pytest.approx(expected[index], rel=1e-12)


@pytest.mark.parametrize("start, dt, draws, expected", [
    ((0.6, 1.4), 2e-4, (0.9, -1.3), (0.7033910594542199,
                                      1.1968505109370242)),
    ((-0.3, 0.5), 1e-3, (-2.1, 1.7), (-0.20587987499999996,
                                       0.9512811355611054)),
])
def test_two_variable_step_agrees_with_brian2(start, dt, draws, expected):
    # x's noise coefficient reads y, which moves by its drift step in the
    # support state of x's noise, as in Brian 2.
    system = make_system(x="-x/tau + s*x*y*xi_1/sqrt(ms)",
                         y="(1 - y)/tau + s*sqrt(y)*xi_2/sqrt(ms)")
    update = integrate(system, "milstein")
    new = one_step(update, dict(zip("xy", start)),
                   dict(MS, tau=0.02, s=0.3), dt,
                   {"_xi_1": draws[0], "_xi_2": draws[1]})
    assert (new["x"], new["y"]) == pytest.approx(expected, rel=1e-12)


def test_additive_noise_needs_no_support_value():
    update = integrate(make_system(v="-v/tau + s*xi"), "milstein")
    assert not any("support" in s.target for s in update.statements)
    new = one_step(update, {"v": 1.0}, {"tau": 0.01, "s": 2.0}, 1e-4,
                   {"_xi_v": 0.5})
    assert new["v"] == pytest.approx(1.0 - 1e-4 / 0.01 + 2.0 * 0.01 * 0.5,
                                     rel=1e-14)


# -- pathwise convergence on geometric Brownian motion -----------------------
#
# Brian 2's support value includes the drift step dt*f, so the correction
# carries an extra g'*f*dt**1.5*_xi**2/2 per step. Its mean is not zero:
# with drift the scheme converges with strong order 1/2 only, its paths
# biased by a relative g'*f/g * sqrt(dt)*t/2 (here s*mu*sqrt(dt)*t/2);
# without drift it is the Stratonovich Milstein scheme, of order 1.

S = 0.5
STEPS = (16, 32, 64, 128, 256)


def final_and_exact(update, mu, steps, seed):
    """x(1) by ``update`` in ``steps`` steps and exp(mu + S*W(1)).

    For one seed every step count sees the same Wiener paths, summed from
    a fine grid; each noise the update draws gets its own path.
    """
    drawn = [s.target for s in update.statements
             if s.expr == Call("randn", ())]
    paths, fine = 200, 2 ** 10
    rng = np.random.default_rng(seed)
    dw = rng.standard_normal((len(drawn), fine, paths)) / np.sqrt(fine)
    exact = np.exp(mu + S * dw.sum(axis=(0, 1)))
    dt = 1.0 / steps
    coarse = dw.reshape(len(drawn), steps, fine // steps, paths)
    coarse = coarse.sum(axis=2) / np.sqrt(dt)
    values = {"x": np.ones(paths)}
    for step in range(steps):
        draws = {name: coarse[i, step] for i, name in enumerate(drawn)}
        values = one_step(update, values, {"mu": mu, "s": S}, dt, draws)
    return values["x"], exact


def pathwise_errors(update, mu, seed):
    errors = []
    for steps in STEPS:
        x, exact = final_and_exact(update, mu, steps, seed)
        errors.append(np.mean(np.abs(x - exact)))
    return errors


@pytest.mark.parametrize("noise", [
    "s*x*xi",
    # A coefficient SymPy cannot differentiate; x stays far below 1e6.
    "s*clip(x, 0, 1e6)*xi",
])
def test_strong_order_one_without_drift(noise):
    update = integrate(make_system(x=f"mu*x + {noise}"), "milstein")
    errors = pathwise_errors(update, mu=0.0, seed=21)
    assert measured_order(errors, STEPS) == pytest.approx(1.0, abs=0.15)
    assert errors[-1] < 0.001


def test_strong_order_one_half_with_drift():
    update = integrate(make_system(x="mu*x + s*x*xi"), "milstein")
    errors = pathwise_errors(update, mu=0.5, seed=23)
    assert measured_order(errors, STEPS) == pytest.approx(0.5, abs=0.15)


@pytest.mark.parametrize("steps", [256, 1024])
def test_drift_in_the_support_value_biases_the_paths(steps):
    mu = 0.5
    update = integrate(make_system(x="mu*x + s*x*xi"), "milstein")
    x, exact = final_and_exact(update, mu, steps, seed=24)
    bias = S * mu * np.sqrt(1.0 / steps) / 2
    # The order-1 part of the error is a small fraction of the bias here.
    assert np.mean(x / exact - 1) == pytest.approx(bias, rel=0.05)


def test_strong_order_one_with_two_commutative_noises():
    # x*(xi_1 + xi_2) is one noise of intensity sqrt(2); the products of
    # the two draws carry half of its correction.
    system = make_system(x="mu*x + s*x*xi_1 + s*x*xi_2")
    update = integrate(system, "milstein")
    errors = pathwise_errors(update, mu=0.0, seed=22)
    assert measured_order(errors, STEPS) == pytest.approx(1.0, abs=0.15)


def test_several_noises_with_a_coefficient_sympy_cannot_differentiate():
    system = make_system(x="-x + clip(x, 0, 1)*xi_1 + x*xi_2")
    with pytest.raises(UnsupportedEquationsError,
                       match="cannot differentiate.*commutative.*'heun'"):
        integrate(system, "milstein")


# -- a clipped gating variable, as in Stimberg et al. 2018's astrocyte ------

def test_clipped_gating_variable_in_a_group_integrates():
    # Brian 2 accepts this model with 'milstein'; the noise coefficient
    # reads the clipped variable through a subexpression.
    group = NeuronGroup(2000, """
        dh/dt = (h_inf - h_clipped)/tau + sqrt(rate*h_clipped)*xi/10 : 1
        h_clipped = clip(h, 0, 1) : 1
        """, method="milstein",
        namespace={"h_inf": 0.7, "tau": 5 * ms, "rate": 1 / second})
    group.h = 0.2
    Network(group).run(50 * ms)
    h = np.asarray(group.h)
    assert np.all(np.isfinite(h))
    # Ten relaxation times: the mean is at h_inf (the Stratonovich drift
    # correction rate/400 * tau is 1e-5, the noise sd about 0.004).
    assert abs(h.mean() - 0.7) < 1e-3
    assert 0.002 < h.std() < 0.006
