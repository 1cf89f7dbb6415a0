"""Quantity: construction, arithmetic, comparisons, indexing, conversions."""

import copy
import math
import operator
import pickle
import warnings

import numpy as np
import pytest

from ranvier.units import (DIMENSIONLESS, DimensionMismatchError, Quantity,
                           Unit, amp, get_or_create_dimension, mV, metre, ms,
                           mvolt, nA, nS, pA, second, volt)

VOLT = volt.dim


# -- construction ----------------------------------------------------------
def test_multiplying_by_a_unit_makes_a_quantity():
    q = 3 * mV
    assert type(q) is Quantity
    assert q.dim is VOLT
    assert float(q / volt) == pytest.approx(0.003)
    arr = np.array([1.0, 2.0]) * mV
    assert arr.shape == (2,) and arr.dim is VOLT
    assert ([1, 2] * mV).shape == (2,)
    assert (np.float64(3) * mV).dim is VOLT


def test_quantity_constructor():
    q = Quantity([1.0, 2.0], VOLT)
    assert q.dim is VOLT
    assert np.array_equal(np.asarray(q), [1.0, 2.0])
    assert Quantity(3 * mV).dim is VOLT
    assert Quantity(3 * mV, dim=VOLT).dim is VOLT
    assert Quantity(5.0).dim is DIMENSIONLESS
    merged = Quantity([1 * mV, 2 * mV])
    assert merged.dim is VOLT and merged.shape == (2,)


def test_quantity_constructor_copy_and_view():
    values = np.arange(3.0)
    view = Quantity(values, VOLT)
    copied = Quantity(values, VOLT, copy=True)
    values[0] = 7.0
    assert float(view[0] / volt) == 7.0
    assert float(copied[0] / volt) == 0.0


def test_quantity_constructor_errors():
    with pytest.raises(DimensionMismatchError,
                       match="Cannot make a quantity in second from 3. mV"):
        Quantity(3 * mV, dim=second.dim)
    with pytest.raises(TypeError, match="dim must be a Dimension"):
        Quantity(3, dim=second)
    with pytest.raises(DimensionMismatchError,
                       match="elements with different units"):
        Quantity([1 * mV, 2 * second])


def test_with_dimensions():
    q = Quantity.with_dimensions(2.0, m=1, s=-1)
    assert q.dim is get_or_create_dimension(m=1, s=-1)
    assert Quantity.with_dimensions(np.ones(3), VOLT).dim is VOLT
    assert Quantity.with_dimensions(1.0, (0, 0, 1, 0, 0, 0, 0)).dim is second.dim


def test_properties():
    q = 3 * mV
    assert q.dimensions is VOLT
    assert not q.is_dimensionless
    assert Quantity(2.0).is_dimensionless
    assert q.has_same_dimensions(5 * volt)
    assert not q.has_same_dimensions(5)


# -- arithmetic --------------------------------------------------------------
def test_addition_needs_the_same_units():
    assert np.isclose((3 * mV + 2 * mV) / mV, 5)
    assert np.isclose((1 * volt - 500 * mV) / mV, 500)
    with pytest.raises(DimensionMismatchError,
                       match=r"Cannot compute 3\. mV \+ 1\. s: incompatible "
                             r"units \(volt vs\. second\)"):
        3 * mV + 1 * second
    with pytest.raises(DimensionMismatchError,
                       match=r"Cannot compute 3\. mV \+ 1: incompatible units "
                             r"\(volt vs\. dimensionless\)"):
        3 * mV + 1
    with pytest.raises(DimensionMismatchError, match=r"1 - 3\. mV"):
        1 - 3 * mV


def test_plain_zero_fits_any_unit():
    assert (3 * mV + 0).dim is VOLT
    assert (0 + 3 * mV).dim is VOLT
    assert (3 * mV - np.zeros(3)).dim is VOLT
    assert sum([1 * mV, 2 * mV]).dim is VOLT
    assert (np.zeros(3) * mV + np.array([0, np.inf, -np.inf])).dim is VOLT


def test_multiplication_and_division_combine_units():
    current = 10 * nS * (5 * mV)
    assert current.dim is amp.dim
    assert np.isclose(current / pA, 50)
    assert ((1 * metre) / (2 * second)).dim is get_or_create_dimension(m=1, s=-1)
    assert (2 / (4 * ms)).dim is get_or_create_dimension(s=-1)


def test_dimensionless_results_are_plain_numpy():
    ratio = (3 * mV) / (1 * mV)
    assert type(ratio) is np.float64
    assert ratio == pytest.approx(3)
    arr = (np.arange(1.0, 4.0) * mV) / mV
    assert type(arr) is np.ndarray
    assert np.allclose(arr, [1, 2, 3])
    assert type(-0.06 * volt / mV) is np.float64


def test_power():
    assert ((3 * mV) ** 2).dim is VOLT ** 2
    assert ((4 * mV) ** 0.5).dim is VOLT ** 0.5
    assert ((2 * ms) ** -1).dim is second.dim ** -1
    assert ((3 * mV) ** np.array([2.0])).dim is VOLT ** 2
    assert ((3 * mV) ** 0) == 1
    plain = (np.arange(3) * mV / mV) ** np.arange(3)
    assert np.allclose(plain, [1, 1, 4])


def test_power_errors():
    with pytest.raises(DimensionMismatchError,
                       match=r"Cannot raise 2\. mV to an array of exponents"):
        (2 * mV) ** np.array([1, 2])
    with pytest.raises(DimensionMismatchError,
                       match="the exponent must be dimensionless"):
        (3 * mV) ** (2 * mV)
    with pytest.raises(DimensionMismatchError,
                       match="the exponent must be dimensionless"):
        2 ** (3 * mV)


def test_unary_operators_keep_units():
    q = np.array([-1.0, 2.0]) * mV
    assert (-q).dim is VOLT and float((-q)[0] / mV) == 1
    assert (+q).dim is VOLT
    assert abs(q).dim is VOLT and float(abs(q)[0] / mV) == 1


def test_modulo_and_floor_division():
    assert np.isclose((5 * mV) % (3 * mV) / mV, 2)
    assert (5 * mV) // (3 * mV) == 1
    quotient, remainder = divmod(7 * mV, 2 * mV)
    assert quotient == 3 and np.isclose(remainder / mV, 1)
    with pytest.raises(DimensionMismatchError, match=r"5\. mV % 3\. ms"):
        (5 * mV) % (3 * ms)


def test_matmul_multiplies_units():
    assert (np.ones(2) * mV @ (np.ones(2) * nA)).dim is (mV * nA).dim


# -- comparisons -------------------------------------------------------------
def test_comparisons():
    assert 1 * mV < 2 * mV
    assert 1 * volt > 999 * mV
    assert 1 * mV == 1000 * (mV / 1000)
    assert 3 * mV != 4 * mV
    assert 3 * mV >= 3 * mV and 3 * mV <= 3 * mV
    result = np.array([1.0, 2.0]) * mV < 1.5 * mV
    assert type(result) is np.ndarray and result.tolist() == [True, False]


def test_comparison_with_zero_and_infinity():
    assert 3 * mV > 0
    assert -3 * mV < 0
    assert (np.zeros(2) < 3 * mV).all()
    assert 3 * mV < np.inf
    assert not 3 * mV == 0


def test_comparison_errors():
    with pytest.raises(DimensionMismatchError,
                       match=r"Cannot compute 3\. mV == 3: incompatible units"):
        3 * mV == 3
    with pytest.raises(DimensionMismatchError, match=r"3\. mV < 1\. s"):
        3 * mV < 1 * second
    with pytest.raises(DimensionMismatchError, match=r"> nan"):
        np.ones(2) * mV > np.nan


def test_comparison_with_non_numbers():
    assert (mV == None) is False  # noqa: E711
    assert (3 * mV != "text") is True
    assert (3 * mV) in list(np.arange(5) * mV)


# -- indexing --------------------------------------------------------------------
def test_getitem_keeps_units():
    q = np.arange(6.0) * mV
    assert q[2].dim is VOLT and np.isclose(q[2] / mV, 2)
    assert q[1:3].dim is VOLT and q[1:3].shape == (2,)
    assert q[[0, 2]].dim is VOLT
    assert q[q > 2 * mV].shape == (3,)
    grid = q.reshape(2, 3)
    assert grid[1].dim is VOLT and grid[1, 2].dim is VOLT


def test_setitem_checks_units():
    q = np.arange(5.0) * mV
    q[2:4] = 3 * mV
    assert np.allclose(q / mV, [0, 1, 3, 3, 4])
    q[0] = 0
    q[1] = [1 * volt][0]
    assert np.isclose(q[1] / mV, 1000)
    q[:2] = [5 * mV, 6 * mV]
    assert np.allclose(q[:2] / mV, [5, 6])


def test_setitem_errors():
    q = np.arange(5.0) * mV
    with pytest.raises(DimensionMismatchError,
                       match=r"Cannot assign 3\. s to elements of a quantity in "
                             r"volt: incompatible units \(volt vs\. second\)"):
        q[0] = 3 * second
    with pytest.raises(DimensionMismatchError, match="Cannot assign 1 to"):
        q[0] = 1


def test_iteration_and_lists():
    q = np.arange(3.0) * mV
    items = list(q)
    assert all(item.dim is VOLT for item in items)
    assert np.isclose(items[2] / mV, 2)
    assert [x.dim for x in q.tolist()] == [VOLT] * 3
    assert q.item(1).dim is VOLT
    assert list(Quantity(np.arange(2.0))) == [0.0, 1.0]
    assert Quantity(np.arange(2.0)).tolist() == [0.0, 1.0]
    with pytest.raises(TypeError, match="iteration over a 0-d quantity"):
        iter(3 * mV)


def test_fill():
    q = np.zeros(3) * mV
    q.fill(2 * mV)
    assert np.allclose(q / mV, 2)
    with pytest.raises(DimensionMismatchError,
                       match=r"Cannot fill a quantity in volt with 2\. ms"):
        q.fill(2 * ms)


# -- conversions ---------------------------------------------------------------
def test_float_and_int_of_dimensionless():
    assert float(Quantity(2.5)) == 2.5
    assert int(Quantity(3.7)) == 3
    assert complex(Quantity(1.0)) == 1
    assert float((3 * mV) / mV) == pytest.approx(3)
    assert range(Quantity(3)) == range(3)


def test_float_and_int_give_si_values_as_in_brian2():
    # Brian 2.9: float(5*mV) == 0.005, int(2.7*volt) == 2, int(-2.7*volt)
    # == -2, complex(5*mV) == 0.005+0j; scripts write int(T) for a count
    result = float(5 * mV)
    assert type(result) is float and result == 0.005
    assert int(2.7 * volt) == 2 and int(-2.7 * volt) == -2
    assert int(5 * mV) == 0
    assert type(int(3 * second)) is int
    assert complex(5 * mV) == 0.005 + 0j
    # Python functions that take floats work on the SI value
    assert math.isclose(math.sqrt(4 * mV), math.sqrt(0.004))


def _conversion(convert, values):
    """What ``convert(values)`` gives: the result, or the error type."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return convert(values)
        except TypeError:
            return TypeError


def test_conversion_of_arrays_follows_numpy():
    # arrays of other shapes convert exactly as their plain SI values do
    # in the installed NumPy (older ones accept one element with a
    # DeprecationWarning, NumPy 2.3 and later refuse)
    for values in (np.array([1.0]), np.array([[3.0]]), np.array([1.0, 2.0]),
                   np.ones(0)):
        for convert in (float, int, complex):
            expected = _conversion(convert, values / 1000)
            assert _conversion(convert, values * mV) == expected
    with pytest.raises(TypeError):
        float(np.array([1.0, 2.0]) * mV)


def test_index_needs_integer_values_whatever_the_unit():
    # Brian 2.9: an integer quantity with units is an index, a float one
    # (range(3*mV)) is not
    three = Quantity(np.int64(3), VOLT)
    assert range(three) == range(3)
    assert [10, 11, 12, 13][Quantity(np.int64(2), VOLT)] == 12
    assert operator.index(three) == 3
    with pytest.raises(TypeError, match="integer"):
        range(3 * mV)
    with pytest.raises(TypeError, match="integer"):
        range(Quantity(3.0))


def test_numpy_builds_plain_arrays_of_si_values_from_scalars():
    # np.array([1*mV, 2*mV]) goes through float(): SI values, as in Brian 2
    # (Quantity([...]) keeps the unit)
    values = np.array([1 * mV, 2 * mV])
    assert type(values) is np.ndarray
    assert np.allclose(values, [0.001, 0.002])
    assert Quantity([1 * mV, 2 * mV]).dim is VOLT


def test_asarray_gives_the_si_values():
    values = np.asarray(np.array([1.0, 2.0]) * mV)
    assert type(values) is np.ndarray
    assert np.allclose(values, [0.001, 0.002])


# -- in-place operations -----------------------------------------------------------
def test_in_place_operations_keep_the_unit():
    q = np.arange(3.0) * mV
    before = q
    q += 1 * mV
    q *= 2
    q -= 0
    assert q is before and q.dim is VOLT
    assert np.allclose(q / mV, [2, 4, 6])


def test_in_place_operations_cannot_change_units():
    q = np.arange(3.0) * mV
    with pytest.raises(DimensionMismatchError,
                       match="an in-place operation cannot change units"):
        q *= mV
    with pytest.raises(DimensionMismatchError, match="incompatible units"):
        q += 1
    plain = np.arange(3.0)
    with pytest.raises(DimensionMismatchError,
                       match="in a plain array: it has units"):
        plain *= mV
    assert np.allclose(plain, [0, 1, 2])


def test_units_cannot_be_changed():
    u = mV
    u *= 2
    assert np.isclose(u / mV, 2) and np.isclose(mV / volt, 0.001)
    with pytest.raises(ValueError, match="read-only"):
        mV[()] = 5 * mV
    with pytest.raises(ValueError, match="read-only"):
        np.add(mV, mV, out=mV)


# -- copies and pickling -----------------------------------------------------------
def test_copies_and_pickles_keep_units():
    q = np.arange(3.0) * mV
    for other in (q.copy(), copy.deepcopy(q), pickle.loads(pickle.dumps(q)),
                  pickle.loads(pickle.dumps(q, protocol=5)),
                  q.astype(np.float32), q.T):
        assert other.dim is VOLT
        assert np.allclose(other / mV, [0, 1, 2])
    assert pickle.loads(pickle.dumps(3 * mV)).dim is VOLT


def test_units_pickle_and_hash():
    again = pickle.loads(pickle.dumps(mV))
    assert isinstance(again, Unit) and str(again) == "mV" and again.dim is VOLT
    assert {mV: 1}[mvolt] == 1
    with pytest.raises(TypeError, match="unhashable"):
        hash(3 * mV)
