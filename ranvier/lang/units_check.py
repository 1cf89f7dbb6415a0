"""Unit inference and checking over model trees.

Every expression gets a :class:`TypeInfo` (dimension and value kind)
bottom-up; a mismatch raises :class:`ModelUnitError` pointing at the
offending node with both dimensions spelled out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ranvier.lang.errors import ModelNameError, ModelSyntaxError, ModelUnitError
from ranvier.lang.symbols import Constant, Variable, describe_dim
from ranvier.lang.eqparse import is_noise_name
from ranvier.lang.tree import (BinOp, BoolOp, Call, Compare, Const, Expr, Name,
                               Source, Statement, Unary, walk)
from ranvier.units.dimensions import (DIMENSIONLESS, Dimension,
                                      DimensionMismatchError)

__all__ = ["TypeInfo", "CheckContext", "infer", "check_expression",
           "check_condition", "check_statement", "check_statements",
           "refuse_noise",
           "check_equations",
           "constant_value"]

_KIND_ORDER = {"boolean": 0, "integer": 1, "float": 2}


@dataclass(frozen=True)
class TypeInfo:
    """The dimension and value kind of an expression."""

    dim: Dimension
    dtype: str  # 'boolean' | 'integer' | 'float'


@dataclass(frozen=True)
class CheckContext:
    """What unit checking needs to know.

    Attributes
    ----------
    symbols : Mapping[str, Variable | Constant | FunctionSpec]
        Every identifier and function name the code may use, resolved.
    source : Source or None
        Where the code came from, so errors can mark it.
    """

    symbols: Mapping
    source: Source | None = None

    def error(self, message, node=None, dims=()):
        span = getattr(node, "span", None)
        return ModelUnitError(message, self.source, span, dims)


def _promote(*kinds: str) -> str:
    return max(kinds, key=_KIND_ORDER.__getitem__)


def _is_zero(node: Expr) -> bool:
    # A literal zero compares with anything (``v > 0``), as zero is zero in
    # every unit.
    return isinstance(node, Const) and not isinstance(node.value, bool) \
        and node.value == 0


def infer(node: Expr, ctx: CheckContext) -> TypeInfo:
    """Infer the dimension and kind of ``node``, checking every operation."""
    handler = _HANDLERS.get(type(node))
    if handler is None:
        raise ModelSyntaxError(f"unsupported expression node "
                               f"{type(node).__name__}", ctx.source,
                               getattr(node, "span", None))
    return handler(node, ctx)


def _infer_const(node: Const, ctx) -> TypeInfo:
    if isinstance(node.value, bool):
        return TypeInfo(DIMENSIONLESS, "boolean")
    if isinstance(node.value, int):
        return TypeInfo(DIMENSIONLESS, "integer")
    return TypeInfo(DIMENSIONLESS, "float")


def _infer_name(node: Name, ctx) -> TypeInfo:
    symbol = ctx.symbols.get(node.id)
    if symbol is None:
        raise ModelNameError(f"unknown identifier '{node.id}'", ctx.source,
                             node.span)
    if isinstance(symbol, (Variable, Constant)):
        return TypeInfo(symbol.dim, symbol.dtype)
    raise ModelNameError(f"'{node.id}' is a function; call it as "
                         f"{node.id}(...)", ctx.source, node.span)


def _infer_unary(node: Unary, ctx) -> TypeInfo:
    inner = infer(node.operand, ctx)
    if node.op == "not":
        _require_boolean(node.operand, inner, ctx, "the operand of 'not'")
        return inner
    if inner.dtype == "boolean":
        return TypeInfo(inner.dim, "integer")
    return inner


def _mismatch(ctx, what, node, left: TypeInfo, right: TypeInfo):
    return ctx.error(
        f"{what} needs equal units, got {describe_dim(left.dim)} and "
        f"{describe_dim(right.dim)}", node, (left.dim, right.dim))


def _infer_binop(node: BinOp, ctx) -> TypeInfo:
    left = infer(node.left, ctx)
    right = infer(node.right, ctx)
    kind = _promote(left.dtype, right.dtype, "integer")
    op = node.op
    if op in ("+", "-"):
        if left.dim is not right.dim:
            what = "addition" if op == "+" else "subtraction"
            raise _mismatch(ctx, what.capitalize(), node, left, right)
        return TypeInfo(left.dim, kind)
    if op == "*":
        return TypeInfo(left.dim * right.dim, kind)
    if op == "/":
        return TypeInfo(left.dim / right.dim, "float")
    if op == "//":
        return TypeInfo(left.dim / right.dim, kind)
    if op == "%":
        if left.dim is not right.dim:
            raise _mismatch(ctx, "Modulo", node, left, right)
        return TypeInfo(left.dim, kind)
    if op == "**":
        return _infer_power(node, left, right, ctx)
    raise ModelSyntaxError(f"unknown operator '{op}'", ctx.source, node.span)


def _infer_power(node: BinOp, base: TypeInfo, exponent: TypeInfo, ctx):
    if exponent.dim is not DIMENSIONLESS:
        raise ctx.error(f"an exponent must be dimensionless, got "
                        f"{describe_dim(exponent.dim)}", node.right,
                        (exponent.dim,))
    kind = "float" if _KIND_ORDER[exponent.dtype] >= 2 else \
        _promote(base.dtype, "integer")
    if base.dim is DIMENSIONLESS:
        return TypeInfo(DIMENSIONLESS, kind)
    value = constant_value(node.right, ctx.symbols)
    if value is None:
        raise ctx.error(
            f"a quantity with units ({describe_dim(base.dim)}) can only be "
            f"raised to a constant power", node.right, (base.dim,))
    try:
        return TypeInfo(base.dim ** value, kind)
    except ValueError:
        raise ctx.error(f"cannot raise {describe_dim(base.dim)} to the "
                        f"power {value}", node.right, (base.dim,)) from None


def _infer_compare(node: Compare, ctx) -> TypeInfo:
    infos = [infer(operand, ctx) for operand in node.operands]
    for k, op in enumerate(node.ops):
        a, b = infos[k], infos[k + 1]
        if a.dim is b.dim:
            continue
        if _is_zero(node.operands[k]) or _is_zero(node.operands[k + 1]):
            continue
        raise _mismatch(ctx, f"Comparison '{op}'", node, a, b)
    return TypeInfo(DIMENSIONLESS, "boolean")


def _infer_boolop(node: BoolOp, ctx) -> TypeInfo:
    for value in node.values:
        _require_boolean(value, infer(value, ctx), ctx,
                         f"each operand of '{node.op}'")
    return TypeInfo(DIMENSIONLESS, "boolean")


def _infer_call(node: Call, ctx) -> TypeInfo:
    spec = ctx.symbols.get(node.func)
    if spec is None:
        raise ModelNameError(f"unknown function '{node.func}'", ctx.source,
                             node.span)
    if isinstance(spec, (Variable, Constant)):
        raise ModelNameError(f"'{node.func}' is not a function",
                             ctx.source, node.span)
    infos = [infer(arg, ctx) for arg in node.args]
    if not spec.accepts(len(infos)):
        raise ModelSyntaxError(
            f"function '{node.func}' takes {spec.arity_text()}, got "
            f"{len(infos)}", ctx.source, node.span)
    try:
        dim = spec.unit_rule(tuple(i.dim for i in infos))
    except DimensionMismatchError as exc:
        raise ctx.error(f"in call to '{node.func}': {exc}", node,
                        getattr(exc, "dims", ())) from None
    kinds = tuple(i.dtype for i in infos)
    # Specs without argument kinds (duck-typed ones) accept any kind.
    problem = getattr(spec, "kind_problem", lambda _: None)(kinds)
    if problem is not None:
        raise ctx.error(f"in call to '{node.func}': {problem}", node)
    return TypeInfo(dim, spec.result_dtype(kinds))


_HANDLERS = {
    Const: _infer_const, Name: _infer_name, Unary: _infer_unary,
    BinOp: _infer_binop, Compare: _infer_compare, BoolOp: _infer_boolop,
    Call: _infer_call,
}


def _require_boolean(node, info: TypeInfo, ctx, what: str):
    if info.dtype != "boolean":
        raise ModelSyntaxError(f"{what} must be a boolean expression "
                               f"(a comparison or condition)", ctx.source,
                               getattr(node, "span", None))


def constant_value(node: Expr, symbols: Mapping):
    """The value of an expression built only from literals and constants,
    or None when it depends on a variable or a function call."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Name):
        symbol = symbols.get(node.id)
        if isinstance(symbol, Constant) and symbol.dim is DIMENSIONLESS:
            return symbol.value
        return None
    if isinstance(node, Unary) and node.op in ("-", "+"):
        inner = constant_value(node.operand, symbols)
        if inner is None:
            return None
        return -inner if node.op == "-" else inner
    if isinstance(node, BinOp) and node.op in ("+", "-", "*", "/"):
        left = constant_value(node.left, symbols)
        right = constant_value(node.right, symbols)
        if left is None or right is None:
            return None
        if node.op == "/" and right == 0:
            return None
        return {"+": lambda: left + right, "-": lambda: left - right,
                "*": lambda: left * right, "/": lambda: left / right}[node.op]()
    return None


def check_expression(expr: Expr, ctx: CheckContext,
                     expected: Dimension | None = None,
                     what: str = "expression") -> TypeInfo:
    """Infer ``expr`` and, when ``expected`` is given, require that
    dimension."""
    info = infer(expr, ctx)
    if expected is not None and info.dim is not expected \
            and not _is_zero(expr):
        raise ctx.error(f"the {what} should have units of "
                        f"{describe_dim(expected)}, got "
                        f"{describe_dim(info.dim)}", expr,
                        (expected, info.dim))
    return info


def refuse_noise(expr: Expr, ctx: CheckContext, what: str) -> None:
    """Refuse white noise in code other than differential equations.

    Noise reaches a threshold or a reset only through a subexpression
    inlined there; the error marks where that subexpression is used.

    Raises
    ------
    ModelSyntaxError
    """
    for node in walk(expr):
        if isinstance(node, Name) and is_noise_name(node.id):
            source, span = ctx.source, node.span
            used = node.id
            if source is not None and span is not None:
                used = source.text[source.offset + span.start:
                                   source.offset + span.end]
            carried = "" if used == node.id else \
                f"'{used}' carries the white noise '{node.id}', which "
            raise ModelSyntaxError(
                f"{carried or f'the white noise {node.id!r} '}only has a "
                f"meaning in differential equations (where it makes them "
                f"stochastic); it cannot be used in a {what}",
                source, span)


def check_condition(expr: Expr, ctx: CheckContext,
                    what: str = "condition") -> TypeInfo:
    """Check that ``expr`` is a boolean expression."""
    refuse_noise(expr, ctx, what)
    info = infer(expr, ctx)
    if info.dtype != "boolean":
        raise ModelSyntaxError(
            f"the {what} must be a boolean expression (e.g. 'v > v_th'), "
            f"got a {info.dtype} value with units {describe_dim(info.dim)}",
            ctx.source, getattr(expr, "span", None))
    return info


def check_statement(stmt: Statement, ctx: CheckContext) -> None:
    """Check one assignment: its target exists, may be written, and the
    right side has the units the operator needs."""
    ctx = CheckContext(ctx.symbols, stmt.source or ctx.source)
    target = ctx.symbols.get(stmt.target)
    if target is None and not stmt.target.startswith("_"):
        raise ModelNameError(f"cannot assign to '{stmt.target}': no such "
                             f"variable", ctx.source, stmt.target_span)
    if target is not None and (not isinstance(target, Variable)
                               or target.read_only):
        raise ModelNameError(f"'{stmt.target}' cannot be assigned to (it "
                             f"is read-only)", ctx.source, stmt.target_span)
    refuse_noise(stmt.expr, ctx, "statement")
    info = infer(stmt.expr, ctx)
    if target is None:
        return  # a temporary takes whatever it is given
    shown = _written_target(stmt)
    if stmt.op in ("*=", "/="):
        if info.dim is not DIMENSIONLESS:
            raise ctx.error(f"'{stmt.op}' needs a dimensionless right side, "
                            f"got {describe_dim(info.dim)}", stmt.expr,
                            (DIMENSIONLESS, info.dim))
    elif info.dim is not target.dim and not _is_zero(stmt.expr):
        raise ctx.error(f"cannot assign to '{shown}' "
                        f"({describe_dim(target.dim)}) a value with units "
                        f"{describe_dim(info.dim)}", stmt.expr,
                        (target.dim, info.dim))
    if target.dtype == "boolean" and info.dtype != "boolean":
        raise ModelSyntaxError(f"'{shown}' is boolean and needs a "
                               f"boolean value", ctx.source,
                               getattr(stmt.expr, "span", None))


def _written_target(stmt: Statement) -> str:
    """The target as the user wrote it: a temporary's internal name
    (``_tmp_x``) is not what an error should show."""
    source, span = stmt.source, stmt.target_span
    if source is None or span is None:
        return stmt.target
    written = source.text[source.offset + span.start:
                          source.offset + span.end]
    return written if written.isidentifier() else stmt.target


def check_statements(statements, ctx: CheckContext) -> dict[str, TypeInfo]:
    """Check a block of statements in order.

    Temporaries (targets starting with ``_`` that are not model variables)
    take the units of their first assignment and are known to the
    statements after it. Returns the temporaries' types.
    """
    symbols = dict(ctx.symbols)
    temporaries: dict[str, TypeInfo] = {}
    for stmt in statements:
        local = CheckContext(symbols, stmt.source or ctx.source)
        if stmt.target not in symbols and stmt.target.startswith("_"):
            if stmt.op != "=":
                raise ModelNameError(
                    f"'{stmt.target}' is used with '{stmt.op}' before it is "
                    f"assigned", local.source, stmt.target_span)
            refuse_noise(stmt.expr, local, "statement")
            info = infer(stmt.expr, local)
            temporaries[stmt.target] = info
            symbols[stmt.target] = Variable(stmt.target, info.dim, info.dtype)
            continue
        check_statement(stmt, local)
    return temporaries


def check_equations(equations, symbols) -> None:
    """Check every equation's units against its declared unit.

    The right side of ``dx/dt`` must have the units of ``x`` per second, a
    subexpression those it declares. ``symbols`` must hold the model's
    variables, subexpressions included, and every resolved identifier.
    """
    per_second = Dimension((0, 0, -1, 0, 0, 0, 0))
    for eq in equations:
        if eq.expr is None:
            continue
        ctx = CheckContext(symbols, eq.source)
        if eq.kind == "differential":
            check_expression(eq.expr, ctx, eq.dim * per_second,
                             f"right side of d{eq.varname}/dt")
        else:
            info = check_expression(eq.expr, ctx, eq.dim,
                                    f"definition of '{eq.varname}'")
            if eq.dtype == "boolean" and info.dtype != "boolean":
                raise ModelSyntaxError(
                    f"'{eq.varname}' is declared boolean but its definition "
                    f"is not a boolean expression", ctx.source,
                    getattr(eq.expr, "span", None))
