"""Running kernels on both backends and comparing the states they leave.

Tolerances: deterministic code must agree bitwise (same dtype, same bits,
NaN where NaN); transcendental functions are compared in units in the last
place (ulp), since NumPy may use its own SIMD implementations where Numba
calls the C library.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from ranvier.backends import get_backend
from ranvier.ir.buffers import RecordBuffer
from ranvier.ir.kernel import Access, Kernel, range_domain
from ranvier.lang.parse import parse_condition, parse_statements


@dataclass
class Op:
    """A scheduled operation as the runners see it."""

    clock: object
    kernel: Kernel | None = None
    callable: object = None


CLOCK = object()


def run(backend_name, kernels, arrays, steps=1, seed=0):
    """Run ``kernels`` (one clock) for ``steps`` steps on ``arrays``."""
    ops = [Op(CLOCK, k) for k in kernels]
    runner = get_backend(backend_name).prepare(
        ops, arrays, np.random.default_rng(seed))
    with np.errstate(all="ignore"):
        for _ in range(steps):
            runner.step({id(CLOCK)})
    return arrays


def run_both(kernels, arrays, steps=1):
    """The states NumPy and Numba leave, from copies of ``arrays``."""
    ref = run("numpy", kernels, copy.deepcopy(arrays), steps)
    got = run("numba", kernels, copy.deepcopy(arrays), steps)
    return ref, got


def assert_same_state(ref, got, ulps=None):
    """Every array (and record buffer) equal; ``ulps`` maps array names to
    a tolerance in ulp for those computed with transcendental functions."""
    ulps = ulps or {}
    assert ref.keys() == got.keys()
    for name in ref:
        a, b = ref[name], got[name]
        if isinstance(a, RecordBuffer):
            assert a.length == b.length, f"rows recorded in {name}"
            for column in a.columns:
                assert_bitwise(a.view(column), b.view(column),
                               f"{name}[{column}]")
        elif name in ulps:
            assert_ulps(a, b, ulps[name], name)
        else:
            assert_bitwise(a, b, name)


def assert_bitwise(ref, got, what=""):
    """Same dtype, shape and bits (any NaN matches any NaN)."""
    ref, got = np.asarray(ref), np.asarray(got)
    assert ref.dtype == got.dtype, f"{what}: dtype {got.dtype}, " \
        f"expected {ref.dtype}"
    assert ref.shape == got.shape, f"{what}: shape"
    if ref.dtype.kind == "f":
        nan = np.isnan(ref)
        same = np.where(nan, np.isnan(got), _bits(ref) == _bits(got))
    else:
        same = ref == got
    if not same.all():
        where = np.flatnonzero(~same)[:5]
        raise AssertionError(f"{what}: differs at {where.tolist()}: "
                             f"expected {ref.ravel()[where].tolist()}, got "
                             f"{got.ravel()[where].tolist()}")


def ulp_distance(ref, got):
    """How many representable floats lie between ``ref`` and ``got``."""
    ref, got = np.asarray(ref), np.asarray(got)
    return np.abs(_ordered(ref) - _ordered(got))


def assert_ulps(ref, got, ulps, what=""):
    """Same dtype and NaNs; finite values within ``ulps`` ulp."""
    ref, got = np.asarray(ref), np.asarray(got)
    assert ref.dtype == got.dtype, what
    nan = np.isnan(ref)
    assert (np.isnan(got) == nan).all(), f"{what}: NaNs differ"
    distance = ulp_distance(ref[~nan], got[~nan])
    assert distance.max(initial=0) <= ulps, \
        f"{what}: {distance.max()} ulp apart (allowed {ulps})"


def _bits(values):
    return values.view(f"i{values.dtype.itemsize}")


def _ordered(values):
    # Reinterpret the bits as integers that grow with the float value, so
    # their difference counts the floats in between.
    bits = _bits(values).astype(np.int64)
    low = np.iinfo(f"i{values.dtype.itemsize}").min
    return np.where(bits < 0, low - bits, bits)


def simple_kernel(name, code, arrays, condition=None, events_out=None,
                  constants=(), scalars=(), size=None):
    """A range kernel over all elements binding every array by name;
    arrays written by ``code`` are writable, ``scalars`` are scalar."""
    body = parse_statements(code) if code else ()
    written = {s.target for s in body}
    size = size if size is not None else len(next(
        a for n, a in arrays.items() if n not in scalars))
    accesses = tuple(
        Access(n, n, "scalar" if n in scalars else "element",
               write=n in written)
        for n in arrays if n != events_out)
    return Kernel(name, range_domain(0, size), accesses, tuple(constants),
                  body, parse_condition(condition) if condition else None,
                  events_out)
