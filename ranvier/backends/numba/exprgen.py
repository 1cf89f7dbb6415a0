"""Printing expression trees as typed scalar Python code for Numba.

Every printed expression carries the NumPy dtype its value has, and the
printer inserts the casts that make Numba compute exactly what
:mod:`ranvier.lang.evaluate` computes element by element:

- operands are cast to the dtypes NumPy's loop for the operator uses,
  found with ``ufunc.resolve_dtypes`` (so the promotion rules are NumPy's
  own, not a copy of them);
- integer results narrower than ``int64`` are cast back, because Numba
  computes small integers as ``int64`` and would not wrap where NumPy
  does;
- booleans count as ``int64`` in arithmetic, as the evaluator says;
- operators whose NumPy meaning differs from Python's or Numba's (``//``,
  ``%``, integer ``**``, ``sign``, ``clip``...) call the scalar helpers of
  :mod:`ranvier.backends.numba.helpers`, imported as ``h``.
"""

from __future__ import annotations

import builtins
import keyword
import math
import re
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from ranvier.lang.errors import ModelNameError, ModelSyntaxError
from ranvier.lang.functions import DEFAULT_FUNCTIONS, SELECT
from ranvier.lang.tree import (BinOp, BoolOp, Call, Compare, Const, Expr,
                               Name, Unary, children)

__all__ = ["Typed", "Namer", "array_label", "ExprContext", "print_typed",
           "cast", "truth", "arith", "check_dtype", "is_uniform",
           "SUPPORTED_DTYPES"]

# Python's binding strengths, loosest first; a subexpression is wrapped in
# parentheses when it binds more loosely than its place needs.
OR, AND, NOT, CMP, SUM, PROD, UNARY, POW, ATOM = range(1, 10)

#: The dtypes generated code handles (float16 and unsigned integers have
#: promotion rules Numba does not share).
SUPPORTED_DTYPES = tuple(np.dtype(t) for t in (
    np.bool_, np.int8, np.int16, np.int32, np.int64, np.float32,
    np.float64))

_BOOL = np.dtype(np.bool_)
_INT64 = np.dtype(np.int64)
_FLOAT64 = np.dtype(np.float64)

_ARITH = {"+": np.add, "-": np.subtract, "*": np.multiply,
          "/": np.true_divide, "//": np.floor_divide, "%": np.remainder,
          "**": np.power}
_COMPARE = {"<": np.less, "<=": np.less_equal, ">": np.greater,
            ">=": np.greater_equal, "==": np.equal, "!=": np.not_equal}
_INLINE_LEVEL = {"+": SUM, "-": SUM, "*": PROD, "/": PROD}
_ARGUMENT = {"b": _BOOL, "i": _INT64, "f": _FLOAT64}
_FLOAT_HELPER_SUFFIX = {np.dtype(np.float64): "f64",
                        np.dtype(np.float32): "f32"}


@dataclass(frozen=True)
class Typed:
    """Printed code for a value, the dtype it has, and how it binds.

    ``literal`` holds the Python value of a constant so casts of constants
    are folded into the printed literal. ``uniform`` says the value is the
    same for every element (a NumPy scalar in the reference, where it
    would otherwise be an array), which decides which of NumPy's loops,
    with their different handling of signed zeros, the reference uses.
    """

    code: str
    dtype: np.dtype
    level: int = ATOM
    literal: object = None
    uniform: bool = True


class Namer:
    """Hands out identifiers that are valid Python and never collide."""

    def __init__(self, reserved=()):
        self._used = set(keyword.kwlist) | set(dir(builtins)) | \
            set(reserved)

    def fresh(self, base: str) -> str:
        """A new identifier derived from ``base`` (any string)."""
        name = re.sub(r"\W", "_", base, flags=re.ASCII) or "_"
        if name[0].isdigit():
            name = "_" + name
        candidate, count = name, 1
        while candidate in self._used:
            count += 1
            candidate = f"{name}_{count}"
        self._used.add(candidate)
        return candidate


def array_label(name: str) -> str:
    """The part of a state array's name after its owner's
    (``'neurongroup_2.v'`` gives ``'v'``), to derive identifiers from.

    Generated names then depend on a model's structure, not on its
    objects' names, so networks that differ only in names (a notebook
    cell run twice) share their compiled code.
    """
    return name.split(".", 1)[-1]


@dataclass
class ExprContext:
    """What printing an expression needs besides the tree.

    Attributes
    ----------
    values : dict of str to Typed
        The current local variable holding each model name.
    namer : Namer
        For temporaries the printer introduces.
    emit : callable
        Adds a line before the statement being printed (hoisted values).
    functions : mapping of str to FunctionSpec
    call_user : callable or None
        Prints a call of a function that is not a built-in, given its spec
        and the arguments (already cast as such functions take them).
    per_element : bool
        False for ``once`` kernels, where the reference works on scalars.
    """

    values: dict
    namer: Namer
    emit: Callable[[str], None]
    functions: Mapping = DEFAULT_FUNCTIONS
    call_user: Callable | None = None
    per_element: bool = True


def check_dtype(dtype, what: str) -> np.dtype:
    """``dtype`` as a NumPy dtype, or an error naming ``what`` uses it."""
    dtype = np.dtype(dtype)
    if dtype not in SUPPORTED_DTYPES:
        raise TypeError(f"{what} has dtype {dtype}, which the Numba backend "
                        f"does not support (supported: "
                        f"{', '.join(d.name for d in SUPPORTED_DTYPES)})")
    return dtype


def print_typed(expr: Expr, ctx: ExprContext) -> Typed:
    """The typed scalar code of ``expr``."""
    handler = _HANDLERS.get(type(expr))
    if handler is None:
        raise ModelSyntaxError(f"cannot generate code for a "
                               f"{type(expr).__name__} node")
    return handler(expr, ctx)


def is_uniform(expr: Expr, ctx: ExprContext) -> bool:
    """Whether the reference computes ``expr`` as one scalar for all
    elements rather than an array (see :attr:`Typed.uniform`)."""
    if not ctx.per_element:
        return True
    if isinstance(expr, Name):
        value = ctx.values.get(expr.id)
        return value is None or value.uniform
    if isinstance(expr, Call):
        spec = ctx.functions.get(expr.func)
        if spec is not None and spec.needs_size:
            return False    # random functions draw one value per element
    return all(is_uniform(child, ctx) for child in children(expr))


def wrap(value: Typed, level: int) -> str:
    """``value``'s code, parenthesised if it binds looser than ``level``."""
    return f"({value.code})" if value.level < level else value.code


# -- casts -------------------------------------------------------------------

def cast(value: Typed, dtype) -> Typed:
    """``value`` converted to ``dtype`` the way ``ndarray.astype`` does."""
    dtype = np.dtype(dtype)
    if value.dtype == dtype:
        return value
    if value.literal is not None:
        return literal(np.asarray(value.literal).astype(dtype)[()].item(),
                       dtype)
    if dtype == _BOOL:
        return Typed(f"{wrap(value, CMP + 1)} != 0", _BOOL, CMP)
    return Typed(f"np.{dtype.name}({value.code})", dtype)


def literal(value, dtype) -> Typed:
    """A constant of ``dtype`` printed as Python source."""
    dtype = np.dtype(dtype)
    if dtype == _BOOL:
        return Typed(repr(bool(value)), dtype, ATOM, bool(value))
    if dtype.kind == "f":
        text = _float_text(float(value))
    else:
        text = repr(int(value))
    level = UNARY if text.startswith("-") else ATOM
    if dtype not in (_INT64, _FLOAT64):
        return Typed(f"np.{dtype.name}({text})", dtype, ATOM, value)
    return Typed(text, dtype, level, value)


def _float_text(value: float) -> str:
    if math.isnan(value):
        return "np.nan"
    if math.isinf(value):
        return "np.inf" if value > 0 else "-np.inf"
    return repr(value)


def as_number(value: Typed) -> Typed:
    """Booleans take part in arithmetic as int64 (0 and 1)."""
    return cast(value, _INT64) if value.dtype == _BOOL else value


def truth(value: Typed) -> Typed:
    """``value`` as a boolean: nonzero (NaN included) is true."""
    return cast(value, _BOOL)


def narrow(code: str, natural, wanted, level: int) -> Typed:
    """Code whose Numba type is ``natural``, cast to NumPy's ``wanted``."""
    natural, wanted = np.dtype(natural), np.dtype(wanted)
    typed = Typed(code, natural, level)
    return cast(typed, wanted) if natural != wanted else typed


def _resolve(ufunc, dtypes) -> tuple:
    try:
        resolved = ufunc.resolve_dtypes(tuple(dtypes) + (None,))
    except TypeError as err:
        names = ", ".join(d.name for d in dtypes)
        raise TypeError(f"NumPy's {ufunc.__name__} has no loop for "
                        f"({names}): {err}") from None
    check_dtype(resolved[-1], f"the result of {ufunc.__name__}")
    return resolved


def _natural(dtype) -> np.dtype:
    # Numba computes every integer operation in int64.
    return _INT64 if np.dtype(dtype).kind in "iub" else np.dtype(dtype)


# -- nodes -------------------------------------------------------------------

def _const(node: Const, ctx) -> Typed:
    value = node.value
    if isinstance(value, bool):
        return literal(value, _BOOL)
    if isinstance(value, int):
        return literal(value, _INT64)
    return literal(value, _FLOAT64)


def _name(node: Name, ctx) -> Typed:
    try:
        return ctx.values[node.id]
    except KeyError:
        raise ModelNameError(f"name '{node.id}' has no value in this "
                             f"kernel") from None


def arith(op: str, left: Typed, right: Typed) -> Typed:
    """``left op right`` for an arithmetic operator of the language."""
    left, right = as_number(left), as_number(right)
    in1, in2, out = _resolve(_ARITH[op], (left.dtype, right.dtype))
    left, right = cast(left, in1), cast(right, in2)
    if op in _INLINE_LEVEL:
        level = _INLINE_LEVEL[op]
        code = f"{wrap(left, level)} {op} {wrap(right, level + 1)}"
        return narrow(code, _natural(in1) if op != "/" else in1, out, level)
    if op == "**" and in1.kind == "f":
        code = f"{wrap(left, POW + 1)} ** {wrap(right, UNARY)}"
        return Typed(code, out, POW)
    helper = {"//": "floordiv", "%": "mod", "**": "pow"}[op]
    suffix = "int" if in1.kind in "iu" else _FLOAT_HELPER_SUFFIX[in1]
    code = f"h.{helper}_{suffix}({left.code}, {right.code})"
    return narrow(code, _natural(in1), out, ATOM)


def _binop(node: BinOp, ctx) -> Typed:
    if node.op not in _ARITH:
        raise ModelSyntaxError(f"unknown binary operator '{node.op}'")
    return arith(node.op, print_typed(node.left, ctx),
                 print_typed(node.right, ctx))


def _unary(node: Unary, ctx) -> Typed:
    value = print_typed(node.operand, ctx)
    if node.op == "not":
        value = truth(value)
        if value.literal is not None:
            return literal(not value.literal, _BOOL)
        return Typed(f"not {wrap(value, NOT)}", _BOOL, NOT)
    if node.op == "+":
        return as_number(value)
    if node.op != "-":
        raise ModelSyntaxError(f"unknown unary operator '{node.op}'")
    value = as_number(value)
    (dtype, out) = _resolve(np.negative, (value.dtype,))
    value = cast(value, dtype)
    return narrow(f"-{wrap(value, UNARY)}", _natural(dtype), out, UNARY)


def _simple(value: Typed, ctx) -> Typed:
    """``value`` as something cheap to print twice (hoisted if needed)."""
    if value.level == ATOM and re.fullmatch(r"[\w.]+", value.code):
        return value
    name = ctx.namer.fresh("_shared")
    ctx.emit(f"{name} = {value.code}")
    return Typed(name, value.dtype, uniform=value.uniform)


def _compare(node: Compare, ctx) -> Typed:
    operands = [print_typed(operand, ctx) for operand in node.operands]
    if len(operands) > 2:
        # A chain evaluates each middle operand once.
        operands[1:-1] = [_simple(o, ctx) for o in operands[1:-1]]
    parts = []
    for op, left, right in zip(node.ops, operands, operands[1:]):
        if op not in _COMPARE:
            raise ModelSyntaxError(f"unknown comparison '{op}'")
        in1, in2, _ = _resolve(_COMPARE[op], (left.dtype, right.dtype))
        parts.append(f"{wrap(cast(left, in1), CMP + 1)} {op} "
                     f"{wrap(cast(right, in2), CMP + 1)}")
    if len(parts) == 1:
        return Typed(parts[0], _BOOL, CMP)
    return Typed(" and ".join(parts), _BOOL, AND)


def _boolop(node: BoolOp, ctx) -> Typed:
    if node.op not in ("and", "or"):
        raise ModelSyntaxError(f"unknown boolean operator '{node.op}'")
    level = AND if node.op == "and" else OR
    values = [truth(print_typed(value, ctx)) for value in node.values]
    if len(values) == 1:
        return values[0]
    code = f" {node.op} ".join(wrap(value, level + 1) for value in values)
    return Typed(code, _BOOL, level)


def _call(node: Call, ctx) -> Typed:
    spec = ctx.functions.get(node.func)
    if spec is None:
        raise ModelNameError(f"unknown function '{node.func}'")
    if not spec.accepts(len(node.args)):
        raise TypeError(f"function '{node.func}' takes "
                        f"{spec.arity_text()}, got {len(node.args)}")
    args = [print_typed(arg, ctx) for arg in node.args]
    if spec is SELECT:
        return _select(args)
    builtin = DEFAULT_FUNCTIONS.get(node.func)
    if builtin is not None and (spec is builtin or spec == builtin):
        if node.func == "clip":
            return _clip(args, ctx, all(is_uniform(a, ctx)
                                        for a in node.args[1:]))
        return _CALLS[node.func](args, ctx)
    if ctx.call_user is None:
        raise NotImplementedError(f"function '{node.func}' is not a "
                                  f"built-in function")
    # Other functions take float64, int64 or bool scalars.
    return ctx.call_user(spec, [cast(a, _ARGUMENT[a.dtype.kind])
                                for a in args])


_HANDLERS = {Const: _const, Name: _name, Unary: _unary, BinOp: _binop,
             Compare: _compare, BoolOp: _boolop, Call: _call}


# -- functions ---------------------------------------------------------------

def _ufunc_call(name: str):
    """A function that is a NumPy ufunc Numba also implements on scalars."""
    ufunc = getattr(np, name)

    def call(args, ctx):
        (arg,) = args
        dtype, out = _resolve(ufunc, (arg.dtype,))
        if dtype == _BOOL:
            return arg          # abs of a boolean is itself
        code = f"np.{name}({cast(arg, dtype).code})"
        return narrow(code, _natural(dtype), out, ATOM)
    return call


def _sign(args, ctx) -> Typed:
    (arg,) = args
    dtype, out = _resolve(np.sign, (arg.dtype,))
    arg = cast(arg, dtype)
    if dtype.kind == "f":
        return Typed(f"h.sign_{_FLOAT_HELPER_SUFFIX[dtype]}({arg.code})",
                     out)
    return narrow(f"h.sign_int({arg.code})", _INT64, out, ATOM)


def _int(args, ctx) -> Typed:
    # astype(int64) truncates toward zero, as np.int64() does in Numba.
    return cast(args[0], _INT64)


def _select(args) -> Typed:
    condition, if_true, if_false = args
    dtype = check_dtype(np.result_type(if_true.dtype, if_false.dtype),
                        "a conditional write")
    code = (f"({cast(if_true, dtype).code} if {truth(condition).code} "
            f"else {cast(if_false, dtype).code})")
    return Typed(code, dtype)


def _exprel(args, ctx) -> Typed:
    return Typed(f"h.exprel({cast(args[0], _FLOAT64).code})", _FLOAT64)


def _clip(args, ctx, uniform_bounds: bool) -> Typed:
    dtype = check_dtype(np.result_type(*(a.dtype for a in args)),
                        "the result of clip")
    code = ", ".join(cast(a, dtype).code for a in args)
    # NumPy has a loop for bounds that are the same for every element,
    # which differs from the general one in the sign of zero results.
    helper = "clip_uniform" if uniform_bounds else "clip"
    return Typed(f"h.{helper}({code})", dtype)


def _timestep(args, ctx) -> Typed:
    t, dt = args[0], _simple(args[1], ctx)
    # The reference computes (t + 1e-3*dt) / dt; 1e-3 is a Python float,
    # so the shift has dt's type when dt is a float, float64 otherwise.
    shift_type = dt.dtype if dt.dtype.kind == "f" else _FLOAT64
    shift = arith("*", literal(1e-3, shift_type), cast(dt, shift_type))
    sum_type = _resolve(np.add, (t.dtype, shift_type))[0]
    quotient_type = _resolve(np.true_divide, (sum_type, dt.dtype))[1]
    code = (f"h.timestep({cast(t, sum_type).code}, "
            f"{cast(shift, sum_type).code}, "
            f"{cast(dt, quotient_type).code})")
    return Typed(code, _INT64)


def _random(helper: str, dtype):
    def call(args, ctx):
        code = ", ".join(cast(a, _FLOAT64).code for a in args)
        return Typed(f"h.{helper}({code})", np.dtype(dtype))
    return call


_CALLS = {name: _ufunc_call(name) for name in (
    "exp", "log", "log10", "sin", "cos", "tan", "sinh", "cosh", "tanh",
    "arcsin", "arccos", "arctan", "sqrt", "abs", "floor", "ceil")}
_CALLS.update({
    "sign": _sign, "int": _int, "exprel": _exprel,
    "timestep": _timestep, "rand": _random("rand", np.float64),
    "randn": _random("randn", np.float64),
    "poisson": _random("poisson", np.int64),
})
