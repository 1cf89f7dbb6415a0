"""A reference interpreter for expression trees and statements.

This is the living definition of what a tree means; every code generator
must agree with it. It favours being obviously right over being fast.

Semantics
---------
- Values are NumPy arrays or scalars; literals become NumPy scalars
  (``int64``, ``float64``, ``bool_``), so promotion follows NumPy.
- In arithmetic (``+ - * / // % **`` and unary ``-``/``+``) booleans count
  as integers, as in Python: ``True + True == 2``. (NumPy alone would give
  a logical or.)
- ``/`` is true division, ``//`` floor division and ``%`` the remainder
  with the sign of the divisor, as in Python and NumPy. ``**`` follows
  NumPy: an integer raised to a negative integer power is an error.
- Comparisons are elementwise; a chain ``a < b < c`` means
  ``(a < b) and (b < c)`` with each operand evaluated once.
- ``and``, ``or`` and ``not`` are elementwise logical operations returning
  booleans; both sides are always evaluated.
- Function calls go through :meth:`FunctionSpec.apply`; random functions
  draw ``size`` values from ``rng``.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from ranvier.lang.errors import ModelNameError, ModelSyntaxError
from ranvier.lang.functions import DEFAULT_FUNCTIONS
from ranvier.lang.tree import (BinOp, BoolOp, Call, Compare, Const, Expr,
                               Name, Statement, Unary)

__all__ = ["evaluate", "execute", "EvalContext"]

_BINARY = {
    "+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide,
    "//": np.floor_divide, "%": np.remainder, "**": operator.pow,
}
_COMPARE = {
    "<": np.less, "<=": np.less_equal, ">": np.greater,
    ">=": np.greater_equal, "==": np.equal, "!=": np.not_equal,
}
_BOOL = {"and": np.logical_and, "or": np.logical_or}
_AUGMENTED = {"+=": "+", "-=": "-", "*=": "*", "/=": "/"}


@dataclass(frozen=True)
class EvalContext:
    """Everything an evaluation reads besides the tree.

    Attributes
    ----------
    values : Mapping
        Values of the names (arrays or numbers).
    functions : Mapping
        Function specs by name.
    rng : numpy.random.Generator or None
        Source of random numbers for ``rand()`` and friends.
    size : int, tuple or None
        How many values a random function draws; ``None`` for one.
    """

    values: Mapping
    functions: Mapping = DEFAULT_FUNCTIONS
    rng: np.random.Generator | None = None
    size: int | tuple | None = None


def evaluate(expr: Expr, values: Mapping, functions: Mapping =
             DEFAULT_FUNCTIONS, rng: np.random.Generator | None = None,
             size=None):
    """Evaluate an expression tree with NumPy.

    Parameters
    ----------
    expr : Expr
        The expression.
    values : Mapping[str, array or number]
        Values of the names used in ``expr``.
    functions : Mapping[str, FunctionSpec], optional
        The callable functions.
    rng : numpy.random.Generator, optional
        Needed when ``expr`` calls a random function.
    size : int or tuple, optional
        Number of values each random call draws (one per element in a
        vectorised statement); ``None`` draws a single value.

    Returns
    -------
    numpy.ndarray or numpy scalar
    """
    return _eval(expr, EvalContext(values, functions, rng, size))


def execute(statements: Iterable[Statement], values: MutableMapping,
            functions: Mapping = DEFAULT_FUNCTIONS,
            rng: np.random.Generator | None = None, size=None) -> None:
    """Run statements in order, updating ``values``.

    A target whose name starts with ``_`` is a temporary: it is visible to
    the following statements only and is not stored in ``values``. Any
    other target that already holds an array is written in place, so
    arrays shared with their owner (a group's state) see the update.

    Parameters
    ----------
    statements : iterable of Statement
    values : MutableMapping[str, array or number]
        Variables read and written by the statements.
    functions, rng, size
        As for :func:`evaluate`.
    """
    temporaries: dict = {}
    scope = _Scope(temporaries, values)
    for statement in statements:
        ctx = EvalContext(scope, functions, rng, size)
        result = _eval(statement.expr, ctx)
        if statement.op != "=":
            if statement.op not in _AUGMENTED:
                raise ModelSyntaxError(f"unknown assignment operator "
                                       f"'{statement.op}'", statement.source)
            old = _lookup(statement.target, ctx)
            result = _arith(_AUGMENTED[statement.op], old, result)
        _store(statement.target, result, temporaries, values,
               statement.op == "=" and isinstance(statement.expr, Name))


class _Scope(Mapping):
    """Temporaries first, then the caller's values."""

    def __init__(self, temporaries, values):
        self._temporaries = temporaries
        self._values = values

    def __getitem__(self, name):
        if name in self._temporaries:
            return self._temporaries[name]
        return self._values[name]

    def __iter__(self):
        yield from self._temporaries
        yield from (k for k in self._values if k not in self._temporaries)

    def __len__(self):
        return len(set(self._temporaries) | set(self._values))


def _store(target, result, temporaries, values, aliased=False):
    if target.startswith("_"):
        temporaries[target] = _detached(result, aliased)
        return
    current = values.get(target)
    if isinstance(current, np.ndarray) and current.ndim > 0:
        current[...] = result
    else:
        values[target] = _detached(result, aliased)


def _detached(result, aliased: bool):
    """``result``, copied if it may be (a view of) a variable's array: a
    name keeps the value it was given even when that variable is written
    in place later (``_old = v`` then ``v += 1``). Only a bare name
    (``aliased``) evaluates to a variable's own array, and views do not
    own their data; arithmetic results are new arrays, stored as they
    are."""
    if isinstance(result, np.ndarray) and result.ndim > 0 and \
            (aliased or not result.flags.owndata):
        return result.copy()
    return result


def _eval(node: Expr, ctx: EvalContext):
    handler = _HANDLERS.get(type(node))
    if handler is None:
        raise ModelSyntaxError(f"cannot evaluate a {type(node).__name__} "
                               f"node")
    return handler(node, ctx)


def _eval_const(node: Const, ctx):
    if isinstance(node.value, bool):
        return np.bool_(node.value)
    if isinstance(node.value, int):
        return np.int64(node.value)
    return np.float64(node.value)


def _lookup(name, ctx):
    try:
        value = ctx.values[name]
    except KeyError:
        raise ModelNameError(f"name '{name}' has no value") from None
    return np.asarray(value)[()] if not isinstance(value, np.ndarray) \
        else value


def _eval_name(node: Name, ctx):
    return _lookup(node.id, ctx)


def _as_number(value):
    # Booleans take part in arithmetic as 0 and 1 (Python's rule).
    value = np.asarray(value)
    if value.dtype == np.bool_:
        return value.astype(np.int64)[()]
    return value[()]


def _arith(op, left, right):
    left, right = _as_number(left), _as_number(right)
    return _BINARY[op](left, right)


def _eval_unary(node: Unary, ctx):
    value = _eval(node.operand, ctx)
    if node.op == "not":
        return np.logical_not(value)
    if node.op == "-":
        return np.negative(_as_number(value))
    if node.op == "+":
        return _as_number(value)
    raise ModelSyntaxError(f"unknown unary operator '{node.op}'")


def _eval_binop(node: BinOp, ctx):
    if node.op not in _BINARY:
        raise ModelSyntaxError(f"unknown binary operator '{node.op}'")
    return _arith(node.op, _eval(node.left, ctx), _eval(node.right, ctx))


def _eval_compare(node: Compare, ctx):
    operands = [_eval(operand, ctx) for operand in node.operands]
    result = np.bool_(True)
    for op, left, right in zip(node.ops, operands, operands[1:]):
        if op not in _COMPARE:
            raise ModelSyntaxError(f"unknown comparison '{op}'")
        result = np.logical_and(result, _COMPARE[op](left, right))
    return result


def _eval_boolop(node: BoolOp, ctx):
    combine = _BOOL.get(node.op)
    if combine is None:
        raise ModelSyntaxError(f"unknown boolean operator '{node.op}'")
    result = np.asarray(_eval(node.values[0], ctx), dtype=bool)[()]
    for value in node.values[1:]:
        result = combine(result, _eval(value, ctx))
    return result


def _eval_call(node: Call, ctx):
    spec = ctx.functions.get(node.func)
    if spec is None:
        raise ModelNameError(f"unknown function '{node.func}'")
    args = tuple(_eval(arg, ctx) for arg in node.args)
    return spec.apply(args, ctx.rng, ctx.size)


_HANDLERS = {
    Const: _eval_const, Name: _eval_name, Unary: _eval_unary,
    BinOp: _eval_binop, Compare: _eval_compare, BoolOp: _eval_boolop,
    Call: _eval_call,
}
