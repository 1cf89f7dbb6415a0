"""Unit rules of NumPy ufuncs and their methods (reduce, accumulate ...)."""

import numpy as np
import pytest

from ranvier.units import (DimensionMismatchError, Quantity, hertz, mV, ms,
                           nA, nS, radian, second, um3, umetre, volt)

VOLT = volt.dim
V3 = np.array([-2.0, 0.5, 3.0]) * mV


@pytest.mark.parametrize("ufunc", [np.add, np.subtract, np.maximum,
                                   np.minimum, np.fmax, np.fmin, np.hypot,
                                   np.remainder, np.fmod, np.nextafter])
def test_same_unit_ufuncs(ufunc):
    result = ufunc(V3, 1 * mV)
    assert result.dim is VOLT
    assert np.allclose(result / mV, ufunc(np.asarray(V3 / mV), 1.0))
    with pytest.raises(DimensionMismatchError,
                       match=rf"Cannot compute .*{ufunc.__name__}|Cannot compute "
                             r".* [-+%] 1\. s"):
        ufunc(V3, 1 * second)


def test_maximum_with_zero():
    assert np.allclose(np.maximum(V3, 0) / mV, [0, 0.5, 3])
    assert np.allclose(np.clip(V3, 0, np.inf) / mV, [0, 0.5, 3])


@pytest.mark.parametrize("ufunc", [np.less, np.less_equal, np.greater,
                                   np.greater_equal, np.equal, np.not_equal])
def test_comparison_ufuncs(ufunc):
    result = ufunc(V3, 0.5 * mV)
    assert type(result) is np.ndarray and result.dtype == bool
    assert result.tolist() == ufunc(np.asarray(V3 / mV), 0.5).tolist()
    with pytest.raises(DimensionMismatchError, match="incompatible units"):
        ufunc(V3, 0.5 * ms)


@pytest.mark.parametrize("ufunc", [np.negative, np.positive, np.absolute,
                                   np.fabs, np.conjugate, np.rint, np.floor,
                                   np.ceil, np.trunc])
def test_unit_keeping_ufuncs(ufunc):
    result = ufunc(V3)
    assert result.dim is VOLT
    assert np.allclose(np.asarray(result), ufunc(np.asarray(V3)))


def test_powers_and_roots():
    assert np.sqrt(4 * um3 / umetre).dim is umetre.dim
    assert np.isclose(np.sqrt(4 * um3 / umetre) / umetre, 2)
    assert np.isclose(np.cbrt(8 * um3) / umetre, 2)
    assert np.square(3 * mV).dim is VOLT ** 2
    assert np.reciprocal(2 * ms).dim is hertz.dim
    assert np.isclose(np.reciprocal(2 * ms) / hertz, 500)
    assert np.float_power(2 * mV, 2).dim is VOLT ** 2


def test_multiply_and_divide():
    assert np.multiply(2 * mV, 3 * nS).dim is nA.dim
    assert np.divide(2 * mV, 4 * ms).dim is VOLT / second.dim
    assert np.true_divide(2 * mV, 1 * mV) == pytest.approx(2)
    assert np.matmul(np.ones(2) * mV, np.ones(2) * nS).dim is nA.dim


@pytest.mark.parametrize("ufunc", [np.exp, np.expm1, np.exp2, np.log,
                                   np.log2, np.log10, np.log1p, np.sin,
                                   np.cos, np.tan, np.arcsin, np.arctan,
                                   np.sinh, np.cosh, np.tanh, np.arcsinh,
                                   np.deg2rad, np.rad2deg])
def test_functions_that_need_dimensionless_arguments(ufunc):
    x = np.array([0.1, 0.2]) * mV
    plain = ufunc(x / mV)
    assert type(plain) is np.ndarray
    assert np.allclose(plain, ufunc(np.array([0.1, 0.2])))
    with pytest.raises(DimensionMismatchError,
                       match=rf"{ufunc.__name__}\(\) needs a dimensionless "
                             r"argument, got \[100\. 200\.\] uV \(unit: volt\)"):
        ufunc(x)


def test_two_argument_dimensionless_functions():
    assert np.logaddexp(1 * mV / mV, 2.0) == pytest.approx(np.logaddexp(1, 2))
    with pytest.raises(DimensionMismatchError,
                       match=r"logaddexp\(\) needs dimensionless arguments, "
                             r"got 1\. mV, 2"):
        np.logaddexp(1 * mV, 2.0)


def test_radian_is_dimensionless():
    assert np.sin(np.pi / 2 * radian) == pytest.approx(1)


def test_arctan2_and_floor_divide_need_one_unit():
    assert np.arctan2(1 * mV, 1 * mV) == pytest.approx(np.pi / 4)
    assert np.floor_divide(7 * mV, 2 * mV) == 3
    with pytest.raises(DimensionMismatchError, match=r"arctan2\(1\. mV, 1\. ms\)"):
        np.arctan2(1 * mV, 1 * ms)


def test_sign_has_no_unit():
    result = np.sign(V3)
    assert type(result) is np.ndarray
    assert result.tolist() == [-1, 1, 1]


@pytest.mark.parametrize("ufunc", [np.isnan, np.isinf, np.isfinite,
                                   np.signbit, np.logical_not])
def test_truth_valued_ufuncs_accept_any_unit(ufunc):
    result = ufunc(V3)
    assert type(result) is np.ndarray and result.dtype == bool


def test_logical_combinations():
    assert np.logical_and(3 * mV, 1 * ms)
    assert not np.logical_xor(3 * mV, 1 * mV)


def test_multiple_outputs():
    frac, whole = np.modf(7.5 * volt)
    assert whole.dim is VOLT and frac.dim is VOLT
    assert np.isclose(whole / volt, 7) and np.isclose(frac / volt, 0.5)
    quotient, rem = np.divmod(7 * mV, 2 * mV)
    assert quotient == 3 and rem.dim is VOLT


def test_ldexp_copysign_heaviside():
    assert np.isclose(np.ldexp(3 * mV, 2) / mV, 12)
    assert np.isclose(np.copysign(3 * mV, -1) / mV, -3)
    assert np.heaviside(3 * mV, 0.5) == 1
    with pytest.raises(DimensionMismatchError,
                       match=r"ldexp\(\) needs a dimensionless second argument"):
        np.ldexp(3 * mV, 2 * mV)
    with pytest.raises(DimensionMismatchError,
                       match=r"heaviside\(\) needs a dimensionless second"):
        np.heaviside(3 * mV, 0.5 * mV)


def test_ufunc_without_rule():
    assert np.gcd(np.array([4]), 2)[0] == 2
    assert np.bitwise_and(Quantity(np.array([3])), 1)[0] == 1
    with pytest.raises(TypeError,
                       match=r"np.gcd has no unit rule in ranvier and cannot "
                             r"be applied to values with units \(volt, volt\)"):
        np.gcd(np.array([4]) * mV, 2 * mV)


# -- out= ------------------------------------------------------------------------
def test_out_argument():
    target = np.zeros(3) * mV
    returned = np.add(V3, 1 * mV, out=target)
    assert returned is target
    assert np.allclose(target / mV, [-1, 1.5, 4])
    flags = np.zeros(3, dtype=bool)
    np.less(V3, 0, out=flags)
    assert flags.tolist() == [True, False, False]


def test_out_argument_errors():
    with pytest.raises(DimensionMismatchError,
                       match="Cannot store the result of add in a plain array"):
        np.add(1 * mV, 2 * mV, out=np.zeros(()))
    with pytest.raises(DimensionMismatchError,
                       match="Cannot store the result of multiply in a quantity "
                             "in volt"):
        np.multiply(V3, V3, out=np.zeros(3) * mV)


# -- methods ---------------------------------------------------------------------
def test_reductions_that_keep_units():
    grid = np.arange(6.0).reshape(2, 3) * mV
    assert np.add.reduce(grid, axis=0).dim is VOLT
    assert np.isclose(grid.sum() / mV, 15)
    assert np.isclose(grid.max() / mV, 5) and np.isclose(grid.min() / mV, 0)
    assert np.allclose(np.maximum.accumulate(V3) / mV, [-2, 0.5, 3])
    assert np.allclose(np.add.accumulate(V3) / mV, [-2, -1.5, 1.5])
    assert np.allclose(np.add.reduceat(np.arange(6.0) * mV, [0, 3]) / mV, [3, 12])
    assert np.isclose(np.add.reduce(V3, initial=1 * mV) / mV, 2.5)
    assert np.isclose(np.add.reduce(V3, initial=0) / mV, 1.5)


def test_reductions_to_truth_values():
    assert (np.arange(3) * mV).any()
    assert not (np.arange(3) * mV).all()
    assert np.logical_or.reduce(np.arange(3) * mV)


def test_reduction_errors():
    with pytest.raises(DimensionMismatchError,
                       match=r"Cannot multiply the elements of \[.*\] mV "
                             r"together \(multiply.reduce\): the unit of the "
                             "result would depend on the number of elements"):
        V3.prod()
    with pytest.raises(DimensionMismatchError, match="multiply.accumulate"):
        V3.cumprod()
    with pytest.raises(DimensionMismatchError,
                       match=r"Cannot start add.reduce from 1\. ms"):
        np.add.reduce(V3, initial=1 * ms)
    with pytest.raises(DimensionMismatchError,
                       match=r"Cannot apply divide.reduce to .* the unit would "
                             "change"):
        np.divide.reduce(V3)
    assert np.multiply.reduce(np.array([2.0, 3.0]) * mV / mV) == 6


def test_outer_and_at():
    table = np.multiply.outer(np.ones(2) * mV, np.ones(3) * nS)
    assert table.shape == (2, 3) and table.dim is nA.dim
    diffs = np.subtract.outer(np.ones(2) * mV, np.zeros(2) * mV)
    assert diffs.dim is VOLT
    counts = np.zeros(3) * mV
    np.add.at(counts, [0, 0, 2], 1 * mV)
    assert np.allclose(counts / mV, [2, 0, 1])
    with pytest.raises(DimensionMismatchError,
                       match="Cannot apply multiply.at: it would change the units"):
        np.multiply.at(np.ones(3) * mV, [0], 2 * mV)
    with pytest.raises(DimensionMismatchError, match="incompatible units"):
        np.add.at(np.ones(3) * mV, [0], 2 * ms)
