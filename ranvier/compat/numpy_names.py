"""NumPy names that Brian 2 scripts may use and newer NumPy removed.

Brian 2.9 runs with NumPy from 1.23 up to (not including) 2.3, so its
scripts may call ``np.in1d``, ``np.trapz`` (both gone in NumPy 2.4) or
names NumPy 2.0 dropped (``np.product``, ``np.float_``, ``np.Inf`` ...).
ranvier runs on current NumPy; for such a script to run unchanged under
:func:`ranvier.compat.brian2.install` (what ``python -m ranvier`` does),
:func:`install` puts these names back on the ``numpy`` module, each
bound to its exact modern equivalent.

Only names the installed NumPy lacks are added; an existing attribute is
never replaced, and :func:`uninstall` removes exactly what
:func:`install` added. Removed names without an exact equivalent (such
as ``np.find_common_type``, whose promotion rules differ from
``np.result_type``'s) are left out, so a script using one fails with
NumPy's own ``AttributeError`` rather than computing something else.
"""

from __future__ import annotations

import builtins
import types
import warnings

import numpy as np

__all__ = ["install", "uninstall", "removed_names", "installed_names",
           "star_sum"]


def in1d(ar1, ar2, assume_unique=False, invert=False, *, kind=None):
    """``np.in1d``: whether each element of ``ar1``, flattened, is in
    ``ar2`` (``np.isin`` on the flattened ``ar1``)."""
    return np.isin(np.asanyarray(ar1).ravel(), ar2,
                   assume_unique=assume_unique,
                   invert=invert, kind=kind)


def msort(a):
    """``np.msort``: ``a`` sorted along its first axis."""
    return np.sort(a, axis=0)


def asfarray(a, dtype=np.float64):
    """``np.asfarray``: ``a`` as an array of floating-point type
    (``dtype`` if it is inexact, float64 otherwise)."""
    if not np.issubdtype(dtype, np.inexact):
        dtype = np.float64
    return np.asarray(a, dtype=dtype)


def star_sum(a, *args, **kwargs):
    """``sum`` as ``from brian2 import *`` gives it: NumPy's ``sum``,
    which before NumPy 2.4 also summed a generator (with a
    ``DeprecationWarning``) as Python's ``sum`` does; NumPy 2.4 raises
    ``TypeError`` instead. Brian 2 scripts that shadow Python's ``sum``
    with the star import and sum a generator keep working.
    """
    if not isinstance(a, types.GeneratorType):
        return np.sum(a, *args, **kwargs)
    warnings.warn("sum(generator): NumPy 2.4 refuses np.sum of a "
                  "generator; summed with Python's sum, as NumPy < 2.4 "
                  "did", DeprecationWarning, stacklevel=2)
    total = builtins.sum(a)
    out = kwargs.get("out", args[2] if len(args) > 2 else None)
    if out is not None:
        out[...] = total
        return out
    return total


def removed_names() -> dict:
    """Each old name with what it stands for on current NumPy (whether or
    not the installed NumPy still has the old name)."""
    names = {
        # gone in NumPy 2.4
        "in1d": in1d, "trapz": np.trapezoid,
        # gone in NumPy 2.0 (NEP 52): functions
        "product": np.prod, "cumproduct": np.cumprod, "alltrue": np.all,
        "sometrue": np.any, "round_": np.round, "msort": msort,
        "asfarray": asfarray, "mat": np.asmatrix, "row_stack": np.vstack,
        # constants
        "Inf": np.inf, "Infinity": np.inf, "infty": np.inf, "PINF": np.inf,
        "NINF": -np.inf, "NaN": np.nan, "NAN": np.nan, "PZERO": 0.0,
        "NZERO": -0.0,
        # scalar type aliases
        "float_": np.float64, "complex_": np.complex128,
        "cfloat": np.complex128, "singlecomplex": np.complex64,
        "longfloat": np.longdouble, "longcomplex": np.clongdouble,
        "clongfloat": np.clongdouble, "string_": np.bytes_,
        "unicode_": np.str_, "int0": np.intp, "uint0": np.uintp,
        "bool8": np.bool_, "object0": np.object_, "str0": np.str_,
        "bytes0": np.bytes_, "void0": np.void,
    }
    return names


#: The names install() added, with the values it set (so uninstall()
#: leaves alone anything a script set on numpy afterwards).
_added: dict = {}


def install() -> list[str]:
    """Add the removed names the installed NumPy lacks to ``numpy``;
    returns the names added by this call."""
    added = []
    for name, value in removed_names().items():
        if hasattr(np, name):
            continue
        setattr(np, name, value)
        _added[name] = value
        added.append(name)
    return added


def installed_names() -> list[str]:
    """The names :func:`install` has added and not yet removed."""
    return sorted(_added)


def uninstall() -> None:
    """Remove from ``numpy`` the names :func:`install` added."""
    for name, value in list(_added.items()):
        if getattr(np, name, None) is value:
            delattr(np, name)
        del _added[name]
