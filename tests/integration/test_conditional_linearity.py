"""Which equations ``exponential_euler`` accepts, and what it computes
when the state variable appears inside functions of A and B.

The accept/refuse table is what Brian 2.9 answered for the same
equations (``exponential_euler(Equations(...))``).
"""

import numpy as np
import pytest
from integration_helpers import final_state, make_system, measured_order

from ranvier.integration import UnsupportedEquationsError, integrate

ACCEPTED = [
    # A Morris-Lecar membrane: V in m_inf's tanh and in the driving force.
    "(-g_L*(V - V_L) - g_Ca*0.5*(1 + tanh((V - V_1)/V_2))*(V - V_Ca))/C",
    "-V/tau + sin(V)/tau",
    "V*sin(V)/tau",
    "-V*exp(V)/tau + 1/tau",
    "-V/(V + 1)/tau",
    "-V/tau + exp(-V)*V/tau",
    "-V*abs(V)/tau",
    "-V/tau*(1 + tanh(V)) + tanh(V)/tau",
    "a*(b*(V - c) + 1)*exp(V/a - 3)",
    "(E - V)/tau",
    "I/C",  # no V at all: A is zero
]

REFUSED = [
    "exp(V)/tau",
    "V**2/tau",
    "sin(V)/tau",
    "(V + 1)**2/tau",
    "1/V/tau",
    "sqrt(V)/tau",
]


@pytest.mark.parametrize("rhs", ACCEPTED)
def test_accepted_like_brian(rhs):
    update = integrate(make_system(V=rhs), "exponential_euler")
    assert update.updated_variables == ("V",)


@pytest.mark.parametrize("rhs", REFUSED)
def test_refused_like_brian(rhs):
    with pytest.raises(UnsupportedEquationsError,
                       match="not conditionally linear"):
        integrate(make_system(V=rhs), "exponential_euler")


def test_a_and_b_are_split_as_collected():
    update = integrate(make_system(V="-V/tau + sin(V)/tau"),
                       "exponential_euler")
    text = str(update)
    assert "_A_V = -1/tau" in text
    assert "_B_V = sin(V)/tau" in text


def test_one_step_is_the_linear_solution_with_frozen_coefficients():
    # dV/dt = A(V0)*V + B(V0) over one step, computed independently.
    rhs = "-V/tau*(1 + tanh(V)) + tanh(V)/tau"
    v0, tau, dt = 0.7, 2.0, 0.3
    got = final_state("exponential_euler", make_system(V=rhs), {"V": v0},
                      {"tau": tau}, dt, 1)["V"]
    a = -(1 + np.tanh(v0)) / tau
    b = np.tanh(v0) / tau
    expected = -b / a + (v0 + b / a) * np.exp(a * dt)
    assert got == pytest.approx(expected, rel=1e-14)


def test_quadratic_decay_converges_to_its_solution():
    # dV/dt = -V*|V|/tau; for V(0) = 1 the solution is V = 1/(1 + t/tau).
    system = make_system(V="-V*abs(V)/tau")
    steps = [50, 100, 200, 400]
    errors = [abs(final_state("exponential_euler", system, {"V": 1.0},
                              {"tau": 1.0}, 2.0, n)["V"] - 1 / 3)
              for n in steps]
    assert errors[-1] < 2e-3
    assert measured_order(errors, steps) == pytest.approx(1.0, abs=0.1)


MORRIS_LECAR = ("(-g_L*(V - V_L) - g_Ca*0.5*(1 + tanh((V - V_1)/V_2))"
                "*(V - V_Ca))/C")
ML_PARAMS = {"g_L": 2e-3, "V_L": -0.06, "g_Ca": 4e-3, "V_Ca": 0.12,
             "V_1": -0.0012, "V_2": 0.018, "C": 20e-6}


def _ml_rhs(v):
    p = ML_PARAMS
    m_inf = 0.5 * (1 + np.tanh((v - p["V_1"]) / p["V_2"]))
    return (-p["g_L"] * (v - p["V_L"])
            - p["g_Ca"] * m_inf * (v - p["V_Ca"])) / p["C"]


def _ml_rest():
    """The resting potential below -20 mV, by bisection."""
    low, high = -0.08, -0.02
    assert _ml_rhs(low) > 0 > _ml_rhs(high)
    for _ in range(200):
        middle = (low + high) / 2
        if _ml_rhs(middle) > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def test_a_fixed_point_stays_fixed():
    # At a rest point A*V + B = 0, and an exponential Euler step keeps it.
    rest = _ml_rest()
    final = final_state("exponential_euler",
                        make_system(V=MORRIS_LECAR), {"V": rest}, ML_PARAMS,
                        0.05, 500)["V"]
    assert final == pytest.approx(rest, abs=1e-12)


def test_morris_lecar_membrane_relaxes_to_rest():
    rest = _ml_rest()
    final = final_state("exponential_euler",
                        make_system(V=MORRIS_LECAR), {"V": -0.07},
                        ML_PARAMS, 0.2, 2000)["V"]
    assert final == pytest.approx(rest, abs=1e-9)
    # Against a fine Euler integration of the same equation on the way.
    v, dt = -0.07, 1e-7
    for _ in range(20000):
        v += dt * _ml_rhs(v)
    mid = final_state("exponential_euler", make_system(V=MORRIS_LECAR),
                      {"V": -0.07}, ML_PARAMS, 2e-3, 200)["V"]
    assert mid == pytest.approx(v, abs=5e-5)


@pytest.mark.parametrize("a_dt", [-1e-9, -0.3, -5.0, -800.0, 0.2])
def test_one_exponential_per_step_and_its_accuracy(a_dt):
    # x_new = x + (A*dt*x + B*dt)*exprel(A*dt): one call per variable, the
    # frozen-coefficient solution to rounding; where exp(A*dt) underflows
    # it is -B/A to a rounding error of x (the relaxed value).
    update = integrate(make_system(x="a*x + b"), "exponential_euler")
    text = str(update)
    assert text.count("exprel(") == 1 and "exp(" not in text.replace(
        "exprel(", "")
    x0, b = 3.0, 2.0
    a = a_dt / 0.1
    final = final_state("exponential_euler", make_system(x="a*x + b"),
                        {"x": x0}, {"a": a, "b": b}, 0.1, 1)["x"]
    exact = (x0 + b / a) * np.exp(a_dt) - b / a
    assert abs(final - exact) <= 4e-16 * max(abs(x0), abs(exact), abs(b / a))
