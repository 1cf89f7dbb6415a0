"""Scalar building blocks that generated kernels call.

Generated code runs one element at a time, so every operator and built-in
function of the model language needs a scalar version whose result is the
one :mod:`ranvier.lang.evaluate` gives element by element with NumPy. The
plain operators that Numba already computes the NumPy way (``+``, ``-``,
``*``, ``/`` on floats, comparisons) are printed inline; everything whose
NumPy meaning differs from Python's or Numba's lives here.

The code generator casts arguments to the dtype NumPy's loop would use
before calling a helper, and casts integer results back to the expected
width (Numba computes small integers as ``int64``). Float helpers come in
one version per float width, so float32 code stays in float32.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = ["floordiv_int", "mod_int", "pow_int", "floordiv_f64",
           "floordiv_f32", "mod_f64", "mod_f32", "sign_f64", "sign_f32",
           "sign_int", "clip", "clip_uniform", "exprel", "timestep", "rand",
           "randn", "poisson", "seed"]

# error_model='numpy': float division by zero gives inf/nan, as in NumPy,
# instead of raising ZeroDivisionError.
_jit = njit(cache=True, error_model="numpy", nogil=True)


# -- integer operators -----------------------------------------------------

@_jit
def floordiv_int(a, b):
    """``a // b`` on integers: 0 when ``b`` is 0, as NumPy returns."""
    if b == 0:
        return a * 0
    if b == -1:
        # The machine division traps on INT_MIN // -1; NumPy wraps.
        return -a
    return a // b


@_jit
def mod_int(a, b):
    """``a % b`` on integers with the sign of ``b``; 0 when ``b`` is 0."""
    if b == 0 or b == -1:
        return a * 0
    return a % b


@_jit
def pow_int(a, b):
    """``a ** b`` on integers, wrapping on overflow as NumPy does."""
    if b < 0:
        raise ValueError("Integers to negative integer powers are not "
                         "allowed.")
    result = a * 0 + 1
    base = a
    # Square-and-multiply: products taken modulo 2**64 give the same
    # wrapped result as any other order of multiplication.
    while b > 0:
        if b & 1:
            result = result * base
        base = base * base
        b = b >> 1
    return result


# -- float floor division and remainder ------------------------------------

def _make_divmod(ftype):
    """Python-style ``//`` and ``%`` on floats of type ``ftype``.

    The quotient is derived from ``fmod``, which is exact, and snapped to
    the nearest integer; the constants have the type of the arguments so
    float32 code never widens to float64.
    """
    zero, one, half = ftype(0.0), ftype(1.0), ftype(0.5)

    @_jit
    def divmod_(a, b):
        mod = np.fmod(a, b)
        if b == zero:
            return a / b, mod
        div = (a - mod) / b
        if mod != zero:
            if (b < zero) != (mod < zero):
                mod = mod + b
                div = div - one
        else:
            mod = np.copysign(zero, b)
        if div != zero:
            floordiv = np.floor(div)
            if div - floordiv > half:
                floordiv = floordiv + one
        else:
            floordiv = np.copysign(zero, a / b)
        return floordiv, mod

    @_jit
    def floordiv(a, b):
        return divmod_(a, b)[0]

    @_jit
    def mod(a, b):
        return divmod_(a, b)[1]

    return floordiv, mod


floordiv_f64, mod_f64 = _make_divmod(np.float64)
floordiv_f32, mod_f32 = _make_divmod(np.float32)


# -- functions -------------------------------------------------------------

def _make_sign(ftype):
    """``np.sign`` on floats of type ``ftype``: NaN stays NaN and both
    zeros give +0.0."""
    zero, one = ftype(0.0), ftype(1.0)

    @_jit
    def sign(x):
        if x > zero:
            return one
        if x < zero:
            return -one
        if x == zero:
            return zero
        return x

    return sign


sign_f64 = _make_sign(np.float64)
sign_f32 = _make_sign(np.float32)


@_jit
def sign_int(x):
    """-1, 0 or 1 (as ``int64``; the caller narrows it)."""
    return (x > 0) - (x < 0)


@_jit
def clip(x, low, high):
    """``np.clip`` as NumPy's loop for per-element bounds computes it.

    NaN in any argument propagates; between equal values (``-0.0`` and
    ``0.0``) the bound wins.
    """
    # x != x is only true for NaN.
    y = x if (x > low or x != x) else low
    return y if (y < high or y != y) else high


@_jit
def clip_uniform(x, low, high):
    """``np.clip`` as NumPy's loop for bounds shared by all elements
    computes it: as :func:`clip`, except that between equal values ``x``
    wins."""
    y = x if (x >= low or x != x) else low
    return y if (y <= high or y != y) else high


@_jit
def exprel(x):
    """``(exp(x) - 1) / x`` for float64, with ``exprel(0) == 1``."""
    if x == 0.0:
        return 1.0
    return math.expm1(x) / x


@_jit
def timestep(t, shift, dt):
    """``int((t + shift) / dt)``; the caller computes ``shift = 1e-3*dt``
    in the type NumPy uses, which depends on the arguments' dtypes."""
    return np.int64((t + shift) / dt)


# -- random numbers (Numba's own generator, seeded by the runner) ---------

@_jit
def rand():
    """A uniform number in [0, 1)."""
    return np.random.random()


@_jit
def randn():
    """A standard normal number."""
    return np.random.standard_normal()


@_jit
def poisson(lam):
    """A Poisson-distributed integer with mean ``lam``."""
    return np.random.poisson(lam)


@_jit
def seed(value):
    """Seed Numba's generator (one per thread, shared by all kernels)."""
    np.random.seed(value)
