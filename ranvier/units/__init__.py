"""Physical units: quantities with dimensions, named units, unit checks.

``from ranvier.units import *`` gives the unit names (``mV``, ``nS``,
``umetre2`` ...), :class:`Quantity`, :class:`Unit` and the helper functions
listed in ``__all__``.
"""

from ranvier.units.dimensions import (DIMENSIONLESS, Dimension,
                                      DimensionMismatchError,
                                      get_or_create_dimension)
from ranvier.units.quantity import Quantity, in_best_unit, in_unit
from ranvier.units.unit import Unit
from ranvier.units.unitdefs import ALL_UNITS

globals().update(ALL_UNITS)

#: The API besides the unit names.
API = [
    "Quantity", "Unit", "Dimension", "DIMENSIONLESS", "DimensionMismatchError",
    "get_or_create_dimension", "ALL_UNITS", "in_unit", "in_best_unit",
]

__all__ = API + sorted(ALL_UNITS)
