"""The named units: SI base and derived units with every SI prefix.

Each unit exists once as a :class:`Unit` object and is reachable under all
its spellings: long (``mvolt``, ``umetre``, ``umeter``), short (``mV``,
``um``) and squared / cubed (``um2``, ``umetre3``). Short names of a single
letter without a prefix (``V``, ``m``, ``N``, ``C`` ...) are not defined:
they would clash with the variable names of ordinary scripts, and Brian 2
does not define them either.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass
from fractions import Fraction

from ranvier.units.dimensions import (DIMENSIONLESS, Dimension,
                                      get_or_create_dimension)
from ranvier.units.registry import DisplayUnit, register_display_family
from ranvier.units.unit import Unit

__all__ = ["ALL_UNITS", "COHERENT_UNITS", "PREFIXES"]

#: (symbol, power of ten) of the SI prefixes, yocto to yotta.
PREFIXES = (("y", -24), ("z", -21), ("a", -18), ("f", -15), ("p", -12),
            ("n", -9), ("u", -6), ("m", -3), ("c", -2), ("d", -1),
            ("da", 1), ("h", 2), ("k", 3), ("M", 6), ("G", 9), ("T", 12),
            ("P", 15), ("E", 18), ("Z", 21), ("Y", 24))


@dataclass(frozen=True)
class _Base:
    """An unprefixed unit and how its family of names is built."""

    names: tuple[str, ...]    # long spellings, the first one canonical
    symbols: tuple[str, ...]  # short spellings, the first one for display
    dim: Dimension
    exp10: int = 0            # size of the unprefixed unit: 10**exp10 SI
    display: bool = True      # quantities of this dimension print in it
    powers: bool = True       # also define the squared and cubed units


def _d(**exponents) -> Dimension:
    return get_or_create_dimension(**exponents)


_BASES = (
    _Base(("metre", "meter"), ("m",), _d(m=1)),
    _Base(("gram", "gramme"), ("g",), _d(kg=1), exp10=-3),
    _Base(("second",), ("s",), _d(s=1)),
    _Base(("amp", "ampere"), ("A",), _d(A=1)),
    _Base(("kelvin",), ("K",), _d(K=1)),
    _Base(("mole", "mol"), ("mol",), _d(mol=1)),
    _Base(("candela", "candle"), ("cd",), _d(cd=1)),
    _Base(("radian",), ("rad",), DIMENSIONLESS, display=False),
    _Base(("steradian",), ("sr",), DIMENSIONLESS, display=False),
    _Base(("hertz",), ("Hz",), _d(s=-1)),
    _Base(("newton",), ("N",), _d(kg=1, m=1, s=-2)),
    _Base(("pascal",), ("Pa",), _d(kg=1, m=-1, s=-2)),
    _Base(("joule",), ("J",), _d(kg=1, m=2, s=-2)),
    _Base(("watt",), ("W",), _d(kg=1, m=2, s=-3)),
    _Base(("coulomb",), ("C",), _d(A=1, s=1)),
    _Base(("volt",), ("V",), _d(kg=1, m=2, s=-3, A=-1)),
    _Base(("farad",), ("F",), _d(kg=-1, m=-2, s=4, A=2)),
    _Base(("ohm",), ("ohm",), _d(kg=1, m=2, s=-3, A=-2)),
    _Base(("siemens",), ("S",), _d(kg=-1, m=-2, s=3, A=2)),
    _Base(("weber",), ("Wb",), _d(kg=1, m=2, s=-2, A=-1)),
    _Base(("tesla",), ("T",), _d(kg=1, s=-2, A=-1)),
    _Base(("henry",), ("H",), _d(kg=1, m=2, s=-2, A=-2)),
    # Same dimensions as candela, hertz and m^2 s^-2: defined, but
    # quantities are not displayed in them.
    _Base(("lumen",), ("lm",), _d(cd=1), display=False),
    _Base(("becquerel",), ("Bq",), _d(s=-1), display=False),
    _Base(("gray",), ("Gy",), _d(m=2, s=-2), display=False),
    _Base(("sievert",), ("Sv",), _d(m=2, s=-2), display=False),
    _Base(("lux",), ("lx",), _d(cd=1, m=-2)),
    _Base(("katal",), ("kat",), _d(mol=1, s=-1)),
    _Base(("molar",), ("M",), _d(mol=1, m=-3), exp10=3),
    _Base(("litre", "liter"), ("l", "L"), _d(m=3), exp10=-3, display=False,
          powers=False),
)

#: every unit by every name
ALL_UNITS: dict[str, Unit] = {}
#: dimension -> its named unit of size 1 (volt, metre2, mmolar ...)
COHERENT_UNITS: dict[Dimension, Unit] = {}


def _add_name(name: str, unit: Unit) -> None:
    if keyword.iskeyword(name):  # "as" (attosecond) cannot be a name
        return
    existing = ALL_UNITS.get(name)
    if existing is not None and existing is not unit:
        raise RuntimeError(f"unit name {name!r} defined twice")
    ALL_UNITS[name] = unit


def _make(base: _Base, prefix: str, prefix_exp: int, power: int) -> Unit:
    exp10 = (base.exp10 + prefix_exp) * power
    suffix = "" if power == 1 else str(power)
    name = prefix + base.names[0] + suffix
    if base.names[0] == "gram" and prefix == "k":
        name = "kilogram" + suffix
    dispname = prefix + base.symbols[0] + ("" if power == 1 else f"^{power}")
    return Unit(float(Fraction(10) ** exp10), base.dim ** power, name,
                dispname, exp10)


def _short_allowed(prefix: str, symbol: str) -> bool:
    return bool(prefix) or len(symbol) > 1


def _define(base: _Base) -> None:
    powers = (1, 2, 3) if base.powers else (1,)
    for power in powers:
        suffix = "" if power == 1 else str(power)
        family = []
        for prefix, prefix_exp in (("", 0),) + PREFIXES:
            unit = _make(base, prefix, prefix_exp, power)
            for long_name in base.names:
                _add_name(prefix + long_name + suffix, unit)
            for symbol in base.symbols:
                if _short_allowed(prefix, symbol):
                    _add_name(prefix + symbol + suffix, unit)
            if base.names[0] == "gram" and prefix == "k":
                _add_name("kilogram" + suffix, unit)
                _add_name("kilogramme" + suffix, unit)
            if unit.exp10 == 0 and base.display:
                COHERENT_UNITS.setdefault(unit.dim, unit)
            if prefix_exp % 3 == 0:
                family.append(DisplayUnit(unit.name, unit.dispname, unit.exp10))
        # metre gets families for m^2 and m^3 too; other powers are derived
        # by the registry when needed (mV^2 for a variance).
        if base.display and (power == 1 or base.names[0] == "metre"):
            register_display_family(base.dim ** power, family)
            Dimension._names.setdefault(base.dim ** power, _dimension_name(
                base, power))


def _dimension_name(base: _Base, power: int) -> str:
    name = "kilogram" if base.names[0] == "gram" else base.names[0]
    return name if power == 1 else f"{name}^{power}"


for _base in _BASES:
    _define(_base)
del _base
