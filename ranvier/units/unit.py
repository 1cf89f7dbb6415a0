"""``Unit``: a named, read-only scalar quantity such as ``mV``.

Units multiply, divide and take powers among themselves into new units
(``siemens / cm**2``, ``mV / ms``) whose names are built from theirs, so
``in_unit(x, mV / ms)`` reads ``'3. mV/ms'``. Any other arithmetic gives a
plain :class:`Quantity`.
"""

from __future__ import annotations

import numbers

import numpy as np

from ranvier.units.dimensions import DIMENSIONLESS, Dimension
from ranvier.units.formatting import base_unit_repr
from ranvier.units.quantity import Quantity

__all__ = ["Unit", "coherent_unit"]


class Unit(Quantity):
    """A named unit: a scalar quantity that cannot be changed.

    Parameters
    ----------
    value : float
        Size in coherent SI units (0.001 for millivolt).
    dim : Dimension
    name : str
        Python name, shown by ``repr`` (``mvolt``).
    dispname : str
        Symbol, shown by ``str`` (``mV``).
    exp10 : int, optional
        ``value == 10**exp10``, when it is a power of ten: conversions
        then multiply by an exact integer instead of dividing by ``value``.

    Examples
    --------
    >>> from ranvier.units import mV, ms
    >>> str(mV), repr(mV)
    ('mV', 'mvolt')
    >>> print(mV / ms)
    mV/ms
    """

    def __new__(cls, value, dim: Dimension, name: str, dispname: str,
                exp10: int | None = None):
        obj = np.array(value, dtype=float).view(cls)
        if obj.ndim != 0:
            raise ValueError("a unit is a single number, not an array")
        obj.dim = dim
        obj.name = name
        obj.dispname = dispname
        obj.exp10 = exp10
        obj.flags.writeable = False
        return obj

    def __array_finalize__(self, obj):
        # NumPy methods (copy, reshape) build new arrays of this class;
        # give them the unit's names so they still print.
        super().__array_finalize__(obj)
        self.name = getattr(obj, "name", None)
        self.dispname = getattr(obj, "dispname", None)
        self.exp10 = getattr(obj, "exp10", None)

    def __str__(self):
        return self.dispname

    def __repr__(self):
        return self.name

    def __format__(self, spec):
        return format(self.dispname, spec) if spec else self.dispname

    def __reduce__(self):
        return (Unit, (float(self.view(np.ndarray)), self.dim, self.name,
                       self.dispname, self.exp10))

    # Units are immutable: in-place operators build a new quantity instead
    # (``x = mV; x *= 2`` leaves ``mV`` alone), and they can be dict keys.
    __hash__ = object.__hash__

    def _not_in_place(self, other):
        return NotImplemented

    __iadd__ = __isub__ = __imul__ = __itruediv__ = __ifloordiv__ = \
        __imod__ = __ipow__ = __imatmul__ = _not_in_place

    # -- unit algebra -----------------------------------------------------
    def __mul__(self, other):
        if isinstance(other, Unit):
            return _combine(self, other, "*")
        return super().__mul__(other)

    def __truediv__(self, other):
        if isinstance(other, Unit):
            return _combine(self, other, "/")
        return super().__truediv__(other)

    def __rtruediv__(self, other):
        if _is_one(other):
            return self ** -1
        return super().__rtruediv__(other)

    def __pow__(self, power):
        if isinstance(power, numbers.Real) and not isinstance(power, bool):
            return _power(self, power)
        return super().__pow__(power)


def _is_one(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and x == 1


def _paren(text: str, *operators: str) -> str:
    """``text`` in parentheses if it contains one of ``operators``."""
    return f"({text})" if any(op in text for op in operators) else text


def _combine(a: Unit, b: Unit, op: str) -> Unit:
    a_val = a.view(np.ndarray).item()
    b_val = b.view(np.ndarray).item()
    exp10 = None
    if a.exp10 is not None and b.exp10 is not None:
        exp10 = a.exp10 + b.exp10 if op == "*" else a.exp10 - b.exp10
    # Python evaluates * and / left to right, so only the right operand
    # of a name needs parentheses.
    name = f"{a.name} {op} {_paren(b.name, ' * ', ' / ')}"
    if op == "*":
        value, dim = a_val * b_val, a.dim * b.dim
        dispname = f"{_paren(a.dispname, '/')} {_paren(b.dispname, '/')}"
    else:
        value, dim = a_val / b_val, a.dim / b.dim
        dispname = f"{a.dispname}/{_paren(b.dispname, ' ', '/')}"
    return Unit(value, dim, name, dispname, exp10)


def _power(u: Unit, power) -> Unit:
    shown = int(power) if float(power).is_integer() else power
    exp10 = None
    if u.exp10 is not None and float(u.exp10 * power).is_integer():
        exp10 = int(u.exp10 * power)
    name = f"{_paren(u.name, ' ')} ** {shown}"
    dispname = f"{_paren(u.dispname, ' ', '/', '^')}^{shown}"
    return Unit(u.view(np.ndarray).item() ** power, u.dim ** power, name,
                dispname, exp10)


_COHERENT: dict[Dimension, Unit] = {}


def coherent_unit(dim: Dimension, named: dict[Dimension, Unit]) -> Unit:
    """The unit of size 1 for ``dim``: a named one where ``named`` has it
    (``volt``), else one built from the base units (``metre ** 2 *
    kilogram * second ** -3``, shown as ``m^2 kg s^-3``)."""
    found = named.get(dim)
    if found is not None:
        return found
    found = _COHERENT.get(dim)
    if found is None:
        if dim is DIMENSIONLESS:
            found = Unit(1.0, dim, "1", "1", 0)
        else:
            found = Unit(1.0, dim, base_unit_repr(dim), dim.base_str(), 0)
        _COHERENT[dim] = found
    return found
