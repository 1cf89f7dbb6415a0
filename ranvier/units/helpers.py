"""Functions to ask about and check the units of values.

``get_dimensions``, ``have_same_dimensions``, ``is_dimensionless``,
``get_unit``, ``fail_for_dimension_mismatch`` and the ``check_units``
decorator.
"""

from __future__ import annotations

import functools
import inspect
import numbers

import numpy as np

from ranvier.units.dimensions import (DIMENSIONLESS, Dimension,
                                      DimensionMismatchError,
                                      readable_dimension)
from ranvier.units.formatting import short_str
from ranvier.units.quantity import Quantity, dims_in, plain
from ranvier.units.unit import Unit, coherent_unit
from ranvier.units.unitdefs import COHERENT_UNITS

__all__ = ["get_dimensions", "have_same_dimensions", "is_dimensionless",
           "get_unit", "fail_for_dimension_mismatch", "check_units"]


def get_dimensions(obj) -> Dimension:
    """The physical dimension of ``obj``.

    Parameters
    ----------
    obj : Quantity, Dimension, number, array or sequence
        Plain numbers and arrays are dimensionless, and so are ranges and
        lists or tuples of numbers (as in Brian 2); a list of quantities
        has their one dimension; any object with a ``dim`` attribute
        holding a :class:`Dimension` (a state variable view, say) has that
        dimension.

    Raises
    ------
    TypeError
        For objects that are not numbers (strings, ``None``, dicts, sets,
        lists of strings ...).
    DimensionMismatchError
        For a list of quantities with different dimensions.

    Examples
    --------
    >>> from ranvier.units import mV
    >>> get_dimensions(range(5))
    DIMENSIONLESS
    >>> print(get_dimensions([1 * mV, 2 * mV]))
    volt
    """
    if isinstance(obj, Dimension):
        return obj
    dim = getattr(obj, "dim", None)
    if isinstance(dim, Dimension):
        return dim
    if isinstance(obj, (list, tuple)):
        return Quantity(obj).dim if dims_in(obj) else _numeric_dimensionless(obj)
    return _numeric_dimensionless(obj)


def _numeric_dimensionless(obj) -> Dimension:
    if isinstance(obj, (numbers.Number, np.generic)) and not isinstance(obj, str):
        return DIMENSIONLESS
    if isinstance(obj, range):
        return DIMENSIONLESS
    if isinstance(obj, (np.ndarray, list, tuple)):
        try:
            kind = np.asarray(obj).dtype.kind
        except ValueError:  # ragged nesting: not an array of numbers
            kind = "O"
        if kind in "biufc":
            return DIMENSIONLESS
    raise TypeError(f"{obj!r} has no physical dimensions: expected a number, "
                    "an array or a sequence of numbers, or a quantity")


def have_same_dimensions(obj1, obj2) -> bool:
    """True if ``obj1`` and ``obj2`` have the same dimension (plain numbers
    count as dimensionless)."""
    return get_dimensions(obj1) is get_dimensions(obj2)


def is_dimensionless(obj) -> bool:
    """True if ``obj`` has no physical dimension."""
    return get_dimensions(obj) is DIMENSIONLESS


def get_unit(obj) -> Unit:
    """The unit of size 1 in the dimension of ``obj``.

    Examples
    --------
    >>> from ranvier.units import mV, mM, nS, cm
    >>> get_unit(3 * mV)
    volt
    >>> get_unit(mM)
    mmolar
    >>> get_unit(nS / cm**2)
    metre ** -4 * kilogram ** -1 * second ** 3 * amp ** 2
    """
    return coherent_unit(get_dimensions(obj), COHERENT_UNITS)


def _shown(value) -> str:
    if isinstance(value, Dimension):
        return readable_dimension(value)
    try:
        return short_str(np.asarray(plain(value)), get_dimensions(value))
    except TypeError:
        return repr(value)


def fail_for_dimension_mismatch(obj1, obj2=None, error_message=None, **names):
    """Raise unless ``obj1`` and ``obj2`` have the same dimension (or, with
    no ``obj2``, unless ``obj1`` is dimensionless).

    Parameters
    ----------
    obj1, obj2 : Quantity, number or Dimension
    error_message : str, optional
        The message; ``{name}`` fields are filled from ``names``, each
        value shown with its unit (``'-60. mV'``).
    **names
        Values for the fields of ``error_message``.

    Returns
    -------
    (Dimension, Dimension)
        The two dimensions (the second dimensionless without ``obj2``).

    Raises
    ------
    DimensionMismatchError
    """
    dim1 = get_dimensions(obj1)
    dim2 = DIMENSIONLESS if obj2 is None else get_dimensions(obj2)
    if dim1 is dim2:
        return dim1, dim2
    if error_message is None:
        if obj2 is None:
            message = f"Expected a dimensionless value, got {_shown(obj1)}"
        else:
            message = f"Units do not match: {_shown(obj1)} and {_shown(obj2)}"
    else:
        message = error_message.format(**{k: _shown(v) for k, v in names.items()})
    if obj2 is None:
        raise DimensionMismatchError(message, dim1)
    raise DimensionMismatchError(message, dim1, dim2)


# -- check_units -----------------------------------------------------------

_NOT_GIVEN = object()


def unit_spec(spec, what: str, who: str = "check_units"):
    """Turn a declared unit into None (any units), ``bool`` or a Dimension.

    ``what`` and ``who`` name the declaration in the error message.
    """
    if spec is None or spec is bool:
        return spec
    if isinstance(spec, Dimension):
        return spec
    if isinstance(spec, Quantity):
        return spec.dim
    if isinstance(spec, numbers.Number) and not isinstance(spec, bool) \
            and spec == 1:
        return DIMENSIONLESS
    raise TypeError(f"{who}: the unit for {what} must be a unit such as "
                    f"mV, 1 (dimensionless), bool or None, not {spec!r}")


def _expected(spec) -> str:
    if spec is bool:
        return "a boolean"
    return f"units of {readable_dimension(spec)}" if spec is not DIMENSIONLESS \
        else "no units (dimensionless)"


def _check_value(value, spec, describe) -> None:
    if spec is None or value is None:
        return
    if spec is bool:
        if isinstance(value, (bool, np.bool_)) or (
                isinstance(value, np.ndarray) and value.dtype == bool):
            return
        raise TypeError(f"{describe()} must be a boolean, got {value!r}")
    try:
        dim = get_dimensions(value)
    except TypeError:
        raise TypeError(f"{describe()} must have {_expected(spec)}, got "
                        f"{value!r}") from None
    if dim is not spec:
        raise DimensionMismatchError(
            f"{describe()} must have {_expected(spec)}, got {_shown(value)}",
            dim, spec)


def check_units(**units):
    """Decorator that checks the units of a function's arguments and result.

    Parameters
    ----------
    **units
        For each argument name, its unit (``v=mV``; the size does not
        matter, only the dimension), ``1`` for dimensionless, ``bool`` for
        a truth value, or ``None`` for no check. ``result=`` checks the
        return value the same way. Arguments passed as ``None`` are not
        checked.

    Raises
    ------
    TypeError
        At decoration, for names the function does not have or specs that
        are not units; at a call, for a non-boolean where ``bool`` is asked.
    DimensionMismatchError
        At a call, naming the argument and showing what it got.

    Examples
    --------
    >>> from ranvier.units import mV, nA, Mohm
    >>> @check_units(v=mV, r=Mohm, result=nA)
    ... def current(v, r):
    ...     return v / r
    >>> print(current(10 * mV, 100 * Mohm))
    100. pA
    """
    result_spec = units.pop("result", _NOT_GIVEN)

    def decorate(func):
        name = getattr(func, "__name__", repr(func))
        sig = inspect.signature(func)
        params = sig.parameters
        takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in params.values())
        unknown = [n for n in units if n not in params and not takes_kwargs]
        if unknown:
            raise TypeError(f"check_units: {name}() has no argument(s) "
                            f"{', '.join(map(repr, unknown))}")
        specs = {arg: unit_spec(spec, f"argument {arg!r} of {name}()")
                 for arg, spec in units.items()}
        result = None if result_spec is _NOT_GIVEN else \
            unit_spec(result_spec, f"the result of {name}()")

        def check_argument(arg, value):
            spec = specs.get(arg)
            if spec is not None:
                _check_value(value, spec, lambda: f"Argument {arg!r} of {name}()")

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            bound = sig.bind(*args, **kwargs)
            for arg, value in bound.arguments.items():
                kind = params[arg].kind
                if kind is inspect.Parameter.VAR_POSITIONAL:
                    for item in value:
                        check_argument(arg, item)
                elif kind is inspect.Parameter.VAR_KEYWORD:
                    for key, item in value.items():
                        check_argument(key, item)
                else:
                    check_argument(arg, value)
            out = func(*args, **kwargs)
            _check_value(out, result, lambda: f"The result of {name}()")
            return out

        wrapper._arg_names = list(params)
        wrapper._arg_units = [units.get(arg) for arg in params]
        wrapper._return_unit = None if result_spec is _NOT_GIVEN else result_spec
        wrapper._orig_func = func
        return wrapper

    return decorate
