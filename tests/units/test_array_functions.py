"""Unit rules of NumPy functions (``__array_function__``) and ``arange``."""

import numpy as np
import pytest

from ranvier.units import (DimensionMismatchError, Hz, Quantity, arange, mV,
                           ms, nA, nS, second, um, volt)

VOLT = volt.dim
Q = np.array([3.0, 1.0, 2.0]) * mV


def _mv(x):
    return np.asarray(x / mV)


# -- reductions and statistics -----------------------------------------------
@pytest.mark.parametrize("func", [np.sum, np.mean, np.median, np.min, np.max,
                                  np.amin, np.amax, np.ptp, np.std, np.nanmean,
                                  np.nansum, np.nanmax, np.nanmin, np.nanstd,
                                  np.nanmedian])
def test_reductions_keep_units(func):
    result = func(Q)
    assert result.dim is VOLT
    assert np.isclose(_mv(result), func(np.array([3.0, 1.0, 2.0])))


def test_methods_match_functions():
    assert np.isclose(_mv(Q.mean()), 2)
    assert np.isclose(_mv(Q.std()), np.std([3, 1, 2]))
    assert Q.var().dim is VOLT ** 2
    assert np.isclose(Q.var() / mV ** 2, np.var([3, 1, 2]))


def test_variance_squares_the_unit():
    assert np.var(Q).dim is VOLT ** 2
    assert np.nanvar(Q).dim is VOLT ** 2
    assert np.isclose(np.var(Q, mean=2 * mV) / mV ** 2, np.var([3, 1, 2]))
    with pytest.raises(DimensionMismatchError,
                       match=r"np.var\(\) needs its arguments in the same units"):
        np.var(Q, mean=2 * ms)


def test_reductions_with_initial_and_where():
    assert np.isclose(_mv(np.min(Q, initial=0)), 0)
    assert np.isclose(_mv(np.max(Q, initial=5 * mV)), 5)
    assert np.isclose(_mv(np.sum(Q, where=np.array([True, False, True]))), 5)
    with pytest.raises(DimensionMismatchError,
                       match=r"np.max\(\) needs its arguments in the same units, "
                             r"got \[3\. 1\. 2\.\] mV, 1 \(volt vs\. dimensionless\)"):
        np.max(Q, initial=1)


def test_axis_and_keepdims():
    grid = np.ones((2, 3)) * mV
    assert np.mean(grid, axis=0).shape == (3,)
    assert np.sum(grid, axis=1, keepdims=True).shape == (2, 1)
    assert np.sum(grid, axis=1).dim is VOLT


def test_percentiles_and_average():
    assert np.isclose(_mv(np.percentile(Q, 50)), 2)
    assert np.isclose(_mv(np.quantile(Q, 0.5)), 2)
    weighted = np.average(Q, weights=np.array([1.0, 0.0, 0.0]) * ms)
    assert np.isclose(_mv(weighted), 3)
    mean, total = np.average(Q, weights=np.ones(3), returned=True)
    assert mean.dim is VOLT and total == 3
    with pytest.raises(DimensionMismatchError,
                       match=r"np.percentile\(\): argument 'q' must be "
                             "dimensionless, got a value in volt"):
        np.percentile(Q, 50 * mV)


def test_cumulative_and_differences():
    assert np.allclose(_mv(np.cumsum(Q)), [3, 4, 6])
    assert np.allclose(_mv(np.diff(Q)), [-2, 1])
    assert np.allclose(_mv(np.diff(Q, prepend=0)), [3, -2, 1])
    assert np.allclose(_mv(np.ediff1d(Q, to_end=1 * mV)), [-2, 1, 1])
    with pytest.raises(DimensionMismatchError,
                       match=r"np.diff\(\) needs its arguments in the same units"):
        np.diff(Q, append=1 * ms)


def test_products_are_refused_unless_dimensionless():
    assert np.prod(Q / mV) == 6
    assert np.allclose(np.cumprod(Q / mV), [3, 3, 6])
    for func in (np.prod, np.cumprod, np.nanprod):
        with pytest.raises(DimensionMismatchError,
                           match=rf"np.{func.__name__}\(\) cannot multiply values "
                                 "in volt together: the unit of the result "
                                 "would depend on the number of elements"):
            func(Q)


# -- rounding, clipping, choosing ----------------------------------------------------
def test_round_keeps_units_and_rounds_in_si():
    assert np.round(3.456 * mV, 4).dim is VOLT
    assert np.isclose(_mv(np.round(3.456 * mV, 4)), 3.5)
    assert np.isclose(_mv(np.around(3.456 * mV, 5)), 3.46)
    assert np.isclose(_mv(round(3.456 * mV, 4)), 3.5)
    assert np.isclose(_mv((3.456 * mV).round(4)), 3.5)
    assert round(Quantity(3.6)) == 4


def test_clip():
    assert np.allclose(_mv(np.clip(Q, 1.5 * mV, 2.5 * mV)), [2.5, 1.5, 2])
    assert np.allclose(_mv(np.clip(Q, 0, 2 * mV)), [2, 1, 2])
    assert np.allclose(_mv(Q.clip(2 * mV)), [3, 2, 2])
    out = np.zeros(3) * mV
    assert np.clip(Q, 0, 2 * mV, out=out) is out
    with pytest.raises(DimensionMismatchError,
                       match=r"np.clip\(\) needs its arguments in the same units, "
                             r"got .* mV, 1\. ms, 3\. ms \(volt vs\. second\)"):
        np.clip(Q, 1 * ms, 3 * ms)
    with pytest.raises(DimensionMismatchError,
                       match=r"np.clip\(\): cannot write a result in volt to an "
                             "output array in second"):
        np.clip(Q, 0, 2 * mV, out=np.zeros(3) * ms)


def test_where_and_select():
    mask = np.array([True, False, True])
    assert np.allclose(_mv(np.where(mask, Q, 0)), [3, 0, 2])
    assert np.where(mask, Q, 1 * volt).dim is VOLT
    assert np.where(Q > 1.5 * mV)[0].tolist() == [0, 2]
    assert np.allclose(_mv(np.select([mask], [Q], 0)), [3, 0, 2])
    assert np.allclose(_mv(np.choose([0, 1, 0], [Q, Q * 2])), [3, 2, 2])
    with pytest.raises(DimensionMismatchError,
                       match=r"np.where\(\) needs its choices in the same units, "
                             r"got \[3\. 1\. 2\.\] mV, 1\. s"):
        np.where(mask, Q, 1 * second)
    with pytest.raises(DimensionMismatchError, match="np.select"):
        np.select([mask], [Q], 1)


def test_sign_and_abs():
    assert np.abs(-Q).dim is VOLT
    assert np.sign(-Q).tolist() == [-1, -1, -1]


# -- joining and reshaping ------------------------------------------------------------
JOINS = [np.concatenate, np.stack, np.vstack, np.hstack, np.dstack,
         np.column_stack] + ([np.row_stack] if hasattr(np, "row_stack") else [])


@pytest.mark.filterwarnings("ignore:`row_stack` alias:DeprecationWarning")
@pytest.mark.parametrize("func", JOINS)
def test_joining_arrays_of_one_unit_keeps_it(func):
    joined = func([Q, 2 * Q])
    assert joined.dim is VOLT
    assert joined.size == 6
    assert np.allclose(_mv(joined), func([[3.0, 1, 2], [6.0, 2, 4]]))


@pytest.mark.filterwarnings("ignore:`row_stack` alias:DeprecationWarning")
@pytest.mark.parametrize("func", JOINS)
def test_joining_different_units_gives_si_values(func):
    # Brian 2.9 drops the unit of every join (it never refuses one);
    # ranvier gives plain SI values when the units differ, so tables with
    # columns in different units can be built as in Brian's examples
    rates = np.array([10.0, 20.0, 30.0]) * Hz
    for items in ([Q, rates], [Q / mV, rates], (Q, Q / mV * ms)):
        joined = func(items)
        assert type(joined) is np.ndarray
        assert np.allclose(joined, func([np.asarray(x) for x in items]))
    table = np.column_stack([Q / mV, rates])
    assert table.shape == (3, 2)
    assert np.allclose(table[:, 1], [10, 20, 30])


def test_joining_a_list_that_mixes_units():
    # each element of such a list becomes its SI value
    joined = np.concatenate([[1 * mV, 2 * Hz], Q])
    assert type(joined) is np.ndarray
    assert np.allclose(joined, [0.001, 2, 0.003, 0.001, 0.002])


def test_joining_into_an_output_array():
    out = np.zeros(6) * mV
    assert np.concatenate([Q, Q], out=out) is out
    assert np.allclose(_mv(out), [3, 1, 2, 3, 1, 2])
    plain_out = np.zeros(6)
    np.concatenate([Q, Q / mV * ms], out=plain_out)
    assert np.allclose(plain_out, [0.003, 0.001, 0.002, 0.003, 0.001, 0.002])
    with pytest.raises(DimensionMismatchError, match="output array in volt"):
        np.concatenate([Q, Q / mV * ms], out=out)


def test_append_and_block_with_different_units():
    appended = np.append(Q, [10, 20] * Hz)
    assert type(appended) is np.ndarray
    assert np.allclose(appended, [0.003, 0.001, 0.002, 10, 20])
    assert np.allclose(np.append(np.ones(2), Q), [1, 1, 0.003, 0.001, 0.002])
    blocked = np.block([[Q], [Q / mV]])
    assert type(blocked) is np.ndarray and blocked.shape == (2, 3)
    assert np.allclose(blocked[1], [3, 1, 2])


def test_joining_mixed_with_zeros_and_lists():
    assert np.allclose(_mv(np.concatenate([Q, np.zeros(2)])), [3, 1, 2, 0, 0])
    assert np.hstack([Q, [1 * mV]]).dim is VOLT
    assert np.block([[Q], [Q]]).dim is VOLT
    assert np.block([[Q], [Q]]).shape == (2, 3)
    assert np.append(Q, 4 * mV).dim is VOLT
    assert np.allclose(_mv(np.append(Q, 4 * mV)), [3, 1, 2, 4])
    assert np.allclose(_mv(np.append(Q, [[4 * mV]], axis=None)), [3, 1, 2, 4])
    assert np.allclose(_mv(np.insert(Q, 1, 9 * mV)), [3, 9, 1, 2])


def test_insert_still_needs_one_unit():
    # Brian 2.9 inserts the SI number and keeps the array's unit
    # (np.insert(v, 0, 3*Hz) gives 3 volt in a voltage array): refused here
    with pytest.raises(DimensionMismatchError,
                       match=r"np.insert\(\) needs its arguments in the same units"):
        np.insert(Q, 1, 5)
    with pytest.raises(DimensionMismatchError, match="np.insert"):
        np.insert(Q, 1, 5 * Hz)


@pytest.mark.parametrize("call", [
    lambda q: np.reshape(q, (3, 1)), np.ravel, np.transpose, np.squeeze,
    lambda q: np.expand_dims(q, 0), np.flip, lambda q: np.roll(q, 1),
    lambda q: np.tile(q, 2), lambda q: np.repeat(q, 2), np.sort,
    lambda q: np.take(q, [0, 2]), lambda q: np.delete(q, 0), np.atleast_2d,
    lambda q: np.broadcast_to(q, (2, 3)), np.copy, np.unique,
    lambda q: np.partition(q, 1), lambda q: np.resize(q, 5), np.diag,
    lambda q: np.compress([True, False, True], q), np.zeros_like,
    np.ones_like, np.empty_like, np.trim_zeros, np.fix, np.real,
    lambda q: np.split(q, 3)[0], lambda q: np.nan_to_num(q, nan=0),
])
def test_shape_functions_keep_units(call):
    assert call(Q).dim is VOLT


def test_shape_function_errors():
    with pytest.raises(DimensionMismatchError,
                       match=r"np.roll\(\): argument 'shift' must be "
                             "dimensionless, got a value in second"):
        np.roll(Q, 1 * ms)
    with pytest.raises(DimensionMismatchError, match="np.nan_to_num"):
        np.nan_to_num(Q, nan=-1)


def test_functions_returning_indices_or_truth():
    assert np.argmax(Q) == 0 and np.argmin(Q) == 1
    assert np.argsort(Q).tolist() == [1, 2, 0]
    assert np.nonzero(Q)[0].tolist() == [0, 1, 2]
    assert np.count_nonzero(Q) == 3
    assert np.searchsorted(np.sort(Q), 2.5 * mV) == 2
    assert np.digitize(Q, np.array([1.5]) * mV).tolist() == [1, 0, 1]
    assert np.isin(1 * mV, Q)
    assert np.array_equal(Q, Q.copy())
    assert np.shape(Q) == (3,) and np.ndim(Q) == 1 and np.size(Q) == 3
    assert np.result_type(Q) == np.float64
    with pytest.raises(DimensionMismatchError,
                       match=r"np.searchsorted\(\) needs its arguments in the "
                             r"same units, got .* mV, 2 \(volt vs\. dimensionless\)"):
        np.searchsorted(Q, 2)
    with pytest.raises(DimensionMismatchError, match="np.array_equal"):
        np.array_equal(Q, Q / mV * ms)


def test_each_array_keeps_its_own_unit():
    xs, ys = np.meshgrid(Q, np.ones(2) * ms)
    assert xs.dim is VOLT and ys.dim is second.dim
    a, b = np.broadcast_arrays(Q, np.ones((2, 1)) * ms)
    assert a.dim is VOLT and b.dim is second.dim
    one, two = np.atleast_1d(3 * mV, 4 * ms)
    assert one.dim is VOLT and two.dim is second.dim


# -- multiplying ------------------------------------------------------------------------
def test_products_combine_units():
    current = nS.dim * VOLT
    for result in (np.dot(Q, np.ones(3) * nS), Q.dot(np.ones(3) * nS),
                   np.inner(Q, np.ones(3) * nS), np.vdot(Q, np.ones(3) * nS),
                   np.outer(Q, np.ones(2) * nS), np.cross(Q, np.ones(3) * nS),
                   np.kron(Q, np.ones(2) * nS),
                   np.convolve(Q, np.ones(2) * nS),
                   np.tensordot(Q, np.ones(3) * nS, axes=1)):
        assert result.dim is current
    assert np.isclose(np.dot(Q, np.ones(3) * nS) / nA, 6e-3)


def test_trapezoid_and_gradient():
    area = np.trapezoid(Q, dx=1 * ms)
    assert area.dim is VOLT * second.dim
    assert np.trapezoid(Q, np.arange(3) * ms).dim is VOLT * second.dim
    slope = np.gradient(Q, 1 * ms)
    assert slope.dim is VOLT / second.dim
    assert np.allclose(np.asarray(slope), np.gradient(np.asarray(Q), 1e-3))
    gx, gy = np.gradient(np.ones((2, 2)) * mV, 1 * ms, 1 * um)
    assert gx.dim is VOLT / second.dim and gy.dim is VOLT / um.dim
    assert np.gradient(Q).dim is VOLT


def test_linalg_norm_and_trace():
    assert np.isclose(np.linalg.norm(np.ones(4) * mV) / mV, 2)
    assert np.isclose(np.trace(np.eye(2) * mV) / mV, 2)
    assert np.isclose((np.eye(2) * mV).trace() / mV, 2)


# -- histograms and counts ----------------------------------------------------------------
def test_bincount():
    assert np.bincount([0, 1, 1], weights=np.ones(3) * nA).dim is nA.dim
    with pytest.raises(DimensionMismatchError,
                       match=r"np.bincount\(\) counts integers, which cannot "
                             "have units"):
        np.bincount(Quantity(np.array([0, 1]), VOLT))


# -- comparing and interpolating ------------------------------------------------------------
def test_isclose_and_allclose():
    assert np.isclose(1 * mV, 1000 * (mV / 1000))
    assert np.allclose(Q, Q * (1 + 1e-9))
    assert not np.isclose(1 * mV, 1.01 * mV)
    assert np.isclose(1 * mV, 1.01 * mV, atol=20 * mV / 1000)
    # no hidden absolute tolerance of 1e-8 in SI: 1 nV and 2 nV differ
    assert not np.isclose(1e-9 * volt, 2e-9 * volt)
    assert np.isclose(1e-9, 2e-9)


def test_isclose_errors():
    with pytest.raises(DimensionMismatchError,
                       match=r"np.isclose\(\) needs its arguments in the same "
                             r"units, got 1\. mV, 1\. ms"):
        np.isclose(1 * mV, 1 * ms)
    with pytest.raises(DimensionMismatchError,
                       match=r"np.isclose\(\): atol must have the units of the "
                             r"values \(volt\), got 1\.e-09"):
        np.isclose(1 * mV, 1 * mV, atol=1e-9)
    with pytest.raises(DimensionMismatchError,
                       match=r"np.allclose\(\): rtol must be dimensionless"):
        np.allclose(1 * mV, 1 * mV, rtol=1 * mV)


def test_interp():
    y = np.interp(1 * ms, np.array([0, 2]) * ms, np.array([0, 2]) * mV)
    assert y.dim is VOLT and np.isclose(y / mV, 1)
    with pytest.raises(DimensionMismatchError,
                       match=r"np.interp\(\) needs its x values in the same units"):
        np.interp(1 * mV, np.array([0, 2]) * ms, np.array([0, 2]) * mV)


def test_numpy_testing_works_with_quantities():
    np.testing.assert_allclose(Q, Q.copy())
    np.testing.assert_array_equal(Q, Q.copy())
    with pytest.raises(AssertionError, match=r"\[3\., 1\., 2\.\] \* mvolt"):
        np.testing.assert_allclose(Q, Q * 1.1)


# -- creating ------------------------------------------------------------------------
def test_linspace():
    values = np.linspace(0 * mV, 10 * mV, 3)
    assert values.dim is VOLT and np.allclose(_mv(values), [0, 5, 10])
    assert np.linspace(0, 10 * mV, 3).dim is VOLT
    samples, step = np.linspace(0 * mV, 10 * mV, 3, retstep=True)
    assert step.dim is VOLT and np.isclose(step / mV, 5)
    with pytest.raises(DimensionMismatchError,
                       match=r"np.linspace\(\) needs its arguments in the same "
                             r"units, got 0\. V, 10\. ms"):
        np.linspace(0 * mV, 10 * ms, 3)


def test_arange():
    values = arange(0 * mV, 3 * mV, 1 * mV)
    assert values.dim is VOLT and np.allclose(_mv(values), [0, 1, 2])
    assert arange(0, 3 * mV, 1 * mV).dim is VOLT
    assert arange(5).tolist() == [0, 1, 2, 3, 4]
    with pytest.raises(DimensionMismatchError,
                       match=r"np.arange\(\) needs its arguments in the same units"):
        arange(0, 3 * mV, 1 * ms)
    with pytest.raises(DimensionMismatchError,
                       match="arange\\(\\) needs a step in volt: the default "
                             "step of 1 has no units"):
        arange(3 * mV)


def test_numpy_arange_gives_si_values_as_in_brian2():
    # np.arange does not dispatch to quantities: it converts them with
    # float(), which gives SI values (Brian 2.9 does the same); ranvier's
    # own arange keeps the unit
    values = np.arange(0 * mV, 3 * mV, 1 * mV)
    assert type(values) is np.ndarray
    assert np.allclose(values, [0, 0.001, 0.002])


def test_full_like():
    assert np.full_like(Q, 3 * nA).dim is nA.dim
    assert type(np.full_like(Q, 3)) is np.ndarray


def test_writing_functions_check_units():
    target = np.zeros(3) * mV
    np.copyto(target, Q)
    assert np.allclose(_mv(target), [3, 1, 2])
    np.put(target, [0], 7 * mV)
    np.putmask(target, np.array([False, True, False]), 8 * mV)
    np.place(target, np.array([False, False, True]), 9 * mV)
    assert np.allclose(_mv(target), [7, 8, 9])
    target.put([1], 1 * mV)
    square = np.zeros((2, 2)) * mV
    np.fill_diagonal(square, 1 * mV)
    assert np.isclose(square[1, 1] / mV, 1)
    with pytest.raises(DimensionMismatchError,
                       match=r"np.copyto\(\): cannot write \[1\. 1\. 1\.\] ms into "
                             "an array in volt"):
        np.copyto(target, np.ones(3) * ms)
    with pytest.raises(DimensionMismatchError, match=r"np.put\(\): cannot write"):
        np.put(target, [0], 1)


def test_text_functions():
    assert np.array_repr(3 * mV) == "3. * mvolt"
    assert np.array_str(np.arange(2.0) * mV) == "[0. 1.] mV"


# -- functions without a rule ---------------------------------------------------------
def test_function_without_rule_runs_on_dimensionless_values():
    result = np.apply_along_axis(np.sum, 0, Quantity(np.arange(3.0)))
    assert type(result) is np.ndarray
    assert np.isclose(result, 3)


def test_function_without_rule_refuses_units():
    with pytest.raises(TypeError,
                       match=r"np.apply_along_axis has no unit rule in ranvier, "
                             r"so it cannot be applied to values with units "
                             r"\(volt\); convert them to plain numbers first"):
        np.apply_along_axis(np.sum, 0, Q)


def test_where_needs_one_or_three_arguments():
    with pytest.raises(TypeError, match=r"np.where\(\) takes either 1 or 3 "
                                        "arguments"):
        np.where(Q > 0, Q)
