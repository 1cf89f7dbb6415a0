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
# Importing array_functions, histograms and more_functions registers the
# unit rules of NumPy functions.
from ranvier.units.array_functions import arange
from ranvier.units import histograms, more_functions  # noqa: F401
from ranvier.units.helpers import (check_units, fail_for_dimension_mismatch,
                                   get_dimensions, get_unit,
                                   have_same_dimensions, is_dimensionless)

globals().update(ALL_UNITS)

#: The API besides the unit names.
API = [
    "Quantity", "Unit", "Dimension", "DIMENSIONLESS", "DimensionMismatchError",
    "get_or_create_dimension", "ALL_UNITS", "in_unit", "in_best_unit",
    "get_dimensions", "have_same_dimensions", "is_dimensionless", "get_unit",
    "fail_for_dimension_mismatch", "check_units", "arange",
]

__all__ = API + sorted(ALL_UNITS)
