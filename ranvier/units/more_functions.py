"""Unit rules of further NumPy functions that Brian 2 scripts apply to
quantities: file writers, set operations, covariances, polynomial fits and
Fourier transforms (registered on import).

Brian 2 runs these on the SI values and mostly gives plain numbers back.
ranvier keeps a unit where one result unit exists and gives plain SI
values where the results mix units (the coefficients of a polynomial
fit), so that scripts written for Brian run unchanged.
"""

from __future__ import annotations

import numpy as np

from ranvier.units.array_functions import (_implements, _np, _plain_result,
                                           _rule, _wrap_first)
from ranvier.units.dimensions import DIMENSIONLESS
from ranvier.units.quantity import (FUNCTION_RULES, dim_of, plain, strip_all,
                                    with_dim)

__all__: list = []


def _si_values(func):
    """Writers store the SI values, which is what a quantity holds (and
    what Brian 2 writes)."""
    def handler(*args, **kwargs):
        return func(*strip_all(args), **strip_all(kwargs))
    FUNCTION_RULES[func] = handler


for _f in _np("save", "savetxt", "savez", "savez_compressed"):
    if _f is not None:
        _si_values(_f)

for _f in _np("nanargmax", "nanargmin"):
    _rule(_f, result=_plain_result)

for _f in _np("setdiff1d", "union1d", "setxor1d"):
    _rule(_f, same=("ar2",))
_rule(np.intersect1d, same=("ar2",), wrap=_wrap_first)
_rule(np.sort_complex)

# Fourier transforms are linear: the result has the unit of the values.
for _f in (np.fft.fft, np.fft.ifft, np.fft.rfft, np.fft.irfft, np.fft.fft2,
           np.fft.ifft2, np.fft.fftn, np.fft.ifftn, np.fft.fftshift,
           np.fft.ifftshift):
    _rule(_f)


@_implements(np.cov)
def _cov(m, y=None, *args, **kwargs):
    # With y in other units, the matrix mixes units: plain SI values.
    same = y is None or dim_of(y) is dim_of(m)
    dim = dim_of(m) ** 2 if same else DIMENSIONLESS
    return with_dim(np.cov(plain(m), plain(y), *strip_all(args),
                           **strip_all(kwargs)), dim)


@_implements(np.corrcoef)
def _corrcoef(x, y=None, *args, **kwargs):
    # correlation coefficients are pure numbers whatever the units
    return np.corrcoef(plain(x), plain(y), *strip_all(args), **strip_all(kwargs))


@_implements(np.polyfit)
def _polyfit(x, y, deg, *args, **kwargs):
    # each coefficient has its own unit (y / x**k): plain SI values, as in
    # Brian 2
    return np.polyfit(plain(x), plain(y), deg, *strip_all(args),
                      **strip_all(kwargs))


del _f
