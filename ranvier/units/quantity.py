"""``Quantity``: a NumPy array that carries a physical dimension.

Design
------
* Values are stored in coherent SI units (volt, second, ...); the
  ``Dimension`` says what they measure. Units such as ``mV`` are just
  quantities with the value 0.001.
* Every NumPy operation goes through ``__array_ufunc__`` (ufuncs, their
  reductions) or ``__array_function__`` (everything else), which look up a
  unit rule, run NumPy on plain views (no copies) and attach the result's
  dimension. A function without a rule runs only when no argument has a
  unit; otherwise it raises, so a unit is never dropped silently.
* Results without a dimension are returned as plain NumPy values (an array
  or a NumPy scalar, which behaves like a Python float), as Brian 2 does:
  ``(3*mV) / (1*mV)`` is ``np.float64(3.0)``.
* The unit of a quantity never changes in place: ``x *= 2`` is fine,
  ``x *= mV`` raises (write ``x = x * mV``). Views of a group's state rely
  on this.
"""

from __future__ import annotations

import numbers

import numpy as np

from ranvier.units.dimensions import (DIMENSIONLESS, Dimension,
                                      DimensionMismatchError,
                                      get_or_create_dimension,
                                      readable_dimension)
from ranvier.units.formatting import (quantity_repr, quantity_str, short_str,
                                      values_str)
from ranvier.units.registry import best_display_unit, scale_values
from ranvier.units.ufunc_rules import (BOOL, call_rule, is_unit_free,
                                       reduce_rule)

__all__ = ["Quantity", "FUNCTION_RULES", "plain", "dim_of", "with_dim",
           "strip_all", "dims_in", "in_unit", "in_best_unit", "check_same"]

#: numpy function -> handler(*args, **kwargs); filled by array_functions.
FUNCTION_RULES: dict = {}


def plain(x):
    """``x`` without its unit: a plain ndarray view of a quantity, else
    ``x`` unchanged."""
    return x.view(np.ndarray) if isinstance(x, Quantity) else x


def dim_of(x) -> Dimension:
    """The dimension of ``x``; plain values are dimensionless."""
    return x.dim if isinstance(x, Quantity) else DIMENSIONLESS


def with_dim(values, dim: Dimension):
    """``values`` as a quantity of ``dim``, or as they are when ``dim`` is
    dimensionless (Brian-style: unitless results are plain NumPy)."""
    if dim is DIMENSIONLESS or dim is BOOL:
        return values
    if isinstance(values, np.ndarray):
        q = values.view(Quantity)
    else:
        q = np.asarray(values).view(Quantity)
    q.dim = dim
    return q


def strip_all(obj):
    """``obj`` with every quantity inside lists, tuples and dicts replaced
    by its plain values."""
    if isinstance(obj, Quantity):
        return obj.view(np.ndarray)
    if isinstance(obj, (list, tuple)):
        return type(obj)(strip_all(x) for x in obj)
    if isinstance(obj, dict):
        return {k: strip_all(v) for k, v in obj.items()}
    return obj


def dims_in(obj, found=None) -> list:
    """The dimensions of all quantities inside ``obj`` (nested)."""
    found = [] if found is None else found
    if isinstance(obj, Quantity):
        found.append(obj.dim)
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            dims_in(x, found)
    elif isinstance(obj, dict):
        for x in obj.values():
            dims_in(x, found)
    return found


def check_same(value, dim: Dimension, describe) -> None:
    """Raise unless ``value`` has dimension ``dim`` or is a plain zero or
    infinity (which fits any unit). ``describe()`` starts the message."""
    vdim = dim_of(value)
    if vdim is dim or (vdim is DIMENSIONLESS and is_unit_free(plain(value))):
        return
    raise DimensionMismatchError(describe(), dim, vdim)


def _split(inputs):
    args = []
    dims = []
    for x in inputs:
        if isinstance(x, Quantity):
            args.append(x.view(np.ndarray))
            dims.append(x.dim)
        else:
            args.append(x)
            dims.append(DIMENSIONLESS)
    return args, dims


def _plain_outputs(ufunc, out, result_dim):
    """Plain views of ``out`` after checking each can hold its result."""
    result_dims = result_dim if isinstance(result_dim, tuple) else (result_dim,)
    plain_out = []
    for target, dim in zip(out, result_dims):
        dim = DIMENSIONLESS if dim is BOOL else dim
        if isinstance(target, Quantity):
            if target.dim is not dim:
                raise DimensionMismatchError(
                    f"Cannot store the result of {ufunc.__name__} in a "
                    f"quantity in {readable_dimension(target.dim)}: an "
                    "in-place operation cannot change units (write "
                    "x = x * y instead of x *= y)", target.dim, dim)
            plain_out.append(target.view(np.ndarray))
        else:
            if target is not None and dim is not DIMENSIONLESS:
                raise DimensionMismatchError(
                    f"Cannot store the result of {ufunc.__name__} in a plain "
                    "array: it has units and the array has none", dim)
            plain_out.append(target)
    return tuple(plain_out)


def _foreign(other) -> bool:
    """True for objects a quantity should not compare with elementwise
    (``q == None`` is False, not an error)."""
    return not isinstance(other, (np.ndarray, np.generic, numbers.Number,
                                  list, tuple))


class Quantity(np.ndarray):
    """An array of numbers with a physical dimension.

    Usually built by multiplying with a unit (``3 * mV``,
    ``np.ones(5) * nS``) rather than directly.

    Parameters
    ----------
    arr : array_like
        The values in coherent SI units (volt, not millivolt). A list of
        quantities is allowed if they share one unit.
    dim : Dimension, optional
        The dimension; taken from ``arr`` when it is a quantity.
    dtype : data-type, optional
    copy : bool, optional
        Copy the values even where a view would do.

    Attributes
    ----------
    dim : Dimension
        What the values measure.

    Examples
    --------
    >>> from ranvier.units import mV, volt
    >>> print(-0.06 * volt)
    -60. mV
    >>> (3 * mV) / (1 * mV)
    np.float64(3.0)
    """

    dim: Dimension = DIMENSIONLESS

    def __new__(cls, arr, dim: Dimension | None = None, dtype=None,
                copy: bool = False):
        if isinstance(arr, (list, tuple)) and dims_in(arr):
            arr = _from_sequence(arr)
        found = dim_of(arr)
        if dim is None:
            dim = found
        elif not isinstance(dim, Dimension):
            raise TypeError(f"dim must be a Dimension (such as mV.dim), not "
                            f"{type(dim).__name__}")
        elif isinstance(arr, Quantity) and found is not dim:
            raise DimensionMismatchError(
                f"Cannot make a quantity in {readable_dimension(dim)} from "
                f"{short_str(plain(arr), found)}, which has other units",
                dim, found)
        values = plain(arr)
        values = np.array(values, dtype=dtype) if copy else \
            np.asarray(values, dtype=dtype)
        obj = values.view(cls)
        obj.dim = dim
        return obj

    @classmethod
    def with_dimensions(cls, value, *args, **keywords) -> "Quantity":
        """A quantity from plain SI values and a dimension.

        Parameters
        ----------
        value : array_like
            Values in coherent SI units; not copied where avoidable.
        *args, **keywords
            A :class:`Dimension`, or what :func:`get_or_create_dimension`
            takes (7 exponents, or keywords such as ``m=1, s=-1``).

        Examples
        --------
        >>> print(Quantity.with_dimensions(2.0, m=1, s=-1))
        2. m s^-1
        """
        if len(args) == 1 and not keywords and isinstance(args[0], Dimension):
            dim = args[0]
        else:
            dim = get_or_create_dimension(*args, **keywords)
        return cls(value, dim)

    def __array_finalize__(self, obj):
        # Views and copies keep the unit of the array they come from.
        if isinstance(obj, Quantity):
            self.dim = obj.dim

    # -- properties ---------------------------------------------------------
    @property
    def dimensions(self) -> Dimension:
        """Alias of :attr:`dim`."""
        return self.dim

    @property
    def is_dimensionless(self) -> bool:
        """True if the quantity has no physical dimension."""
        return self.dim is DIMENSIONLESS

    def has_same_dimensions(self, other) -> bool:
        """True if ``other`` (quantity or number) has the same dimension."""
        return self.dim is dim_of(other)

    def in_unit(self, unit, precision=None) -> str:
        """The values as text in ``unit``, e.g. ``'-60. mV'``."""
        return in_unit(self, unit, precision)

    def in_best_unit(self, precision=None) -> str:
        """The values as text in the unit ``str`` would pick."""
        return in_best_unit(self, precision)

    # -- text ---------------------------------------------------------------
    def __str__(self):
        return quantity_str(self.view(np.ndarray), self.dim)

    def __repr__(self):
        return quantity_repr(self.view(np.ndarray), self.dim)

    def __format__(self, spec):
        if not spec:
            return str(self)
        if self.ndim != 0:
            raise TypeError("a format spec is only supported for scalar "
                            f"quantities, not arrays of shape {self.shape}")
        values = self.view(np.ndarray)
        if self.dim is DIMENSIONLESS:
            return format(values.item(), spec)
        unit = best_display_unit(self.dim, values)
        if unit is None:
            return f"{format(values.item(), spec)} {self.dim.base_str()}"
        shown = scale_values(values, unit.exp10).item()
        return f"{format(shown, spec)} {unit.dispname}"

    # -- conversions -------------------------------------------------------
    # Brian 2 converts a quantity with units to a Python number as its value
    # in SI base units (float(5*mV) == 0.005), and published scripts rely on
    # it (int(duration/dt) written as int(T), float(rate) ...). ranvier does
    # the same, so these defer to ndarray whatever the unit: sizes other
    # than one element fail as for NumPy arrays, and __index__ accepts
    # integer values only (range(3*mV) fails, as in Brian).
    def __float__(self):
        return float(self.view(np.ndarray))

    def __int__(self):
        return int(self.view(np.ndarray))

    def __complex__(self):
        return complex(self.view(np.ndarray))

    def __index__(self):
        return self.view(np.ndarray).__index__()

    def item(self, *args):
        """One element as a Python number, or as a scalar quantity when the
        values have a unit."""
        value = self.view(np.ndarray).item(*args)
        return with_dim(value, self.dim)

    def tolist(self):
        """Nested lists of the elements (scalar quantities if with a unit)."""
        values = self.view(np.ndarray).tolist()
        if self.dim is DIMENSIONLESS:
            return values
        return _attach_to_leaves(values, self.dim)

    # -- indexing -----------------------------------------------------------
    def __getitem__(self, key):
        result = super().__getitem__(key)
        if isinstance(result, np.ndarray):
            return result
        return with_dim(result, self.dim)

    def __setitem__(self, key, value):
        value = _as_quantity(value)
        check_same(value, self.dim, lambda: (
            f"Cannot assign {short_str(plain(value), dim_of(value))} to "
            f"elements of a quantity in {readable_dimension(self.dim)}: "
            "incompatible units"))
        super().__setitem__(key, plain(value))

    def __iter__(self):
        if self.dim is DIMENSIONLESS:
            return super().__iter__()
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d quantity")
        return (self[i] for i in range(len(self)))

    def fill(self, value):
        """Set every element to ``value`` (which must have this unit)."""
        value = _as_quantity(value)
        check_same(value, self.dim, lambda: (
            f"Cannot fill a quantity in {readable_dimension(self.dim)} with "
            f"{short_str(plain(value), dim_of(value))}: incompatible units"))
        self.view(np.ndarray).fill(plain(value))

    # -- comparisons with things that are not numbers ----------------------
    def __eq__(self, other):
        if _foreign(other):
            return NotImplemented
        return np.equal(self, other)

    def __ne__(self, other):
        if _foreign(other):
            return NotImplemented
        return np.not_equal(self, other)

    __hash__ = None

    # -- methods NumPy implements without its dispatch protocols -----------
    # (ndarray's versions would bypass the unit rules, so they defer to the
    # NumPy functions, which dispatch to array_functions)
    def mean(self, *args, **kwargs):
        """Like :meth:`numpy.ndarray.mean`; the result keeps the unit."""
        return np.mean(self, *args, **kwargs)

    def std(self, *args, **kwargs):
        """Like :meth:`numpy.ndarray.std`; the result keeps the unit."""
        return np.std(self, *args, **kwargs)

    def var(self, *args, **kwargs):
        """Like :meth:`numpy.ndarray.var`; the result has the unit squared."""
        return np.var(self, *args, **kwargs)

    def dot(self, b, out=None):
        """Like :meth:`numpy.ndarray.dot`; the units multiply."""
        return np.dot(self, b, out=out)

    def round(self, decimals=0, out=None):
        """Like :meth:`numpy.ndarray.round`, counting decimals in SI units
        (``(3.456*mV).round(4)`` is 3.5 mV)."""
        return np.round(self, decimals, out=out)

    def __round__(self, ndigits=None):
        if self.ndim == 0 and self.dim is DIMENSIONLESS:
            return round(self.view(np.ndarray).item(), ndigits)
        return np.round(self, 0 if ndigits is None else ndigits)

    def searchsorted(self, v, side="left", sorter=None):
        """Like :meth:`numpy.ndarray.searchsorted`; ``v`` needs this unit."""
        return np.searchsorted(self, v, side=side, sorter=sorter)

    def put(self, indices, values, mode="raise"):
        """Like :meth:`numpy.ndarray.put`; ``values`` need this unit."""
        return np.put(self, indices, values, mode=mode)

    def clip(self, min=None, max=None, out=None, **kwargs):
        """Like :meth:`numpy.ndarray.clip`; the bounds need this unit (or
        are plain zeros or infinities)."""
        return np.clip(self, min, max, out=out, **kwargs)

    def trace(self, *args, **kwargs):
        """Like :meth:`numpy.ndarray.trace`; the result keeps the unit."""
        return np.trace(self, *args, **kwargs)

    # -- NumPy protocols ----------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        args, dims = _split(inputs)
        if method == "__call__" or method == "outer":
            result_dim = call_rule(ufunc, args, dims)
        elif method in ("reduce", "accumulate", "reduceat"):
            result_dim = reduce_rule(ufunc, method, args[0], dims[0])
            if "initial" in kwargs:
                kwargs["initial"] = _checked_initial(ufunc, kwargs["initial"],
                                                     result_dim)
        elif method == "at":
            return _ufunc_at(ufunc, args, dims, kwargs)
        else:
            return NotImplemented
        if out is not None:
            kwargs["out"] = _plain_outputs(ufunc, out, result_dim)
        result = getattr(ufunc, method)(*args, **kwargs)
        if out is not None:
            return out[0] if len(out) == 1 else out
        if isinstance(result_dim, tuple):
            return tuple(with_dim(r, d) for r, d in zip(result, result_dim))
        return with_dim(result, result_dim)

    def __array_function__(self, func, types, args, kwargs):
        if not all(issubclass(t, np.ndarray) for t in types):
            return NotImplemented
        handler = FUNCTION_RULES.get(func)
        if handler is None:
            return _without_rule(func, args, kwargs)
        return handler(*args, **kwargs)

    # -- pickling -----------------------------------------------------------
    def __reduce__(self):
        constructor, args, state = super().__reduce__()
        return constructor, args, (state, self.dim)

    def __setstate__(self, state):
        if (isinstance(state, tuple) and len(state) == 2
                and isinstance(state[1], Dimension)):
            super().__setstate__(state[0])
            self.dim = state[1]
        else:
            super().__setstate__(state)


def _from_sequence(seq) -> Quantity:
    """A list such as ``[1*mV, 2*mV]`` as one quantity."""
    dims = dims_in(seq)
    dim = dims[0]
    for other in dims[1:]:
        if other is not dim:
            raise DimensionMismatchError(
                "Cannot make one quantity from elements with different units",
                *dict.fromkeys(dims))
    return Quantity(np.asarray(strip_all(seq)), dim)


def _as_quantity(value):
    if isinstance(value, (list, tuple)) and dims_in(value):
        return _from_sequence(value)
    return value


def _attach_to_leaves(values, dim):
    if isinstance(values, list):
        return [_attach_to_leaves(v, dim) for v in values]
    return with_dim(values, dim)


def _checked_initial(ufunc, initial, dim):
    if dim is BOOL or initial is None:
        return plain(initial)
    check_same(initial, dim, lambda: (
        f"Cannot start {ufunc.__name__}.reduce from "
        f"{short_str(plain(initial), dim_of(initial))}: the values are in "
        f"{readable_dimension(dim)}"))
    return plain(initial)


def _ufunc_at(ufunc, args, dims, kwargs):
    """``ufunc.at(a, indices, b)``: in place, so the unit must not change."""
    operands = [args[0], *args[2:]]
    operand_dims = [dims[0], *dims[2:]]
    result_dim = call_rule(ufunc, operands, operand_dims)
    if result_dim is not dims[0]:
        raise DimensionMismatchError(
            f"Cannot apply {ufunc.__name__}.at: it would change the units of "
            "the array in place", dims[0], result_dim)
    ufunc.at(*args, **kwargs)


def _without_rule(func, args, kwargs):
    """Run a NumPy function that has no unit rule: only if nothing carries
    a unit, since dropping one silently would hide mistakes."""
    dims = [d for d in dims_in(args) + dims_in(kwargs) if d is not DIMENSIONLESS]
    if dims:
        name = f"{func.__module__}.{func.__name__}".replace("numpy.", "np.", 1)
        units = ", ".join(dict.fromkeys(readable_dimension(d) for d in dims))
        raise TypeError(f"{name} has no unit rule in ranvier, so it cannot be "
                        f"applied to values with units ({units}); convert them "
                        "to plain numbers first, e.g. x / mV")
    return func(*strip_all(args), **strip_all(kwargs))


def in_unit(x, unit, precision=None) -> str:
    """``x`` as text in ``unit``.

    Parameters
    ----------
    x : Quantity or number
    unit : Unit
        A named unit (``mV``) or a unit expression (``mV / ms``) with the
        dimension of ``x``.
    precision : int, optional
        Digits after the point (NumPy's print options by default).

    Examples
    --------
    >>> from ranvier.units import volt, mV
    >>> in_unit(-0.06 * volt, mV)
    '-60. mV'
    """
    dispname = getattr(unit, "dispname", None)
    if dispname is None:
        raise TypeError(f"in_unit needs a unit such as mV, got {unit!r}")
    if dim_of(x) is not unit.dim:
        raise DimensionMismatchError(
            f"Cannot express {short_str(plain(x), dim_of(x))} in {dispname}: "
            "incompatible units", dim_of(x), unit.dim)
    values = np.asarray(plain(x))
    if unit.exp10 is not None:
        shown = scale_values(values, unit.exp10)
    else:
        shown = values / unit.view(np.ndarray)
    return f"{values_str(shown, precision)} {dispname}"


def in_best_unit(x, precision=None) -> str:
    """``x`` as text in the unit ``str(x)`` would pick (``'-60. mV'``)."""
    return quantity_str(np.asarray(plain(x)), dim_of(x), precision)
