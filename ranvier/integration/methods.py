"""Choosing and running a state updater.

:func:`integrate` is the entry point. Without a method it does what Brian
users expect: ``exact`` for linear deterministic equations with constant
coefficients, else ``euler`` for deterministic equations or additive
noise, else ``heun`` for multiplicative noise; it logs which method it
chose and why on the ``ranvier.integration`` logger.
"""

from __future__ import annotations

import logging
from typing import Callable, Sequence, Union

from ranvier.integration.explicit import euler, heun, milstein, rk2, rk4
from ranvier.integration.linear import exact, exponential_euler
from ranvier.integration.system import (ODESystem, StateUpdate,
                                        UnsupportedEquationsError)

__all__ = ["METHODS", "DEFAULT_CHAIN", "integrate", "choose_method",
           "register_method"]

logger = logging.getLogger("ranvier.integration")

Updater = Callable[[ODESystem], StateUpdate]
MethodArg = Union[None, str, Updater, Sequence[Union[str, Updater]]]

#: The state updaters by name.
METHODS: dict[str, Updater] = {
    "exact": exact,
    "euler": euler,
    "rk2": rk2,
    "rk4": rk4,
    "heun": heun,
    "milstein": milstein,
    "exponential_euler": exponential_euler,
}

_BUILT_IN = frozenset(METHODS)

#: Other names Brian 2 accepts for the same methods.
ALIASES = {"linear": "exact", "independent": "exact"}

#: Brian 2 methods ranvier does not provide.
UNSUPPORTED = {"gsl": "the GSL integrators", "gsl_rk2": "the GSL integrators",
               "gsl_rk4": "the GSL integrators",
               "gsl_rkf45": "the GSL integrators",
               "gsl_rkck": "the GSL integrators",
               "gsl_rk8pd": "the GSL integrators"}

#: Methods tried in order when none is given.
DEFAULT_CHAIN = ("exact", "euler", "heun")


def register_method(name: str, updater: Updater) -> None:
    """Make ``updater`` available as ``method=name``.

    Raises
    ------
    ValueError
        When ``name`` is not an identifier or names a built-in method.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"a method name must be an identifier, got "
                         f"{name!r}")
    if name in _BUILT_IN or name in ALIASES or name in UNSUPPORTED:
        raise ValueError(f"'{name}' is a built-in method name; choose "
                         f"another")
    if not callable(updater):
        raise TypeError(f"the method registered as '{name}' must be "
                        f"callable")
    METHODS[name] = updater


def integrate(system: ODESystem, method: MethodArg = None) -> StateUpdate:
    """Turn differential equations into update statements.

    Parameters
    ----------
    system : ODESystem
        The equations.
    method : None, str, callable or sequence of them
        ``None`` chooses as :func:`choose_method` does. A name is looked up
        in :data:`METHODS`. A callable takes the system and returns a
        :class:`StateUpdate`. A sequence is tried in order and the first
        method that applies is used.

    Returns
    -------
    StateUpdate

    Raises
    ------
    UnsupportedEquationsError
        When the method (or every method of the sequence) cannot
        integrate the equations; the message says why.
    ValueError
        For an unknown method name.
    """
    if method is None:
        return _first_applicable(system, DEFAULT_CHAIN, log=True)
    if isinstance(method, (str,)) or callable(method):
        return _run(system, method)
    return _first_applicable(system, tuple(method), log=False)


def choose_method(system: ODESystem) -> str:
    """The name of the method :func:`integrate` uses when given none.

    Tries ``exact``, then ``euler``, then ``heun``, logs the choice and
    the reasons the earlier methods did not apply.
    """
    return _first_applicable(system, DEFAULT_CHAIN, log=True).method


def _resolve(method) -> tuple[str, Updater]:
    if callable(method):
        return getattr(method, "__name__", repr(method)), method
    if method in UNSUPPORTED:
        raise NotImplementedError(f"method '{method}': {UNSUPPORTED[method]} "
                                  f"are not available in ranvier; use one "
                                  f"of {', '.join(sorted(METHODS))}")
    method = ALIASES.get(method, method)
    updater = METHODS.get(method)
    if updater is None:
        raise ValueError(f"unknown integration method '{method}'; expected "
                         f"one of {', '.join(sorted(METHODS))} or a "
                         f"callable")
    return method, updater


def _run(system, method) -> StateUpdate:
    _, updater = _resolve(method)
    update = updater(system)
    if not isinstance(update, StateUpdate):
        raise TypeError(f"integration method {method!r} returned "
                        f"{type(update).__name__}, not a StateUpdate")
    return update


def _first_applicable(system, methods, log: bool) -> StateUpdate:
    reasons = []
    for method in methods:
        name, _ = _resolve(method)
        try:
            update = _run(system, method)
        except UnsupportedEquationsError as exc:
            reasons.append(f"'{name}' does not apply: {exc.message}")
            continue
        if log:
            _log_choice(system, name, reasons)
        return update
    raise UnsupportedEquationsError(
        "no integration method applies to the equations for "
        f"{', '.join(system.variables)}:\n  " + "\n  ".join(reasons))


def _log_choice(system, name, reasons):
    variables = ", ".join(system.variables) or "(no equations)"
    why = "; ".join(reasons) if reasons else \
        "the equations are linear with constant coefficients"
    logger.info("integration method '%s' chosen for %s (%s)", name,
                variables, why)
