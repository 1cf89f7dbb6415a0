"""Resolving the identifiers of model code to what they stand for.

Order of look-up, first hit wins: the model's own variables, the explicit
``namespace=`` dictionary, the calling code's local and global variables
(captured when the run starts, as Brian 2 does), then ranvier's units and
functions. When a name has different values in the namespace argument and
in the calling code, an :class:`AmbiguousNameWarning` names both; a user's
definition shadows a ranvier unit or function of the same name silently.
"""

from __future__ import annotations

import builtins
import inspect
import numbers
import warnings
from collections import ChainMap
from typing import Iterable, Mapping

import numpy as np

from ranvier.lang.eqparse import is_noise_name
from ranvier.lang.errors import ModelNameError
from ranvier.lang.functions import DEFAULT_FUNCTIONS, FunctionSpec
from ranvier.lang.symbols import Constant, Variable
from ranvier.lang.tree import Source
from ranvier.lang.user_functions import as_function, is_unit_checked_function
from ranvier.units import ALL_UNITS, Quantity, get_dimensions

__all__ = ["AmbiguousNameWarning", "resolve_identifiers", "to_symbol",
           "user_namespace", "user_stacklevel", "default_namespace"]


class AmbiguousNameWarning(UserWarning):
    """An identifier is defined with different values in two places."""


#: Mathematical constants every model may use.
DEFAULT_CONSTANTS = {"pi": np.pi, "e": np.e, "inf": np.inf}


def default_namespace() -> Mapping:
    """ranvier's own names: functions, then constants, then units."""
    return ChainMap(dict(DEFAULT_FUNCTIONS.items()), DEFAULT_CONSTANTS,
                    ALL_UNITS)


def user_namespace(extra_levels: int = 0) -> Mapping:
    """Locals and globals of the nearest frame outside the ranvier package.

    This is the user code that called into ranvier (``run()``, ``G.v =
    '...'``), however many ranvier frames lie in between;
    ``extra_levels`` climbs further (for wrappers written by users).
    """
    frame = inspect.currentframe()
    try:
        while frame is not None and \
                frame.f_globals.get("__name__", "").split(".")[0] == "ranvier":
            frame = frame.f_back
        for _ in range(extra_levels):
            if frame is None:
                break
            frame = frame.f_back
        if frame is None:
            return {}
        return ChainMap(dict(frame.f_locals), dict(frame.f_globals))
    finally:
        del frame


def user_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning raised by the calling
    function point at the nearest user code outside ranvier."""
    frame = inspect.currentframe().f_back
    level = 1
    try:
        while frame is not None and frame.f_globals.get(
                "__name__", "").split(".")[0] == "ranvier":
            frame = frame.f_back
            level += 1
        return level
    finally:
        del frame


def _stands_for(name: str, value) -> bool:
    """Whether ``value`` is the NumPy or Python function of that name."""
    for module in (np, np.random, builtins):
        if getattr(module, name, None) is value:
            return True
    return False


def to_symbol(name: str, value, source: Source | None = None):
    """Turn a namespace value into a :class:`Constant` or function spec.

    Raises
    ------
    ModelNameError
        When the value is neither a number, a scalar Quantity nor a
        function usable in model code.
    """
    if isinstance(value, FunctionSpec):
        return value
    spec = getattr(value, "function_spec", None)
    if isinstance(spec, FunctionSpec):
        return spec
    builtin = DEFAULT_FUNCTIONS.get(name)
    if builtin is not None and (value is builtin.implementation or
                                _stands_for(name, value)):
        # `from ranvier import *` (and pylab) bind NumPy's sin, exp, rand
        # ... in user code: in model code they mean ranvier's own functions.
        return builtin
    if is_unit_checked_function(value):
        return _checked_function_spec(name, value, source)
    if isinstance(value, (bool, np.bool_)):
        return Constant(name, bool(value))
    if isinstance(value, Quantity) or isinstance(value, np.ndarray):
        if np.ndim(value) != 0:
            raise ModelNameError(
                f"'{name}' refers to an array of shape {np.shape(value)}; "
                f"model code can only use scalar constants from the "
                f"namespace (use a parameter of the model for per-neuron "
                f"values)", source)
        dim = get_dimensions(value)
        number = np.asarray(value).item()
        return _number_symbol(name, number, dim, source)
    if isinstance(value, numbers.Number):
        return _number_symbol(name, value, get_dimensions(value), source)
    if callable(value):
        raise ModelNameError(
            f"'{name}' refers to a Python function without declared units; "
            f"decorate it with @check_units(..., result=...) or wrap it in "
            f"Function(...) to use it in model code", source)
    raise ModelNameError(
        f"'{name}' refers to a {type(value).__name__}; expected a number, "
        f"a Quantity or a Function", source)


def _checked_function_spec(name, value, source) -> FunctionSpec:
    """The spec of a ``check_units``-decorated function, made on first
    use."""
    try:
        return as_function(value).function_spec
    except (TypeError, ValueError) as exc:
        raise ModelNameError(f"'{name}' refers to a Python function that "
                             f"cannot be used in model code: {exc}",
                             source) from None


def _number_symbol(name, number, dim, source) -> Constant:
    if isinstance(number, (bool, np.bool_)):
        return Constant(name, bool(number), dim)
    if isinstance(number, numbers.Integral):
        return Constant(name, int(number), dim)
    if isinstance(number, numbers.Real):
        return Constant(name, float(number), dim)
    raise ModelNameError(f"'{name}' refers to a complex number; model code "
                         f"works with real numbers", source)


def _same_value(a, b) -> bool:
    if a is b:
        return True
    try:
        return bool(get_dimensions(a) is get_dimensions(b)
                    and np.all(np.asarray(a) == np.asarray(b)))
    except Exception:  # values that cannot even be compared differ
        return False


def resolve_identifiers(names: Iterable[str],
                        model: Mapping[str, Variable],
                        namespace: Mapping | None = None,
                        caller: Mapping | None = None,
                        source: Source | None = None) -> dict:
    """Resolve each name to a :class:`Variable`, :class:`Constant` or
    :class:`FunctionSpec`.

    Parameters
    ----------
    names : iterable of str
        Identifiers and function names used by the code.
    model : mapping
        The model's own variables, including ``t``, ``dt``, ``i``, ``N``.
    namespace : mapping, optional
        The explicit ``namespace=`` of the object.
    caller : mapping, optional
        The caller's locals and globals at run time.
    source : Source, optional
        Used to mark errors.

    Raises
    ------
    ModelNameError
        For a name found nowhere, or bound to an unusable value.
    """
    places = [("the namespace argument", namespace or {}),
              ("the calling code", caller or {}),
              ("ranvier's units and functions", default_namespace())]
    resolved = {}
    for name in sorted(set(names)):
        if name in model:
            if namespace and name in namespace:
                warnings.warn(f"'{name}' is a variable of the model and "
                              f"also defined in the namespace argument; the "
                              f"model variable is used",
                              AmbiguousNameWarning, stacklevel=3)
            resolved[name] = model[name]
            continue
        hits = [(where, place[name]) for where, place in places
                if name in place]
        if not hits and is_noise_name(name):
            error = ModelNameError(f"'{name}' is white noise, which only has "
                                   f"a meaning in differential equations; a "
                                   f"value using it (such as a subexpression "
                                   f"carrying it) cannot be evaluated, read "
                                   f"or recorded", source)
            error.identifier = name
            raise error
        if not hits:
            error = ModelNameError(f"unknown identifier '{name}': it is not "
                                   f"a model variable, nor defined in the "
                                   f"namespace, the calling code, or among "
                                   f"ranvier's units and functions", source)
            error.identifier = name  # lets callers mark it in their code
            raise error
        where, value = hits[0]
        # A user's own definition silently shadows ranvier's: nobody who
        # writes EK = -90*mV means exa-kelvin.
        user_hits = [h for h in hits if h[0] != places[-1][0]]
        for other_where, other in user_hits[1:]:
            if not _same_value(value, other):
                warnings.warn(f"'{name}' is defined in {where} and in "
                              f"{other_where} with different values; the "
                              f"one in {where} is used",
                              AmbiguousNameWarning, stacklevel=3)
                break
        resolved[name] = to_symbol(name, value, source)
    return resolved
