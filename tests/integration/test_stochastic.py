"""Stochastic methods against known statistics and pathwise solutions.

Statistical bounds are derived from the sample size: a sample mean has
standard error sd/sqrt(N), a sample variance var*sqrt(2/(N-1)); tests
allow 4.5 standard errors plus the discretisation bias of the method.
Seeds are fixed, so the tests are deterministic.
"""

import numpy as np
import pytest

from integration_helpers import make_system, measured_order, simulate
from ranvier.integration import integrate
from ranvier.lang.functions import (DEFAULT_FUNCTIONS, FunctionSpec,
                                    dimensionless_rule)

N = 20000
Z = 4.5


@pytest.mark.parametrize("method", ["euler", "heun", "milstein"])
def test_ornstein_uhlenbeck_mean_and_variance(method):
    system = make_system(v="-v/tau + sigma*sqrt(2/tau)*xi")
    update = integrate(system, method)
    tau, sigma, dt, steps = 0.01, 2.0, 1e-4, 300
    rng = np.random.default_rng(1234)
    values = simulate(update, {"v": np.ones(N)}, {"tau": tau,
                                                  "sigma": sigma},
                      dt, steps, rng=rng)
    t = steps * dt
    mean = np.exp(-t / tau)
    var = sigma ** 2 * (1 - np.exp(-2 * t / tau))
    # Euler's variance is off by a factor 1/(1 - dt/(2 tau)) ~ 0.5 %.
    bias = 0.01 * var
    v = values["v"]
    assert abs(v.mean() - mean) < Z * np.sqrt(var / N) + 0.01 * mean
    assert abs(v.var() - var) < Z * var * np.sqrt(2 / (N - 1)) + bias


def test_noise_draws_are_per_element_and_per_step():
    update = integrate(make_system(v="xi*sqrt(s)"), "euler")
    rng = np.random.default_rng(5)
    values = simulate(update, {"v": np.zeros(N)}, {"s": 1.0}, 0.01, 100,
                      rng=rng)
    # A Wiener process: variance t, independent across elements.
    v = values["v"]
    assert abs(v.var() - 1.0) < Z * np.sqrt(2 / N)
    assert abs(np.corrcoef(v[:-1], v[1:])[0, 1]) < Z / np.sqrt(N)


def test_shared_noise_name_is_the_same_noise_in_each_equation():
    update = integrate(make_system(a="xi_c", b="xi_c", c="xi"), "euler")
    values = simulate(update, {"a": np.zeros(1000), "b": np.zeros(1000),
                               "c": np.zeros(1000)}, {}, 0.01, 10,
                      rng=np.random.default_rng(2))
    np.testing.assert_array_equal(values["a"], values["b"])
    assert not np.array_equal(values["a"], values["c"])


def test_bare_xi_in_two_equations_is_independent_noise():
    update = integrate(make_system(a="xi", b="xi"), "euler")
    values = simulate(update, {"a": np.zeros(N), "b": np.zeros(N)}, {},
                      0.01, 25, rng=np.random.default_rng(3))
    assert abs(np.corrcoef(values["a"], values["b"])[0, 1]) < Z / np.sqrt(N)


# Geometric Brownian motion dx = mu x dt + s x dW. Read as Ito its log has
# mean (mu - s^2/2) t; read as Stratonovich, as Brian 2 reads it with both
# 'heun' and 'milstein', it has mean mu t. The drift step in milstein's
# support value biases its log by s*mu*sqrt(dt)*t/2 (see
# test_milstein_derivative_free.py).
MU, S = 0.5, 0.5
GBM_DT = 0.01
MILSTEIN_BIAS = S * MU * np.sqrt(GBM_DT) / 2


@pytest.mark.parametrize("method, drift", [
    ("milstein", MU + MILSTEIN_BIAS),
    ("heun", MU),
])
def test_geometric_brownian_motion_log_mean(method, drift):
    update = integrate(make_system(x="mu*x + s*x*xi"), method)
    duration = 1.0
    steps = round(duration / GBM_DT)
    values = simulate(update, {"x": np.ones(N)}, {"mu": MU, "s": S},
                      GBM_DT, steps, rng=np.random.default_rng(99))
    log_x = np.log(values["x"])
    sd = S * np.sqrt(duration)
    assert abs(log_x.mean() - drift * duration) < Z * sd / np.sqrt(N) + 0.01
    assert abs(log_x.var() - sd ** 2) < Z * sd ** 2 * np.sqrt(2 / N) + 0.01


def test_geometric_brownian_motion_mean_with_milstein():
    # Stratonovich: E[x] = exp((mu + s^2/2) t), not the Ito exp(mu t).
    update = integrate(make_system(x="mu*x + s*x*xi"), "milstein")
    duration = 1.0
    steps = round(duration / GBM_DT)
    values = simulate(update, {"x": np.ones(N)}, {"mu": MU, "s": S},
                      GBM_DT, steps, rng=np.random.default_rng(7))
    mean = np.exp((MU + S ** 2 / 2) * duration)
    sd = mean * np.sqrt(np.exp(S ** 2 * duration) - 1)
    expected = mean * (1 + MILSTEIN_BIAS * duration)
    assert abs(values["x"].mean() - expected) < Z * sd / np.sqrt(N)


def _replayed_noise(increments):
    """A registry whose randn() returns pre-drawn normals, step by step."""
    queue = iter(increments)
    functions = DEFAULT_FUNCTIONS.copy()
    functions.register(FunctionSpec(
        "randn", 0, dimensionless_rule(), "float",
        lambda rng, size: next(queue), stateless=False, needs_size=True),
        replace=True)
    return functions


def test_heun_strong_order_one_for_scalar_multiplicative_noise():
    """Pathwise error against x0*exp(mu*t + s*W(t)) with the same W.

    Milstein's order (1 without drift, 1/2 with it) is checked in
    test_milstein_derivative_free.py.
    """
    calculus_drift = MU
    update = integrate(make_system(x="mu*x + s*x*xi"), "heun")
    paths, fine, duration = 200, 2 ** 10, 1.0
    rng = np.random.default_rng(11)
    dw = rng.standard_normal((fine, paths)) * np.sqrt(duration / fine)
    exact = np.exp(calculus_drift * duration + S * dw.sum(axis=0))
    steps_list, errors = (16, 32, 64, 128, 256), []
    for steps in steps_list:
        dt = duration / steps
        coarse = dw.reshape(steps, fine // steps, paths).sum(axis=1)
        functions = _replayed_noise(coarse / np.sqrt(dt))
        values = simulate(update, {"x": np.ones(paths)}, {"mu": MU, "s": S},
                          dt, steps, rng=rng, functions=functions)
        errors.append(np.mean(np.abs(values["x"] - exact)))
    assert measured_order(errors, steps_list) == pytest.approx(1.0, abs=0.2)


def test_euler_maruyama_strong_order_for_additive_noise():
    # dx = -x dt + s dW: for additive noise Euler-Maruyama has strong order
    # 1; check against the exact solution driven by the same path.
    update = integrate(make_system(x="-x + s*xi"), "euler")
    paths, fine, duration = 200, 2 ** 11, 1.0
    rng = np.random.default_rng(12)
    h = duration / fine
    dw = rng.standard_normal((fine, paths)) * np.sqrt(h)
    # x(T) = exp(-T) x0 + s * integral of exp(-(T - u)) dW(u); the integral
    # as a midpoint sum on the fine grid is accurate to O(h), far below the
    # errors of the coarse steps.
    times = np.arange(fine) * h
    exact = np.exp(-duration) * 1.0 + S * np.sum(
        np.exp(-(duration - times - h / 2))[:, None] * dw, axis=0)
    steps_list, errors = (8, 16, 32, 64), []
    for steps in steps_list:
        dt = duration / steps
        coarse = dw.reshape(steps, fine // steps, paths).sum(axis=1)
        values = simulate(update, {"x": np.ones(paths)}, {"s": S}, dt, steps,
                          rng=rng,
                          functions=_replayed_noise(coarse / np.sqrt(dt)))
        errors.append(np.mean(np.abs(values["x"] - exact)))
    assert measured_order(errors, steps_list) == pytest.approx(1.0, abs=0.2)
