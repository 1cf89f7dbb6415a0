"""The typed trees every model string is parsed into.

These frozen dataclasses are the only representation of user code after
parsing: unit checking, integration, the IR and every backend work on
them, and generated source is printed from them. Equality ignores source
positions, so two trees are equal when they mean the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

__all__ = [
    "Span", "Source", "Expr", "Const", "Name", "Unary", "BinOp", "Compare",
    "BoolOp", "Call", "Statement", "UNARY_OPS", "BINARY_OPS", "COMPARE_OPS",
    "BOOL_OPS", "AUGMENTED_OPS", "children", "walk", "names_in", "calls_in",
]

#: Operators allowed in each node, as spelled in model strings.
UNARY_OPS = ("-", "+", "not")
BINARY_OPS = ("+", "-", "*", "/", "//", "%", "**")
COMPARE_OPS = ("<", "<=", ">", ">=", "==", "!=")
BOOL_OPS = ("and", "or")
AUGMENTED_OPS = ("=", "+=", "-=", "*=", "/=")


@dataclass(frozen=True)
class Span:
    """Character range ``[start, end)`` of a node in its source text."""

    start: int
    end: int


@dataclass(frozen=True)
class Source:
    """Where a piece of model code came from, for error messages.

    Attributes
    ----------
    text : str
        The whole source string the user wrote (e.g. the model string).
    line : int
        1-based line number of the code within ``text``.
    offset : int
        Character offset in ``text`` at which the parsed expression or
        statement starts; node spans are relative to this offset.
    owner : str
        What the code belongs to, e.g. ``"NeuronGroup 'neurongroup' reset"``.
    """

    text: str
    line: int = 1
    offset: int = 0
    owner: str = ""


def _nopos():
    return field(default=None, compare=False, repr=False)


class Expr:
    """Base class of expression nodes."""

    __slots__ = ()


@dataclass(frozen=True)
class Const(Expr):
    """A literal: ``bool``, ``int`` or ``float``."""

    value: Union[bool, int, float]
    span: Span | None = _nopos()


@dataclass(frozen=True)
class Name(Expr):
    """An identifier: a variable, constant, unit or noise symbol."""

    id: str
    span: Span | None = _nopos()


@dataclass(frozen=True)
class Unary(Expr):
    op: str
    operand: Expr
    span: Span | None = _nopos()


@dataclass(frozen=True)
class BinOp(Expr):
    op: str
    left: Expr
    right: Expr
    span: Span | None = _nopos()


@dataclass(frozen=True)
class Compare(Expr):
    """A comparison, possibly chained: ``a < b <= c`` has two ops and
    three operands."""

    ops: tuple[str, ...]
    operands: tuple[Expr, ...]
    span: Span | None = _nopos()


@dataclass(frozen=True)
class BoolOp(Expr):
    op: str
    values: tuple[Expr, ...]
    span: Span | None = _nopos()


@dataclass(frozen=True)
class Call(Expr):
    """A call of a registered function by name."""

    func: str
    args: tuple[Expr, ...]
    span: Span | None = _nopos()


@dataclass(frozen=True)
class Statement:
    """One assignment: ``target op expr`` with op in :data:`AUGMENTED_OPS`."""

    target: str
    op: str
    expr: Expr
    source: Source | None = _nopos()
    target_span: Span | None = _nopos()


def children(node: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of a node."""
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Compare):
        return node.operands
    if isinstance(node, BoolOp):
        return node.values
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Expr):
    """Yield ``node`` and all its descendants, parents first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def names_in(node: Expr) -> set[str]:
    """Identifiers used in an expression (function names excluded)."""
    return {n.id for n in walk(node) if isinstance(n, Name)}


def calls_in(node: Expr) -> set[str]:
    """Names of the functions called in an expression."""
    return {n.func for n in walk(node) if isinstance(n, Call)}
