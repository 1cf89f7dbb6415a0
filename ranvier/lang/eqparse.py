"""Reading model equations, one :class:`SingleEquation` per definition.

The three forms, each ended by a unit and optional flags::

    dv/dt = (El - v)/tau : volt (unless refractory)   # differential
    I = g*(E - v) : amp                                # subexpression
    El : volt (constant)                               # parameter

A definition may continue over several lines: while brackets are open,
after a line ending in an operator (``+``, ``*``, ``and``, ...), or onto
a line starting with a binary operator. As in Brian 2, a blank line ends
a definition, and so does a line that gives no sign of continuing, so a
definition that really lacks its unit is reported on its own line. Units are products, quotients and powers of unscaled unit names (the
values of model variables are stored in SI units), or the types
``boolean`` and ``integer``.
"""

from __future__ import annotations

import keyword
import math
import re
from dataclasses import dataclass, field

import numpy as np

from ranvier.lang.errors import ModelFeatureError, ModelSyntaxError
from ranvier.lang.functions import DEFAULT_FUNCTIONS
from ranvier.lang.parse import parse_fragment
from ranvier.lang.printer import print_expr
from ranvier.lang.scan import (IDENTIFIER, blank_comments, find_assignment,
                               find_at_depth0, line_of, located_error,
                               logical_lines)
from ranvier.lang.tree import BinOp, Const, Expr, Name, Source, Span, Unary
from ranvier.units import ALL_UNITS, get_dimensions
from ranvier.units.dimensions import DIMENSIONLESS, Dimension

__all__ = ["SingleEquation", "KINDS", "FLAGS", "KIND_FLAGS",
           "EXCLUSIVE_FLAGS", "XI_DIMENSION", "RESERVED_NAMES",
           "parse_equation_lines", "check_variable_name", "is_noise_name",
           "KIND_NAMES", "NEURON_GROUP_FLAGS", "SYNAPSES_FLAGS"]

KINDS = ("differential", "subexpression", "parameter")
KIND_NAMES = {"differential": "differential equation",
              "subexpression": "subexpression", "parameter": "parameter"}

#: Every flag, in the order they are printed.
FLAGS = ("unless refractory", "event-driven", "clock-driven", "constant",
         "shared", "linked", "summed", "constant over dt")

#: The flags each kind of equation can carry anywhere; the objects
#: (``NeuronGroup``, ``Synapses``) narrow this with
#: :meth:`Equations.check_flags`.
KIND_FLAGS = {
    "differential": frozenset({"unless refractory", "event-driven",
                               "clock-driven"}),
    "subexpression": frozenset({"shared", "constant over dt", "summed"}),
    "parameter": frozenset({"constant", "shared", "linked"}),
}

#: What ``NeuronGroup`` and ``Synapses`` allow, for
#: :meth:`Equations.check_flags` (Brian's rules: ``unless refractory`` and
#: ``linked`` only in neuron groups, ``event-driven``/``clock-driven`` and
#: ``summed`` only in synapses).
NEURON_GROUP_FLAGS = {
    "differential": frozenset({"unless refractory"}),
    "subexpression": frozenset({"shared", "constant over dt"}),
    "parameter": frozenset({"constant", "shared", "linked"}),
}
SYNAPSES_FLAGS = {
    "differential": frozenset({"event-driven", "clock-driven"}),
    "subexpression": frozenset({"shared", "constant over dt", "summed"}),
    "parameter": frozenset({"constant", "shared"}),
}

#: Flags that contradict each other on one equation.
EXCLUSIVE_FLAGS = (frozenset({"event-driven", "clock-driven"}),)

#: ``xi`` is white noise: its dimension is second**-1/2.
XI_DIMENSION = Dimension((0, 0, -0.5, 0, 0, 0, 0))

#: Names that may not be defined by equations: the clock's time and step,
#: indices and sizes, noise, and the refractoriness mechanism's variables.
RESERVED_NAMES = frozenset({
    "t", "dt", "t_in_timesteps", "xi", "i", "j", "N",
    "not_refractory", "refractory", "refractory_until",
    "True", "False", "None",
})
_CONSTANT_NAMES = frozenset({"pi", "e", "inf"})
_DIFFERENTIAL = re.compile(r"d([A-Za-z_][A-Za-z0-9_]*)\s*/\s*dt\Z")
_TYPES = ("boolean", "integer")
_FLAG_WORDS = frozenset(f for f in FLAGS if " " not in f)


@dataclass(frozen=True)
class SingleEquation:
    """One definition of a model variable.

    Attributes
    ----------
    kind : str
        ``'differential'``, ``'subexpression'`` or ``'parameter'``.
    varname : str
        The variable defined.
    expr : Expr or None
        The right-hand side (``None`` for a parameter).
    dim : Dimension
        The variable's physical dimension.
    dtype : str
        ``'float'``, ``'boolean'`` or ``'integer'``.
    unit_text : str
        The unit as the user wrote it, for printing.
    flags : frozenset of str
    source : Source
        The model text, with ``line`` and ``offset`` of this definition;
        spans of ``expr``, ``name_span``, ``unit_span`` and
        ``flag_spans`` are relative to it.
    name_span, unit_span : Span
    flag_spans : tuple of (str, Span)
    """

    kind: str
    varname: str
    expr: Expr | None
    dim: Dimension = DIMENSIONLESS
    dtype: str = "float"
    unit_text: str = field(default="1", compare=False)
    flags: frozenset = frozenset()
    source: Source | None = field(default=None, compare=False, repr=False)
    name_span: Span | None = field(default=None, compare=False, repr=False)
    unit_span: Span | None = field(default=None, compare=False, repr=False)
    flag_spans: tuple = field(default=(), compare=False, repr=False)

    def __str__(self):
        if self.kind == "differential":
            head = f"d{self.varname}/dt = {print_expr(self.expr)}"
        elif self.kind == "subexpression":
            head = f"{self.varname} = {print_expr(self.expr)}"
        else:
            head = self.varname
        flags = [f for f in FLAGS if f in self.flags]
        tail = f" ({', '.join(flags)})" if flags else ""
        return f"{head} : {self.unit_text}{tail}"

    def span_of_flag(self, flag: str) -> Span | None:
        """Where ``flag`` is written, or the name's span if it is not."""
        for name, span in self.flag_spans:
            if name == flag:
                return span
        return self.name_span


def is_noise_name(name: str) -> bool:
    """Whether ``name`` is a white-noise symbol (``xi`` or ``xi_*``)."""
    return name == "xi" or name.startswith("xi_")


def check_variable_name(name: str, source: Source | None, span: Span | None,
                        kind: str = "parameter",
                        flags: frozenset = frozenset()) -> None:
    """Refuse names an equation may not define.

    Raises
    ------
    ModelSyntaxError
        Naming the rule the name breaks.
    """
    problem = _name_problem(name, kind, flags)
    if problem is not None:
        raise _error(f"'{name}' cannot be defined: {problem}", source, span)


def _name_problem(name: str, kind: str, flags) -> str | None:
    if not IDENTIFIER.match(name):
        return "a name uses ASCII letters, digits and '_'"
    if keyword.iskeyword(name) or name in ("True", "False", "None"):
        return "it is a Python keyword"
    if name.startswith("_"):
        return "names starting with '_' are reserved for internal use"
    if is_noise_name(name):
        return "'xi' and names starting with 'xi_' stand for white noise"
    if name in RESERVED_NAMES:
        return "the name is reserved (t, dt, i, j, N, xi, ...)"
    if name.endswith(("_pre", "_post")) and "summed" not in flags:
        return ("names ending in '_pre' or '_post' refer to the pre- and "
                "postsynaptic groups")
    if name in ALL_UNITS:
        return "it is the name of a unit"
    if name in _CONSTANT_NAMES:
        return "it is the name of a constant"
    if name in DEFAULT_FUNCTIONS:
        return "it is the name of a function"
    return None


#: Flags of Brian 2's SpatialNeuron equations.
_SPATIAL_FLAGS = frozenset({"point current"})


def _error(message, source, span, cls=ModelSyntaxError):
    if source is None:
        return cls(message)
    return located_error(cls, message, source, span)


# -- lines -------------------------------------------------------------------

def parse_equation_lines(text: str, owner: str = "") -> tuple:
    """Parse a model string into a tuple of :class:`SingleEquation`.

    Raises
    ------
    ModelSyntaxError
        Marking the part of the line at fault.
    """
    whole = Source(text, 1, 0, owner)
    clean = blank_comments(text)
    equations = []
    chunks = logical_lines(clean, whole)
    flat = _one_line(clean)
    for start, end in _definitions(clean, chunks):
        line = _Line(text, flat, start, end,
                     Source(text, line_of(text, start), start, owner))
        equations.append(line.parse())
    return tuple(equations)


_LINE_BREAK = re.compile(r"\\?[ \t]*(\r\n|\r|\n)")


def _one_line(clean: str) -> str:
    """``clean`` with every line break (and a backslash continuing a line)
    turned into spaces, so that a definition spread over several lines
    parses as one line while every offset stays the same."""
    return _LINE_BREAK.sub(lambda m: " " * len(m.group(0)), clean)


# Characters and words that make a definition go on to the next line when
# they end a line, or (the binary ones) begin the next one.
_TRAILING_OPERATORS = "+-*/%&|^<>=~,"
_LEADING_OPERATORS = "+-*/%&|^<>=!"
_TRAILING_WORDS = re.compile(r"(?<![A-Za-z0-9_])(and|or|not|in|is)\Z")
_LEADING_WORDS = re.compile(r"(and|or)(?![A-Za-z0-9_])")


def _definitions(clean: str, chunks) -> list[tuple[int, int]]:
    """``(start, end)`` of each definition, stripped of surrounding space.

    Logical lines (brackets balanced) are joined while a definition has
    no ``:`` yet and its last line ends in an operator or the next line
    starts with one; a blank line always ends a definition.
    """
    pieces = []
    for chunk in chunks:
        body = clean[chunk.start:chunk.end]
        if not body.strip():
            pieces.append(None)  # a blank line
            continue
        start = chunk.start + len(body) - len(body.lstrip())
        pieces.append((start, chunk.start + len(body.rstrip())))
    definitions = []
    current = None
    for piece in pieces:
        if piece is None:
            if current is not None:
                definitions.append(current)
            current = None
        elif current is not None and _continues(clean, current, piece):
            current = (current[0], piece[1])
        else:
            if current is not None:
                definitions.append(current)
            current = piece
    if current is not None:
        definitions.append(current)
    return definitions


def _continues(clean: str, current: tuple, following: tuple) -> bool:
    """Whether the line at ``following`` continues the definition at
    ``current``: it has no ``:`` yet and one of the two lines says so."""
    head = clean[current[0]:current[1]]
    if find_at_depth0(head, ":") >= 0:
        return False
    nxt = clean[following[0]:following[1]]
    return (head[-1] in _TRAILING_OPERATORS
            or _TRAILING_WORDS.search(head) is not None
            or nxt[0] in _LEADING_OPERATORS
            or _LEADING_WORDS.match(nxt) is not None)


@dataclass
class _Line:
    """One logical line of a model string, being parsed."""

    text: str
    clean: str
    start: int
    end: int
    source: Source

    def span(self, a: int, b: int) -> Span:
        return Span(a - self.start, b - self.start)

    def fail(self, message: str, a: int, b: int):
        return _error(message, self.source, self.span(a, b))

    def parse(self) -> SingleEquation:
        colon = find_at_depth0(self.clean, ":", self.start, self.end, last=True)
        if colon < 0:
            raise self.fail(self.missing_unit(), self.start, self.end)
        kind, name, name_span, expr = self.definition(colon)
        unit_start, unit_end, flags = self.unit_and_flags(colon)
        dim, dtype = self.unit(unit_start, unit_end)
        flag_names = self.check_flags(kind, flags)
        check_variable_name(name, self.source, name_span, kind, flag_names)
        unit_span = self.span(unit_start, unit_end)
        if kind == "differential" and dtype != "float":
            raise _error(f"a differential equation defines a floating point "
                         f"variable; '{dtype}' can only be the type of a "
                         f"parameter or a subexpression", self.source,
                         unit_span)
        return SingleEquation(
            kind, name, expr, dim, dtype,
            self.text[unit_start:unit_end], flag_names, self.source,
            name_span, unit_span,
            tuple((f, self.span(a, b)) for f, a, b in flags))

    def missing_unit(self) -> str:
        message = "missing ': unit' at the end of the definition"
        last = self.clean[self.end - 1]
        if last in _TRAILING_OPERATORS or \
                _TRAILING_WORDS.search(self.clean[self.start:self.end]):
            return (f"{message}: it ends with an operator, but a definition "
                    f"only continues on the line right after it, not after "
                    f"a blank line")
        return (f"{message} (a definition continues on the next line only "
                f"after an operator or an open bracket, or when the next "
                f"line starts with an operator)")

    # -- left of ':' --------------------------------------------------------
    def definition(self, colon: int):
        at, op = find_assignment(self.clean, self.start, colon)
        if at < 0:
            return self.parameter(colon)
        if op != "=":
            raise self.fail(f"expected '=' in a definition, found '{op}'",
                            at, at + len(op))
        lhs = self.clean[self.start:at].strip()
        if not lhs:
            raise self.fail("missing the variable name before '='", at, at + 1)
        differential = _DIFFERENTIAL.match(lhs)
        if differential:
            kind, name = "differential", differential.group(1)
            name_span = self.span(self.start + 1, self.start + 1 + len(name))
        elif IDENTIFIER.match(lhs):
            kind, name = "subexpression", lhs
            name_span = self.span(self.start, self.start + len(name))
        else:
            raise self.fail(f"expected a variable name or 'dx/dt' before "
                            f"'=', found '{lhs}'", self.start,
                            self.start + len(lhs))
        if not self.clean[at + 1:colon].strip():
            raise self.fail("missing the expression after '='", at, at + 1)
        expr = parse_fragment(self.clean[at + 1:colon], self.source,
                              at + 1 - self.start)
        return kind, name, name_span, expr

    def parameter(self, colon: int):
        name = self.clean[self.start:colon].strip()
        if not name:
            raise self.fail("missing the variable name before ':'", colon,
                            colon + 1)
        end = self.start + len(name)
        differential = _DIFFERENTIAL.match(name)
        if differential:
            raise self.fail(f"the differential equation for "
                            f"'{differential.group(1)}' has no right-hand side "
                            f"('{name} = ... : unit')", self.start, end)
        if not IDENTIFIER.match(name):
            raise self.fail(f"expected 'name : unit', 'name = expression : "
                            f"unit' or 'dname/dt = expression : unit', found "
                            f"'{name}'", self.start, end)
        return "parameter", name, self.span(self.start, end), None

    # -- right of ':' -------------------------------------------------------
    def unit_and_flags(self, colon: int):
        """Split ``unit (flag, flag)``; flags are (name, start, end)."""
        a, b = colon + 1, self.end
        tail = self.clean[a:b].rstrip()
        b = a + len(tail)
        flags = []
        if tail.endswith(")"):
            opening = _matching_open(self.clean, a, b - 1)
            before = self.clean[a:opening].rstrip() if opening >= 0 else ""
            inside = self.clean[opening + 1:b - 1] if opening >= 0 else ""
            if opening >= 0 and _flags_follow(before, inside):
                flags = self.flag_list(opening + 1, b - 1)
                b = a + len(before)
        if not self.clean[a:b].strip():
            raise self.fail("missing the unit after ':'", colon, colon + 1)
        a += len(self.clean[a:b]) - len(self.clean[a:b].lstrip())
        return a, b, flags

    def flag_list(self, a: int, b: int):
        flags = []
        piece_start = a
        for position in [*(i for i in range(a, b) if self.clean[i] == ","), b]:
            piece = self.clean[piece_start:position]
            words = piece.split()
            if not words:
                raise self.fail("empty flag", piece_start, max(position,
                                                               piece_start + 1))
            first = piece_start + len(piece) - len(piece.lstrip())
            flags.append((" ".join(words), first,
                          piece_start + len(piece.rstrip())))
            piece_start = position + 1
        return flags

    def check_flags(self, kind: str, flags) -> frozenset:
        seen = set()
        for flag, a, b in flags:
            if flag in _SPATIAL_FLAGS:
                raise _error(f"the flag '{flag}' belongs to multicompartment "
                             f"neurons (SpatialNeuron), which ranvier does "
                             f"not build", self.source, self.span(a, b),
                             ModelFeatureError)
            if flag not in FLAGS:
                known = ", ".join(f"'{f}'" for f in FLAGS)
                raise self.fail(f"unknown flag '{flag}' (known flags: "
                                f"{known})", a, b)
            if flag not in KIND_FLAGS[kind]:
                allowed = ", ".join(f"'{f}'" for f in FLAGS
                                    if f in KIND_FLAGS[kind])
                raise self.fail(f"the flag '{flag}' cannot be used on a "
                                f"{KIND_NAMES[kind]} (allowed: {allowed})",
                                a, b)
            if flag in seen:
                raise self.fail(f"the flag '{flag}' is given twice", a, b)
            seen.add(flag)
            for group in EXCLUSIVE_FLAGS:
                clash = sorted((group - {flag}) & seen)
                if flag in group and clash:
                    raise self.fail(f"the flags '{clash[0]}' and '{flag}' "
                                    f"exclude each other", a, b)
        return frozenset(seen)

    def unit(self, a: int, b: int):
        written = self.clean[a:b].strip()
        if written in _TYPES:
            return DIMENSIONLESS, written
        words = written.split()
        if len(words) > 1 and words[-1] in _FLAG_WORDS:
            head = written[:written.rindex(words[-1])].rstrip()
            raise self.fail(f"flags go in parentheses after the unit, as in "
                            f"'{head} ({words[-1]})'", a, b)
        expr = parse_fragment(self.clean[a:b], self.source, a - self.start)
        scale, dim = _UnitReader(self.source).read(expr)
        if not math.isclose(scale, 1.0, rel_tol=1e-9):
            raise self.fail(
                f"the unit '{written}' is scaled ({written} = {scale:g} in SI "
                f"units); values are stored in SI units, so write the "
                f"unscaled unit (e.g. 'volt', not 'mV')", a, b)
        return dim, "float"


def _matching_open(text: str, lower: int, closing: int) -> int:
    depth = 0
    for i in range(closing, lower - 1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _flags_follow(before: str, inside: str) -> bool:
    """Whether ``(inside)`` after the unit text ``before`` is a flag list
    rather than a bracketed part of the unit, as in ``1/(siemens*metre)``."""
    if not before:
        words = [w.strip() for w in inside.split(",")]
        return any(" ".join(w.split()) in FLAGS for w in words)
    return before[-1] not in "*/(+-"


class _UnitReader:
    """Evaluates a unit expression to (scale, dimension)."""

    def __init__(self, source: Source):
        self.source = source

    def fail(self, message: str, node):
        return _error(message, self.source, node.span)

    def read(self, node) -> tuple[float, Dimension]:
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Const) and not isinstance(node.value, bool):
            return float(node.value), DIMENSIONLESS
        if isinstance(node, BinOp) and node.op in ("*", "/"):
            left_scale, left_dim = self.read(node.left)
            right_scale, right_dim = self.read(node.right)
            if node.op == "*":
                return left_scale * right_scale, left_dim * right_dim
            if right_scale == 0:
                raise self.fail("division by zero in a unit", node)
            return left_scale / right_scale, left_dim / right_dim
        if isinstance(node, BinOp) and node.op == "**":
            scale, dim = self.read(node.left)
            power = self.number(node.right)
            try:
                return scale ** power, dim ** power
            except (ValueError, OverflowError, ZeroDivisionError):
                raise self.fail(f"invalid power {power:g} in a unit",
                                node.right) from None
        raise self.fail("a unit is made of unit names, numbers, '*', '/' "
                        "and '**' with a number as exponent", node)

    def name(self, node: Name) -> tuple[float, Dimension]:
        if node.id in _TYPES:
            raise self.fail(f"'{node.id}' is a type and must be the whole "
                            f"unit", node)
        unit = ALL_UNITS.get(node.id)
        if unit is None:
            raise self.fail(f"unknown unit '{node.id}'", node)
        return float(np.asarray(unit)), get_dimensions(unit)

    def number(self, node) -> float:
        if isinstance(node, Const) and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, Unary) and node.op in "+-":
            value = self.number(node.operand)
            return -value if node.op == "-" else value
        if isinstance(node, BinOp) and node.op in ("*", "/", "+", "-"):
            left, right = self.number(node.left), self.number(node.right)
            try:
                return _ARITHMETIC[node.op](left, right)
            except ZeroDivisionError:
                raise self.fail("division by zero in an exponent",
                                node) from None
        raise self.fail("the exponent of a unit must be a number", node)


_ARITHMETIC = {"*": lambda a, b: a * b, "/": lambda a, b: a / b,
               "+": lambda a, b: a + b, "-": lambda a, b: a - b}
