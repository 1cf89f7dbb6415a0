"""How quantities and units print: str, repr, in_unit, format."""

import numpy as np
import pytest

import ranvier.units
from ranvier.units import (DimensionMismatchError, Quantity, amp, cm, cm2,
                           get_or_create_dimension, in_best_unit, in_unit,
                           kilogram, litre, mM, metre, mole, ms, mV, nA, nS,
                           ohm, pA, second, siemens, um2, uS, volt)


def _namespace():
    ns = {}
    exec("from ranvier.units import *", ns)
    return ns


NS = _namespace()


@pytest.mark.parametrize("quantity, text", [
    (-0.06 * volt, "-60. mV"),
    (3 * mV, "3. mV"),
    (0 * mV, "0. V"),
    (1 * volt, "1. V"),
    (999 * mV, "999. mV"),
    (1000 * mV, "1. V"),
    (2.5 * nA, "2.5 nA"),
    (10 * nS * mV, "10. pA"),
    (200e-12 * (siemens * second) / (10 * nS), "20. ms"),
    (100 * ohm * 1e6, "100. Mohm"),
    (1 * kilogram, "1. kg"),
    (3e-3 * kilogram, "3. g"),
    (2 * mM, "2. mM"),
    (1 * mM * litre, "1. mmol"),
    (3 * um2, "3. um^2"),
    (1 * cm2, "100. mm^2"),
    (1 * cm, "10. mm"),
    (1 / (2 * ms), "500. Hz"),
    (3 * metre ** 2 * kilogram / second ** 3, "3. W"),
    (1 * uS / cm2, "0.01 m^-4 kg^-1 s^3 A^2"),
    (4 * mV * mV, "4. mV^2"),
    (1e-30 * volt, "1.e-06 yV"),
    (1e30 * volt, "1000000. YV"),
    (np.inf * mV, "inf V"),
])
def test_str_picks_a_readable_unit(quantity, text):
    assert str(quantity) == text


def test_str_of_arrays_shows_the_unit_once():
    assert str(np.array([1.0, 2.0, 3.0]) * mV) == "[1. 2. 3.] mV"
    assert str(np.array([0, 0.1, 1]) * ms) == "[0.  0.1 1. ] ms"
    # the largest magnitude decides, so numbers stay below 1000
    assert str(np.array([1.0, 2.0, 3000.0]) * mV) == "[1.e-03 2.e-03 3.e+00] V"
    assert str(np.zeros(2) * mV) == "[0. 0.] V"
    assert str(np.array([np.nan, 2.0]) * mV) == "[nan  2.] mV"


def test_dimensionless_quantities_print_as_numbers():
    assert str(Quantity(3.0)) == "3.0"
    assert str(Quantity([1.0, 2.0])) == "[1. 2.]"
    assert repr(Quantity(3.0)) == "Quantity(3.)"
    assert repr(Quantity([1.0, 2.0])) == "Quantity([1., 2.])"


def test_units_print_their_names():
    assert str(mV) == "mV" and repr(mV) == "mvolt"
    assert str(volt) == "V" and repr(volt) == "volt"
    assert str(um2) == "um^2" and repr(um2) == "umetre2"
    assert str(kilogram) == "kg" and repr(kilogram) == "kilogram"
    assert str(ohm) == "ohm" and str(mole) == "mol"
    assert f"{mV}" == "mV" and f"{mV:>4}" == "  mV"


def test_unit_expressions_are_named_after_their_parts():
    assert str(mV / ms) == "mV/ms" and repr(mV / ms) == "mvolt / msecond"
    assert str(siemens / cm ** 2) == "S/cm^2"
    assert repr(siemens / cm ** 2) == "siemens / cmetre ** 2"
    assert str(nA * ohm) == "nA ohm" and repr(nA * ohm) == "namp * ohm"
    assert str(mV / (ms * nA)) == "mV/(ms nA)"
    assert repr(mV / (ms * nA)) == "mvolt / (msecond * namp)"
    assert str(1 / ms) == "ms^-1" and repr(1 / ms) == "msecond ** -1"
    assert str((mV / ms) ** 2) == "(mV/ms)^2"
    assert repr((mV / ms) ** 2) == "(mvolt / msecond) ** 2"


def test_repr():
    assert repr(-0.06 * volt) == "-60. * mvolt"
    assert repr(np.array([1.0, 2.0]) * mV) == "[1., 2.] * mvolt"
    assert repr(3 * nS) == "3. * nsiemens"
    assert repr(1 * uS / cm2) == \
        "0.01 * metre ** -4 * kilogram ** -1 * second ** 3 * amp ** 2"
    assert repr(4 * mV * mV) == "4. * mvolt ** 2"
    assert repr(2 * second ** 0.5) == "2. * second ** 0.5"
    assert repr(2 * second ** (1 / 3)) == "2. * second ** (1/3)"


@pytest.mark.parametrize("quantity", [
    -0.06 * volt, 3 * nS, np.array([1.5, 2.0]) * mV,
    np.arange(6.0).reshape(2, 3) * pA, 1 * uS / cm2, 2 * second ** 0.5,
    0.1 * mV + 0.2 * mV, Quantity(3.0), Quantity([1.0, 2.5]),
    np.random.default_rng(1).normal(size=50) * mM, 7 * kilogram,
    Quantity.with_dimensions(1.25, m=1, cd=2),
])
def test_repr_evaluates_back(quantity):
    again = eval(repr(quantity), NS)
    np.testing.assert_allclose(np.asarray(again), np.asarray(quantity),
                               rtol=1e-14)
    assert getattr(again, "dim", None) is getattr(quantity, "dim", None) or \
        quantity.is_dimensionless


def test_repr_of_units_evaluates_back():
    for unit in (mV, um2, kilogram, mV / ms, siemens / cm ** 2, 1 / ms):
        assert eval(repr(unit), NS) == unit


def test_in_unit():
    assert in_unit(-0.06 * volt, mV) == "-60. mV"
    assert (-0.06 * volt).in_unit(mV) == "-60. mV"
    assert in_unit(np.array([1.0, 2.0]) * mV, volt) == "[0.001 0.002] V"
    assert in_unit(3 * mV, mV / ms * ms) == "3. (mV/ms) ms"
    assert in_unit(1 / 3 * mV, mV, precision=2) == "0.33 mV"
    assert in_unit(1 / 3 * mV, volt, precision=5) == "0.00033 V"
    assert in_unit(10 * mV / ms, volt / second) == "10. V/s"


def test_in_unit_errors():
    with pytest.raises(DimensionMismatchError,
                       match=r"Cannot express 3\. mV in ms: incompatible "
                             r"units \(volt vs\. second\)"):
        in_unit(3 * mV, ms)
    with pytest.raises(TypeError, match=r"in_unit needs a unit such as mV, got "
                                        r"3\. \* mvolt"):
        in_unit(3 * mV, 3 * mV)


def test_in_best_unit():
    assert in_best_unit(-0.06 * volt) == "-60. mV"
    assert (4 / 3 * mV).in_best_unit(precision=3) == "1.333 mV"
    assert in_best_unit(5.0) == "5.0"


def test_division_by_a_unit_gives_a_number():
    assert -0.06 * volt / mV == pytest.approx(-60)
    assert type(-0.06 * volt / mV) is np.float64


def test_format_spec():
    assert f"{-0.06 * volt:.1f}" == "-60.0 mV"
    assert f"{3 * mV}" == "3. mV"
    assert f"{1 * uS / cm2:.2f}" == "0.01 m^-4 kg^-1 s^3 A^2"
    assert f"{Quantity(2.5):.1f}" == "2.5"
    with pytest.raises(TypeError, match="a format spec is only supported for "
                                        r"scalar quantities, not arrays of shape \(2,\)"):
        f"{np.ones(2) * mV:.2f}"


def test_error_messages_shorten_long_arrays():
    with pytest.raises(DimensionMismatchError, match=r"\.\.\."):
        np.arange(1000.0) * mV + 1 * second


def test_numpy_print_options_apply():
    with np.printoptions(precision=2):
        assert str(4 / 3 * mV) == "1.33 mV"


def test_unnamed_dimension_text():
    odd = Quantity.with_dimensions(3.0, get_or_create_dimension(m=2, kg=1, s=-3))
    assert str(odd) == "3. W"
    assert str(3 * amp * amp * second) == "3. s A^2"
    assert repr(3 * amp * amp * second) == "3. * second * amp ** 2"
