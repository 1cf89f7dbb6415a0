"""Helpers for the integration tests: build systems from strings and run
update statements with the reference evaluator.

Imported by name (``from integration_helpers import ...``): pytest puts
this folder on ``sys.path`` because it has no ``__init__.py``.
"""

import numpy as np

from ranvier.integration import ODESystem, integrate
from ranvier.lang.evaluate import execute
from ranvier.lang.functions import DEFAULT_FUNCTIONS
from ranvier.lang.parse import parse_expression


def make_system(**equations) -> ODESystem:
    """``make_system(v='-v/tau')`` is ``dv/dt = -v/tau``."""
    return ODESystem(tuple((name, parse_expression(text))
                           for name, text in equations.items()))


def simulate(update, state, params, dt, steps, rng=None,
             functions=DEFAULT_FUNCTIONS):
    """Run ``steps`` steps of ``update``; returns the final values.

    ``state`` values become float arrays; every array has one element per
    simulated neuron, so random draws have that size.
    """
    values = dict(params)
    values.update({k: np.array(v, dtype=float) for k, v in state.items()})
    size = np.broadcast(*(values[k] for k in state)).shape or None
    values["dt"] = dt
    for step in range(steps):
        values["t"] = step * dt
        execute(update.statements, values, functions, rng, size)
    return values


def final_state(method, system, state, params, duration, steps, **kw):
    """The state after ``duration`` in ``steps`` steps of ``method``."""
    update = integrate(system, method)
    values = simulate(update, state, params, duration / steps, steps, **kw)
    return {k: values[k] for k in state}


def measured_order(errors, steps):
    """Slope of log(error) against log(dt)."""
    dts = 1.0 / np.asarray(steps, dtype=float)
    return np.polyfit(np.log(dts), np.log(np.asarray(errors)), 1)[0]
