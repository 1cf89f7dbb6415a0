"""Unit rules for NumPy functions, used by ``Quantity.__array_function__``.

Each handler checks the units of the arguments, runs the NumPy function
on plain values and gives the result its unit. Most handlers are built
from a few patterns (:func:`_rule` covers "the result has the unit of the
data argument; these other arguments must share it"); the rest are
written out below. A NumPy function missing here still runs when no
argument has a unit, and raises otherwise.
"""

from __future__ import annotations

import inspect

import numpy as np

from ranvier.units.dimensions import (DIMENSIONLESS, DimensionMismatchError,
                                      readable_dimension)
from ranvier.units.formatting import quantity_repr, quantity_str, short_str
from ranvier.units.quantity import (FUNCTION_RULES, Quantity, check_same,
                                    dim_of, dims_in, plain, strip_all,
                                    with_dim)
from ranvier.units.ufunc_rules import common_dim

__all__ = ["arange"]


def _name(func) -> str:
    return f"np.{func.__name__}"


def _implements(*funcs):
    """Register the decorated handler for every function that exists in
    this NumPy version."""
    def decorate(handler):
        for func in funcs:
            if func is not None:
                FUNCTION_RULES[func] = handler
        return handler
    return decorate


def _np(*names):
    return [getattr(np, n, None) for n in names]


def _absent(value) -> bool:
    return value is None or value is np._NoValue


def _as_quantity(value):
    """Lists that hold quantities become one quantity; the rest is left."""
    if isinstance(value, (list, tuple)) and dims_in(value):
        return Quantity(value)
    return value


def _common(func, values, what="arguments"):
    """The unit shared by ``values`` (plain zeros and infinities fit any)."""
    values = [_as_quantity(v) for v in values]
    dims = [dim_of(v) for v in values]
    plains = [plain(v) for v in values]
    return common_dim(plains, dims, lambda: (
        f"{_name(func)}() needs its {what} in the same units, got "
        + ", ".join(short_str(p, d) for p, d in zip(plains, dims))))


def _reject_units(func, arguments, allowed) -> None:
    for arg, value in arguments.items():
        if arg in allowed:
            continue
        dims = [d for d in dims_in(value) if d is not DIMENSIONLESS]
        if dims:
            raise DimensionMismatchError(
                f"{_name(func)}(): argument {arg!r} must be dimensionless, "
                f"got a value in {readable_dimension(dims[0])}", dims[0])


def _plain_out(func, out, dim):
    """Check that ``out`` can hold a result in ``dim``; its plain view."""
    targets = out if isinstance(out, tuple) else (out,)
    for target in targets:
        if dim_of(target) is not dim:
            raise DimensionMismatchError(
                f"{_name(func)}(): cannot write a result in "
                f"{readable_dimension(dim)} to an output array in "
                f"{readable_dimension(dim_of(target))}", dim, dim_of(target))
    return strip_all(out)


def _wrap_all(result, dim):
    if isinstance(result, (list, tuple)) and not hasattr(result, "_fields"):
        return type(result)(with_dim(r, dim) for r in result)
    return with_dim(result, dim)


def _wrap_first(result, dim):
    if isinstance(result, tuple):
        return (with_dim(result[0], dim),) + tuple(result[1:])
    return with_dim(result, dim)


def _same_dim(dim):
    return dim


def _plain_result(dim):
    return DIMENSIONLESS


def _squared(dim):
    return dim ** 2


def _rule(func, *, data=None, same=(), free=(), result=_same_dim,
          wrap=_wrap_all):
    """A handler for ``func``: the argument ``data`` (the first one by
    default) and those in ``same`` share a unit, the result has
    ``result(unit)``, arguments in ``free`` may have any unit and all other
    arguments must be dimensionless."""
    if func is None:
        return
    sig = inspect.signature(func)
    first = next(iter(sig.parameters))
    data = data or first
    allowed = {data, *same, *free, "out"}

    def handler(*args, **kwargs):
        if len(args) == 1 and not kwargs and data == first:
            # the common call np.mean(q): binding the signature is slow
            value = _as_quantity(args[0])
            return wrap(func(plain(value)), result(dim_of(value)))
        bound = sig.bind(*args, **kwargs)
        arguments = bound.arguments
        group = [arguments[data]] + [arguments[n] for n in same
                                     if n in arguments and not _absent(arguments[n])]
        dim = _common(func, group) if len(group) > 1 else dim_of(
            _as_quantity(group[0]))
        _reject_units(func, arguments, allowed)
        result_dim = result(dim)
        out = arguments.get("out")
        for arg in list(arguments):
            arguments[arg] = strip_all(_as_quantity(arguments[arg])) \
                if arg != "out" else arguments[arg]
        if out is not None:
            arguments["out"] = _plain_out(func, out, result_dim)
        res = func(*bound.args, **bound.kwargs)
        return out if out is not None else wrap(res, result_dim)

    FUNCTION_RULES[func] = handler


# -- the result keeps the unit of the data ---------------------------------
for _f in _np("reshape", "ravel", "transpose", "swapaxes", "moveaxis",
              "rollaxis", "squeeze", "expand_dims", "flip", "fliplr", "flipud",
              "rot90", "roll", "tile", "repeat", "resize", "trim_zeros",
              "diagonal", "diag", "diagflat", "tril", "triu", "broadcast_to",
              "copy", "sort", "partition", "take", "take_along_axis", "delete",
              "split", "array_split", "hsplit", "vsplit", "dsplit", "real",
              "imag", "fix", "round", "around", "real_if_close", "cumsum",
              "nancumsum", "cumulative_sum", "mean", "nanmean", "median",
              "nanmedian", "ptp", "trace", "zeros_like", "ones_like",
              "empty_like", "permute_dims", "matrix_transpose"):
    _rule(_f)
_rule(np.linalg.norm)
_rule(np.compress, data="a")
_rule(np.extract, data="arr")
for _f in _np("sum", "nansum", "max", "min", "amax", "amin", "nanmax", "nanmin"):
    _rule(_f, same=("initial",))
for _f in _np("std", "nanstd"):
    _rule(_f, same=("mean",))
for _f in _np("var", "nanvar"):
    _rule(_f, same=("mean",), result=_squared)
for _f in _np("percentile", "quantile", "nanpercentile", "nanquantile"):
    _rule(_f, free=("weights",))
_rule(np.clip, same=("a_min", "a_max", "min", "max"))
_rule(np.diff, same=("prepend", "append"))
_rule(np.ediff1d, same=("to_end", "to_begin"))
_rule(np.insert, same=("values",))
_rule(np.nan_to_num, same=("nan", "posinf", "neginf"))
_rule(np.linspace, data="start", same=("stop",))
_rule(np.unique, wrap=_wrap_first)

# -- the result has no unit ----------------------------------------------
for _f in _np("argmax", "argmin", "argsort", "argpartition", "nonzero",
              "flatnonzero", "argwhere", "count_nonzero", "shape", "ndim",
              "size", "all", "any", "iscomplex", "isreal", "iscomplexobj",
              "isrealobj", "isneginf", "isposinf"):
    _rule(_f, result=_plain_result)
_rule(np.searchsorted, same=("v",), result=_plain_result)
_rule(np.digitize, same=("bins",), result=_plain_result)
_rule(np.isin, same=("test_elements",), result=_plain_result)
for _f in _np("array_equal", "array_equiv"):
    _rule(_f, same=("a2",), result=_plain_result)


def _describing(func):
    # These describe arrays (types, memory, order), never their values in
    # a unit, so arguments with any units may come in.
    def handler(*args, **kwargs):
        return func(*strip_all(args), **strip_all(kwargs))
    return handler


for _f in _np("result_type", "may_share_memory", "shares_memory", "lexsort",
              "can_cast", "min_scalar_type"):
    if _f is not None:
        FUNCTION_RULES[_f] = _describing(_f)


# -- multiplying ----------------------------------------------------------
def _product(func):
    sig = inspect.signature(func)
    first, second = list(sig.parameters)[:2]

    def handler(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        arguments = bound.arguments
        for arg in (first, second):
            arguments[arg] = _as_quantity(arguments[arg])
        dim = dim_of(arguments[first]) * dim_of(arguments[second])
        _reject_units(func, arguments, {first, second, "out"})
        out = arguments.get("out")
        for arg in (first, second):
            arguments[arg] = plain(arguments[arg])
        if out is not None:
            arguments["out"] = _plain_out(func, out, dim)
        res = func(*bound.args, **bound.kwargs)
        return out if out is not None else with_dim(res, dim)

    FUNCTION_RULES[func] = handler


for _f in _np("dot", "vdot", "inner", "outer", "cross", "tensordot", "kron",
              "convolve", "correlate"):
    _product(_f)


def _refuse_products(func):
    """prod and friends: the unit would depend on how many elements are
    multiplied, so only dimensionless values are accepted."""
    def handler(*args, **kwargs):
        dims = [d for d in dims_in(args) + dims_in(kwargs) if d is not DIMENSIONLESS]
        if dims:
            raise DimensionMismatchError(
                f"{_name(func)}() cannot multiply values in "
                f"{readable_dimension(dims[0])} together: the unit of the "
                "result would depend on the number of elements (only "
                "dimensionless values can be multiplied this way)", dims[0])
        return func(*strip_all(args), **strip_all(kwargs))
    FUNCTION_RULES[func] = handler


for _f in _np("prod", "nanprod", "cumprod", "nancumprod", "cumulative_prod"):
    if _f is not None:
        _refuse_products(_f)


@_implements(getattr(np, "trapezoid", None))
def _trapezoid(y, x=None, dx=1.0, axis=-1):
    step_dim = dim_of(x) if x is not None else dim_of(dx)
    res = np.trapezoid(plain(y), None if x is None else plain(x), plain(dx), axis)
    return with_dim(res, dim_of(y) * step_dim)


@_implements(np.gradient)
def _gradient(f, *varargs, axis=None, edge_order=1):
    spacing = [dim_of(v) for v in varargs] or [DIMENSIONLESS]
    res = np.gradient(plain(f), *strip_all(varargs), axis=axis,
                      edge_order=edge_order)
    if isinstance(res, (list, tuple)):
        return type(res)(with_dim(r, dim_of(f) / spacing[i % len(spacing)])
                         for i, r in enumerate(res))
    return with_dim(res, dim_of(f) / spacing[0])


# -- joining arrays ---------------------------------------------------------
# When all arrays share one unit, the result keeps it. When they do not,
# the result is a plain array of SI values, for every joining function.
# Brian 2.9 never refuses these: it drops the unit of every join, and
# published scripts rely on that to build tables whose columns are in
# different units (np.column_stack([currents, rates])). Refusing only the
# 1-D joins (concatenate, hstack, append), where mixing units is more
# likely a mistake, would still stop unmodified scripts that Brian runs,
# so compatibility wins; keeping the unit where all agree is stricter than
# Brian without breaking anything it accepts.
def _joined_dim(func, items):
    """The unit shared by the arrays in ``items``, dimensionless when they
    have different units (the join then gives plain SI values)."""
    if not items:
        return DIMENSIONLESS
    try:
        return _common(func, items, "arrays")
    except DimensionMismatchError:
        return DIMENSIONLESS


def _si_values(item):
    """``item`` as plain SI values; a list mixing units becomes an array of
    each element's SI value (as NumPy's float() conversion would)."""
    try:
        return plain(_as_quantity(item))
    except DimensionMismatchError:
        return strip_all(item)


def _joining(func):
    """Functions whose first argument is a sequence of arrays (concatenate,
    stack ...): see the comment above."""
    sig = inspect.signature(func)
    seq = next(iter(sig.parameters))

    def handler(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        arguments = bound.arguments
        items = list(arguments[seq])
        dim = _joined_dim(func, items)
        _reject_units(func, arguments, {seq, "out"})
        arguments[seq] = [_si_values(x) for x in items]
        out = arguments.get("out")
        if out is not None:
            arguments["out"] = _plain_out(func, out, dim)
        res = func(*bound.args, **bound.kwargs)
        return out if out is not None else with_dim(res, dim)

    FUNCTION_RULES[func] = handler


for _f in _np("concatenate", "stack", "vstack", "hstack", "dstack",
              "column_stack", "row_stack"):
    if _f is not None:
        _joining(_f)


@_implements(np.append)
def _append(arr, values, axis=None):
    dim = _joined_dim(np.append, [arr, values])
    return with_dim(np.append(_si_values(arr), _si_values(values), axis), dim)


@_implements(np.block)
def _block(arrays):
    leaves = _leaves(arrays)
    dim = _joined_dim(np.block, leaves)
    return with_dim(np.block(_si_leaves(arrays)), dim)


def _leaves(nested):
    if isinstance(nested, list):
        return [leaf for item in nested for leaf in _leaves(item)]
    return [nested]


def _si_leaves(nested):
    if isinstance(nested, list):
        return [_si_leaves(item) for item in nested]
    return _si_values(nested)


@_implements(np.where)
def _where(condition, *xy):
    if not xy:
        return np.where(plain(condition))
    if len(xy) != 2:
        raise TypeError("np.where() takes either 1 or 3 arguments")
    dim = _common(np.where, xy, "choices")
    return with_dim(np.where(plain(condition), plain(xy[0]), plain(xy[1])), dim)


@_implements(np.select)
def _select(condlist, choicelist, default=0):
    dim = _common(np.select, list(choicelist) + [default], "choices")
    return with_dim(np.select(strip_all(condlist), strip_all(list(choicelist)),
                              plain(default)), dim)


@_implements(np.choose)
def _choose(a, choices, out=None, mode="raise"):
    dim = _common(np.choose, list(choices), "choices")
    if out is not None:
        np.choose(plain(a), strip_all(list(choices)),
                  out=_plain_out(np.choose, out, dim), mode=mode)
        return out
    return with_dim(np.choose(plain(a), strip_all(list(choices)), mode=mode), dim)


def _each_own_unit(func):
    """atleast_1d, broadcast_arrays ...: several arrays in, the same ones
    (reshaped) out, each with its own unit."""
    def handler(*arrays, **kwargs):
        res = func(*[plain(a) for a in arrays], **kwargs)
        if isinstance(res, (list, tuple)):
            return type(res)(with_dim(r, dim_of(a)) for r, a in zip(res, arrays))
        return with_dim(res, dim_of(arrays[0]))
    FUNCTION_RULES[func] = handler


for _f in _np("atleast_1d", "atleast_2d", "atleast_3d", "broadcast_arrays",
              "meshgrid"):
    _each_own_unit(_f)


# -- writing into an array ----------------------------------------------------
def _writer(func, target_arg, value_arg):
    sig = inspect.signature(func)

    def handler(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        arguments = bound.arguments
        target = arguments[target_arg]
        value = _as_quantity(arguments[value_arg])
        check_same(value, dim_of(target), lambda: (
            f"{_name(func)}(): cannot write {short_str(plain(value), dim_of(value))}"
            f" into an array in {readable_dimension(dim_of(target))}"))
        _reject_units(func, arguments, {target_arg, value_arg})
        arguments[target_arg] = plain(target)
        arguments[value_arg] = plain(value)
        return func(*bound.args, **bound.kwargs)

    FUNCTION_RULES[func] = handler


_writer(np.copyto, "dst", "src")
_writer(np.put, "a", "v")
_writer(np.putmask, "a", "values")
_writer(np.place, "arr", "vals")
_writer(np.fill_diagonal, "a", "val")


@_implements(np.full_like)
def _full_like(a, fill_value, *args, **kwargs):
    return with_dim(np.full_like(plain(a), plain(fill_value), *args, **kwargs),
                    dim_of(fill_value))


# -- comparing -------------------------------------------------------------
def _closeness(func):
    def handler(a, b, rtol=1e-05, atol=None, equal_nan=False):
        dim = _common(func, [a, b])
        if dim_of(rtol) is not DIMENSIONLESS:
            raise DimensionMismatchError(
                f"{_name(func)}(): rtol must be dimensionless", dim_of(rtol))
        if atol is None:
            # NumPy's default absolute tolerance (1e-8) means nothing for a
            # quantity (1e-8 farad is huge for a neuron): use none.
            atol = 1e-08 if dim is DIMENSIONLESS else 0.0
        check_same(atol, dim, lambda: (
            f"{_name(func)}(): atol must have the units of the values "
            f"({readable_dimension(dim)}), got "
            f"{short_str(plain(atol), dim_of(atol))}"))
        return func(plain(a), plain(b), plain(rtol), plain(atol), equal_nan)
    FUNCTION_RULES[func] = handler


_closeness(np.isclose)
_closeness(np.allclose)


@_implements(np.interp)
def _interp(x, xp, fp, left=None, right=None, period=None):
    _common(np.interp, [v for v in (x, xp, period) if v is not None], "x values")
    y_dim = _common(np.interp, [v for v in (fp, left, right) if v is not None],
                    "y values")
    res = np.interp(plain(x), plain(xp), plain(fp), plain(left), plain(right),
                    plain(period))
    return with_dim(res, y_dim)


# -- counting ----------------------------------------------------------------
# (histograms: see histograms.py)
@_implements(np.bincount)
def _bincount(x, weights=None, minlength=0):
    if dim_of(x) is not DIMENSIONLESS:
        raise DimensionMismatchError(
            "np.bincount() counts integers, which cannot have units", dim_of(x))
    return with_dim(np.bincount(plain(x), plain(weights), minlength),
                    dim_of(weights))


@_implements(np.average)
def _average(a, axis=None, weights=None, returned=False, **kwargs):
    res = np.average(plain(a), axis, plain(weights), returned, **kwargs)
    if returned:
        return with_dim(res[0], dim_of(a)), with_dim(res[1], dim_of(weights))
    return with_dim(res, dim_of(a))


# -- text ----------------------------------------------------------------------
@_implements(np.array_repr)
def _array_repr(arr, max_line_width=None, precision=None, suppress_small=None):
    return quantity_repr(plain(arr), dim_of(arr), precision)


@_implements(np.array_str)
def _array_str(a, max_line_width=None, precision=None, suppress_small=None):
    return quantity_str(plain(a), dim_of(a), precision)


# -- creating ----------------------------------------------------------------
def arange(start, stop=None, step=None, dtype=None):
    """``np.arange`` for quantities: evenly spaced values in one unit.

    ``np.arange`` itself does not dispatch to ``Quantity`` (only its
    ``like`` argument does), so this version is exported instead, as in
    Brian 2. Plain zeros fit any unit: ``arange(0, 3*mV, 1*mV)``.

    Examples
    --------
    >>> from ranvier.units import mV
    >>> print(arange(0 * mV, 3 * mV, 1 * mV))
    [0. 1. 2.] mV
    """
    values = [v for v in (start, stop, step) if v is not None]
    dim = _common(arange, values)
    if step is None and dim is not DIMENSIONLESS:
        raise DimensionMismatchError(
            f"arange() needs a step in {readable_dimension(dim)}: the default "
            "step of 1 has no units", dim)
    res = np.arange(*[plain(v) for v in values], dtype=dtype)
    return with_dim(res, dim)


del _f
