"""Dimension: interning, algebra, text, and the mismatch error."""

import pickle
from fractions import Fraction

import pytest

from ranvier.units.dimensions import (DIMENSIONLESS, Dimension,
                                      DimensionMismatchError,
                                      get_or_create_dimension,
                                      readable_dimension)
import ranvier.units  # noqa: F401  (registers the unit names of dimensions)

VOLT = get_or_create_dimension(m=2, kg=1, s=-3, A=-1)
SECOND = get_or_create_dimension(s=1)


def test_same_exponents_give_the_same_object():
    assert get_or_create_dimension(length=2, mass=1, time=-3, current=-1) is VOLT
    assert Dimension((2, 1, -3, -1, 0, 0, 0)) is VOLT
    assert Dimension((2.0, 1.0, -3.0, -1.0, 0.0, 0.0, 0.0)) is VOLT


def test_algebra():
    assert VOLT / VOLT is DIMENSIONLESS
    assert (SECOND * SECOND) is SECOND ** 2
    assert (SECOND ** 0.5) ** 2 is SECOND
    assert (VOLT ** (1 / 3)).exponents[0] == pytest.approx(2 / 3)
    assert SECOND ** Fraction(1, 2) is SECOND ** 0.5


def test_exponent_must_be_a_simple_fraction():
    with pytest.raises(ValueError, match="not a simple fraction"):
        SECOND ** 0.123456789


def test_power_must_be_a_number():
    with pytest.raises(TypeError, match="can only be raised to a number"):
        SECOND ** "two"


def test_multiplying_with_something_else_is_not_implemented():
    with pytest.raises(TypeError):
        SECOND * 3
    with pytest.raises(TypeError):
        SECOND / "x"


def test_wrong_number_of_exponents():
    with pytest.raises(ValueError, match="exactly 7 exponents"):
        Dimension((1, 2))


def test_construction_errors():
    with pytest.raises(TypeError, match="unknown base dimension 'furlong'"):
        get_or_create_dimension(furlong=1)
    with pytest.raises(TypeError, match="either one sequence"):
        get_or_create_dimension((1,) * 7, m=1)


def test_text():
    assert str(VOLT) == "volt"
    assert VOLT.base_str() == "m^2 kg s^-3 A^-1"
    assert str(VOLT * SECOND ** 5) == "m^2 kg s^2 A^-1"
    assert str(SECOND ** 0.5) == "s^1/2"
    assert str(DIMENSIONLESS) == "1"
    assert repr(DIMENSIONLESS) == "DIMENSIONLESS"
    assert repr(SECOND) == "Dimension('s')"
    assert readable_dimension(DIMENSIONLESS) == "dimensionless"
    assert readable_dimension(VOLT) == "volt"


def test_dimensions_are_named_after_their_units():
    names = {
        "metre": dict(m=1), "kilogram": dict(kg=1), "second": dict(s=1),
        "amp": dict(A=1), "kelvin": dict(K=1), "mole": dict(mol=1),
        "candela": dict(cd=1), "hertz": dict(s=-1), "siemens":
        dict(m=-2, kg=-1, s=3, A=2), "farad": dict(m=-2, kg=-1, s=4, A=2),
        "ohm": dict(m=2, kg=1, s=-3, A=-2), "molar": dict(mol=1, m=-3),
        "metre^2": dict(m=2),
    }
    for name, exps in names.items():
        assert str(get_or_create_dimension(**exps)) == name


def test_pickle_keeps_identity():
    assert pickle.loads(pickle.dumps(VOLT)) is VOLT


def test_mismatch_error_shows_the_units():
    err = DimensionMismatchError("Cannot add", VOLT, SECOND)
    assert str(err) == "Cannot add (volt vs. second)"
    assert err.description == "Cannot add"
    assert err.dims == (VOLT, SECOND)
    assert str(DimensionMismatchError("Bad", VOLT)) == "Bad (unit: volt)"
    assert str(DimensionMismatchError("Just text")) == "Just text"
    odd = get_or_create_dimension(m=3, s=-1)
    assert str(DimensionMismatchError("X", odd, DIMENSIONLESS)) == \
        "X (m^3 s^-1 vs. dimensionless)"
    assert str(DimensionMismatchError("Y", VOLT, SECOND, SECOND)) == \
        "Y (volt vs. second)"
    assert isinstance(err, ValueError)
