"""Printing trees back as model code.

The printed text parses back to an equal tree: parentheses appear exactly
where Python's precedence and associativity need them to keep the tree's
shape, and floats are printed with ``repr`` so their value survives.
"""

from __future__ import annotations

import math

from ranvier.lang.tree import (BinOp, BoolOp, Call, Compare, Const, Expr, Name,
                               Statement, Unary)

__all__ = ["print_expr", "print_statement", "print_statements",
           "precedence"]

# Python's binding strengths, loosest first.
_OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _SIGN, _POWER, _ATOM = range(1, 10)
_BINARY_LEVEL = {"+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT,
                 "//": _PRODUCT, "%": _PRODUCT, "**": _POWER}
_SPACED = {"+", "-", "//", "%"}
# Ints this long cannot be converted to decimal by default (CPython limits
# int/str conversion to 4300 digits); hexadecimal has no such limit.
_LONG_INT = 10 ** 4000


def precedence(node: Expr) -> int:
    """How tightly ``node`` binds when printed (higher binds tighter)."""
    if isinstance(node, BinOp):
        return _BINARY_LEVEL[node.op]
    if isinstance(node, Unary):
        return _NOT if node.op == "not" else _SIGN
    if isinstance(node, Compare):
        return _COMPARE
    if isinstance(node, BoolOp):
        return _OR if node.op == "or" else _AND
    if isinstance(node, Const) and _is_negative(node.value):
        return _SIGN
    return _ATOM


def print_expr(expr: Expr) -> str:
    """Model code for ``expr``, with only the parentheses it needs.

    Examples
    --------
    >>> from ranvier.lang.parse import parse_expression
    >>> print_expr(parse_expression('(a - (b - c)) * (-x)**2'))
    '(a - (b - c))*(-x)**2'
    """
    printer = _PRINTERS.get(type(expr))
    if printer is None:
        raise TypeError(f"cannot print {type(expr).__name__} as model code")
    return printer(expr)


def print_statement(statement: Statement) -> str:
    """Model code for one statement, e.g. ``v += w*2``."""
    return f"{statement.target} {statement.op} {print_expr(statement.expr)}"


def print_statements(statements) -> str:
    """One statement per line."""
    return "\n".join(print_statement(s) for s in statements)


def _wrap(node: Expr, parenthesize: bool) -> str:
    text = print_expr(node)
    return f"({text})" if parenthesize else text


def _is_negative(value) -> bool:
    # -0.0 prints with a sign too, so it binds like a negated number.
    return not isinstance(value, bool) and (
        value < 0 or (isinstance(value, float) and math.copysign(1, value) < 0))


def _print_const(node: Const) -> str:
    value = node.value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        if abs(value) >= _LONG_INT:
            return hex(value)
        return str(value)
    if math.isinf(value):
        # 1e999 overflows to infinity when parsed, like any float literal.
        return "-1e999" if value < 0 else "1e999"
    if math.isnan(value):
        return "nan"
    return repr(value)


def _print_name(node: Name) -> str:
    return node.id


def _print_unary(node: Unary) -> str:
    level = precedence(node)
    operand = _wrap(node.operand, precedence(node.operand) < level)
    if node.op == "not":
        return f"not {operand}"
    return f"{node.op}{operand}"


def _print_binop(node: BinOp) -> str:
    level = _BINARY_LEVEL[node.op]
    left_level = precedence(node.left)
    right_level = precedence(node.right)
    if node.op == "**":
        # Right-associative, and its right side may be a signed operand:
        # 2**-x parses as 2**(-x), but -x**2 as -(x**2).
        left = _wrap(node.left, left_level <= level)
        right = _wrap(node.right, right_level < _SIGN)
    else:
        left = _wrap(node.left, left_level < level)
        right = _wrap(node.right, right_level <= level)
    if node.op in _SPACED:
        return f"{left} {node.op} {right}"
    return f"{left}{node.op}{right}"


def _print_compare(node: Compare) -> str:
    # A comparison inside a comparison needs parentheses, or it would chain.
    parts = [_wrap(node.operands[0], precedence(node.operands[0]) <= _COMPARE)]
    for op, operand in zip(node.ops, node.operands[1:]):
        parts.append(op)
        parts.append(_wrap(operand, precedence(operand) <= _COMPARE))
    return " ".join(parts)


def _print_boolop(node: BoolOp) -> str:
    # Nested 'and' inside 'and' keeps its parentheses: the tree has the
    # nesting, and flattening it would change the tree.
    level = precedence(node)
    joiner = f" {node.op} "
    return joiner.join(_wrap(v, precedence(v) <= level) for v in node.values)


def _print_call(node: Call) -> str:
    return f"{node.func}({', '.join(print_expr(a) for a in node.args)})"


_PRINTERS = {
    Const: _print_const,
    Name: _print_name,
    Unary: _print_unary,
    BinOp: _print_binop,
    Compare: _print_compare,
    BoolOp: _print_boolop,
    Call: _print_call,
}
