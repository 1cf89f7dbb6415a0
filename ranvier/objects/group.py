"""Groups: objects that own per-element state arrays (neurons, and later
synapses), with unit-aware access by name."""

from __future__ import annotations

import numbers
from typing import Mapping

import numpy as np

from ranvier.lang.errors import ModelError, ModelNameError
from ranvier.lang.evaluate import evaluate
from ranvier.lang.namespace import resolve_identifiers, user_namespace
from ranvier.lang.temporaries import bind_temporaries
from ranvier.lang.parse import parse_condition, parse_expression
from ranvier.lang.symbols import Constant, Variable
from ranvier.ir.kernel import range_domain
from ranvier.lang.tree import Source, Statement, names_in, calls_in
from ranvier.lang.units_check import CheckContext, check_condition, \
    check_expression, check_statements
from ranvier.objects import defaults
from ranvier.objects.base import SimObject
from ranvier.objects.linked import (LinkedVariable, link_arrays,
                                    link_binding, link_location, link_values,
                                    set_link)
from ranvier.objects.lowering import (Binding, build_kernel, conditional_write,
                                     refractory_conditions)
from ranvier.objects.runner import CodeRunner
from ranvier.objects.variables import VariableView
from ranvier.units import (DIMENSIONLESS, DimensionMismatchError, Quantity,
                           get_dimensions, second)

__all__ = ["Group", "VariableOwner", "variable_dtype", "element_count",
           "IndexView"]

_TIME = second.dim
_NUMPY_DTYPES = {"boolean": np.bool_, "integer": np.int32}


class VariableOwner:
    """State arrays by name and the variable records describing them.

    Shared by a group and its subgroups: a subgroup sees the same arrays
    through a range ``[start, stop)``.
    """

    def __init__(self, owner_name: str):
        self.owner_name = owner_name
        self.records: dict[str, Variable] = {}
        self.arrays: dict[str, np.ndarray] = {}
        self.subexpressions: dict = {}
        # Linked variables: name -> ranvier.objects.linked.Link, or None
        # until linked. They have a record but no array of their own.
        self.links: dict = {}

    def add_array(self, record: Variable, size: int, dtype, value=0):
        self.records[record.name] = record
        self.arrays[record.name] = np.full(size, value, dtype=dtype)

    def key(self, name: str) -> str:
        """The global array name used in kernels."""
        return f"{self.owner_name}.{name}"


class Group(SimObject):
    """Base class of groups: named variables, string access, namespaces.

    Subclasses set ``self._owner`` (a :class:`VariableOwner`), ``start``,
    ``stop`` and ``namespace`` before use.
    """

    _frozen = False

    # -- attribute access to variables ------------------------------------
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        owner = self.__dict__.get("_owner")
        if owner is not None:
            base = name[:-1] if name.endswith("_") else name
            if base in owner.records or base in owner.subexpressions:
                return VariableView(self, base, unitless=name.endswith("_"))
        raise AttributeError(f"{type(self).__name__} {self.name!r} has no "
                             f"variable or attribute {name!r}")

    def __setattr__(self, name, value):
        owner = self.__dict__.get("_owner")
        if owner is not None and not name.startswith("_"):
            base = name[:-1] if name.endswith("_") else name
            if base in owner.links:
                set_link(self, base, value)
                return
            if base in owner.records or base in owner.subexpressions:
                self._assign(base, slice(None), value,
                             unitless=name.endswith("_"))
                return
            if self._frozen and name not in self.__dict__ and \
                    not hasattr(type(self), name):
                raise AttributeError(
                    f"{type(self).__name__} {self.name!r} has no variable "
                    f"{name!r}; variables are defined in the model equations")
        object.__setattr__(self, name, value)

    def __len__(self):
        return self.stop - self.start

    @property
    def indices(self) -> "IndexView":
        """``G.indices[key]``: the element indices ``key`` selects (a
        slice, integers, booleans or a condition string; for synapses
        also ``(i, j)`` pairs)."""
        return IndexView(self)

    @property
    def i(self):
        """The elements' indices within this group (for synapses, their
        presynaptic indices)."""
        owner = self.__dict__.get("_owner")
        if owner is not None and "i" in owner.records:
            return VariableView(self, "i")
        return np.arange(self.N)

    @property
    def t(self):
        """The current time of the group's clock."""
        return self.clock.t

    @property
    def dt(self):
        """The time step of the group's clock."""
        return self.clock.dt

    @property
    def N(self) -> int:
        return self.stop - self.start

    # -- code run regularly ---------------------------------------------------
    def run_regularly(self, code: str, dt=None, clock=None,
                      when: str = "start", order: int = 0,
                      name: str | None = None) -> CodeRunner:
        """Run ``code`` for every element of this group every ``dt``
        (default: the group's own step).

        Returns
        -------
        CodeRunner
            The scheduled object; it runs with the group, and may also be
            added to a network explicitly.
        """
        return CodeRunner(self, code, dt=dt, clock=clock, when=when,
                          order=order, name=name)

    def _add_runner(self, runner) -> None:
        self.__dict__.setdefault("_runners", []).append(runner)

    def contained_objects(self):
        return list(self.__dict__.get("_runners", ()))

    def _regular_kernel(self, label: str, statements, clock, ctx):
        """The kernel of a ``run_regularly`` block over this group's
        elements, run on ``clock``. As in Brian 2, ``dt`` is the group's,
        not the runner's (a runner every 1 ms of a 0.1 ms group sees
        dt = 0.1 ms); ``t`` is the runner's time."""
        model = set(self._model_symbols()) | set(self._owner.subexpressions)
        stmts = tuple(Statement(s.target, s.op, self._inline(s.expr),
                                s.source, s.target_span)
                      for s in bind_temporaries(statements, model))
        symbols = self._model_symbols()
        for stmt in stmts:
            names = {n for n in names_in(stmt.expr) | calls_in(stmt.expr)
                     if not n.startswith("_") and n not in symbols}
            symbols.update(self._resolve(names, ctx.run_namespace,
                                         ctx.namespace, stmt.source))
        # N is this group's size: a subgroup's, not its parent's.
        symbols["N"] = Constant("N", int(self.N))
        symbols["dt"] = Constant("dt", float(self.clock.dt_), _TIME)
        check_statements(stmts, CheckContext(symbols))
        bindings = dict(self._bindings())
        del bindings["N"], bindings["dt"]
        # The group's clock may have no operation of its own in the run.
        bindings["t"] = Binding(f"{clock.name}.t", "scalar")
        # As in Brian 2, variables flagged (unless refractory) are written
        # outside refractoriness only (after the unit check, which the
        # internal _select must not see).
        conditions = refractory_conditions(self)
        stmts = tuple(conditional_write(s, conditions) for s in stmts)
        return build_kernel(label, range_domain(self.start, self.stop),
                            symbols, bindings, stmts)

    # -- what kernels and expressions see ----------------------------------
    def _variable_record(self, name: str) -> Variable:
        owner = self._owner
        if name in owner.records:
            return owner.records[name]
        if name in owner.subexpressions:
            eq = owner.subexpressions[name]
            return Variable(name, eq.dim, eq.dtype, read_only=True)
        raise ModelNameError(f"{self.name!r} has no variable {name!r}")

    def _model_symbols(self) -> dict:
        """Variables of the model as the language sees them."""
        symbols = dict(self._owner.records)
        symbols["t"] = Variable("t", _TIME, read_only=True, scalar=True)
        symbols["dt"] = Variable("dt", _TIME, read_only=True, scalar=True)
        symbols["i"] = Variable("i", DIMENSIONLESS, "integer", read_only=True)
        symbols["N"] = Variable("N", DIMENSIONLESS, "integer", read_only=True,
                                scalar=True)
        return symbols

    def _bindings(self) -> dict[str, Binding]:
        owner = self._owner
        out = {name: Binding(owner.key(name),
                             "scalar" if rec.scalar else "element")
               for name, rec in owner.records.items()}
        for name in owner.links:
            out[name] = link_binding(owner, name)
        out["t"] = Binding(f"{self.clock.name}.t", "scalar")
        out["dt"] = Binding(f"{self.clock.name}.dt", "scalar")
        out["i"] = Binding(None, "index")
        out["N"] = Binding(owner.key("N"), "scalar")
        return out

    def state_arrays(self) -> dict:
        owner = self._owner
        arrays = {owner.key(n): a for n, a in owner.arrays.items()}
        arrays.update(link_arrays(owner))
        arrays.setdefault(owner.key("N"),
                          np.array([self._owner_size()], dtype=np.int64))
        return arrays

    def _owner_size(self) -> int:
        return self.stop - self.start

    def _code_symbols(self, exprs, ctx) -> dict:
        """Every symbol the expressions ``exprs`` need for a run: the
        model's variables and the resolved external names."""
        names = set()
        for expr in exprs:
            names |= names_in(expr) | calls_in(expr)
        return self._symbols_for(names, ctx)

    def _symbols_for(self, names, ctx) -> dict:
        """The model's variables plus ``names`` resolved as this group's
        code resolves them (its namespace, then the run's)."""
        model = self._model_symbols()
        names = {n for n in names if not n.startswith("_") and n not in model}
        symbols = dict(model)
        symbols.update(self._resolve(names, ctx.run_namespace, ctx.namespace))
        return symbols

    def _resolve(self, names, run_namespace: Mapping, namespace=None,
                 source: Source | None = None) -> dict:
        """Resolve identifiers used by this group's code."""
        explicit = dict(namespace or {})
        explicit.update(self.namespace or {})
        equations = getattr(self, "equations", None)
        if equations is not None:
            explicit.update(equations.constants)
        return resolve_identifiers(names, self._model_symbols(), explicit,
                                   run_namespace, source)

    # -- reading values ------------------------------------------------------
    def _read_values(self, name: str) -> np.ndarray:
        owner = self._owner
        if name in owner.links:
            scalar = owner.records[name].scalar
            return link_values(owner, name, np.zeros(1, np.intp) if scalar
                               else np.arange(self.start, self.stop))
        if name in owner.records:
            arr = owner.arrays[name]
            if owner.records[name].scalar:
                return arr
            return arr[self.start:self.stop]
        return self._evaluate_subexpression(name)

    def _evaluate_subexpression(self, name: str) -> np.ndarray:
        eq = self._owner.subexpressions[name]
        expr = self._inline(eq.expr)
        value = self._evaluate(expr, np.arange(self.N), user_namespace(),
                               Source(str(eq.expr), owner=self._owner_text()))
        return np.broadcast_to(value, (self.N,)).copy()

    def _inline(self, expr):
        """Replace subexpression names by their definitions."""
        equations = getattr(self, "equations", None)
        return equations.substituted(expr) if equations is not None else expr

    def _owner_text(self, what: str = "") -> str:
        text = f"{type(self).__name__} {self.name!r}"
        return f"{text} {what}".rstrip()

    def _value_table(self, indices: np.ndarray, names) -> dict:
        values = {}
        owner = self._owner
        for name in names:
            if name in owner.links:
                scalar = owner.records[name].scalar
                got = link_values(owner, name, np.zeros(1, np.intp)
                                  if scalar else self.start + indices)
                values[name] = got[0] if scalar else got
            elif name in owner.records:
                arr = owner.arrays[name]
                values[name] = arr[0] if owner.records[name].scalar else \
                    arr[self.start + indices]
        values["i"] = indices
        values["N"] = self.N
        values["t"] = self.clock.t_
        values["dt"] = self.clock.dt_
        return values

    def _evaluate(self, expr, indices: np.ndarray, run_namespace,
                  source: Source, condition: bool = False,
                  expected=None):
        """Evaluate an expression of this group's variables for elements
        ``indices`` (relative to the group), checking units first."""
        names = names_in(expr) | calls_in(expr)
        symbols = self._resolve(names, run_namespace, source=source)
        ctx = CheckContext(symbols, source)
        if condition:
            check_condition(expr, ctx)
        else:
            check_expression(expr, ctx, expected, "expression")
        values = self._value_table(indices, names)
        for name, sym in symbols.items():
            if hasattr(sym, "value"):
                values[name] = sym.value
        functions = {n: s for n, s in symbols.items()
                     if hasattr(s, "implementation")}
        return evaluate(expr, values, functions,
                        defaults.random_generator(), len(indices))

    # -- selecting and assigning -------------------------------------------
    def _indices_for(self, key) -> np.ndarray:
        """Indices (relative to the group) selected by ``key``."""
        n = self.N
        if isinstance(key, str):
            source = Source(key, owner=self._owner_text("index condition"))
            expr = parse_condition(key, owner=source.owner)
            mask = self._evaluate(expr, np.arange(n), user_namespace(),
                                  source, condition=True)
            return np.flatnonzero(np.broadcast_to(mask, (n,)))
        if isinstance(key, slice):
            return np.arange(n)[key]
        arr = np.asarray(key)
        if arr.dtype == bool:
            if arr.shape != (n,):
                raise IndexError(f"a boolean index for {self.name!r} needs "
                                 f"{n} entries, got {arr.shape}")
            return np.flatnonzero(arr)
        if not np.issubdtype(arr.dtype, np.integer):
            raise IndexError(f"cannot index {self.name!r} with "
                             f"{type(key).__name__}; use integers, slices, "
                             f"booleans or a condition string")
        arr = np.where(arr < 0, arr + n, arr)
        if arr.size and (arr.min() < 0 or arr.max() >= n):
            raise IndexError(f"index out of range for {self.name!r} with "
                             f"{n} elements")
        return arr

    def _assign(self, name: str, key, value, unitless: bool = False) -> None:
        record = self._variable_record(name)
        if isinstance(value, LinkedVariable):
            raise TypeError(f"{self._owner_text()}: cannot link '{name}', "
                            f"which is not marked '(linked)' in the model "
                            f"equations")
        linked = name in self._owner.links
        if (name not in self._owner.arrays and not linked) or \
                name in self._owner.subexpressions:
            raise ModelNameError(f"{self._owner_text()}: variable {name!r} "
                                 f"is read-only")
        if record.scalar:
            indices = np.arange(1)
        else:
            indices = self._indices_for(key)
        if isinstance(value, str):
            source = Source(value, owner=self._owner_text(f"setting {name}"))
            expr = self._inline(parse_expression(value, source))
            result = self._evaluate(expr, indices, user_namespace(), source,
                                    expected=record.dim)
        else:
            result = self._checked_value(name, record, value, unitless)
        arr = self._owner.arrays.get(name)
        target = indices if record.scalar else self.start + indices
        if linked:
            # Writes reach the target, as reads do.
            arr, target = link_location(self._owner, name, target)
        try:
            arr[target] = np.broadcast_to(np.asarray(result), target.shape)
        except ValueError:
            raise ValueError(f"{self._owner_text()}: cannot assign "
                             f"{np.shape(result)} values to {len(target)} "
                             f"elements of {name!r}") from None

    def _checked_value(self, name, record, value, unitless: bool):
        if isinstance(value, VariableView):
            value = value._value()
        if unitless:
            return np.asarray(value)
        dim = get_dimensions(value)
        if dim is not record.dim and not _all_zero(value):
            raise DimensionMismatchError(
                f"{self._owner_text()}: cannot set {name!r} to a value with "
                f"other units", record.dim, dim)
        if isinstance(value, Quantity):
            return np.asarray(value.view(np.ndarray))
        return np.asarray(value)

    # -- whole-state access -------------------------------------------------
    def get_states(self, vars=None, units: bool = True) -> dict:
        """The variables' values as a dictionary (copies)."""
        names = vars if vars is not None else [
            n for n in self._owner.records if not n.startswith("_")]
        out = {}
        for name in names:
            record = self._variable_record(name)
            values = np.array(self._read_values(name), copy=True)
            out[name] = Quantity.with_dimensions(values, record.dim) \
                if units and record.dim is not DIMENSIONLESS else values
        return out

    def set_states(self, values: dict, units: bool = True) -> None:
        """Set several variables from a dictionary."""
        for name in values:
            self._variable_record(name)  # unknown names fail before writing
        for name, value in values.items():
            self._assign(name, slice(None), value, unitless=not units)


class IndexView:
    """What ``group.indices`` returns: indexing it gives the indices of the
    selected elements, relative to the group."""

    def __init__(self, group):
        self._group = group

    def __getitem__(self, key) -> np.ndarray:
        return np.asarray(self._group._indices_for(key), dtype=np.int32)

    def __repr__(self):
        return f"<indices of {self._group.name!r}>"


def element_count(N, what: str) -> int:
    """``N`` as a positive number of elements, or a ValueError.

    Integer-valued floats (``12500.0``, ``int(0.8*N)``-like arithmetic on
    floats) are accepted, as Brian 2 does; anything with a fractional
    part is refused rather than truncated.
    """
    if isinstance(N, (bool, np.bool_)):
        count = None
    elif isinstance(N, numbers.Integral):
        count = int(N)
    elif isinstance(N, numbers.Real) and np.isfinite(N) and \
            float(N).is_integer():
        count = int(N)
    else:
        count = None
    if count is None or count < 1:
        raise ValueError(f"a {what} needs a positive integer number of "
                         f"neurons, got {N!r}")
    return count


def _all_zero(value) -> bool:
    try:
        return bool(np.all(np.asarray(value) == 0))
    except (TypeError, ValueError, DimensionMismatchError, ModelError):
        return False


def variable_dtype(eq, dtype):
    """The NumPy type of a model variable's array: booleans and integers by
    their kind, floats from ``dtype`` (one type, or a dict by name) or the
    preferences."""
    if eq.dtype != "float":
        return {"boolean": np.bool_, "integer": np.int32}[eq.dtype]
    if isinstance(dtype, dict):
        dtype = dtype.get(eq.varname)
    return np.dtype(dtype).type if dtype is not None else \
        defaults.float_dtype()
