"""Physical dimensions: seven SI base exponents, interned.

Two dimensions with the same exponents are the same object, so dimension
checks in hot paths are identity comparisons.
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

__all__ = [
    "Dimension",
    "DIMENSIONLESS",
    "DimensionMismatchError",
    "get_or_create_dimension",
    "BASE_SYMBOLS",
    "readable_dimension",
]

#: Symbols of the base units, in the order of the exponents.
BASE_SYMBOLS = ("m", "kg", "s", "A", "K", "mol", "cd")
_BASE_NAMES = ("length", "mass", "time", "current", "temperature",
               "substance", "luminosity")


def _clean_exponent(x) -> float | int:
    """Store exponents as int where integral, else as a float rounded to a
    simple fraction (sqrt of sqrt gives 1/4, not 0.2500000001)."""
    frac = Fraction(x).limit_denominator(1000)
    if abs(float(frac) - float(x)) > 1e-9:
        raise ValueError(f"dimension exponent {x!r} is not a simple fraction")
    if frac.denominator == 1:
        return int(frac.numerator)
    return float(frac)


class Dimension:
    """A physical dimension: exponents of the seven SI base units.

    Instances are interned: build them with :func:`get_or_create_dimension`
    (or by multiplying existing ones), and compare them with ``is`` or ``==``.

    Parameters
    ----------
    exponents : tuple of 7 numbers
        Exponents of metre, kilogram, second, ampere, kelvin, mole, candela.
    """

    __slots__ = ("_exponents", "_hash", "__weakref__")
    _cache: ClassVar[dict[tuple, "Dimension"]] = {}
    #: Filled in by ``ranvier.units.unitdefs``: dimension -> readable name.
    _names: ClassVar[dict["Dimension", str]] = {}

    def __new__(cls, exponents):
        raw = tuple(exponents)
        # Fast path: integral exponents hash and compare equal to the cleaned
        # key, so most look-ups skip the Fraction-based cleaning below.
        found = cls._cache.get(raw)
        if found is not None:
            return found
        if len(raw) != 7:
            raise ValueError("a Dimension needs exactly 7 exponents")
        key = tuple(_clean_exponent(e) for e in raw)
        found = cls._cache.get(key)
        if found is not None:
            return found
        self = super().__new__(cls)
        self._exponents = key
        self._hash = hash(key)
        cls._cache[key] = self
        return self

    def __reduce__(self):
        return (Dimension, (self._exponents,))

    @property
    def exponents(self) -> tuple:
        """The seven exponents (m, kg, s, A, K, mol, cd)."""
        return self._exponents

    @property
    def is_dimensionless(self) -> bool:
        return self is DIMENSIONLESS

    # -- algebra ---------------------------------------------------------
    # Results are memoised: unit arithmetic combines the same few dimensions
    # over and over, and building a Dimension from scratch is comparatively
    # slow (exponents are cleaned through Fraction).
    def __mul__(self, other):
        if not isinstance(other, Dimension):
            return NotImplemented
        key = (self, other)
        found = _MUL_CACHE.get(key)
        if found is None:
            found = Dimension([a + b for a, b in
                               zip(self._exponents, other._exponents)])
            _MUL_CACHE[key] = found
        return found

    def __truediv__(self, other):
        if not isinstance(other, Dimension):
            return NotImplemented
        key = (self, other)
        found = _DIV_CACHE.get(key)
        if found is None:
            found = Dimension([a - b for a, b in
                               zip(self._exponents, other._exponents)])
            _DIV_CACHE[key] = found
        return found

    def __pow__(self, power):
        if isinstance(power, bool) or not isinstance(power, (int, float, Fraction)):
            try:
                power = float(power)
            except (TypeError, ValueError):
                raise TypeError(f"a dimension can only be raised to a number, "
                                f"not {power!r}") from None
        key = (self, power)
        found = _POW_CACHE.get(key)
        if found is None:
            found = Dimension([a * power for a in self._exponents])
            _POW_CACHE[key] = found
        return found

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __hash__(self):
        return self._hash

    # -- display ---------------------------------------------------------
    def __str__(self):
        name = Dimension._names.get(self)
        if name is not None:
            return name
        return self.base_str()

    def base_str(self) -> str:
        """The dimension in SI base units, e.g. ``m^2 kg s^-3 A^-1``."""
        if self is DIMENSIONLESS:
            return "1"
        parts = []
        for sym, e in zip(BASE_SYMBOLS, self._exponents):
            if e == 0:
                continue
            parts.append(sym if e == 1 else f"{sym}^{_fmt_exp(e)}")
        return " ".join(parts)

    def __repr__(self):
        if self is DIMENSIONLESS:
            return "DIMENSIONLESS"
        return f"Dimension({self.base_str()!r})"


def _fmt_exp(e) -> str:
    if isinstance(e, int):
        return str(e)
    frac = Fraction(e).limit_denominator(1000)
    return f"{frac.numerator}/{frac.denominator}"


def get_or_create_dimension(*args, **keywords) -> Dimension:
    """Build a dimension from a sequence of 7 exponents or from keywords.

    Keywords are the base symbols (``m``, ``kg``, ``s``, ``A``, ``K``,
    ``mol``, ``cd``) or the long names (``length``, ``mass``, ``time``,
    ``current``, ``temperature``, ``substance``, ``luminosity``).

    Examples
    --------
    >>> get_or_create_dimension(m=1, s=-1).base_str()
    'm s^-1'
    """
    if args:
        if keywords or len(args) != 1:
            raise TypeError("give either one sequence of exponents or keywords")
        return Dimension(tuple(args[0]))
    exps = [0] * 7
    for key, value in keywords.items():
        if key in BASE_SYMBOLS:
            exps[BASE_SYMBOLS.index(key)] = value
        elif key in _BASE_NAMES:
            exps[_BASE_NAMES.index(key)] = value
        else:
            raise TypeError(f"unknown base dimension {key!r}; expected one of "
                            f"{', '.join(BASE_SYMBOLS + _BASE_NAMES)}")
    return Dimension(tuple(exps))


_MUL_CACHE: dict = {}
_DIV_CACHE: dict = {}
_POW_CACHE: dict = {}

DIMENSIONLESS = Dimension((0,) * 7)


class DimensionMismatchError(ValueError):
    """Raised when an operation combines incompatible physical dimensions.

    Parameters
    ----------
    description : str
        What was being done, e.g. ``"Addition"``.
    *dims : Dimension
        The dimensions involved, shown in readable units in the message.
    """

    def __init__(self, description: str, *dims: Dimension):
        self.description = description
        self.dims = dims
        super().__init__(description, *dims)

    def __str__(self):
        if not self.dims:
            return self.description
        if len(self.dims) == 1:
            return f"{self.description} (unit: {readable_dimension(self.dims[0])})"
        # a dimension that occurs twice (clip(v, 1*ms, 3*ms)) is named once
        shown = " vs. ".join(dict.fromkeys(readable_dimension(d)
                                           for d in self.dims))
        return f"{self.description} ({shown})"


def readable_dimension(dim: Dimension) -> str:
    """A short name for ``dim`` in messages: its unit name where it has one
    (``volt``), else its base form (``m^2 kg s^-3``), or ``dimensionless``."""
    if dim is DIMENSIONLESS:
        return "dimensionless"
    return str(dim)
