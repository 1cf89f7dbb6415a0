"""Lowering model code to kernels: binding each name a body uses to an
array, a constant or the element index."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from ranvier.ir.kernel import Access, Domain, Kernel, Record
from ranvier.ir.merge_calls import merge_repeated_calls
from ranvier.lang.rewrite import small_powers_as_products
from ranvier.lang.functions import DEFAULT_FUNCTIONS, SELECT
from ranvier.lang.symbols import Constant, Variable
from ranvier.lang.tree import (BinOp, Call, Expr, Name, Statement, calls_in,
                               names_in)

__all__ = ["Binding", "build_kernel", "names_used"]


@dataclass(frozen=True)
class Binding:
    """Where a model variable lives: an array and how it is indexed.

    ``kind`` is an IR access kind (``element``, ``scalar``, ``index``,
    ``indirect``); ``via`` the index array for ``indirect``, or a tuple of
    them applied first to last.
    """

    array: str | None
    kind: str = "element"
    via: str | tuple[str, ...] | None = None

    @property
    def chain(self) -> tuple[str, ...]:
        """The index arrays of an ``indirect`` binding, first applied
        first."""
        if self.via is None:
            return ()
        return self.via if isinstance(self.via, tuple) else (self.via,)


def names_used(body: Iterable[Statement], condition: Expr | None = None,
               extra: Iterable[str] = ()) -> set[str]:
    """Identifiers read or written by statements and a condition."""
    names = set(extra)
    for stmt in body:
        names |= names_in(stmt.expr)
        names.add(stmt.target)
    if condition is not None:
        names |= names_in(condition)
    return names


def conditional_write(stmt: Statement, conditions: Mapping) -> Statement:
    """``stmt`` writing only where ``conditions[target]`` (a boolean
    variable) holds, as ``target = _select(c, new value, target)``;
    unchanged for targets without a condition. Brian 2 writes variables
    flagged ``(unless refractory)`` this way from all code but resets."""
    condition = conditions.get(stmt.target)
    if condition is None:
        return stmt
    target = Name(stmt.target)
    value = stmt.expr if stmt.op == "=" else \
        BinOp(stmt.op[0], target, stmt.expr)
    return Statement(stmt.target, "=",
                     Call("_select", (Name(condition), value, target)),
                     stmt.source, stmt.target_span)


def refractory_conditions(group, suffix: str = "") -> dict:
    """``{name + suffix: 'not_refractory' + suffix}`` for the variables of
    ``group`` (or its parent) flagged ``(unless refractory)``, when it has
    a refractory period."""
    root = getattr(group, "parent", group)
    if getattr(root, "_refractory", False) is False:
        return {}
    return {eq.varname + suffix: "not_refractory" + suffix
            for eq in getattr(root, "equations", ())
            if "unless refractory" in eq.flags}


#: Functions kernels may call without a symbol: the language's, and the
#: internal ones lowering emits (model code cannot name them: checking
#: resolves its names against the model's symbols first).
_BUILT_IN = {**DEFAULT_FUNCTIONS, "_select": SELECT}


class _Functions:
    """The function a kernel's name resolves to: the symbols' own, else
    the language's."""

    def __init__(self, symbols: Mapping):
        self.symbols = symbols

    def get(self, name: str):
        return self.symbols.get(name, _BUILT_IN.get(name))


def _cheap_powers(symbols: Mapping, body, condition):
    """Small integer powers as products (see small_powers_as_products)."""
    floats = {n for n, s in symbols.items()
              if isinstance(s, Variable) and s.dtype == "float"}
    body = tuple(replace(stmt, expr=small_powers_as_products(stmt.expr,
                                                             floats))
                 for stmt in body)
    if condition is not None:
        condition = small_powers_as_products(condition, floats)
    return body, condition


def build_kernel(name: str, domain: Domain, symbols: Mapping,
                 bindings: Mapping[str, Binding],
                 body: tuple[Statement, ...] = (),
                 condition: Expr | None = None,
                 events_out: str | None = None,
                 record: Record | None = None) -> Kernel:
    """Make a kernel whose accesses and constants cover every name used.

    Parameters
    ----------
    name : str
    domain : Domain
    symbols : mapping
        Resolved identifiers (``Variable``, ``Constant``, function specs).
    bindings : mapping of str to Binding
        Arrays of the model variables.
    body, condition, events_out, record
        As in :class:`ranvier.ir.kernel.Kernel`.
    """
    body, condition = _cheap_powers(symbols, body, condition)
    body = merge_repeated_calls(body, _Functions(symbols))
    written = {stmt.target for stmt in body}
    used = names_used(body, condition)
    called = set()
    exprs = [stmt.expr for stmt in body] + \
        [expr for _, expr in (record.columns if record is not None else ())]
    if condition is not None:
        exprs.append(condition)
    for expr in exprs:
        used |= names_in(expr)
        called |= calls_in(expr)
    accesses, constants = [], []
    for ident in sorted(used):
        if ident in bindings:
            b = bindings[ident]
            accesses.append(Access(ident, b.array, b.kind, b.via,
                                   write=ident in written))
        elif isinstance(symbols.get(ident), Constant):
            constants.append((ident, symbols[ident].value))
        # Temporaries and function names need no binding.
    functions = tuple((f, symbols.get(f, _BUILT_IN.get(f)))
                      for f in sorted(called))
    missing = [f for f, spec in functions if spec is None]
    if missing:
        raise KeyError(f"kernel {name!r} calls unknown functions {missing}")
    return Kernel(name, domain, tuple(accesses), tuple(constants), body,
                  condition, events_out, record, functions)
