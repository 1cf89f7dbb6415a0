"""The named units: every spelling, sizes, and the package's exports."""

import numpy as np
import pytest

import ranvier.units as units
from ranvier.units import (ALL_UNITS, DIMENSIONLESS, Quantity, Unit,
                           get_or_create_dimension)
from ranvier.units.unitdefs import PREFIXES, _add_name

VOLT = get_or_create_dimension(m=2, kg=1, s=-3, A=-1)


@pytest.mark.parametrize("name, size, dim", [
    ("mV", 1e-3, VOLT), ("mvolt", 1e-3, VOLT), ("volt", 1.0, VOLT),
    ("ms", 1e-3, dict(s=1)), ("msecond", 1e-3, dict(s=1)),
    ("nS", 1e-9, dict(m=-2, kg=-1, s=3, A=2)),
    ("nsiemens", 1e-9, dict(m=-2, kg=-1, s=3, A=2)),
    ("pA", 1e-12, dict(A=1)), ("pamp", 1e-12, dict(A=1)),
    ("pampere", 1e-12, dict(A=1)),
    ("pF", 1e-12, dict(m=-2, kg=-1, s=4, A=2)),
    ("Mohm", 1e6, dict(m=2, kg=1, s=-3, A=-2)), ("kHz", 1e3, dict(s=-1)),
    ("um", 1e-6, dict(m=1)), ("umetre", 1e-6, dict(m=1)),
    ("umeter", 1e-6, dict(m=1)), ("mM", 1.0, dict(mol=1, m=-3)),
    ("mmolar", 1.0, dict(mol=1, m=-3)), ("molar", 1e3, dict(mol=1, m=-3)),
    ("um2", 1e-12, dict(m=2)), ("cm2", 1e-4, dict(m=2)),
    ("um3", 1e-18, dict(m=3)), ("meter2", 1.0, dict(m=2)),
    ("metre3", 1.0, dict(m=3)), ("mm2", 1e-6, dict(m=2)),
    ("kilogram", 1.0, dict(kg=1)), ("kg", 1.0, dict(kg=1)),
    ("gram", 1e-3, dict(kg=1)), ("mg", 1e-6, dict(kg=1)),
    ("litre", 1e-3, dict(m=3)), ("liter", 1e-3, dict(m=3)),
    ("ml", 1e-6, dict(m=3)), ("uL", 1e-9, dict(m=3)),
    ("mol", 1.0, dict(mol=1)), ("mole", 1.0, dict(mol=1)),
    ("mmol", 1e-3, dict(mol=1)), ("candela", 1.0, dict(cd=1)),
    ("kelvin", 1.0, dict(K=1)), ("mK", 1e-3, dict(K=1)),
    ("hertz", 1.0, dict(s=-1)), ("newton", 1.0, dict(kg=1, m=1, s=-2)),
    ("pascal", 1.0, dict(kg=1, m=-1, s=-2)), ("joule", 1.0, dict(kg=1, m=2, s=-2)),
    ("watt", 1.0, dict(kg=1, m=2, s=-3)), ("coulomb", 1.0, dict(A=1, s=1)),
    ("farad", 1.0, dict(m=-2, kg=-1, s=4, A=2)),
    ("weber", 1.0, dict(kg=1, m=2, s=-2, A=-1)),
    ("tesla", 1.0, dict(kg=1, s=-2, A=-1)),
    ("henry", 1.0, dict(kg=1, m=2, s=-2, A=-2)), ("lumen", 1.0, dict(cd=1)),
    ("lux", 1.0, dict(cd=1, m=-2)), ("becquerel", 1.0, dict(s=-1)),
    ("gray", 1.0, dict(m=2, s=-2)), ("sievert", 1.0, dict(m=2, s=-2)),
    ("katal", 1.0, dict(mol=1, s=-1)), ("radian", 1.0, {}),
    ("steradian", 1.0, {}), ("ymetre", 1e-24, dict(m=1)),
    ("Ymetre", 1e24, dict(m=1)), ("dametre", 10.0, dict(m=1)),
    ("dam", 10.0, dict(m=1)), ("hPa", 100.0, dict(kg=1, m=-1, s=-2)),
])
def test_named_units(name, size, dim):
    unit = ALL_UNITS[name]
    assert isinstance(unit, Unit)
    assert getattr(units, name) is unit
    expected = dim if not isinstance(dim, dict) else \
        get_or_create_dimension(**dim)
    assert unit.dim is expected
    assert float(np.asarray(unit)) == pytest.approx(size, rel=1e-15)


def test_every_prefix_in_long_and_short_spelling():
    for prefix, exp10 in PREFIXES:
        for name in (f"{prefix}volt", f"{prefix}V", f"{prefix}second",
                     f"{prefix}metre2", f"{prefix}m3", f"{prefix}siemens",
                     f"{prefix}S", f"{prefix}ohm", f"{prefix}molar",
                     f"{prefix}M", f"{prefix}farad", f"{prefix}F",
                     f"{prefix}amp", f"{prefix}A", f"{prefix}Hz"):
            assert name in ALL_UNITS, name
        assert float(np.asarray(ALL_UNITS[f"{prefix}volt"])) == \
            pytest.approx(10.0 ** exp10, rel=1e-15)
    # "as" (attosecond) is a Python keyword, so only the long form exists
    assert "as" not in ALL_UNITS and "asecond" in ALL_UNITS


def test_spellings_share_one_object():
    assert ALL_UNITS["mV"] is ALL_UNITS["mvolt"]
    assert ALL_UNITS["metre"] is ALL_UNITS["meter"]
    assert ALL_UNITS["um2"] is ALL_UNITS["umetre2"] is ALL_UNITS["umeter2"]
    assert ALL_UNITS["kg"] is ALL_UNITS["kgram"] is ALL_UNITS["kilogram"]
    assert ALL_UNITS["amp"] is ALL_UNITS["ampere"]
    assert ALL_UNITS["nA"] is ALL_UNITS["namp"] is ALL_UNITS["nampere"]
    assert ALL_UNITS["ml"] is ALL_UNITS["mL"] is ALL_UNITS["mlitre"] \
        is ALL_UNITS["mliter"]


def test_single_letter_symbols_are_not_defined():
    # they would clash with ordinary variable names (N, C, V, t ...)
    for name in ("m", "g", "s", "A", "K", "V", "F", "C", "W", "J", "N", "T",
                 "H", "S", "M", "l", "L", "m2", "V3"):
        assert name not in ALL_UNITS, name
    for name in ("Hz", "mol", "cd", "Pa", "Wb", "ohm", "kat", "lx", "Bq"):
        assert name in ALL_UNITS, name


def test_radian_is_dimensionless():
    assert ALL_UNITS["radian"].dim is DIMENSIONLESS
    assert ALL_UNITS["steradian"].dim is DIMENSIONLESS
    assert type(3 * ALL_UNITS["radian"]) is np.float64


def test_all_units_are_read_only_units():
    for name, unit in ALL_UNITS.items():
        assert isinstance(unit, Unit) and unit.ndim == 0
        assert not unit.flags.writeable


def test_exact_powers_of_ten():
    # sizes are the correctly rounded powers of ten, not products of them
    assert float(np.asarray(ALL_UNITS["um2"])) == 1e-12
    assert float(np.asarray(ALL_UNITS["nmetre3"])) == 1e-27
    assert float(np.asarray(ALL_UNITS["pF"])) == 1e-12


def test_package_exports():
    assert set(ALL_UNITS) <= set(units.__all__)
    for name in ("Quantity", "Unit", "Dimension", "DIMENSIONLESS",
                 "DimensionMismatchError", "get_dimensions",
                 "have_same_dimensions", "get_unit", "is_dimensionless",
                 "fail_for_dimension_mismatch", "check_units", "in_unit",
                 "in_best_unit", "arange", "ALL_UNITS",
                 "get_or_create_dimension"):
        assert name in units.__all__
        assert hasattr(units, name)
    ns = {}
    exec("from ranvier.units import *", ns)
    assert ns["mV"] is units.mV and ns["Quantity"] is Quantity
    assert len(units.__all__) == len(set(units.__all__))


def test_unit_constructor():
    furlong = Unit(201.168, get_or_create_dimension(m=1), "furlong", "fur")
    assert str(furlong) == "fur" and repr(furlong) == "furlong"
    assert np.isclose((2 * furlong) / ALL_UNITS["metre"], 402.336)
    with pytest.raises(ValueError, match="a unit is a single number"):
        Unit([1.0, 2.0], DIMENSIONLESS, "x", "x")


def test_a_name_cannot_mean_two_units():
    impostor = Unit(2e-3, VOLT, "mvolt", "mV", -3)
    with pytest.raises(RuntimeError, match="unit name 'mV' defined twice"):
        _add_name("mV", impostor)
    assert ALL_UNITS["mV"] is units.mV
