"""``exact`` against analytic solutions of linear systems."""

import numpy as np
import pytest

from integration_helpers import make_system, simulate
from ranvier.integration import (ODESystem, UnsupportedEquationsError,
                                 hold_when_refractory, integrate)
from ranvier.lang.parse import parse_expression


def test_exponential_decay_is_exact_to_rounding():
    update = integrate(make_system(v="-v/tau"), "exact")
    assert update.method == "exact"
    tau, dt, steps = 0.02, 1e-4, 2000
    v0 = np.array([1.0, -3.0, 1e-3])
    values = simulate(update, {"v": v0}, {"tau": tau}, dt, steps)
    expected = v0 * np.exp(-steps * dt / tau)
    np.testing.assert_allclose(values["v"], expected, rtol=1e-12, atol=0)


def test_leaky_integrator_with_constant_input():
    update = integrate(make_system(v="(E_L - v + R*I)/tau"), "exact")
    params = {"tau": 0.01, "E_L": -0.07, "R": 1e8, "I": 2e-10}
    dt, steps = 1e-4, 500
    v0 = np.array([-0.07, 0.0, -0.05])
    values = simulate(update, {"v": v0}, params, dt, steps)
    target = params["E_L"] + params["R"] * params["I"]
    expected = target + (v0 - target) * np.exp(-steps * dt / params["tau"])
    np.testing.assert_allclose(values["v"], expected, rtol=1e-12)


def test_harmonic_oscillator_is_exact():
    update = integrate(make_system(x="y", y="-w**2*x"), "exact")
    w, dt, steps = 2 * np.pi * 3.0, 1e-3, 1000
    values = simulate(update, {"x": [1.0, 0.0], "y": [0.0, 1.0]}, {"w": w},
                      dt, steps)
    t = steps * dt
    # Solutions for (x, y)(0) = (1, 0) and (0, 1).
    np.testing.assert_allclose(values["x"], [np.cos(w * t),
                                             np.sin(w * t) / w],
                               rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(values["y"], [-w * np.sin(w * t),
                                             np.cos(w * t)],
                               rtol=1e-10, atol=1e-10)


def test_two_coupled_compartments():
    system = make_system(v="(-v + g*(w - v))/tau", w="(-w + g*(v - w))/tau")
    update = integrate(system, "exact")
    tau, g, dt, steps = 0.01, 0.5, 1e-4, 300
    values = simulate(update, {"v": 1.0, "w": 0.0}, {"tau": tau, "g": g},
                      dt, steps)
    t = steps * dt
    # The sum decays with tau, the difference with tau/(1 + 2g).
    total = np.exp(-t / tau)
    difference = np.exp(-t * (1 + 2 * g) / tau)
    np.testing.assert_allclose(values["v"], (total + difference) / 2,
                               rtol=1e-12)
    np.testing.assert_allclose(values["w"], (total - difference) / 2,
                               rtol=1e-12)


def test_neuron_driven_by_an_exponential_synapse():
    system = make_system(v="(E_L - v + R*g)/tau", g="-g/tau_s")
    update = integrate(system, "exact")
    p = {"tau": 0.02, "tau_s": 0.005, "E_L": -0.065, "R": 0.01}
    v0, g0, dt, steps = -0.065, 1.0, 1e-4, 400
    values = simulate(update, {"v": v0, "g": g0}, p, dt, steps)
    t = steps * dt
    tau, tau_s = p["tau"], p["tau_s"]
    expected = (p["E_L"] + (v0 - p["E_L"]) * np.exp(-t / tau)
                + p["R"] * g0 * tau_s / (tau_s - tau)
                * (np.exp(-t / tau_s) - np.exp(-t / tau)))
    np.testing.assert_allclose(values["v"], expected, rtol=1e-11)
    np.testing.assert_allclose(values["g"], g0 * np.exp(-t / tau_s),
                               rtol=1e-12)


def test_independent_equations_are_solved_separately():
    system = make_system(a="-a/tau_a", b="-b/tau_b + c", c="-c/tau_c")
    update = integrate(system, "exact")
    assert update.updated_variables == ("a", "b", "c")
    p = {"tau_a": 0.01, "tau_b": 0.02, "tau_c": 0.005}
    values = simulate(update, {"a": 1.0, "b": 0.0, "c": 1.0}, p, 1e-4, 100)
    assert values["a"] == pytest.approx(np.exp(-1.0), rel=1e-12)


def test_constant_derivative():
    update = integrate(make_system(x="rate"), "exact")
    values = simulate(update, {"x": [0.0, 1.0]}, {"rate": 2.5}, 0.1, 10)
    np.testing.assert_allclose(values["x"], [2.5, 3.5], rtol=1e-14)


@pytest.mark.parametrize("method", ["exact", "euler", "rk4",
                                    "exponential_euler", "heun"])
def test_refractory_variables_do_not_change(method):
    rhs = hold_when_refractory(parse_expression("(E_L - v)/tau"))
    update = integrate(ODESystem((("v", rhs),)), method)
    p = {"E_L": -0.07, "tau": 0.01,
         "not_refractory": np.array([True, False])}
    values = simulate(update, {"v": [-0.05, -0.05]}, p, 1e-4, 100)
    assert values["v"][1] == -0.05
    expected = -0.07 + 0.02 * np.exp(-1.0)
    assert values["v"][0] == pytest.approx(expected, rel=1e-3)
    assert np.all(np.isfinite(values["v"]))


def test_refractory_hold_in_a_coupled_exact_system():
    held = hold_when_refractory(parse_expression("(-v + R*g)/tau"))
    system = ODESystem((("v", held), ("g", parse_expression("-g/tau_s"))))
    update = integrate(system, "exact")
    p = {"R": 1.0, "tau": 0.02, "tau_s": 0.005,
         "not_refractory": np.array([False, True])}
    values = simulate(update, {"v": [0.3, 0.0], "g": [1.0, 1.0]}, p, 1e-4,
                      50)
    assert values["v"][0] == 0.3
    assert np.all(np.isfinite(values["v"])) and values["v"][1] > 0


def test_oscillating_solution_with_unknown_parameter_signs_is_refused():
    # Over- or under-damped depending on b**2 - 4k: no single real formula.
    system = make_system(x="y", y="-k*x - b*y")
    with pytest.raises(UnsupportedEquationsError, match="exact"):
        integrate(system, "exact")


def test_triangular_propagator_matches_the_general_one():
    # Parlett's recurrence (used for acyclic couplings) against SymPy's
    # general matrix exponential, numerically, with the variables in an
    # order where the matrix is not triangular as written.
    import sympy as sp

    from ranvier.integration.linear import _triangular_exp
    a, b, c, k, h = sp.symbols("a b c k h", positive=True)
    # rows/columns: g (drives v), v, w (driven by v and g), constant
    m = sp.Matrix([[-h / a, 0, 0, 0],
                   [h * k / b, -h / b, 0, h],
                   [h / c, h * k / c, -h / c, 0],
                   [0, 0, 0, 0]])
    fast = _triangular_exp(m)
    values = {a: 0.005, b: 0.02, c: 0.013, k: 1.7, h: 0.0001}
    expected = np.array(m.subs(values).evalf().exp(), dtype=float)
    got = np.array(fast.subs(values).evalf(), dtype=float)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def test_cyclic_or_repeated_eigenvalues_take_the_general_route():
    import sympy as sp

    from ranvier.integration.linear import _triangular_exp
    a, b = sp.symbols("a b", positive=True)
    assert _triangular_exp(sp.Matrix([[-a, b], [b, -a]])) is None  # cycle
    assert _triangular_exp(sp.Matrix([[-a, b], [0, -a]])) is None  # equal
