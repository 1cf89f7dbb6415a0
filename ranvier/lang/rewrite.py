"""Rewriting trees: renaming identifiers and inlining expressions.

Trees are immutable; every function here returns a new tree and shares
the untouched subtrees with the old one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from ranvier.lang.tree import (BinOp, BoolOp, Call, Compare, Const, Expr, Name,
                               Span, Unary)

__all__ = ["replace_names", "replace_calls", "rename", "with_span",
           "small_powers_as_products"]


def replace_names(expr: Expr, mapping: Mapping[str, Expr]) -> Expr:
    """Replace every ``Name`` found in ``mapping`` by its tree.

    An inserted tree takes the span of the name it replaces: its own spans
    belong to another source text, and an error about it should point at
    the place where it was used.
    """
    if not mapping:
        return expr
    return _map(expr, lambda n: (with_span(mapping[n.id], n.span)
                                 if n.id in mapping else n))


def replace_calls(expr: Expr, choose) -> Expr:
    """Replace each ``Call`` for which ``choose(call)`` returns a tree
    (``None`` keeps the call); inner calls are visited first."""
    def inner(node):
        if isinstance(node, Call):
            new = choose(node)
            if new is not None:
                return new
        return node
    return _map(expr, lambda n: n, inner=inner)


def rename(expr: Expr, mapping: Mapping[str, str]) -> Expr:
    """Rename identifiers (not functions), keeping spans."""
    if not mapping:
        return expr
    return _map(expr, lambda n: (Name(mapping[n.id], n.span)
                                 if n.id in mapping else n))


def with_span(expr: Expr, span: Span | None) -> Expr:
    """``expr`` with every node's span set to ``span``."""
    def respan(node):
        return replace(node, span=span)
    return _map(expr, respan, inner=respan)


def small_powers_as_products(expr: Expr, float_names) -> Expr:
    """``x**2``, ``x**3`` and ``x**4`` of a name ``x`` as products
    (``(x*x)*(x*x)``).

    A power is a call of the C library's ``pow`` in compiled code, tens
    of times dearer than a product (Hodgkin-Huxley models raise their
    gating variables to the 3rd and 4th power every step). Rewritten in
    the IR, every backend computes the same products, so they keep
    agreeing bit for bit. Only where the type cannot change: an integer
    exponent, or a float exponent (``4.0``) of a name in ``float_names``.
    """
    def inner(node):
        if not (isinstance(node, BinOp) and node.op == "**" and
                isinstance(node.left, Name) and
                isinstance(node.right, Const)):
            return node
        k = node.right.value
        if isinstance(k, bool) or k not in (2, 3, 4) or \
                (isinstance(k, float) and node.left.id not in float_names):
            return node
        x = node.left
        square = BinOp("*", x, x, node.span)
        if k == 2:
            return square
        if k == 3:
            return BinOp("*", square, x, node.span)
        return BinOp("*", square, square, node.span)
    return _map(expr, lambda n: n, inner=inner)


def _map(expr: Expr, on_name, inner=None) -> Expr:
    """Rebuild ``expr`` bottom-up, applying ``on_name`` to names and
    ``inner`` (if given) to every other rebuilt node."""
    if isinstance(expr, Name):
        return on_name(expr)
    if isinstance(expr, Unary):
        node = replace(expr, operand=_map(expr.operand, on_name, inner))
    elif isinstance(expr, BinOp):
        node = replace(expr, left=_map(expr.left, on_name, inner),
                       right=_map(expr.right, on_name, inner))
    elif isinstance(expr, Compare):
        node = replace(expr, operands=tuple(_map(o, on_name, inner)
                                            for o in expr.operands))
    elif isinstance(expr, BoolOp):
        node = replace(expr, values=tuple(_map(v, on_name, inner)
                                          for v in expr.values))
    elif isinstance(expr, Call):
        node = replace(expr, args=tuple(_map(a, on_name, inner)
                                        for a in expr.args))
    else:
        node = expr
    return inner(node) if inner is not None else node
