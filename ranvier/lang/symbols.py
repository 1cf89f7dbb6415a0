"""What an identifier in model code can stand for, once resolved.

Unit checking and code generation see identifiers only through these
records: a model variable, a constant taken from a namespace, or a
function (``ranvier.lang.functions.FunctionSpec``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ranvier.units.dimensions import DIMENSIONLESS, Dimension

__all__ = ["Variable", "Constant", "DTYPES", "describe_dim"]

#: The value kinds of the model language, in promotion order.
DTYPES = ("boolean", "integer", "float")


@dataclass(frozen=True)
class Variable:
    """A variable of the model (a state array, ``t``, ``i``, ...).

    Attributes
    ----------
    name : str
    dim : Dimension
    dtype : str
        One of :data:`DTYPES`.
    read_only : bool
        Statements may not assign to it (``t``, ``i``, ``N``, constants,
        subexpressions).
    scalar : bool
        One value for the whole group (``shared`` variables, ``t``, ``N``).
    """

    name: str
    dim: Dimension = DIMENSIONLESS
    dtype: str = "float"
    read_only: bool = False
    scalar: bool = False


@dataclass(frozen=True)
class Constant:
    """A number taken from a namespace, with its dimension.

    ``value`` is the plain number in SI units (``bool``, ``int`` or
    ``float``).
    """

    name: str
    value: bool | int | float
    dim: Dimension = DIMENSIONLESS

    @property
    def dtype(self) -> str:
        if isinstance(self.value, bool):
            return "boolean"
        if isinstance(self.value, int):
            return "integer"
        return "float"


# Named dimensions tried, in order, when a dimension has no name of its own:
# "volt/second" reads better than "m^2 kg s^-4 A^-1" in an error message.
_SECOND = Dimension((0, 0, 1, 0, 0, 0, 0))


def describe_dim(dim: Dimension) -> str:
    """A readable name for a dimension, e.g. ``volt/second``.

    Uses a registered name where one exists, then a registered name times
    or divided by a power of seconds, then the SI base form.
    """
    if dim is DIMENSIONLESS:
        return "1 (dimensionless)"
    names = Dimension._names
    if dim in names:
        return names[dim]
    for power in (1, 2, 3):
        for sign, joiner in ((1, "*"), (-1, "/")):
            base = dim / _SECOND ** (sign * power)
            if base in names:
                suffix = "second" if power == 1 else f"second**{power}"
                return f"{names[base]}{joiner}{suffix}"
    if (DIMENSIONLESS / dim) in names:
        return f"1/{names[DIMENSIONLESS / dim]}"
    return dim.base_str()
