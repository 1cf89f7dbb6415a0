"""The functions model strings may call, and how each one behaves.

A :class:`FunctionSpec` says everything later stages need to know about a
function without looking at its code: how many arguments it takes, what
it does to physical dimensions, what kind of value it returns, and a
vectorised NumPy implementation that defines its meaning. Random
functions draw from a ``numpy.random.Generator`` the caller passes in, so
there is no hidden global random state.

:data:`DEFAULT_FUNCTIONS` holds the built-ins. It is read-only; code that
adds functions (user ``Function`` objects) works on a copy::

    functions = DEFAULT_FUNCTIONS.copy()
    functions.register(my_spec)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np

from ranvier.units.dimensions import (DIMENSIONLESS, Dimension,
                                      DimensionMismatchError,
                                      get_or_create_dimension)
from ranvier.units.helpers import get_dimensions

__all__ = [
    "FunctionSpec", "FunctionRegistry", "DEFAULT_FUNCTIONS", "RESULT_KINDS",
    "ARG_KINDS",
    "dimensionless_rule", "keep_dimension_rule", "exprel", "timestep",
]

#: Value kinds a function can return. ``'highest'`` means the highest kind
#: among the arguments (boolean < integer < float), as NumPy does for
#: ``abs`` or ``clip``.
RESULT_KINDS = ("float", "integer", "boolean", "highest")
#: Kinds an argument may be required to have (see ``FunctionSpec.arg_kinds``).
ARG_KINDS = ("any", "float", "integer", "boolean")
_KIND_ORDER = ("boolean", "integer", "float")

_TIME = get_or_create_dimension(s=1)

UnitRule = Callable[[tuple], Dimension]


@dataclass(frozen=True)
class FunctionSpec:
    """A function callable in model code.

    Attributes
    ----------
    name : str
        The name used in model strings.
    n_args : int or tuple of (int, int)
        Exact number of arguments, or an inclusive ``(min, max)`` range.
    unit_rule : callable
        Takes the tuple of argument :class:`Dimension` objects and returns
        the result's dimension; raises ``DimensionMismatchError`` saying
        what was expected when the arguments do not fit.
    result_kind : str
        One of :data:`RESULT_KINDS`.
    implementation : callable
        The NumPy implementation, working on whole arrays. A stateless
        function is called as ``implementation(*args)``. A function with
        ``needs_size`` is called as ``implementation(rng, size, *args)``
        where ``rng`` is a ``numpy.random.Generator`` and ``size`` the
        number (or shape) of values to return, ``None`` for one scalar.
    stateless : bool
        False when two calls with the same arguments may give different
        values (random numbers): such calls are never merged or moved.
    needs_size : bool
        The implementation must be told how many values to produce, as
        ``rand()`` in a vectorised statement gives one draw per element.
    auto_vectorise : bool
        The implementation only handles scalars; it is applied element by
        element (for user functions written for single numbers).
    arg_kinds : tuple of str or None
        For each argument, the value kind it must have: ``'any'``,
        ``'float'`` (any number), ``'integer'`` (an integer or boolean) or
        ``'boolean'``; ``None`` accepts anything. Unit checking reports a
        call whose arguments do not fit (see :meth:`kind_problem`).
    numba_implementation : callable or None
        For compiled backends: a function in Numba's nopython subset (a
        plain Python function or a ``numba.njit`` dispatcher) computing
        *one* value. It is called as ``numba_implementation(*data,
        *args)``: first the arrays of ``numba_data``, in order, then the
        call's arguments as scalars in SI units (``float64``, ``int64`` or
        ``bool``). Functions with ``needs_size`` get no generator and no
        size: they draw one value from Numba's own ``np.random``. ``None``
        means the function has no compiled implementation.
    numba_data : tuple of (str, numpy.ndarray)
        Arrays the Numba implementation reads (a TimedArray's values),
        with a key unique among all functions, so that a backend can pass
        them as kernel arguments rather than compile them in as constants.
        Not used by the NumPy implementation, which holds its own data.
    locally_constant : callable or None
        ``locally_constant(dt)`` (``dt`` in seconds) is True when the
        function's value cannot change within a step of ``dt``.
    """

    name: str
    n_args: int | tuple[int, int]
    unit_rule: UnitRule
    result_kind: str
    implementation: Callable
    stateless: bool = True
    needs_size: bool = False
    auto_vectorise: bool = False
    arg_kinds: tuple | None = None
    # Compiled-backend extras do not take part in equality and hashing:
    # arrays cannot be compared or hashed as a whole.
    numba_implementation: Callable | None = field(default=None,
                                                  compare=False)
    numba_data: tuple = field(default=(), compare=False)
    #: For functions of time that only change at the boundaries of their
    #: own steps (a TimedArray): ``locally_constant(dt)`` tells whether
    #: the value stays fixed within each step of ``dt`` seconds, so that
    #: exact integration may treat a call as a constant input per step.
    locally_constant: Callable | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.result_kind not in RESULT_KINDS:
            raise ValueError(f"result_kind of function '{self.name}' must be "
                             f"one of {RESULT_KINDS}, not "
                             f"{self.result_kind!r}")
        if not self.stateless and not self.needs_size:
            # A function with hidden state gets its state from the caller's
            # generator, which comes through the needs_size convention.
            raise ValueError(f"function '{self.name}' is not stateless, so "
                             f"it needs needs_size=True to receive the "
                             f"random generator")
        if self.arg_kinds is not None:
            bad = [k for k in self.arg_kinds if k not in ARG_KINDS]
            if bad:
                raise ValueError(f"arg_kinds of function '{self.name}' must "
                                 f"be among {ARG_KINDS}, not {bad[0]!r}")

    def accepts(self, count: int) -> bool:
        """Whether the function can be called with ``count`` arguments."""
        low, high = self._arity_range()
        return low <= count <= high

    def arity_text(self) -> str:
        """The accepted number of arguments in words, for error messages."""
        low, high = self._arity_range()
        if low == high:
            return f"{low} argument{'s' if low != 1 else ''}"
        return f"{low} to {high} arguments"

    def result_dtype(self, arg_kinds: tuple) -> str:
        """The kind of value returned for arguments of ``arg_kinds``."""
        if self.result_kind != "highest":
            return self.result_kind
        if not arg_kinds:
            return "float"
        return max(arg_kinds, key=_KIND_ORDER.index)

    def kind_problem(self, arg_kinds: tuple) -> str | None:
        """What is wrong with the kinds of the arguments of a call, or
        None when they fit :attr:`arg_kinds`."""
        if self.arg_kinds is None:
            return None
        for position, (wanted, got) in enumerate(
                zip(self.arg_kinds, arg_kinds), start=1):
            if _kind_fits(wanted, got):
                continue
            return (f"argument {position} must be {_a(wanted)} value, "
                    f"got {_a(got)} value")
        return None

    def apply(self, args: tuple, rng: np.random.Generator | None = None,
              size=None):
        """Call the NumPy implementation on evaluated arguments.

        Parameters
        ----------
        args : tuple
            The argument values (arrays or numbers).
        rng : numpy.random.Generator, optional
            Required by functions with ``needs_size``.
        size : int or tuple, optional
            Number (or shape) of values a ``needs_size`` function returns;
            ``None`` for a single value.
        """
        if not self.accepts(len(args)):
            raise TypeError(f"function '{self.name}' takes "
                            f"{self.arity_text()}, got {len(args)}")
        func = self.implementation
        if self.auto_vectorise:
            func = np.vectorize(func)
        if self.needs_size:
            if rng is None and not self.stateless:
                raise ValueError(f"function '{self.name}' draws random "
                                 f"numbers: pass a numpy.random.Generator "
                                 f"as rng")
            return func(rng, size, *args)
        return func(*args)

    def _arity_range(self) -> tuple[int, int]:
        if isinstance(self.n_args, tuple):
            return self.n_args
        return (self.n_args, self.n_args)


def _a(kind: str) -> str:
    return f"an {kind}" if kind == "integer" else f"a {kind}"


def _kind_fits(wanted: str, got: str) -> bool:
    if wanted == "any":
        return True
    if wanted == "float":
        return True  # integers and booleans convert to floats exactly
    if wanted == "integer":
        return got in ("integer", "boolean")
    return got == wanted


class FunctionRegistry(Mapping):
    """Functions by name, with a way to add more.

    Parameters
    ----------
    specs : iterable of FunctionSpec
        The initial functions.
    read_only : bool
        Refuse :meth:`register`; shared registries such as
        :data:`DEFAULT_FUNCTIONS` are read-only so no caller changes them
        for everyone else.
    """

    def __init__(self, specs: Iterable[FunctionSpec] = (),
                 read_only: bool = False):
        self._specs: dict[str, FunctionSpec] = {}
        self._read_only = False
        for spec in specs:
            self.register(spec)
        self._read_only = read_only

    def __getitem__(self, name: str) -> FunctionSpec:
        return self._specs[name]

    def __iter__(self):
        return iter(self._specs)

    def __len__(self):
        return len(self._specs)

    def __repr__(self):
        return f"FunctionRegistry({sorted(self._specs)})"

    # A registry is a mutable collection of callables: it is equal only to
    # itself, which also makes it usable as a dataclass default.
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def register(self, spec: FunctionSpec, replace: bool = False) -> None:
        """Add ``spec`` under its name.

        Raises
        ------
        ValueError
            When the registry is read-only, or the name is taken and
            ``replace`` is False.
        """
        if self._read_only:
            raise ValueError("this function registry is read-only; register "
                             "functions on a copy (registry.copy())")
        if not isinstance(spec, FunctionSpec):
            raise TypeError(f"expected a FunctionSpec, got {spec!r}")
        if spec.name in self._specs and not replace:
            raise ValueError(f"a function named '{spec.name}' is already "
                             f"registered")
        self._specs[spec.name] = spec

    def copy(self) -> "FunctionRegistry":
        """A writable copy."""
        return FunctionRegistry(self._specs.values())


# -- unit rules ------------------------------------------------------------

def dimensionless_rule(result: Dimension = DIMENSIONLESS) -> UnitRule:
    """A rule for functions of dimensionless arguments returning ``result``."""
    def rule(dims):
        for position, dim in enumerate(dims, start=1):
            if dim is not DIMENSIONLESS:
                raise DimensionMismatchError(
                    f"argument {position} must be dimensionless", dim)
        return result
    return rule


def keep_dimension_rule(dims) -> Dimension:
    """The result has the dimension of the single argument."""
    return dims[0]


def _sqrt_rule(dims) -> Dimension:
    return dims[0] ** 0.5


def _same_dimensions_rule(dims) -> Dimension:
    first = dims[0]
    if any(dim is not first for dim in dims[1:]):
        raise DimensionMismatchError(
            "all arguments must have the same dimensions", *dims)
    return first


def _select_rule(dims) -> Dimension:
    return _same_dimensions_rule(dims[1:])


def _select(condition, if_true, if_false):
    return np.where(condition, if_true, if_false)


#: ``_select(c, a, b)``: ``a`` where ``c`` holds, else ``b``. Not a
#: function of the language (model code cannot name it): lowering emits it
#: for writes that only take effect where a condition holds (Brian 2's
#: conditional writes, see ranvier.objects.synapse_code). Both ``a`` and
#: ``b`` are evaluated.
SELECT = FunctionSpec("_select", 3, _select_rule, "highest", _select)


def _timestep_rule(dims) -> Dimension:
    for position, dim in enumerate(dims, start=1):
        if dim is not _TIME:
            raise DimensionMismatchError(
                f"argument {position} must be a time (second)", dim)
    return DIMENSIONLESS


# -- implementations -------------------------------------------------------

def exprel(x):
    """The relative error exponential, ``(exp(x) - 1) / x``.

    Accurate near 0 and equal to 1 at 0, where the plain formula divides
    zero by zero. Rate equations of ion channels (``x/(exp(x) - 1)``) stay
    finite at their removable singularity when written with it.

    Parameters
    ----------
    x : array_like
        Dimensionless values.

    Returns
    -------
    numpy.ndarray or numpy.float64
        One value per element of ``x``.

    Raises
    ------
    DimensionMismatchError
        When ``x`` has physical units.
    """
    dim = get_dimensions(x)
    if dim is not DIMENSIONLESS:
        raise DimensionMismatchError(
            "exprel needs a dimensionless argument", dim)
    # expm1 keeps full relative precision for small x, which a subtraction
    # exp(x) - 1 would lose.
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        safe = np.where(x == 0, 1.0, x)
        result = np.where(x == 0, 1.0, np.expm1(x) / safe)
    return result[()]


def _to_int(x):
    # astype truncates toward zero, as C and Python's int() do.
    return np.asarray(x).astype(np.int64)[()]


def timestep(t, dt):
    """The index of the time step containing ``t``.

    The ``1e-3 * dt`` shift keeps a time that is a whole number of steps
    but slightly below it after rounding (``0.3 / 0.1 = 2.9999...``) in
    its intended step.
    """
    return _to_int((np.asarray(t) + 1e-3 * np.asarray(dt)) / np.asarray(dt))


def _rand(rng, size):
    return rng.random(size)


def _randn(rng, size):
    return rng.standard_normal(size)


def _poisson(rng, size, lam):
    return np.asarray(rng.poisson(lam, size), dtype=np.int64)[()]


def _unary(name, ufunc, unit_rule=None, kind="float"):
    return FunctionSpec(name, 1, unit_rule or dimensionless_rule(), kind,
                        ufunc)


def _default_specs() -> list[FunctionSpec]:
    specs = [_unary(name, getattr(np, name)) for name in (
        "exp", "log", "log10", "sin", "cos", "tan", "sinh", "cosh", "tanh",
        "arcsin", "arccos", "arctan")]
    specs += [
        _unary("sqrt", np.sqrt, _sqrt_rule),
        _unary("abs", np.abs, keep_dimension_rule, "highest"),
        _unary("sign", np.sign, lambda dims: DIMENSIONLESS, "highest"),
        _unary("floor", np.floor, keep_dimension_rule),
        _unary("ceil", np.ceil, keep_dimension_rule),
        _unary("int", _to_int, dimensionless_rule(), "integer"),
        _unary("exprel", exprel),
        FunctionSpec("clip", 3, _same_dimensions_rule, "highest", np.clip),
        FunctionSpec("timestep", 2, _timestep_rule, "integer", timestep),
        FunctionSpec("rand", 0, dimensionless_rule(), "float", _rand,
                     stateless=False, needs_size=True),
        FunctionSpec("randn", 0, dimensionless_rule(), "float", _randn,
                     stateless=False, needs_size=True),
        FunctionSpec("poisson", 1, dimensionless_rule(), "integer", _poisson,
                     stateless=False, needs_size=True),
    ]
    return specs


#: The built-in functions of the model language (read-only).
DEFAULT_FUNCTIONS = FunctionRegistry(_default_specs(), read_only=True)
