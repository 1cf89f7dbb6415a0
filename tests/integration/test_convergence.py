"""Measured orders of convergence against known solutions."""

import numpy as np
import pytest

from integration_helpers import final_state, make_system, measured_order

# method -> (expected order, step counts in the asymptotic regime but
# above rounding noise)
ORDERS = {
    "euler": (1, (100, 200, 400, 800)),
    "rk2": (2, (25, 50, 100, 200)),
    "heun": (2, (25, 50, 100, 200)),
    "rk4": (4, (8, 16, 32, 64)),
}


def _errors(method, system, state, params, duration, steps, exact):
    errors = []
    for n in steps:
        final = final_state(method, system, state, params, duration, n)
        errors.append(max(abs(final[k] - exact[k]) for k in exact))
    return errors


@pytest.mark.parametrize("method", sorted(ORDERS))
def test_harmonic_oscillator(method):
    order, steps = ORDERS[method]
    w, duration = 2.0, 1.0
    system = make_system(x="y", y="-w**2*x")
    exact = {"x": np.cos(w * duration), "y": -w * np.sin(w * duration)}
    errors = _errors(method, system, {"x": 1.0, "y": 0.0}, {"w": w},
                     duration, steps, exact)
    assert measured_order(errors, steps) == pytest.approx(order, abs=0.15)


@pytest.mark.parametrize("method", sorted(ORDERS))
def test_quadratic_decay(method):
    # dx/dt = -x**2 has x(t) = 1/(t + 1/x0).
    order, steps = ORDERS[method]
    system = make_system(x="-x**2")
    x0, duration = 2.0, 1.0
    errors = _errors(method, system, {"x": x0}, {}, duration, steps,
                     {"x": 1 / (duration + 1 / x0)})
    assert measured_order(errors, steps) == pytest.approx(order, abs=0.15)


@pytest.mark.parametrize("method", sorted(ORDERS))
def test_time_dependent_equation(method):
    # dx/dt = cos(t)*x has x(t) = x0*exp(sin(t)); the stages must see the
    # right times for the order to hold.
    order, steps = ORDERS[method]
    system = make_system(x="cos(t)*x")
    duration = 2.0
    errors = _errors(method, system, {"x": 1.0}, {}, duration, steps,
                     {"x": np.exp(np.sin(duration))})
    assert measured_order(errors, steps) == pytest.approx(order, abs=0.15)


def test_exponential_euler_on_conditionally_linear_system():
    # dy/dt = -y, dx/dt = -y*x: y = y0 exp(-t), x = x0 exp(-y0 (1 - exp(-t)))
    system = make_system(x="-y*x", y="-y")
    steps, duration, y0 = (50, 100, 200, 400), 2.0, 1.5
    exact = {"x": np.exp(-y0 * (1 - np.exp(-duration))),
             "y": y0 * np.exp(-duration)}
    errors = _errors("exponential_euler", system, {"x": 1.0, "y": y0}, {},
                     duration, steps, exact)
    assert measured_order(errors, steps) >= 0.9
    # y's own equation is linear with a constant coefficient: exact.
    final = final_state("exponential_euler", system, {"x": 1.0, "y": y0},
                        {}, duration, 50)
    assert final["y"] == pytest.approx(exact["y"], rel=1e-13)


def test_exponential_euler_is_exact_for_linear_equations():
    system = make_system(v="(E - v)/tau")
    final = final_state("exponential_euler", system, {"v": 0.0},
                        {"E": 1.0, "tau": 0.1}, 1.0, 37)
    assert final["v"] == pytest.approx(1 - np.exp(-10.0), rel=1e-13)


def test_exact_is_exact_at_any_step():
    system = make_system(x="y", y="-w**2*x")
    w, duration = 2.0, 1.0
    for steps in (1, 3, 10):
        final = final_state("exact", system, {"x": 1.0, "y": 0.0},
                            {"w": w}, duration, steps)
        assert final["x"] == pytest.approx(np.cos(w * duration), rel=1e-13)
