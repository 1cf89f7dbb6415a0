"""Text for quantities: ``str`` (``-60. mV``), ``repr`` (``-60. * mvolt``)
and the short forms used in error messages.

Everything here works on plain values (in SI) plus a ``Dimension``, so it
does not depend on the ``Quantity`` class.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ranvier.units.dimensions import DIMENSIONLESS, Dimension
from ranvier.units.registry import best_display_unit, scale_values

__all__ = ["quantity_str", "quantity_repr", "short_str", "base_unit_repr",
           "values_str"]

#: Python names of the SI base units, in the order of the exponents.
_BASE_NAMES = ("metre", "kilogram", "second", "amp", "kelvin", "mole",
               "candela")


def values_str(values, precision=None, threshold=None) -> str:
    """Numbers as NumPy prints them (``-60.``, ``[1. 2. 3.]``)."""
    return np.array2string(np.asarray(values), precision=precision,
                           threshold=threshold)


def _literal(values, precision=None) -> str:
    """Numbers as a Python literal that evaluates back to them: scalars as
    ``-60.``, arrays as a (nested) list ``[1., 2.]``. Without a precision
    each number gets the fewest digits that identify it (after removing
    rounding noise, see :func:`_denoise`)."""
    arr = np.asarray(values)
    if precision is None:
        arr = _denoise(arr)
    floatmode = "unique" if precision is None else "maxprec"
    return np.array2string(arr, separator=", ", precision=precision,
                           floatmode=floatmode)


def _denoise(arr):
    """Round real floats to 15 significant digits where that moves them by
    at most a few ulps. Converting to a unit leaves noise such as
    ``3.0000000000000004`` (for 3 nS); the rounded number evaluates back
    to (almost exactly) the same value and reads as ``3.``."""
    if arr.dtype.kind != "f":
        return arr
    with np.errstate(all="ignore"):
        finite = np.isfinite(arr) & (arr != 0)
        mag = np.floor(np.log10(np.abs(np.where(finite, arr, 1.0))))
        scale = 10.0 ** (14 - mag)
        rounded = np.round(arr * scale) / scale
        close = np.abs(rounded - arr) <= 4 * np.spacing(np.abs(arr))
    return np.where(finite & close, rounded, arr)


def base_unit_repr(dim: Dimension) -> str:
    """``dim`` as a product of base units that evaluates in Python,
    e.g. ``metre ** 2 * kilogram * second ** -3``."""
    parts = []
    for name, exp in zip(_BASE_NAMES, dim.exponents):
        if exp == 0:
            continue
        if exp == 1:
            parts.append(name)
        else:
            parts.append(f"{name} ** {_exp_literal(exp)}")
    return " * ".join(parts) if parts else "1"


def _exp_literal(exp) -> str:
    if isinstance(exp, int):
        return str(exp)
    frac = Fraction(exp).limit_denominator(1000)
    if frac.denominator in (2, 4, 5, 8):
        return repr(float(frac))  # exact in binary: 0.5, 0.25 ...
    return f"({frac.numerator}/{frac.denominator})"


def quantity_str(values, dim: Dimension, precision=None, threshold=None) -> str:
    """``values`` (SI) with ``dim`` in a readable unit: ``-60. mV``,
    ``[1. 2. 3.] mV``, ``3. m^2 kg s^-3``; dimensionless values alone."""
    if dim is DIMENSIONLESS:
        if precision is None and threshold is None:
            return str(np.asarray(values))  # as NumPy prints it: 3.0
        return values_str(values, precision, threshold)
    unit = best_display_unit(dim, values)
    if unit is None:
        return f"{values_str(values, precision, threshold)} {dim.base_str()}"
    shown = scale_values(np.asarray(values), unit.exp10)
    return f"{values_str(shown, precision, threshold)} {unit.dispname}"


def quantity_repr(values, dim: Dimension, precision=None) -> str:
    """An expression that evaluates back to the quantity under
    ``from ranvier.units import *``: ``-60. * mvolt``, ``[1., 2.] * mvolt``.
    Dimensionless values come out as ``Quantity(...)``."""
    if dim is DIMENSIONLESS:
        return f"Quantity({_literal(values, precision)})"
    unit = best_display_unit(dim, values)
    if unit is None:
        return f"{_literal(values, precision)} * {base_unit_repr(dim)}"
    shown = scale_values(np.asarray(values), unit.exp10)
    return f"{_literal(shown, precision)} * {unit.name}"


def short_str(values, dim: Dimension) -> str:
    """A compact form for error messages: long arrays are elided."""
    return quantity_str(values, dim, threshold=6)
