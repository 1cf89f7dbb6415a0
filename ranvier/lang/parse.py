"""Parsing model code into ranvier's trees.

Python's own parser reads the text (model code is Python expression
syntax), and a strict whitelist converts its syntax tree into the frozen
nodes of :mod:`ranvier.lang.tree`. Anything outside the model language
(attribute access, subscripts, strings, lambdas, ...) is refused here with
a :class:`ModelSyntaxError` that names the construct and marks it, so no
later stage ever sees Python objects or has to distrust a tree.

Spans are character offsets (not UTF-8 bytes, as Python's parser gives
them) relative to ``Source.offset``.
"""

from __future__ import annotations

import ast
import keyword
import re
import warnings

from ranvier.lang.errors import ModelSyntaxError
from ranvier.lang.scan import (IDENTIFIER, blank_comments, find_assignment,
                               line_of, located_error, logical_lines)
from ranvier.lang.tree import (AUGMENTED_OPS, BinOp, BoolOp, Call, Compare,
                               Const, Expr, Name, Source, Span, Statement,
                               Unary)

__all__ = ["parse_expression", "parse_statements", "parse_condition",
           "parse_fragment", "MAX_DEPTH"]

#: Deepest nesting accepted; keeps every recursive pass over trees far from
#: Python's recursion limit.
MAX_DEPTH = 200

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/",
           ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**"}
_UNARY = {ast.USub: "-", ast.UAdd: "+", ast.Not: "not"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
            ast.Eq: "==", ast.NotEq: "!="}
_BOOL = {ast.And: "and", ast.Or: "or"}

_NOT_ALLOWED = "not allowed in model code"
_REFUSED_NODES = {
    ast.Attribute: f"attribute access ('a.b') is {_NOT_ALLOWED}",
    ast.Subscript: f"subscripts ('a[i]') are {_NOT_ALLOWED}",
    ast.Slice: f"slices are {_NOT_ALLOWED}",
    ast.Lambda: f"lambda functions are {_NOT_ALLOWED}",
    ast.ListComp: f"comprehensions are {_NOT_ALLOWED}",
    ast.SetComp: f"comprehensions are {_NOT_ALLOWED}",
    ast.DictComp: f"comprehensions are {_NOT_ALLOWED}",
    ast.GeneratorExp: f"generator expressions are {_NOT_ALLOWED}",
    ast.JoinedStr: f"f-strings are {_NOT_ALLOWED}",
    ast.FormattedValue: f"f-strings are {_NOT_ALLOWED}",
    ast.Starred: f"starred expressions ('*a') are {_NOT_ALLOWED}",
    ast.Dict: f"dictionaries are {_NOT_ALLOWED}",
    ast.Set: f"sets are {_NOT_ALLOWED}",
    ast.List: f"lists are {_NOT_ALLOWED}",
    ast.Tuple: f"tuples are {_NOT_ALLOWED}",
    ast.IfExp: f"conditional expressions ('a if c else b') are {_NOT_ALLOWED}",
    ast.NamedExpr: f"assignment expressions ('x := ...') are {_NOT_ALLOWED}",
    ast.Await: f"'await' is {_NOT_ALLOWED}",
    ast.Yield: f"'yield' is {_NOT_ALLOWED}",
    ast.YieldFrom: f"'yield' is {_NOT_ALLOWED}",
}
_REFUSED_OPERATORS = {
    ast.BitAnd: ("&", "use 'and' for logic"),
    ast.BitOr: ("|", "use 'or' for logic"),
    ast.BitXor: ("^", "write '**' for a power, or use 'and'/'or'/'not' "
                      "for logic"),
    ast.LShift: ("<<", "bit shifts are not part of the model language"),
    ast.RShift: (">>", "bit shifts are not part of the model language"),
    ast.MatMult: ("@", "matrix products are not part of the model language"),
    ast.Invert: ("~", "use 'not' for logic"),
    ast.Is: ("is", "use '==' to compare values"),
    ast.IsNot: ("is not", "use '!=' to compare values"),
    ast.In: ("in", "membership tests are not part of the model language"),
    ast.NotIn: ("not in", "membership tests are not part of the model "
                          "language"),
}
_NEWLINE = re.compile(r"\r\n|\r|\n")


# -- public entry points -----------------------------------------------------

def parse_expression(text: str, source: Source | None = None) -> Expr:
    """Parse one model expression into a tree.

    Parameters
    ----------
    text : str
        Python expression syntax restricted to the model language:
        numbers, ``True``/``False``, names, calls ``f(a, b)`` of plain
        function names, arithmetic, comparisons (chained too) and
        ``and``/``or``/``not``. It may span several lines inside brackets.
    source : Source, optional
        Where ``text`` sits, for error messages: ``text`` must start at
        ``source.offset`` in ``source.text``. By default ``text`` itself,
        with no owner.

    Returns
    -------
    Expr
        The tree; every node's span is relative to ``source.offset``.

    Raises
    ------
    ModelSyntaxError
        For invalid syntax or a construct outside the model language.
    """
    if source is None:
        source = Source(text)
    return parse_fragment(text, source, 0)


def parse_condition(text: str, owner: str = "") -> Expr:
    """Parse a condition (a threshold, an ``if`` of a synaptic connection).

    The text is one expression, possibly with a ``#`` comment and spread
    over several lines inside brackets. Whether it is boolean is checked
    later, with units. The returned spans are character offsets in
    ``text``, so ``Source(text, owner=owner)`` locates them.

    Raises
    ------
    ModelSyntaxError
        For an empty condition, several lines, an assignment or invalid
        syntax.
    """
    source = Source(text, 1, 0, owner)
    clean = blank_comments(text)
    chunks = [c for c in logical_lines(clean, source)
              if clean[c.start:c.end].strip()]
    if not chunks:
        raise ModelSyntaxError("the condition is empty", source)
    if len(chunks) > 1:
        extra = chunks[1]
        start = extra.start + _leading(clean[extra.start:extra.end])
        raise located_error(ModelSyntaxError,
                            "a condition is a single expression, but a "
                            "second line follows", source,
                            Span(start, extra.end))
    chunk = chunks[0]
    start = chunk.start + _leading(clean[chunk.start:chunk.end])
    position, op = find_assignment(clean, start, chunk.end)
    if position >= 0:
        raise located_error(
            ModelSyntaxError,
            f"a condition cannot assign ('{op}'); did you mean '=='?", source,
            Span(position, position + len(op)))
    return parse_fragment(clean[start:chunk.end], source, start)


def parse_statements(text: str, owner: str = "") -> tuple[Statement, ...]:
    """Parse a block of statements (a reset, an ``on_pre`` pathway, ...).

    Statements are ``x = expr`` or ``x op= expr`` with op one of ``+ - *
    /``, one per line or separated by ``;``. Blank lines, indentation and
    ``#`` comments are allowed; expressions may continue over several
    lines inside brackets.

    Returns
    -------
    tuple of Statement
        Each with a ``source`` whose ``line`` and ``offset`` locate the
        statement in ``text``; expression spans are relative to it.

    Raises
    ------
    ModelSyntaxError
        For a line that is not such an assignment, with the part at fault
        marked.
    """
    source = Source(text, 1, 0, owner)
    clean = blank_comments(text)
    statements = []
    for chunk in logical_lines(clean, source, split_semicolons=True):
        body = clean[chunk.start:chunk.end]
        if body.strip():
            start = chunk.start + _leading(body)
            end = chunk.start + len(body.rstrip())
            statements.append(_parse_statement(text, clean, start, end, owner))
    return tuple(statements)


def parse_fragment(text: str, source: Source, base: int) -> Expr:
    """Parse ``text`` found at ``source.offset + base`` in ``source.text``.

    Spans are relative to ``source.offset``, so the pieces of a larger
    construct (the right-hand side of an equation or a statement) get spans
    that fit the construct's own source.
    """
    _check_encodable(text, source, base)
    lead = _leading(text)
    body = text[lead:]
    if not body.strip():
        raise located_error(ModelSyntaxError, "expected an expression, found "
                            "nothing", source, Span(base, base + len(text)))
    positions = _Positions(body, base + lead)
    tree = _python_parse(body, positions, source)
    _check_depth(tree, positions, source)
    return _Converter(body, positions, source).convert(tree)


# -- statements ---------------------------------------------------------------

def _parse_statement(text, clean, start, end, owner) -> Statement:
    source = Source(text, line_of(text, start), start, owner)
    position, op = find_assignment(clean, start, end)
    if position < 0:
        raise ModelSyntaxError(
            "expected an assignment such as 'v = 0' or 'v += w'; an "
            "expression on its own does nothing here", source,
            Span(0, end - start))
    op_span = Span(position - start, position - start + len(op))
    target = clean[start:position].rstrip()
    if not target:
        raise ModelSyntaxError(f"missing the variable to assign to before "
                               f"'{op}'", source, op_span)
    if op not in AUGMENTED_OPS:
        raise ModelSyntaxError(_bad_operator_message(op), source, op_span)
    _check_target(target, source)
    value_start = position + len(op)
    again, second = find_assignment(clean, value_start, end)
    if again >= 0:
        raise ModelSyntaxError(
            "only one assignment per statement is allowed; write "
            "'a = 1' and 'b = 1' on separate lines", source,
            Span(again - start, again - start + len(second)))
    if not clean[value_start:end].strip():
        raise ModelSyntaxError(f"missing the expression after '{op}'",
                               source, op_span)
    expr = parse_fragment(clean[value_start:end], source, value_start - start)
    return Statement(target, op, expr, source, Span(0, len(target)))


def _bad_operator_message(op: str) -> str:
    if op == ":=":
        return "':=' is not a statement; write 'x = ...'"
    return (f"the augmented assignment '{op}' is not supported (only "
            f"'+=', '-=', '*=' and '/='); write 'x = x {op[:-1]} ...'")


def _check_target(target: str, source: Source) -> None:
    span = Span(0, len(target))
    if IDENTIFIER.match(target):
        if keyword.iskeyword(target):
            raise ModelSyntaxError(f"cannot assign to the keyword '{target}'",
                                   source, span)
        if target.startswith("__"):
            raise ModelSyntaxError(f"'{target}': names starting with '__' "
                                   f"are {_NOT_ALLOWED}", source, span)
        return
    raise ModelSyntaxError(_target_problem(target), source, span)


def _target_problem(target: str) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            node = ast.parse(target.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        node = None
    if isinstance(node, ast.Attribute):
        return (f"assignment to an attribute ('{target} = ...') is "
                f"{_NOT_ALLOWED}; the target must be a variable name")
    if isinstance(node, ast.Subscript):
        return (f"assignment to a subscript ('{target} = ...') is "
                f"{_NOT_ALLOWED}; the target must be a variable name")
    if isinstance(node, ast.Tuple):
        return (f"assignment to several targets ('{target} = ...') is "
                f"{_NOT_ALLOWED}; write one assignment per statement")
    return f"cannot assign to '{target}': the target must be a variable name"


# -- Python's parser, with positions in characters ----------------------------

def _leading(text: str) -> int:
    return len(text) - len(text.lstrip())


def _check_encodable(text: str, source: Source, base: int) -> None:
    # Python's parser wants UTF-8; lone surrogates cannot be encoded.
    for i, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            raise located_error(ModelSyntaxError,
                                f"invalid character U+{ord(ch):04X} (a lone "
                                f"surrogate)", source,
                                Span(base + i, base + i + 1))


class _Positions:
    """Converts Python's (line, UTF-8 byte column) to character offsets."""

    def __init__(self, body: str, shift: int):
        self.shift = shift
        self.length = len(body)
        self.lines = _NEWLINE.split(body)
        self.starts = [0]
        for match in _NEWLINE.finditer(body):
            self.starts.append(match.end())

    def char(self, lineno: int, col_bytes: int) -> int:
        index = max(0, min(lineno - 1, len(self.lines) - 1))
        line = self.lines[index]
        if not line.isascii():
            col_bytes = len(line.encode("utf-8")[:col_bytes]
                            .decode("utf-8", "ignore"))
        return self.shift + min(self.starts[index] + col_bytes, self.length)

    def char_column(self, lineno: int, col_chars: int) -> int:
        """Offset of a 1-based character column (as SyntaxError gives)."""
        index = max(0, min(lineno - 1, len(self.lines) - 1))
        col = max(0, min(col_chars - 1, len(self.lines[index])))
        return self.shift + min(self.starts[index] + col, self.length)

    def span(self, node) -> Span:
        return Span(self.char(node.lineno, node.col_offset),
                    self.char(node.end_lineno, node.end_col_offset))


def _python_parse(body: str, positions: _Positions, source: Source):
    try:
        # Python may warn about odd literals; model code never needs that.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(body, mode="eval").body
    except SyntaxError as error:
        raise _from_syntax_error(error, body, positions, source) from None
    except (RecursionError, MemoryError):
        raise located_error(
            ModelSyntaxError, "the expression is nested too deeply", source,
            Span(positions.shift, positions.shift + len(body))) from None
    except ValueError as error:
        raise located_error(ModelSyntaxError, f"invalid expression: {error}",
                            source, None) from None


def _from_syntax_error(error: SyntaxError, body, positions, source):
    if "\x00" in body:
        at = positions.shift + body.index("\x00")
        return located_error(ModelSyntaxError, "invalid character U+0000 "
                             "(a null byte)", source, Span(at, at + 1))
    if not error.lineno:
        return located_error(ModelSyntaxError, _syntax_message(error.msg),
                             source, None)
    if not error.offset:
        # Python reports a premature end of the text at column 0.
        end = positions.shift + len(body.rstrip())
        return located_error(ModelSyntaxError, "invalid syntax: the "
                             "expression ends too early", source,
                             Span(end - 1, end))
    start = positions.char_column(error.lineno, error.offset)
    end = start + 1
    if error.end_lineno and error.end_offset and error.end_offset > 0:
        candidate = positions.char_column(error.end_lineno, error.end_offset)
        end = max(candidate, end)
    at = body[start - positions.shift:start - positions.shift + 2]
    return located_error(ModelSyntaxError, _syntax_message(error.msg, at),
                         source, Span(start, end))


def _syntax_message(message: str | None, at: str = "") -> str:
    # Python's message for the most common slips talks about Python; say
    # what they mean in the model language instead.
    if at[:1] == "*" and at != "**":
        return f"starred expressions ('*a') are {_NOT_ALLOWED}"
    if at[:1] == "=" and at != "==":
        return "'=' cannot be used inside an expression; did you mean '=='?"
    if not message or message == "invalid syntax":
        return "invalid syntax"
    if "':='" in message and "'=='" in message:
        return "'=' cannot be used inside an expression; did you mean '=='?"
    return f"invalid syntax: {message}"


def _check_depth(tree, positions: _Positions, source: Source) -> None:
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise located_error(ModelSyntaxError,
                                f"the expression nests more than "
                                f"{MAX_DEPTH} levels deep", source,
                                positions.span(node))
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node)
                     if isinstance(child, ast.expr))


# -- the whitelist ------------------------------------------------------------

class _Converter:
    """Converts a Python expression tree, refusing everything else."""

    def __init__(self, body: str, positions: _Positions, source: Source):
        self.body = body
        self.positions = positions
        self.source = source

    def convert(self, node) -> Expr:
        handler = _HANDLERS.get(type(node))
        if handler is not None:
            return handler(self, node)
        message = _REFUSED_NODES.get(type(node))
        if message is None:
            message = (f"the Python construct '{type(node).__name__}' is "
                       f"{_NOT_ALLOWED}")
        raise self.refuse(node, message)

    def refuse(self, node, message: str, span: Span | None = None):
        if span is None:
            span = self.positions.span(node)
        return located_error(ModelSyntaxError, message, self.source, span)

    def refuse_operator(self, node, op, between):
        symbol, hint = _REFUSED_OPERATORS[type(op)]
        span = self.find_operator(symbol, between) or self.positions.span(node)
        return self.refuse(node, f"the operator '{symbol}' is {_NOT_ALLOWED}; "
                                 f"{hint}", span)

    def find_operator(self, symbol: str, between) -> Span | None:
        """Locate an operator's text between two operands (ast omits it)."""
        if between is None:
            return None
        left, right = (self.positions.span(n) for n in between)
        shift = self.positions.shift
        gap = self.body[left.end - shift:right.start - shift]
        first = symbol.split()[0]
        at = gap.find(first)
        if at < 0:
            return None
        start = left.end + at
        return Span(start, start + len(symbol))

    # -- handlers -----------------------------------------------------------
    def constant(self, node: ast.Constant) -> Expr:
        value = node.value
        if isinstance(value, (bool, int, float)):
            return Const(value, self.positions.span(node))
        if isinstance(value, str):
            raise self.refuse(node, f"strings are {_NOT_ALLOWED}")
        if isinstance(value, bytes):
            raise self.refuse(node, f"bytes literals are {_NOT_ALLOWED}")
        if isinstance(value, complex):
            raise self.refuse(node, f"complex numbers are {_NOT_ALLOWED}")
        raise self.refuse(node, f"'{self.text_of(node)}' is {_NOT_ALLOWED}")

    def name(self, node: ast.Name) -> Expr:
        self.check_identifier(node.id, node)
        return Name(node.id, self.positions.span(node))

    def check_identifier(self, name: str, node) -> None:
        if name.startswith("__"):
            raise self.refuse(node, f"'{name}': names starting with '__' are "
                                    f"{_NOT_ALLOWED}")
        written = self.text_of(node)
        if not written.isascii():
            raise self.refuse(node, f"the name '{written}' has non-ASCII "
                                    f"characters; names use ASCII letters, "
                                    f"digits and '_'")

    def text_of(self, node) -> str:
        span = self.positions.span(node)
        shift = self.positions.shift
        return self.body[span.start - shift:span.end - shift]

    def unary(self, node: ast.UnaryOp) -> Expr:
        op = _UNARY.get(type(node.op))
        if op is None:
            raise self.refuse_operator(node, node.op, None)
        return Unary(op, self.convert(node.operand), self.positions.span(node))

    def binary(self, node: ast.BinOp) -> Expr:
        op = _BINARY.get(type(node.op))
        if op is None:
            raise self.refuse_operator(node, node.op, (node.left, node.right))
        return BinOp(op, self.convert(node.left), self.convert(node.right),
                     self.positions.span(node))

    def compare(self, node: ast.Compare) -> Expr:
        operands = [node.left, *node.comparators]
        ops = []
        for index, op in enumerate(node.ops):
            symbol = _COMPARE.get(type(op))
            if symbol is None:
                raise self.refuse_operator(node, op,
                                           operands[index:index + 2])
            ops.append(symbol)
        return Compare(tuple(ops), tuple(self.convert(o) for o in operands),
                       self.positions.span(node))

    def boolean(self, node: ast.BoolOp) -> Expr:
        return BoolOp(_BOOL[type(node.op)],
                      tuple(self.convert(v) for v in node.values),
                      self.positions.span(node))

    def call(self, node: ast.Call) -> Expr:
        func = node.func
        if not isinstance(func, ast.Name):
            message = _REFUSED_NODES.get(type(func)) or (
                f"only functions named directly can be called ('f(x)'); "
                f"calling anything else is {_NOT_ALLOWED}")
            raise self.refuse(func, message)
        self.check_identifier(func.id, func)
        for arg in node.keywords:
            if arg.arg is None:
                raise self.refuse(arg, f"'**' argument unpacking is "
                                       f"{_NOT_ALLOWED}")
            raise self.refuse(arg, f"keyword arguments ('{arg.arg}=...') are "
                                   f"{_NOT_ALLOWED}; pass arguments by "
                                   f"position")
        return Call(func.id, tuple(self.convert(a) for a in node.args),
                    self.positions.span(node))


_HANDLERS = {
    ast.Constant: _Converter.constant,
    ast.Name: _Converter.name,
    ast.UnaryOp: _Converter.unary,
    ast.BinOp: _Converter.binary,
    ast.Compare: _Converter.compare,
    ast.BoolOp: _Converter.boolean,
    ast.Call: _Converter.call,
}
