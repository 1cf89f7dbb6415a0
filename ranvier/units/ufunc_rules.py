"""Unit rules for NumPy ufuncs.

A rule takes the ufunc, its inputs as plain values and their dimensions,
and returns the dimension of the result (a tuple of them for ufuncs with
several outputs, or :data:`BOOL` for a truth value), raising
:class:`DimensionMismatchError` when the units do not fit. The rules see
plain values so that a literal ``0`` can stand for a zero of any unit.
"""

from __future__ import annotations

import numpy as np

from ranvier.units.dimensions import (DIMENSIONLESS, DimensionMismatchError,
                                      readable_dimension)
from ranvier.units.formatting import short_str

__all__ = ["BOOL", "call_rule", "reduce_rule", "common_dim", "is_unit_free"]


class _BoolResult:
    """Marker for results that are truth values (never carry a unit)."""

    def __repr__(self):
        return "BOOL"


BOOL = _BoolResult()

_SYMBOLS = {
    np.add: "+", np.subtract: "-", np.less: "<", np.less_equal: "<=",
    np.greater: ">", np.greater_equal: ">=", np.equal: "==",
    np.not_equal: "!=", np.remainder: "%", np.floor_divide: "//",
}


def is_unit_free(value) -> bool:
    """True for plain values that mean the same in every unit: zeros and
    infinities. They may be combined with a quantity of any unit, so that
    ``v > 0`` and ``np.clip(v, 0, np.inf)`` work."""
    if value is None or isinstance(value, (str, bytes)):
        return False
    arr = np.asarray(value)
    if arr.dtype.kind not in "iufc":
        return False
    return bool(np.all((arr == 0) | np.isinf(arr)))


def _operation_text(ufunc, args, dims) -> str:
    shown = [short_str(a, d) for a, d in zip(args, dims)]
    symbol = _SYMBOLS.get(ufunc)
    if symbol is not None and len(shown) == 2:
        return f"{shown[0]} {symbol} {shown[1]}"
    return f"{ufunc.__name__}({', '.join(shown)})"


def common_dim(args, dims, describe):
    """The one dimension shared by ``args``; plain zeros and infinities
    take the unit of the others. ``describe()`` gives the message start."""
    first = dims[0]
    if all(d is first for d in dims):
        return first
    found = None
    for value, dim in zip(args, dims):
        if dim is DIMENSIONLESS and is_unit_free(value):
            continue
        if found is None:
            found = dim
        elif dim is not found:
            raise DimensionMismatchError(describe(), *dims)
    return DIMENSIONLESS if found is None else found


def _same(ufunc, args, dims):
    return common_dim(args, dims, lambda: "Cannot compute "
                      f"{_operation_text(ufunc, args, dims)}: incompatible units")


def _compare(ufunc, args, dims):
    _same(ufunc, args, dims)
    return BOOL


def _same_to_dimensionless(ufunc, args, dims):
    _same(ufunc, args, dims)
    return DIMENSIONLESS


def _divmod(ufunc, args, dims):
    return DIMENSIONLESS, _same(ufunc, args, dims)


def _multiply(ufunc, args, dims):
    return dims[0] * dims[1]


def _divide(ufunc, args, dims):
    return dims[0] / dims[1]


def _keep(ufunc, args, dims):
    return dims[0]


def _keep_both(ufunc, args, dims):
    return dims[0], dims[0]


def _truth(ufunc, args, dims):
    return BOOL


def _unitless_result(ufunc, args, dims):
    return DIMENSIONLESS


def _dimensionless(ufunc, args, dims):
    if any(d is not DIMENSIONLESS for d in dims):
        what = "a dimensionless argument" if len(dims) == 1 else \
            "dimensionless arguments"
        got = ", ".join(short_str(a, d) for a, d in zip(args, dims))
        raise DimensionMismatchError(f"{ufunc.__name__}() needs {what}, "
                                     f"got {got}", *dims)
    return DIMENSIONLESS


def _power_of(power):
    def rule(ufunc, args, dims):
        return dims[0] ** power
    return rule


def _power(ufunc, args, dims):
    base_dim, exp_dim = dims
    if exp_dim is not DIMENSIONLESS:
        raise DimensionMismatchError(
            f"Cannot compute {short_str(args[0], base_dim)} ** "
            f"{short_str(args[1], exp_dim)}: the exponent must be "
            "dimensionless", exp_dim)
    if base_dim is DIMENSIONLESS:
        return DIMENSIONLESS
    exponent = np.asarray(args[1])
    if exponent.size != 1:
        raise DimensionMismatchError(
            f"Cannot raise {short_str(args[0], base_dim)} to an array of "
            "exponents: the result would have a different unit in each "
            "element (only a dimensionless base may have one)", base_dim)
    return base_dim ** float(exponent.real.item())


def _second_dimensionless(ufunc, args, dims):
    if dims[1] is not DIMENSIONLESS:
        raise DimensionMismatchError(
            f"{ufunc.__name__}() needs a dimensionless second argument, got "
            f"{short_str(args[1], dims[1])}", dims[1])
    return dims[0]


def _heaviside(ufunc, args, dims):
    _second_dimensionless(ufunc, args, dims)
    return DIMENSIONLESS


_RULES = {}


def _register(rule, *names):
    for name in names:
        ufunc = getattr(np, name, None)
        if isinstance(ufunc, np.ufunc):
            _RULES[ufunc] = rule


_register(_same, "add", "subtract", "maximum", "minimum", "fmax", "fmin",
          "remainder", "fmod", "hypot", "nextafter", "clip")
_register(_compare, "less", "less_equal", "greater", "greater_equal",
          "equal", "not_equal")
_register(_same_to_dimensionless, "floor_divide", "arctan2")
_register(_divmod, "divmod")
_register(_multiply, "multiply", "matmul", "vecdot", "matvec", "vecmat")
_register(_divide, "divide", "true_divide")
_register(_keep, "negative", "positive", "absolute", "fabs", "conjugate",
          "rint", "floor", "ceil", "trunc", "spacing", "copysign")
_register(_keep_both, "modf")
_register(_truth, "isnan", "isinf", "isfinite", "signbit", "logical_not",
          "logical_and", "logical_or", "logical_xor")
_register(_unitless_result, "sign")
_register(_dimensionless, "exp", "exp2", "expm1", "log", "log2", "log10",
          "log1p", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh",
          "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "deg2rad",
          "rad2deg", "degrees", "radians", "logaddexp", "logaddexp2")
_register(_power_of(2), "square")
_register(_power_of(-1), "reciprocal")
_register(_power_of(0.5), "sqrt")
_register(_power_of(1 / 3), "cbrt")
_register(_power, "power", "float_power")
_register(_second_dimensionless, "ldexp")
_register(_heaviside, "heaviside")


def _no_rule(ufunc, args, dims):
    if all(d is DIMENSIONLESS for d in dims):
        return DIMENSIONLESS
    units = ", ".join(readable_dimension(d) for d in dims)
    raise TypeError(f"np.{ufunc.__name__} has no unit rule in ranvier and "
                    f"cannot be applied to values with units ({units}); "
                    "convert to plain numbers first, e.g. x / mV")


def call_rule(ufunc, args, dims):
    """Result dimension(s) of ``ufunc(*args)``; see the module docstring."""
    return _RULES.get(ufunc, _no_rule)(ufunc, args, dims)


_KEEPING_REDUCTIONS = {np.add, np.subtract, np.maximum, np.minimum, np.fmax,
                       np.fmin}
_TRUTH_REDUCTIONS = {np.logical_and, np.logical_or, np.logical_xor}


def reduce_rule(ufunc, method, value, dim):
    """Result dimension of ``ufunc.reduce`` / ``accumulate`` / ``reduceat``
    over ``value`` (plain) whose elements have dimension ``dim``."""
    if ufunc in _KEEPING_REDUCTIONS:
        return dim
    if ufunc in _TRUTH_REDUCTIONS:
        return BOOL
    if dim is DIMENSIONLESS:
        return call_rule(ufunc, (value, value), (dim, dim))
    if ufunc is np.multiply:
        raise DimensionMismatchError(
            f"Cannot multiply the elements of {short_str(value, dim)} "
            f"together ({ufunc.__name__}.{method}): the unit of the result "
            "would depend on the number of elements; only dimensionless "
            "values can be multiplied this way", dim)
    result = call_rule(ufunc, (value, value), (dim, dim))
    if result is not dim and result is not BOOL:
        raise DimensionMismatchError(
            f"Cannot apply {ufunc.__name__}.{method} to "
            f"{short_str(value, dim)}: the unit would change with every "
            "element combined", dim)
    return result
