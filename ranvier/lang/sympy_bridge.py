"""Conversion between expression trees and SymPy expressions.

SymPy is used for algebra on equations (linearity checks, derivatives,
matrix exponentials); trees are what the rest of ranvier works on. The
conversion is direct, node by node: no strings are printed and parsed.

Choices
-------
- Every name becomes a real ``Symbol`` of the same name.
- Functions SymPy knows (``exp``, ``log``, ``sqrt``, trigonometric and
  hyperbolic functions and their inverses, ``abs`` as ``Abs``, ``sign``,
  ``floor``, ``ceil`` as ``ceiling``) become SymPy's own, so SymPy can
  simplify and differentiate them. Every other function (``rand``,
  ``clip``, ``int``, ``exprel``, ``log10``, ``timestep``, user
  functions...) becomes an undefined real SymPy function of the same name
  and comes back as a :class:`Call`.
- Each call of a random function (one that is not ``stateless``) becomes a
  distinct SymPy function, so ``rand() - rand()`` does not cancel.
- ``sqrt(x)`` and ``x**(1/2)`` with an exact rational half come back as
  ``Call('sqrt')``; ``x**0.5`` with a float exponent stays a power.
- A negative integer or rational power comes back as a division
  (``x**-2`` as ``1/x**2``), so no integer is raised to a negative power.
- A rational number ``p/q`` comes back as ``BinOp('/', Const(p),
  Const(q))``: ``/`` is true division, so this is the exact float value.
- ``a % b`` becomes ``Mod(a, b)`` (same sign rule as Python). ``a // b``
  becomes an opaque SymPy function :class:`FloorDiv`, not ``floor(a/b)``:
  for integers ``//`` gives an integer where ``floor`` gives a float, and
  for floats NumPy's ``//`` may differ from ``floor(a/b)`` by rounding.
  Both come back as the operator.
- Comparisons and boolean operations map to SymPy relationals and
  ``And``/``Or``/``Not``; a chained comparison comes back as an ``and``
  of single comparisons. SymPy cannot do arithmetic on booleans, so
  ``(v > 0)*x`` raises :class:`SympyConversionError` (write
  ``int(v > 0)*x``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import sympy as sp
from sympy.core.function import UndefinedFunction

from ranvier.lang.errors import ModelError
from ranvier.lang.functions import DEFAULT_FUNCTIONS
from ranvier.lang.tree import (BinOp, BoolOp, Call, Compare, Const, Expr,
                               Name, Unary)

__all__ = ["to_sympy", "from_sympy", "symbol", "SympyConversionError",
           "FloorDiv"]


class SympyConversionError(ModelError):
    """An expression that cannot be carried to or from SymPy."""


class FloorDiv(sp.Function):
    """``a // b`` kept opaque in SymPy (see the module notes)."""

    nargs = 2


#: Our function name -> SymPy function, where SymPy has one.
_TO_SYMPY_FUNCS = {
    "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "sin": sp.sin,
    "cos": sp.cos, "tan": sp.tan, "sinh": sp.sinh, "cosh": sp.cosh,
    "tanh": sp.tanh, "arcsin": sp.asin, "arccos": sp.acos,
    "arctan": sp.atan, "abs": sp.Abs, "sign": sp.sign, "floor": sp.floor,
    "ceil": sp.ceiling,
}
_FROM_SYMPY_FUNCS = {func: name for name, func in _TO_SYMPY_FUNCS.items()
                     if name != "sqrt"}

_RELATIONS = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge,
              "==": sp.Eq, "!=": sp.Ne}
_RELATION_OPS = {sp.StrictLessThan: "<", sp.LessThan: "<=",
                 sp.StrictGreaterThan: ">", sp.GreaterThan: ">=",
                 sp.Equality: "==", sp.Unequality: "!="}

# Makes each random call site a different SymPy function. The counter only
# has to give distinct tokens; its value means nothing.
_call_site = itertools.count()


def symbol(name: str) -> sp.Symbol:
    """The SymPy symbol a name becomes (real-valued)."""
    return sp.Symbol(name, real=True)


def to_sympy(expr: Expr, functions: Mapping = DEFAULT_FUNCTIONS) -> sp.Expr:
    """Convert an expression tree to a SymPy expression.

    Parameters
    ----------
    expr : Expr
        The tree.
    functions : Mapping[str, FunctionSpec], optional
        Used to tell random functions (not ``stateless``) apart; a function
        missing from it is taken to be stateless.

    Raises
    ------
    SympyConversionError
        For constructs SymPy cannot represent (arithmetic on booleans).
    """
    return _ToSympy(functions).convert(expr)


class _ToSympy:
    def __init__(self, functions):
        self.functions = functions

    def convert(self, node):
        handler = getattr(self, "_" + type(node).__name__.lower(), None)
        if handler is None:
            raise SympyConversionError(
                f"cannot convert a {type(node).__name__} node to SymPy")
        try:
            return handler(node)
        except TypeError as exc:
            raise SympyConversionError(
                f"SymPy cannot represent this expression ({exc}); arithmetic "
                f"on a boolean needs int(...)") from None

    def _const(self, node: Const):
        if isinstance(node.value, bool):
            return sp.true if node.value else sp.false
        if isinstance(node.value, int):
            return sp.Integer(node.value)
        return sp.Float(node.value)

    def _name(self, node: Name):
        return symbol(node.id)

    def _unary(self, node: Unary):
        operand = self.convert(node.operand)
        if node.op == "-":
            return -operand
        if node.op == "+":
            return operand
        return sp.Not(operand)

    def _binop(self, node: BinOp):
        left, right = self.convert(node.left), self.convert(node.right)
        op = node.op
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        if op == "/":
            return left / right
        if op == "**":
            return left ** right
        if op == "//":
            return FloorDiv(left, right)
        if op == "%":
            return sp.Mod(left, right)
        raise SympyConversionError(f"unknown operator '{op}'")

    def _compare(self, node: Compare):
        operands = [self.convert(o) for o in node.operands]
        relations = [_RELATIONS[op](a, b) for op, a, b in
                     zip(node.ops, operands, operands[1:])]
        return relations[0] if len(relations) == 1 else sp.And(*relations)

    def _boolop(self, node: BoolOp):
        combine = sp.And if node.op == "and" else sp.Or
        return combine(*(self.convert(v) for v in node.values))

    def _call(self, node: Call):
        args = [self.convert(a) for a in node.args]
        known = _TO_SYMPY_FUNCS.get(node.func)
        if known is not None:
            return known(*args)
        spec = self.functions.get(node.func)
        if spec is not None and not spec.stateless:
            func = sp.Function(node.func, real=True,
                               call_site=next(_call_site))
        else:
            func = sp.Function(node.func, real=True)
        return func(*args)


def from_sympy(expr) -> Expr:
    """Convert a SymPy expression back to an expression tree.

    Raises
    ------
    SympyConversionError
        For SymPy objects with no counterpart in the model language
        (complex numbers, unevaluated derivatives, ``Piecewise``...).
    """
    expr = sp.sympify(expr)
    for kind, handler in _FROM_HANDLERS:
        if isinstance(expr, kind):
            return handler(expr)
    if isinstance(expr, sp.Function) or isinstance(
            getattr(expr, "func", None), UndefinedFunction):
        return _from_function(expr)
    raise SympyConversionError(f"cannot convert the SymPy expression "
                               f"'{expr}' ({type(expr).__name__}) to model "
                               f"code")


def _number(value) -> Expr:
    if value < 0:
        return Unary("-", Const(-value))
    return Const(value)


def _from_integer(expr):
    return _number(int(expr))


def _from_rational(expr):
    tree = BinOp("/", Const(abs(int(expr.p))), Const(int(expr.q)))
    return Unary("-", tree) if expr.p < 0 else tree


def _from_float(expr):
    return _number(float(expr))


def _from_number_symbol(expr):
    return Const(float(expr))


def _from_special_number(expr):
    raise SympyConversionError(f"the SymPy result contains '{expr}', which "
                               f"has no real value")


def _from_add(expr):
    terms = expr.as_ordered_terms()
    tree = from_sympy(terms[0])
    for term in terms[1:]:
        if term.could_extract_minus_sign():
            tree = BinOp("-", tree, from_sympy(-term))
        else:
            tree = BinOp("+", tree, from_sympy(term))
    return tree


def _product(parts) -> Expr:
    tree = parts[0]
    for part in parts[1:]:
        tree = BinOp("*", tree, part)
    return tree


def _from_mul(expr):
    coeff, rest = expr.as_coeff_Mul()
    negative = coeff < 0
    coeff = -coeff if negative else coeff
    numerator, denominator = [], []
    if isinstance(coeff, sp.Rational):
        if coeff.p != 1:
            numerator.append(sp.Integer(coeff.p))
        if coeff.q != 1:
            denominator.append(sp.Integer(coeff.q))
    elif coeff != 1:
        numerator.append(coeff)
    for factor in sp.Mul.make_args(rest):
        base, exponent = factor.as_base_exp()
        if isinstance(factor, sp.Pow) and exponent.is_number \
                and exponent.is_negative:
            denominator.append(sp.Pow(base, -exponent, evaluate=False)
                               if exponent != -1 else base)
        else:
            numerator.append(factor)
    parts = [from_sympy(f) for f in numerator] or [Const(1)]
    if negative:
        # -a*b/c reads better than -(a*b/c) and means the same.
        parts[0] = Unary("-", parts[0])
    tree = _product(parts)
    if denominator:
        tree = BinOp("/", tree, _product([from_sympy(f)
                                          for f in denominator]))
    return tree


def _from_pow(expr):
    base, exponent = expr.args
    if exponent == sp.S.Half:
        return Call("sqrt", (from_sympy(base),))
    if exponent.is_number and exponent.is_negative:
        return BinOp("/", Const(1), from_sympy(sp.Pow(base, -exponent)))
    return BinOp("**", from_sympy(base), from_sympy(exponent))


def _from_relational(expr):
    op = _RELATION_OPS[type(expr)]
    return Compare((op,), (from_sympy(expr.lhs), from_sympy(expr.rhs)))


def _from_and(expr):
    return BoolOp("and", tuple(from_sympy(a) for a in expr.args))


def _from_or(expr):
    return BoolOp("or", tuple(from_sympy(a) for a in expr.args))


def _from_not(expr):
    return Unary("not", from_sympy(expr.args[0]))


def _from_boolean_atom(expr):
    return Const(bool(expr))


def _from_symbol(expr):
    return Name(expr.name)


def _from_mod(expr):
    return BinOp("%", from_sympy(expr.args[0]), from_sympy(expr.args[1]))


def _from_floordiv(expr):
    return BinOp("//", from_sympy(expr.args[0]), from_sympy(expr.args[1]))


def _from_exp(expr):
    return Call("exp", (from_sympy(expr.args[0]),))


def _from_function(expr):
    name = _FROM_SYMPY_FUNCS.get(expr.func)
    if name is None and isinstance(expr.func, UndefinedFunction):
        name = expr.func.__name__
    if name is None:
        raise SympyConversionError(f"the SymPy function '{expr.func}' has no "
                                   f"counterpart in model code")
    return Call(name, tuple(from_sympy(a) for a in expr.args))


# Checked in order: more specific types before their bases.
_FROM_HANDLERS = (
    (sp.Symbol, _from_symbol),
    (sp.Integer, _from_integer),
    (sp.Rational, _from_rational),
    (sp.Float, _from_float),
    (sp.NumberSymbol, _from_number_symbol),
    ((sp.core.numbers.ImaginaryUnit, sp.core.numbers.Infinity,
      sp.core.numbers.NegativeInfinity, sp.core.numbers.ComplexInfinity,
      sp.core.numbers.NaN), _from_special_number),
    (sp.Add, _from_add),
    (sp.Mul, _from_mul),
    (sp.exp, _from_exp),
    (sp.Pow, _from_pow),
    (sp.Mod, _from_mod),
    (FloorDiv, _from_floordiv),
    (sp.core.relational.Relational, _from_relational),
    (sp.And, _from_and),
    (sp.Or, _from_or),
    (sp.Not, _from_not),
    ((sp.logic.boolalg.BooleanTrue, sp.logic.boolalg.BooleanFalse),
     _from_boolean_atom),
)
