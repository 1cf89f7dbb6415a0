"""Tools the state updaters share: splitting noise from drift, naming
temporaries, substituting names in trees and building small sums."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Iterable, Mapping

import sympy as sp

from ranvier.integration.system import (DT, TIME, ODESystem,
                                        is_noise_symbol)
from ranvier.lang.sympy_bridge import from_sympy, symbol, to_sympy
from ranvier.lang.tree import (BinOp, BoolOp, Call, Compare, Const, Expr,
                               Name, Statement, Unary, calls_in, names_in)

__all__ = ["SplitEquation", "split_noise", "substitute", "TempNames",
           "combination", "plus", "times", "random_calls", "noise_temp",
           "shifted_time", "assign", "finish", "reject_noise"]


@dataclass(frozen=True)
class SplitEquation:
    """``dx/dt = drift + sum(coefficient * noise)`` for one variable.

    Attributes
    ----------
    variable : str
    drift : Expr
        The deterministic part.
    noise : tuple of (str, Expr)
        Noise symbol (after renaming a bare ``xi``) and the coefficient it
        is multiplied by.
    """

    variable: str
    drift: Expr
    noise: tuple[tuple[str, Expr], ...] = ()


def split_noise(system: ODESystem, method: str) -> tuple[SplitEquation, ...]:
    """Separate each right-hand side into drift and noise terms.

    A bare ``xi`` is renamed per equation (``xi_<variable>``, or with more
    underscores if the user already has that name) so that it is
    independent noise in each equation.

    Raises
    ------
    UnsupportedEquationsError
        When a noise symbol does not enter an equation linearly.
    """
    taken = set(system.noise_symbols)
    return tuple(_split_one(system, variable, rhs, taken, method)
                 for variable, rhs in system.derivatives)


def _split_one(system, variable, rhs, taken, method) -> SplitEquation:
    noise_names = sorted(n for n in names_in(rhs) if is_noise_symbol(n))
    if not noise_names:
        return SplitEquation(variable, rhs)
    expr = to_sympy(rhs, system.functions)
    symbols = {name: symbol(name) for name in noise_names}
    drift = expr.subs({s: 0 for s in symbols.values()})
    terms = []
    for name in noise_names:
        coefficient = sp.diff(expr, symbols[name])
        if coefficient.free_symbols & set(symbols.values()) or \
                coefficient.has(sp.Derivative):
            raise system.unsupported(
                method, f"the noise '{name}' does not enter the equation for "
                f"'{variable}' linearly (it must be a term "
                f"'coefficient*{name}')", variable)
        terms.append((_rename_bare_xi(name, variable, taken),
                      from_sympy(coefficient)))
    return SplitEquation(variable, from_sympy(drift), tuple(terms))


def _rename_bare_xi(name, variable, taken) -> str:
    if name != "xi":
        return name
    renamed = f"xi_{variable}"
    while renamed in taken:
        renamed += "_"
    taken.add(renamed)
    return renamed


def noise_temp(noise: str) -> str:
    """The temporary holding the standard normal draw of a noise symbol."""
    return "_" + noise


def random_calls(expr: Expr, functions: Mapping) -> set[str]:
    """Names of the random (not stateless) functions ``expr`` calls."""
    return {name for name in calls_in(expr)
            if name in functions and not functions[name].stateless}


class TempNames:
    """Hands out temporary names, never the same name for two purposes.

    ``get("k1", "v")`` gives ``_k1_v``; ``get("new", "v", suffix=True)``
    gives ``_v_new``. Should two requests produce the same text (a
    variable called ``k1_v``...), the later one gets extra underscores.
    """

    def __init__(self):
        self._by_key: dict[tuple, str] = {}
        self._used: set[str] = set()

    def get(self, role: str, variable: str, suffix: bool = False) -> str:
        key = (role, variable, suffix)
        if key not in self._by_key:
            name = f"_{variable}_{role}" if suffix else f"_{role}_{variable}"
            while name in self._used:
                name += "_"
            self._used.add(name)
            self._by_key[key] = name
        return self._by_key[key]


def substitute(expr: Expr, mapping: Mapping[str, Expr]) -> Expr:
    """Replace names in ``expr`` by trees, all at once."""
    if isinstance(expr, Name):
        return mapping.get(expr.id, expr)
    if isinstance(expr, Const):
        return expr
    if isinstance(expr, Unary):
        return Unary(expr.op, substitute(expr.operand, mapping))
    if isinstance(expr, BinOp):
        return BinOp(expr.op, substitute(expr.left, mapping),
                     substitute(expr.right, mapping))
    if isinstance(expr, Compare):
        return Compare(expr.ops, tuple(substitute(o, mapping)
                                       for o in expr.operands))
    if isinstance(expr, BoolOp):
        return BoolOp(expr.op, tuple(substitute(v, mapping)
                                     for v in expr.values))
    if isinstance(expr, Call):
        return Call(expr.func, tuple(substitute(a, mapping)
                                     for a in expr.args))
    raise TypeError(f"cannot substitute in {expr!r}")


def plus(left: Expr, right: Expr) -> Expr:
    return BinOp("+", left, right)


def times(left: Expr, right: Expr) -> Expr:
    return BinOp("*", left, right)


def combination(terms: Iterable[tuple[Fraction, Expr]]) -> Expr | None:
    """``sum(c * e)`` over a common denominator, e.g. ``(a + 2*b)/6``.

    Zero coefficients are dropped; returns ``None`` for an empty sum.
    """
    terms = [(Fraction(c), e) for c, e in terms if c != 0]
    if not terms:
        return None
    denominator = lcm(*(c.denominator for c, _ in terms))
    tree = None
    for coefficient, expr in terms:
        scaled = coefficient * denominator
        size = abs(scaled.numerator)
        part = expr if size == 1 else times(Const(size), expr)
        if tree is None:
            tree = part if scaled > 0 else Unary("-", part)
        else:
            tree = BinOp("+" if scaled > 0 else "-", tree, part)
    if denominator != 1:
        tree = BinOp("/", tree, Const(denominator))
    return tree


def shifted_time(fraction: Fraction) -> Expr:
    """``t + fraction*dt`` (just ``t`` for zero)."""
    shift = combination([(fraction, Name(DT))])
    return Name(TIME) if shift is None else plus(Name(TIME), shift)


def assign(target: str, expr: Expr) -> Statement:
    return Statement(target, "=", expr)


def finish(variables, new_values: Mapping[str, Expr],
           names: TempNames) -> list[Statement]:
    """``_v_new = ...`` for every variable, then ``v = _v_new``: no state
    variable changes before every new value is known."""
    statements = [assign(names.get("new", v, suffix=True), new_values[v])
                  for v in variables]
    statements += [assign(v, Name(names.get("new", v, suffix=True)))
                   for v in variables]
    return statements


def reject_noise(system: ODESystem, method: str) -> None:
    """Raise if ``system`` is stochastic: ``method`` is deterministic."""
    for variable, rhs in system.derivatives:
        noise = sorted(n for n in names_in(rhs) if is_noise_symbol(n))
        if noise:
            raise system.unsupported(
                method, f"the equations are stochastic (noise "
                f"{', '.join(noise)} in the equation for '{variable}') and "
                f"'{method}' only integrates deterministic equations; use "
                f"'euler' (additive noise), 'heun' or 'milstein'", variable)
