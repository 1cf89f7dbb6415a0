"""User functions for model code: :class:`Function`, the
:func:`implementation` decorator, and Python functions decorated with
``check_units``.

A :class:`Function` turns a Python function with declared units into a
:class:`~ranvier.lang.functions.FunctionSpec` (its ``function_spec``),
which is what namespace resolution, unit checking and the backends use::

    @check_units(v=volt, result=amp)
    def leak(v):
        return (v + 70*mV) / (100*Mohm)

    G = NeuronGroup(10, 'dv/dt = -leak(v)/C : volt')

A function decorated with ``check_units`` naming every argument and
``result=`` can be used in model code directly: namespace resolution
wraps it in a :class:`Function` (see :func:`as_function`).

Units at run time
-----------------
Kernels work on plain numbers in SI units. By default the Python
function is called with its arguments turned back into quantities of the
declared units, and the units of its result are checked and removed, so
it may compute with units (and a ``check_units`` decorator on it keeps
working). With ``@implementation('numpy', discard_units=True)`` it gets
plain numbers instead, and the units it names as globals (``ms``, ``mV``)
or closure variables are replaced by their plain SI values, in a copy of
the function whose globals are a snapshot taken at decoration: the
function must not rely on assigning module globals.

Compiled backends
-----------------
A compiled backend cannot call Python. Give it an implementation in
Numba's nopython subset, written for plain SI scalars, with
``Function(..., numba_impl=f)`` or ``@implementation('numba')``; it ends
up in ``FunctionSpec.numba_implementation``. Code strings for other
targets (``'cpp'``, ``'cython'``) are accepted for compatibility with
Brian 2 scripts and kept in :attr:`Function.implementations`, but never
compiled or run.

Stateless functions and time
----------------------------
A function is ``stateless`` when equal arguments always give equal
results; only such calls may be merged or moved by later stages. Mark a
function that draws random numbers or keeps state with
``stateless=False``. A function of ``t`` that changes within a time step
is evaluated at the intermediate times a multi-step integration method
(``rk2``, ``rk4``) asks for; put such a call in a subexpression flagged
``(constant over dt)`` only when the function is constant over each step
(for a :class:`~ranvier.lang.timed_array.TimedArray`, when its ``dt`` is a
whole multiple of the group's, see ``TimedArray.is_locally_constant``).
"""

from __future__ import annotations

import functools
import inspect
import types
import weakref
from typing import Callable

import numpy as np

from ranvier.lang.functions import FunctionSpec
from ranvier.lang.symbols import describe_dim
from ranvier.units import (DIMENSIONLESS, Dimension, DimensionMismatchError,
                           Quantity, get_dimensions, get_unit)
from ranvier.units.helpers import unit_spec

__all__ = ["Function", "implementation", "as_function",
           "is_unit_checked_function"]

#: Targets whose implementations ranvier uses, and those it only keeps.
USED_TARGETS = ("numpy", "numba")
KEPT_TARGETS = ("cpp", "cython")
_RETURN_TYPES = ("float", "integer", "boolean", "highest")
_OTYPES = {"float": np.float64, "integer": np.int64, "boolean": np.bool_}


def _as_unit(spec, what: str):
    """A declared unit as ``None`` (any), ``bool`` or a Dimension."""
    return unit_spec(spec, what, "Function")


def _unit_text(unit) -> str:
    return "a boolean" if unit is bool else f"units of {describe_dim(unit)}"


def is_unit_checked_function(value) -> bool:
    """Whether ``value`` is a function decorated with ``check_units``."""
    return callable(value) and hasattr(value, "_arg_units") and \
        hasattr(value, "_return_unit") and hasattr(value, "_orig_func")


class Function:
    """A Python function usable in model code, with declared units.

    Parameters
    ----------
    pyfunc : callable
        The function. Called from Python (``f(3*mV)``) it runs as is; in a
        simulation it is the NumPy implementation, called with whole
        arrays (see the module notes on units).
    sympy_func : optional
        Not supported: ranvier's SymPy bridge treats user functions as
        opaque.
    arg_units : list, optional
        The unit of each argument (``mV``, ``1`` for dimensionless,
        ``bool`` for a truth value, ``None`` for any units, passed without
        them). Taken from a ``check_units`` decorator when left out.
    arg_names : list of str, optional
        The arguments' names, for messages.
    return_unit : unit, bool or callable, optional
        The unit of the result; a callable gets the units of the arguments
        and returns it. Taken from ``check_units(result=...)`` when left
        out.
    arg_types : list of str, optional
        For each argument ``'any'``, ``'float'``, ``'integer'`` or
        ``'boolean'``; model code passing another kind is an error.
    return_type : str, optional
        ``'float'`` (default), ``'integer'``, ``'boolean'`` (default for
        ``return_unit=bool``) or ``'highest'`` (the highest kind among the
        arguments).
    stateless : bool
        False for functions that may return different values for equal
        arguments (random numbers, internal state).
    auto_vectorise : bool
        ``pyfunc`` handles single numbers only; it is applied element by
        element.
    numba_impl : callable, optional
        The implementation for the compiled backend (see the module
        notes), taking and returning plain SI numbers.
    name : str, optional
        The name in messages (default: ``pyfunc.__name__``).

    Raises
    ------
    ValueError
        When units are neither given nor found on a ``check_units``
        decorator, or lists do not match the number of arguments.
    TypeError
        For units, types or callables of the wrong kind.
    """

    def __init__(self, pyfunc, sympy_func=None, arg_units=None,
                 arg_names=None, return_unit=None, arg_types=None,
                 return_type=None, stateless=True, auto_vectorise=False,
                 numba_impl=None, name=None):
        if not callable(pyfunc):
            raise TypeError(f"Function needs a callable, got {pyfunc!r}")
        if sympy_func is not None:
            raise NotImplementedError(
                "Function(sympy_func=...) is not supported yet: ranvier's "
                "SymPy bridge treats user functions as opaque")
        self.pyfunc = pyfunc
        self.name = name or getattr(pyfunc, "__name__", "function")
        units, result = self._declared_units(arg_units, return_unit)
        self.arg_units = units
        self.return_unit = result
        self.arg_names = self._names(arg_names, len(units))
        self.arg_types = self._arg_types(arg_types, units)
        self.return_type = self._return_type(return_type, result)
        self.stateless = bool(stateless)
        self.auto_vectorise = bool(auto_vectorise)
        self.implementations: dict = {"numpy": pyfunc}
        self._discard_units = False
        if numba_impl is not None:
            self._set_numba(numba_impl)
        self._spec = None

    # -- construction -------------------------------------------------------
    def _declared_units(self, arg_units, return_unit):
        checked = is_unit_checked_function(self.pyfunc)
        if arg_units is None and checked:
            arg_units = self.pyfunc._arg_units
        if return_unit is None and checked:
            return_unit = self.pyfunc._return_unit
        if arg_units is None:
            raise ValueError(
                f"Function {self.name!r}: give arg_units= and return_unit=, "
                f"or decorate the function with @check_units(...) naming "
                f"its arguments and result=")
        if return_unit is None:
            raise ValueError(
                f"Function {self.name!r} has no return unit: give "
                f"return_unit= or check_units(..., result=...)")
        units = [_as_unit(u, f"argument {k + 1} of {self.name!r}")
                 for k, u in enumerate(arg_units)]
        if callable(return_unit) and not isinstance(return_unit, Quantity) \
                and return_unit is not bool:
            return units, return_unit
        return units, _as_unit(return_unit, f"the result of {self.name!r}")

    def _names(self, arg_names, count: int) -> list:
        if arg_names is None:
            arg_names = getattr(self.pyfunc, "_arg_names", None)
        if arg_names is None:
            try:
                arg_names = list(inspect.signature(self.pyfunc).parameters)
            except (TypeError, ValueError):  # builtins without signature
                arg_names = []
        names = list(arg_names)[:count]
        return names + [f"arg{k + 1}" for k in range(len(names), count)]

    def _arg_types(self, arg_types, units) -> tuple:
        if arg_types is None:
            return tuple("boolean" if u is bool else "any" for u in units)
        arg_types = tuple(arg_types)
        if len(arg_types) != len(units):
            raise ValueError(f"Function {self.name!r}: {len(arg_types)} "
                             f"arg_types for {len(units)} arguments")
        for kind in arg_types:
            if kind not in ("any", "float", "integer", "boolean"):
                raise ValueError(f"Function {self.name!r}: unknown argument "
                                 f"type {kind!r}; use 'any', 'float', "
                                 f"'integer' or 'boolean'")
        return arg_types

    def _return_type(self, return_type, result) -> str:
        if return_type is None:
            return "boolean" if result is bool else "float"
        if return_type not in _RETURN_TYPES:
            raise ValueError(f"Function {self.name!r}: unknown return type "
                             f"{return_type!r}; use one of {_RETURN_TYPES}")
        return return_type

    # -- implementations ----------------------------------------------------
    def add_implementation(self, target: str, code=None,
                           discard_units: bool | None = None) -> None:
        """Set the implementation for ``target``.

        Parameters
        ----------
        target : str
            ``'numpy'`` or ``'numba'``; code for ``'cpp'`` and ``'cython'``
            is kept but never used.
        code : callable, optional
            The implementation; the decorated Python function when left out.
        discard_units : bool, optional
            For ``'numpy'``: call the function with plain SI numbers.
        """
        if target not in USED_TARGETS + KEPT_TARGETS:
            raise ValueError(f"unknown implementation target {target!r} for "
                             f"{self.name!r}; use one of "
                             f"{', '.join(USED_TARGETS + KEPT_TARGETS)}")
        if target in KEPT_TARGETS:
            self.implementations[target] = code
            return
        if code is None:
            code = self.pyfunc
        if isinstance(code, str):
            raise TypeError(f"{self.name!r}: ranvier does not compile code "
                            f"strings; give the {target} implementation as "
                            f"a Python function")
        if not callable(code):
            raise TypeError(f"{self.name!r}: the {target} implementation "
                            f"must be callable, got {code!r}")
        if target == "numba":
            self._set_numba(code)
        else:
            self.implementations["numpy"] = code
            self._discard_units = bool(discard_units)
        self._spec = None

    def _set_numba(self, code) -> None:
        if not callable(code):
            raise TypeError(f"{self.name!r}: numba_impl must be callable, "
                            f"got {code!r}")
        # A check_units wrapper cannot run in nopython mode; the function
        # under it works on the plain numbers a compiled kernel passes.
        self.implementations["numba"] = getattr(code, "_orig_func", code)
        self._spec = None

    # -- what model code sees -----------------------------------------------
    @property
    def function_spec(self) -> FunctionSpec:
        """The :class:`FunctionSpec` of this function (rebuilt when an
        implementation changes)."""
        if self._spec is None:
            self._spec = self._make_spec()
        return self._spec

    def _make_spec(self) -> FunctionSpec:
        impl = self._numpy_implementation()
        if not self.stateless:
            inner = impl

            def impl(rng, size, *args):
                # The function keeps its own state; it gets no generator.
                return inner(*args)
        return FunctionSpec(
            self.name, len(self.arg_units), self._unit_rule, self.return_type,
            impl, stateless=self.stateless, needs_size=not self.stateless,
            arg_kinds=self.arg_types,
            numba_implementation=self.implementations.get("numba"))

    def _numpy_implementation(self) -> Callable:
        func = self.implementations["numpy"]
        if self._discard_units:
            func = unitless_copy(func)
        else:
            func = _with_units(func, self)
        if self.auto_vectorise:
            otype = _OTYPES.get(self.return_type, np.float64)
            func = np.vectorize(func, otypes=[otype])
        return func

    def _unit_rule(self, dims) -> Dimension:
        for position, (dim, unit) in enumerate(zip(dims, self.arg_units),
                                               start=1):
            if unit is None:
                continue
            wanted = DIMENSIONLESS if unit is bool else unit
            if dim is not wanted:
                raise DimensionMismatchError(
                    f"argument {position} ('{self.arg_names[position - 1]}') "
                    f"must have {_unit_text(unit)}, got "
                    f"{describe_dim(dim)}")
        return self.result_dimension(dims)

    def result_dimension(self, dims) -> Dimension:
        """The dimension of the result for arguments of ``dims``."""
        unit = self.return_unit
        if unit is bool:
            return DIMENSIONLESS
        if isinstance(unit, Dimension):
            return unit
        result = unit(*(get_unit(d) for d in dims))
        return get_dimensions(result)

    def __call__(self, *args, **kwargs):
        return self.pyfunc(*args, **kwargs)

    def __repr__(self):
        return f"<Function {self.name!r} of {len(self.arg_units)} arguments>"


# -- running with and without units ------------------------------------------

def _with_units(func, function: Function) -> Callable:
    """``func`` called with quantities and its result's units checked and
    removed."""
    arg_units = function.arg_units
    name = function.name

    @functools.wraps(func)
    def call(*args):
        values = [Quantity.with_dimensions(np.asarray(a), u)
                  if isinstance(u, Dimension) and u is not DIMENSIONLESS
                  else a for a, u in zip(args, arg_units)]
        result = func(*values)
        expected = function.return_unit
        if isinstance(expected, Dimension):
            _check_result(result, expected, name)
        elif result is None:
            raise TypeError(f"function {name!r} returned None")
        return np.asarray(result.view(np.ndarray)
                          if isinstance(result, Quantity) else result)[()]
    return call


def _check_result(result, expected: Dimension, name: str) -> None:
    if result is None:
        raise TypeError(f"function {name!r} returned None")
    dim = get_dimensions(result)
    if dim is not expected:
        raise DimensionMismatchError(
            f"function {name!r} returned a value with units of "
            f"{describe_dim(dim)}, but its return unit is "
            f"{describe_dim(expected)}", dim, expected)


def _plain(value):
    if isinstance(value, Quantity):
        plain = np.asarray(value.view(np.ndarray))
        return float(plain) if plain.ndim == 0 else plain.copy()
    return value


def _global_names(code: types.CodeType) -> set:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):  # nested functions, lambdas
            names |= _global_names(const)
    return names


def unitless_copy(func) -> Callable:
    """A copy of ``func`` in which the quantities it reads from its globals
    and closure are plain SI numbers (for ``discard_units=True``).

    A ``check_units`` wrapper is removed first: the copy receives plain
    numbers, which the check would refuse.
    """
    func = getattr(func, "_orig_func", func)
    if not isinstance(func, types.FunctionType):
        return func  # builtins and NumPy ufuncs hold no units
    namespace = dict(func.__globals__)
    for name in _global_names(func.__code__):
        if name in namespace:
            namespace[name] = _plain(namespace[name])
    closure = None
    if func.__closure__ is not None:
        closure = tuple(types.CellType(_plain(cell.cell_contents))
                        for cell in func.__closure__)
    copy = types.FunctionType(func.__code__, namespace, func.__name__,
                              func.__defaults__, closure)
    copy.__kwdefaults__ = func.__kwdefaults__
    copy.__doc__ = func.__doc__
    copy.__qualname__ = func.__qualname__
    return copy


# -- decorators and conversion ---------------------------------------------

def implementation(target: str, code=None, namespace=None, dependencies=None,
                   discard_units: bool | None = None, name=None,
                   **compiler_kwds):
    """Decorator giving a function an implementation for a target.

    Used on a Python function (usually under ``check_units``) it returns a
    :class:`Function`; used on a :class:`Function` it adds to it.

    Parameters
    ----------
    target : str
        ``'numpy'``, ``'numba'``, or ``'cpp'``/``'cython'`` (kept, never
        used).
    code : callable or str, optional
        The implementation; the decorated function when left out. Strings
        are only accepted for the targets ranvier does not use.
    namespace, dependencies, name, **compiler_kwds
        Only meaningful with code strings for other targets; refused for
        ``'numpy'`` and ``'numba'``.
    discard_units : bool, optional
        For ``'numpy'``: call the function with plain SI numbers (see the
        module notes).

    Examples
    --------
    >>> from ranvier.units import check_units, volt
    >>> @implementation('numpy', discard_units=True)
    ... @check_units(x=volt, result=volt)
    ... def half(x):
    ...     return x / 2
    >>> half.function_spec.n_args
    1
    """
    extras = {"namespace": namespace, "dependencies": dependencies,
              "name": name, **compiler_kwds}
    if target in USED_TARGETS:
        given = [k for k, v in extras.items() if v is not None]
        if given:
            raise TypeError(f"implementation({target!r}): {given[0]}= only "
                            f"applies to code strings for other targets")

    def decorate(func):
        function = func if isinstance(func, Function) else Function(func)
        function.add_implementation(target, code, discard_units)
        return function
    return decorate


_converted: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def as_function(func) -> Function:
    """The :class:`Function` for a ``check_units``-decorated Python
    function, made once per function.

    Raises
    ------
    ValueError
        When the decorator does not give the result's unit.
    """
    function = _converted.get(func)
    if function is None:
        function = Function(func)
        _converted[func] = function
    return function
