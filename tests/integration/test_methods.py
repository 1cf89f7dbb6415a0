"""Method choice, error messages, the shape of the statements, and the
text form of a state update."""

import logging

import numpy as np
import pytest

from integration_helpers import make_system, simulate
from ranvier.integration import (DEFAULT_CHAIN, METHODS, ODESystem,
                                 StateUpdate, UnsupportedEquationsError,
                                 choose_method, hold_when_refractory,
                                 integrate)
from ranvier.lang.errors import ModelError
from ranvier.lang.parse import parse_expression
from ranvier.lang.tree import (BinOp, Call, Const, Name, Source, Statement,
                               names_in, walk)

OU = make_system(v="-v/tau + sigma*sqrt(2/tau)*xi")
GBM = make_system(x="mu*x + s*x*xi")
LIF = make_system(v="(E_L - v)/tau")
QUADRATIC = make_system(x="-x**2")


# -- choosing ----------------------------------------------------------------

@pytest.mark.parametrize("system, expected", [
    (LIF, "exact"),
    (make_system(x="y", y="-w**2*x"), "exact"),
    (QUADRATIC, "euler"),
    (make_system(v="(I*sin(2*pi*f*t) - v)/tau"), "euler"),
    (OU, "euler"),
    (GBM, "heun"),
])
def test_choose_method_like_brian(system, expected, caplog):
    with caplog.at_level(logging.INFO, logger="ranvier.integration"):
        assert choose_method(system) == expected
    assert f"'{expected}' chosen" in caplog.text
    assert integrate(system).method == expected


def test_choice_log_says_why(caplog):
    with caplog.at_level(logging.INFO, logger="ranvier.integration"):
        integrate(GBM)
    record, = [r for r in caplog.records if r.name == "ranvier.integration"]
    assert "'exact' does not apply" in record.message
    assert "stochastic" in record.message
    assert "multiplicative" in record.message
    with caplog.at_level(logging.INFO, logger="ranvier.integration"):
        integrate(QUADRATIC)
    assert "not linear" in caplog.records[-1].message


def test_default_chain_and_registry():
    assert DEFAULT_CHAIN == ("exact", "euler", "heun")
    assert {"exact", "euler", "rk2", "rk4", "heun", "milstein",
            "exponential_euler"} <= set(METHODS)


def test_a_sequence_of_methods_uses_the_first_that_applies():
    assert integrate(QUADRATIC, ["exact", "rk4"]).method == "rk4"
    with pytest.raises(UnsupportedEquationsError,
                       match="no integration method applies") as info:
        integrate(GBM, ["exact", "euler"])
    assert "'euler' does not apply" in str(info.value)


def test_a_callable_method():
    def frozen(system):
        return StateUpdate("frozen", ())
    assert integrate(LIF, frozen).method == "frozen"
    with pytest.raises(TypeError, match="not a StateUpdate"):
        integrate(LIF, lambda system: "nonsense")


def test_unknown_method_name():
    with pytest.raises(ValueError, match="unknown integration method "
                                         "'rk5'.*rk4"):
        integrate(LIF, "rk5")


# -- error paths ---------------------------------------------------------------

@pytest.mark.parametrize("system, method, phrases", [
    (QUADRATIC, "exact", ["'exact'", "not linear", "'x'"]),
    (make_system(v="-v/tau + sin(t)"), "exact", ["time 't'"]),
    (make_system(v="-v/tau + rand()"), "exact", ["rand", "every step"]),
    (OU, "exact", ["stochastic", "xi", "heun"]),
    (GBM, "euler", ["'euler'", "multiplicative", "xi", "'heun'",
                    "'milstein'"]),
    (OU, "rk2", ["'rk2'", "deterministic"]),
    (OU, "rk4", ["'rk4'", "deterministic"]),
    (OU, "exponential_euler", ["'exponential_euler'", "deterministic"]),
    (QUADRATIC, "exponential_euler", ["not conditionally linear",
                                      "dx/dt = A*x + B"]),
    (make_system(v="-v/tau + exp(xi)"), "heun", ["linearly"]),
    (make_system(v="xi*xi_2"), "euler", ["linearly"]),
])
def test_error_messages(system, method, phrases):
    with pytest.raises(UnsupportedEquationsError) as info:
        integrate(system, method)
    message = str(info.value)
    for phrase in phrases:
        assert phrase in message
    assert isinstance(info.value, ModelError)


def test_errors_point_at_the_equation_when_its_source_is_known():
    text = "dx/dt = -x**2 : 1"
    source = Source(text, owner="NeuronGroup 'cells'")
    system = ODESystem((("x", parse_expression("-x**2")),),
                       sources=(source,))
    with pytest.raises(UnsupportedEquationsError) as info:
        integrate(system, "exact")
    assert "NeuronGroup 'cells'" in str(info.value)
    assert text in str(info.value)


def test_milstein_refuses_non_commutative_noise():
    system = make_system(x="x*xi_1 + xi_2", y="x*xi_2")
    with pytest.raises(UnsupportedEquationsError, match="commutative"):
        integrate(system, "milstein")


def test_milstein_accepts_one_noise_per_equation():
    system = make_system(x="-x + x*xi_1", y="-y + y*xi_2")
    update = integrate(system, "milstein")
    assert {"_xi_1", "_xi_2"} <= set(update.temporaries)


# -- the system ----------------------------------------------------------------

@pytest.mark.parametrize("variable, match", [
    ("_v", "reserved"), ("t", "cannot be a state variable"),
    ("xi_1", "cannot be a state variable"), ("2v", "not a name"),
])
def test_system_validates_variables(variable, match):
    with pytest.raises(ValueError, match=match):
        ODESystem(((variable, Const(0)),))


def test_system_refuses_duplicates_and_non_trees():
    with pytest.raises(ValueError, match="two equations"):
        ODESystem((("v", Const(0)), ("v", Const(1))))
    with pytest.raises(TypeError, match="Expr"):
        ODESystem((("v", "-v/tau"),))


def test_system_properties():
    system = make_system(v="-v/tau + xi_b*s + xi", w="xi_a")
    assert system.variables == ("v", "w")
    assert system.noise_symbols == ("xi", "xi_a", "xi_b")
    assert system.is_stochastic and not LIF.is_stochastic
    assert system.rhs("w") == Name("xi_a")


def test_hold_when_refractory_builds_the_documented_tree():
    rhs = parse_expression("-v/tau")
    assert hold_when_refractory(rhs) == BinOp(
        "*", Call("int", (Name("not_refractory"),)), rhs)


# -- shape of the statements -------------------------------------------------

SYSTEMS = {
    "exact": make_system(v="(E_L - v + g)/tau", g="-g/tau_g"),
    "euler": make_system(v="-v/tau + xi", w="v - w"),
    "rk2": make_system(v="w", w="-v"),
    "rk4": make_system(v="w", w="-v*t"),
    "heun": make_system(v="w*xi_1", w="-v + xi_1"),
    "milstein": make_system(v="-v + v*xi", w="-w + w*xi"),
    "exponential_euler": make_system(m="a*(1 - m) - b*m*v", v="m - v"),
}


@pytest.mark.parametrize("method", sorted(SYSTEMS))
def test_state_is_assigned_last_and_temporaries_once(method):
    system = SYSTEMS[method]
    update = integrate(system, method)
    targets = [s.target for s in update.statements]
    n = len(system.variables)
    assert sorted(targets[-n:]) == sorted(system.variables)
    assert all(t.startswith("_") for t in targets[:-n])
    assert len(set(targets)) == len(targets)
    assert all(s.op == "=" for s in update.statements)
    # Nothing reads a temporary before it is assigned.
    assigned = set()
    for statement in update.statements:
        read = {n for n in names_in(statement.expr) if n.startswith("_")}
        assert read <= assigned
        assigned.add(statement.target)


@pytest.mark.parametrize("method", ["euler", "heun", "milstein"])
def test_noise_is_one_randn_per_symbol_scaled_by_sqrt_dt(method):
    update = integrate(SYSTEMS[method], method)
    draws = [s for s in update.statements
             if s.expr == Call("randn", ())]
    assert draws and all(s.target.startswith("_xi") for s in draws)
    others = [s for s in update.statements if s not in draws]
    assert not any(isinstance(node, Call) and node.func == "randn"
                   for s in others for node in walk(s.expr))
    assert any(Call("sqrt", (Name("dt"),)) in list(walk(s.expr))
               for s in others)


def test_temporary_names_never_clash():
    # A state variable whose name looks like a temporary's suffix.
    system = make_system(k1_v="-k1_v", v="-v + k1_v")
    update = integrate(system, "rk4")
    targets = [s.target for s in update.statements]
    assert len(set(targets)) == len(targets)
    values = simulate(update, {"k1_v": 1.0, "v": 0.0}, {}, 0.01, 100)
    # v = t exp(-t) for v(0) = 0, k1_v(0) = 1.
    assert values["v"] == pytest.approx(np.exp(-1.0), rel=1e-8)


# -- text form ---------------------------------------------------------------

def test_text_form_of_euler():
    update = integrate(make_system(v="(E_L - v)/tau + sigma*xi"), "euler")
    assert str(update) == (
        "# method: euler\n"
        "_xi_v = randn()\n"
        "_v_new = v + dt*((E_L - v)/tau) + sqrt(dt)*(sigma*_xi_v)\n"
        "v = _v_new")


def test_text_form_of_rk2():
    assert str(integrate(make_system(x="-x*t"), "rk2")) == (
        "# method: rk2\n"
        "_k1_x = dt*(-x*t)\n"
        "_k2_x = dt*(-(x + _k1_x/2)*(t + dt/2))\n"
        "_x_new = x + _k2_x\n"
        "x = _x_new")


def test_text_form_of_exact():
    assert str(integrate(LIF, "exact")) == (
        "# method: exact\n"
        "_v_new = v + (-dt/tau*v + E_L*dt/tau)*exprel(-dt/tau)\n"
        "v = _v_new")


def test_state_update_of_no_equations():
    update = integrate(ODESystem(()))
    assert update.statements == () and str(update) == "# method: exact"


def test_statements_are_plain_trees():
    update = integrate(SYSTEMS["rk4"], "rk4")
    assert all(isinstance(s, Statement) for s in update.statements)
    assert update.updated_variables == ("v", "w")
    assert update.temporaries[0] == "_k1_v"


def test_brian_aliases_and_unsupported_methods():
    from ranvier.integration import ODESystem, integrate
    from ranvier.lang.tree import BinOp, Name, Unary
    system = ODESystem((("v", BinOp("/", Unary("-", Name("v")),
                                      Name("tau"))),))
    assert integrate(system, "linear") == integrate(system, "exact")
    with pytest.raises(NotImplementedError, match="GSL"):
        integrate(system, "gsl_rk4")
