"""Unit-aware access to a group's state: ``G.v``, ``G.v[:10] = ...``,
``G.v['i > 10'] = 'rand()*mV'``.

A :class:`VariableView` refers to the group's own array (no copy). Used in
arithmetic or NumPy functions it behaves as the ``Quantity`` it holds;
indexed with a string it selects by condition; assigned a string it
evaluates the expression per element, with units checked.
"""

from __future__ import annotations

import numpy as np

from ranvier.units import DIMENSIONLESS, Quantity

__all__ = ["VariableView"]


class VariableView:
    """A live, unit-aware view of one variable of a group.

    Parameters
    ----------
    group : Group
        The owner (a group or subgroup), which resolves string indices
        and expressions.
    name : str
        The variable's name.
    unitless : bool
        When True (``G.v_``), values come without units.
    """

    __array_priority__ = 100

    def __init__(self, group, name: str, unitless: bool = False):
        self._group = group
        self._name = name
        self._unitless = unitless

    # -- values -----------------------------------------------------------
    @property
    def dim(self):
        return self._group._variable_record(self._name).dim

    def _raw(self) -> np.ndarray:
        return self._group._read_values(self._name)

    def _value(self):
        raw = self._raw()
        if self._unitless or self.dim is DIMENSIONLESS:
            return raw
        return Quantity.with_dimensions(raw, self.dim)

    def __getitem__(self, key):
        if _adds_axes(key):
            # NumPy-style reshaping, as matplotlib does (y[:, None]).
            return self._value()[key]
        if self._group._variable_record(self._name).scalar:
            # A shared variable has one value, whatever the index.
            raw = self._raw()[0 if isinstance(key, (int, np.integer))
                              else slice(None)]
        else:
            raw = self._raw()[self._group._indices_for(key)]
        if self._unitless or self.dim is DIMENSIONLESS:
            return raw
        return Quantity.with_dimensions(raw, self.dim)

    def __setitem__(self, key, value):
        self._group._assign(self._name, key, value, unitless=self._unitless)

    def get_item(self, key, level: int = 0):
        """As ``view[key]``."""
        return self[key]

    # -- behaving like the Quantity it holds ------------------------------
    def __array__(self, dtype=None, copy=None):
        arr = np.asarray(self._raw())
        return arr.astype(dtype) if dtype is not None else arr

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        inputs = tuple(x._value() if isinstance(x, VariableView) else x
                       for x in inputs)
        return getattr(ufunc, method)(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        def unwrap(x):
            if isinstance(x, VariableView):
                return x._value()
            if isinstance(x, (list, tuple)):
                return type(x)(unwrap(y) for y in x)
            return x
        return func(*unwrap(args), **{k: unwrap(v) for k, v in kwargs.items()})

    def __len__(self):
        return len(self._raw())

    def __iter__(self):
        return iter(self._value())

    @property
    def shape(self):
        return self._raw().shape

    @property
    def ndim(self):
        return self._raw().ndim

    @property
    def size(self):
        return self._raw().size

    @property
    def dtype(self):
        return self._raw().dtype

    def __float__(self):
        return float(self._value())

    def __int__(self):
        return int(self._value())

    def __bool__(self):
        return bool(self._value())

    def __repr__(self):
        return f"<{self._group.name}.{self._name}: {self._value()!r}>"

    def __str__(self):
        return str(self._value())

    def __getattr__(self, attr):
        # Methods of the Quantity (mean, max, in_unit, ...) on a snapshot.
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(self._value(), attr)


def _adds_axes(key) -> bool:
    """Whether ``key`` is a NumPy index with ``None`` or ``...``."""
    if key is None or key is Ellipsis:
        return True
    return isinstance(key, tuple) and any(k is None or k is Ellipsis
                                          for k in key)


def _delegate(name):
    def method(self, *args):
        args = tuple(a._value() if isinstance(a, VariableView) else a
                     for a in args)
        return getattr(self._value(), f"__{name}__")(*args)

    method.__name__ = f"__{name}__"
    return method


for _op in ("add", "radd", "sub", "rsub", "mul", "rmul", "truediv",
            "rtruediv", "floordiv", "rfloordiv", "mod", "rmod", "pow",
            "rpow", "neg", "pos", "abs", "lt", "le", "gt", "ge", "eq", "ne"):
    setattr(VariableView, f"__{_op}__", _delegate(_op))

# Hashable by identity, as in Brian 2, where views are dictionary keys
# (standalone ``device.run(run_args={G.v: values})``); equality stays
# element-wise.
VariableView.__hash__ = object.__hash__
