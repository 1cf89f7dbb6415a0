"""Which named units exist for display, and how a quantity picks one.

The registry holds plain data only (names, powers of ten, dimensions), so
the formatting code can use it without knowing about ``Quantity``. It is
filled by :mod:`ranvier.units.unitdefs` when the package is imported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ranvier.units.dimensions import DIMENSIONLESS, Dimension

__all__ = ["DisplayUnit", "register_display_family", "display_family",
           "best_display_unit", "scale_values"]


@dataclass(frozen=True)
class DisplayUnit:
    """A named unit a quantity can be shown in.

    Attributes
    ----------
    name : str
        The Python name, used by ``repr`` (``mvolt``, ``umetre2``).
    dispname : str
        The symbol, used by ``str`` (``mV``, ``um^2``).
    exp10 : int
        The unit is ``10**exp10`` times the coherent SI unit of its
        dimension; kept as an exact integer so conversions round once.
    """

    name: str
    dispname: str
    exp10: int


#: dimension -> display units sorted by ascending size
_FAMILIES: dict[Dimension, tuple[DisplayUnit, ...]] = {}
#: dimensions derived from a named one by a power, cached on first use
_POWER_FAMILIES: dict[Dimension, tuple[DisplayUnit, ...] | None] = {}


def register_display_family(dim: Dimension, members) -> None:
    """Make ``members`` (DisplayUnit) the units ``dim`` is displayed in."""
    _FAMILIES[dim] = tuple(sorted(members, key=lambda u: u.exp10))
    _POWER_FAMILIES.clear()


def display_family(dim: Dimension) -> tuple[DisplayUnit, ...] | None:
    """The display units of ``dim``, or None when it has no named unit.

    Squares and cubes of a named dimension (``volt**2`` from a variance)
    get derived units such as ``mV^2`` / ``mvolt ** 2``.
    """
    family = _FAMILIES.get(dim)
    if family is not None or dim is DIMENSIONLESS:
        return family
    if dim not in _POWER_FAMILIES:
        _POWER_FAMILIES[dim] = _derived_family(dim)
    return _POWER_FAMILIES[dim]


def _derived_family(dim: Dimension) -> tuple[DisplayUnit, ...] | None:
    for power in (2, 3):
        try:
            root = dim ** (1 / power)
        except ValueError:
            continue
        family = _FAMILIES.get(root)
        if family is None:
            continue
        return tuple(DisplayUnit(f"{u.name} ** {power}", f"{u.dispname}^{power}",
                                 u.exp10 * power) for u in family)
    return None


def best_display_unit(dim: Dimension, values) -> DisplayUnit | None:
    """The unit ``values`` (in SI) read best in: the largest one that keeps
    the largest magnitude at or above 1, so numbers stay below 1000 (and
    values below every unit use the smallest). All-zero or non-finite
    values use the coherent unit (``V`` rather than ``mV``)."""
    family = display_family(dim)
    if family is None:
        return None
    mags = np.abs(np.asarray(values))
    mags = mags[np.isfinite(mags) & (mags != 0)]
    if mags.size == 0:
        return _coherent(family)
    top = float(mags.max())
    chosen = family[0]
    for unit in family:
        # the small tolerance keeps 1 mV (0.001 V, not exactly 10**-3) in mV
        if 10.0 ** unit.exp10 <= top * (1 + 1e-9):
            chosen = unit
    return chosen


def _coherent(family: tuple[DisplayUnit, ...]) -> DisplayUnit:
    for unit in family:
        if unit.exp10 == 0:
            return unit
    return min(family, key=lambda u: abs(u.exp10))


def scale_values(values, exp10: int):
    """``values / 10**exp10`` with a single rounding: multiplying by an
    exact integer power of ten (``-0.06 * 1000 == -60.0``) instead of
    dividing by an inexact ``0.001``."""
    if exp10 == 0:
        return values
    if exp10 < 0:
        return values * float(10 ** -exp10)
    return values / float(10 ** exp10)
