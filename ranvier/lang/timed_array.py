"""TimedArray: a function of time (and neuron index) given by a table.

Which value a time selects
--------------------------
``values[k]`` holds for times ``k*dt <= t < (k+1)*dt``, so the value at a
time step ``t = k*dt`` is ``values[k]`` (as in Brian 2, whose examples
give ``TimedArray([1, 2, 3, 4]*mV, dt=0.1*ms)(0.3*ms) == 4*mV``). The
index is ``floor(t/dt + 1e-6)``: the small shift keeps a time that is a
whole number of steps, but lands a rounding error below it (``0.3e-3 /
1e-4 = 2.9999999999999996``), in its intended step. Times before 0 give
the first value, times after the end the last.

Brian 2 rounds ``t`` to a grid finer than the calling group's ``dt``
first, which shifts boundaries by up to ``dt_group/16``; both rules agree
at every time on the group's grid, and they differ only for times within
that distance below a boundary.
"""

from __future__ import annotations

import itertools

import numpy as np

from ranvier.lang.functions import FunctionSpec
from ranvier.lang.symbols import describe_dim
from ranvier.units import (DIMENSIONLESS, DimensionMismatchError, Quantity,
                           get_dimensions, second)

__all__ = ["TimedArray"]

#: Shift, in steps of the array's dt, added before rounding down.
EPSILON = 1e-6
_TIME = second.dim
_names = itertools.count()


def _kind(values: np.ndarray) -> str:
    if values.dtype == np.bool_:
        return "boolean"
    if np.issubdtype(values.dtype, np.integer):
        return "integer"
    return "float"


def _time_index(t, dt: float, count: int):
    # Clip in floating point first: a huge t would overflow the integer.
    steps = np.floor(np.asarray(t, dtype=np.float64) / dt + EPSILON)
    return np.clip(steps, 0, count - 1).astype(np.int64)


# Numba-compatible implementations: ``dt`` arrives as a one-element array
# (see FunctionSpec.numba_data); written for scalars, without NumPy calls
# Numba's nopython mode lacks.
def _numba_1d(values, dt, t):
    k = np.floor(t / dt[0] + 1e-6)
    if k < 0:
        k = 0
    if k > values.shape[0] - 1:
        k = values.shape[0] - 1
    return values[int(k)]


def _numba_2d(values, dt, t, i):
    k = np.floor(t / dt[0] + 1e-6)
    if k < 0:
        k = 0
    if k > values.shape[0] - 1:
        k = values.shape[0] - 1
    # Compiled indexing would wrap a negative index around silently.
    if i < 0 or i >= values.shape[1]:
        raise IndexError("a TimedArray was called with a neuron index "
                         "outside its columns")
    return values[int(k), i]


class TimedArray:
    """A function of time built from a table of values.

    Parameters
    ----------
    values : array_like or Quantity
        One value per time step (1-D, called as ``name(t)``), or one row
        per time step and one column per neuron (2-D, called as
        ``name(t, i)``). A Quantity's unit is the unit of the result.
    dt : Quantity
        The time between successive values.
    name : str, optional
        Used in messages.

    Raises
    ------
    ValueError
        For empty values, values of more than two dimensions, non-finite
        or non-positive ``dt``.
    DimensionMismatchError
        When ``dt`` is not a time.

    Notes
    -----
    See the module notes for the time-to-index rule. A neuron index out
    of range is an error at run time.

    Examples
    --------
    >>> from ranvier.units import mV, ms
    >>> ta = TimedArray([1, 2, 3, 4]*mV, dt=0.1*ms)
    >>> print(ta(0.3*ms))
    4. mV
    >>> print(ta(5*ms))
    4. mV
    """

    def __init__(self, values, dt, name: str | None = None):
        try:
            self.dim = get_dimensions(values)
        except TypeError:
            raise TypeError(f"TimedArray values must be numbers or a "
                            f"Quantity, got {values!r}") from None
        array = np.array(values.view(np.ndarray) if isinstance(
            values, Quantity) else values)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"TimedArray values must be numbers, got "
                            f"{array.dtype}")
        if array.ndim not in (1, 2) or array.size == 0:
            raise ValueError(f"TimedArray values must be a non-empty 1-D or "
                             f"2-D array (time, neuron), got shape "
                             f"{array.shape}")
        if array.dtype.kind == "u":
            array = array.astype(np.int64)
        array.setflags(write=False)
        self._values = array
        self._dt = _positive_time(dt)
        count = next(_names)
        self.name = name or ("timedarray" if count == 0
                             else f"timedarray_{count}")
        # Data keys stay unique when two arrays are given the same name.
        self._key = f"_timedarray_{count}"
        self._spec = self._make_spec()

    # -- properties ----------------------------------------------------------
    @property
    def values(self):
        """The table (read-only), with its unit."""
        if self.dim is DIMENSIONLESS:
            return self._values
        return Quantity.with_dimensions(self._values, self.dim)

    @property
    def dt(self) -> Quantity:
        return Quantity.with_dimensions(self._dt, _TIME)

    @property
    def function_spec(self) -> FunctionSpec:
        return self._spec

    def is_locally_constant(self, dt) -> bool:
        """Whether the function is constant within each time step of
        ``dt``: the array's ``dt`` must be a whole multiple of it."""
        ratio = self._dt / _positive_time(dt)
        return ratio >= 1 - 1e-9 and abs(ratio - round(ratio)) < 1e-6

    # -- evaluation -----------------------------------------------------------
    def _lookup(self, t, i=None):
        index = _time_index(t, self._dt, len(self._values))
        if self._values.ndim == 1:
            return self._values[index]
        columns = self._values.shape[1]
        i = np.asarray(i)
        if i.dtype.kind not in "biu":
            raise TypeError(f"TimedArray {self.name!r} needs an integer "
                            f"neuron index, got values of type {i.dtype}")
        if i.size and (i.min() < 0 or i.max() >= columns):
            bad = i.min() if i.min() < 0 else i.max()
            raise IndexError(f"TimedArray {self.name!r} has {columns} "
                             f"columns (neurons 0 to {columns - 1}); it was "
                             f"called with index {bad}")
        return self._values[index, i]

    def _make_spec(self) -> FunctionSpec:
        two_d = self._values.ndim == 2
        dt_key = np.array([self._dt])
        data = ((f"{self._key}.values", self._values),
                (f"{self._key}.dt", dt_key))
        return FunctionSpec(
            self.name, 2 if two_d else 1, self._unit_rule,
            _kind(self._values), self._lookup,
            arg_kinds=("float", "integer") if two_d else ("float",),
            numba_implementation=_numba_2d if two_d else _numba_1d,
            numba_data=data, locally_constant=self._constant_within)

    def _constant_within(self, dt: float) -> bool:
        return self.is_locally_constant(Quantity.with_dimensions(dt, _TIME))

    def _unit_rule(self, dims):
        if dims[0] is not _TIME:
            raise DimensionMismatchError(
                f"argument 1 of TimedArray {self.name!r} must be a time, got "
                f"{describe_dim(dims[0])}")
        if len(dims) > 1 and dims[1] is not DIMENSIONLESS:
            raise DimensionMismatchError(
                f"argument 2 of TimedArray {self.name!r} (the neuron index) "
                f"must be dimensionless, got {describe_dim(dims[1])}")
        return self.dim

    def __call__(self, t, i=None):
        """The value(s) at time ``t`` (and neuron ``i`` for a 2-D array)."""
        expected = 2 if self._values.ndim == 2 else 1
        given = 1 if i is None else 2
        if given != expected:
            raise TypeError(f"TimedArray {self.name!r} is called as "
                            f"{self.name}({'t, i' if expected == 2 else 't'})")
        if get_dimensions(t) is not _TIME:
            raise DimensionMismatchError(
                f"TimedArray {self.name!r} must be called with a time, got "
                f"{describe_dim(get_dimensions(t))}", get_dimensions(t))
        t_plain = np.asarray(t.view(np.ndarray) if isinstance(t, Quantity)
                             else t, dtype=np.float64)
        result = self._lookup(t_plain, i)
        if self.dim is DIMENSIONLESS:
            return result
        return Quantity.with_dimensions(result, self.dim)

    def __repr__(self):
        return (f"<TimedArray {self.name!r} of shape {self._values.shape}, "
                f"dt={self._dt} s>")


def _positive_time(dt) -> float:
    dim = get_dimensions(dt)
    if dim is not _TIME:
        raise DimensionMismatchError(f"dt must be a time, got "
                                     f"{describe_dim(dim)}", dim)
    value = float(np.asarray(dt.view(np.ndarray) if isinstance(dt, Quantity)
                             else dt))
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"dt must be a positive, finite time, got "
                         f"{value} s")
    return value
