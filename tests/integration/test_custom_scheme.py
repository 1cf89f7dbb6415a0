"""Integration schemes written as statements (Brian 2's
ExplicitStateUpdater), checked against known solutions and against the
built-in methods they restate."""

import numpy as np
import pytest

from integration_helpers import (final_state, make_system, measured_order,
                                 simulate)
from ranvier.integration import UnsupportedEquationsError, integrate
from ranvier.integration.custom import ExplicitScheme
from ranvier.integration.methods import METHODS, register_method
from ranvier.lang.errors import ModelSyntaxError

EULER = ExplicitScheme("x_new = x + dt*f(x, t)", name="my_euler")
RK4 = ExplicitScheme("""
    k1 = dt*f(x, t)
    k2 = dt*f(x + k1/2, t + dt/2)
    k3 = dt*f(x + k2/2, t + dt/2)
    k4 = dt*f(x + k3, t + dt)
    x_new = x + k1/6 + k2/3 + k3/3 + k4/6
""")
EULER_MARUYAMA = ExplicitScheme("x_new = x + dt*f(x, t) + g(x, t)*dW",
                                stochastic="additive")


@pytest.mark.parametrize("scheme, order, steps", [
    (EULER, 1, (100, 200, 400, 800)), (RK4, 4, (8, 16, 32, 64))])
def test_orders_on_harmonic_oscillator(scheme, order, steps):
    w = 2.0
    system = make_system(x="y", y="-w**2*x")
    errors = []
    for n in steps:
        final = final_state(scheme, system, {"x": 1.0, "y": 0.0}, {"w": w},
                            1.0, n)
        errors.append(abs(final["x"] - np.cos(w)))
    assert measured_order(errors, steps) == pytest.approx(order, abs=0.15)


def test_rk4_scheme_restates_the_built_in_rk4():
    # Time enters through f(..., t + dt/2): dx/dt = cos(t) - x.
    system = make_system(x="cos(t) - x*k")
    ours = final_state(RK4, system, {"x": 0.3}, {"k": 2.0}, 1.0, 20)
    built_in = final_state("rk4", system, {"x": 0.3}, {"k": 2.0}, 1.0, 20)
    assert ours["x"] == pytest.approx(built_in["x"], rel=1e-13)


def test_scheme_names_never_meet_model_names():
    # The model has variables 'x' and 'k'; the scheme has an intermediate
    # 'k' and reads 'x': each keeps its meaning.
    midpoint = ExplicitScheme("k = dt*f(x, t)\n"
                              "x_new = x + dt*f(x + k/2, t + dt/2)")
    system = make_system(x="-k*x", k="x")
    state = {"x": 1.0, "k": 0.5}
    ours = final_state(midpoint, system, state, {}, 0.5, 10)
    built_in = final_state("rk2", system, state, {}, 0.5, 10)
    for name in state:
        assert ours[name] == pytest.approx(built_in[name], rel=1e-13)


def test_stochastic_scheme_restates_euler_maruyama():
    system = make_system(x="-x/tau + s*xi/tau**0.5")
    params = {"tau": 0.01, "s": 0.5}
    out = []
    for method in (EULER_MARUYAMA, "euler"):
        update = integrate(system, method)
        values = simulate(update, {"x": np.zeros(1000)}, params, 1e-4, 50,
                          rng=np.random.default_rng(3))
        out.append(values["x"])
    np.testing.assert_allclose(out[0], out[1], rtol=1e-12, atol=1e-15)


def test_noise_the_scheme_does_not_cover_is_refused():
    noisy = make_system(x="-x + x*xi")
    with pytest.raises(UnsupportedEquationsError, match="multiplicative"):
        integrate(noisy, EULER_MARUYAMA)
    with pytest.raises(UnsupportedEquationsError, match="deterministic"):
        integrate(noisy, EULER)
    two = make_system(x="-x + xi_1 + xi_2")
    with pytest.raises(UnsupportedEquationsError, match="several noise"):
        integrate(two, EULER_MARUYAMA)


@pytest.mark.parametrize("text, message, marked", [
    ("k = dt*f(x, t)", "the last line must assign 'x_new'", "k"),
    ("x_new = x + dt*f(x)", "f() takes a state and a time", "f(x)"),
    ("x_new = x + dt*f(x, t)*a", "unknown name 'a'", "a"),
    ("x_new = x + dW", "dW in a deterministic scheme", "dW"),
    ("x_new += dt*f(x, t)", "use '=', not '+='", "x_new"),
    ("x = 1\nx_new = x", "'x' cannot be assigned here", "x"),
])
def test_description_errors_mark_the_part(text, message, marked):
    with pytest.raises(ModelSyntaxError) as info:
        ExplicitScheme(text)
    shown = str(info.value)
    assert message in shown
    caret_line = shown.splitlines()[-1]
    code_line = shown.splitlines()[-2]
    start = caret_line.index("^")
    assert code_line[start:start + len(marked)] == marked


def test_registered_by_name(tmp_path):
    register_method("my_rk4_for_test", RK4)
    try:
        system = make_system(x="-x")
        assert final_state("my_rk4_for_test", system, {"x": 1.0}, {}, 1.0,
                           10)["x"] == pytest.approx(np.exp(-1), rel=1e-6)
        with pytest.raises(ValueError, match="built-in method name"):
            register_method("rk4", RK4)
    finally:
        METHODS.pop("my_rk4_for_test", None)
