"""The generator syntax of ``Synapses.connect``, parsed into trees.

``connect(j='k for k in range(i-3, i+4) if k != i')`` describes, for each
presynaptic neuron ``i``, the postsynaptic neurons to connect to. The
grammar is small::

    generator := element 'for' NAME 'in' iterator ['if' condition]
               | element ['if' condition]       (one target per neuron)
    iterator  := 'range' '(' args ')' | 'sample' '(' args ')'
    args      := arg (',' arg)*          arg := ['p' '=' | 'size' '='] expr

Each expression part goes through the model language's own parser, with
spans into the user's string, so errors point at the part at fault.
Nothing is ever evaluated as Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ranvier.lang.errors import ModelSyntaxError
from ranvier.lang.parse import parse_fragment
from ranvier.lang.scan import IDENTIFIER, find_at_depth0, located_error
from ranvier.lang.tree import Const, Expr, Source, Span

__all__ = ["Generator", "parse_generator", "parse_single", "is_generator"]

_TOKEN = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_]\w*|"
                    r"[()\[\]{}]|\S")
_KEYWORD_ARG = re.compile(r"\s*([A-Za-z_]\w*)\s*=(?!=)")
_ITERATORS = {"range": ((1, 3), ()), "sample": ((1, 3), ("p", "size"))}


@dataclass(frozen=True)
class Generator:
    """A parsed generator expression.

    Attributes
    ----------
    element : Expr
        The postsynaptic index produced for each value of ``variable``.
    variable : str
        The iteration variable.
    iterator : str
        ``'range'`` or ``'sample'``.
    args : tuple of Expr
        Positional arguments: ``stop``, ``start, stop`` or
        ``start, stop, step``.
    p, size : Expr or None
        ``sample``'s probability or fixed number of draws (one of them).
    condition : Expr or None
    source : Source
    """

    element: Expr
    variable: str
    iterator: str
    args: tuple
    p: Expr | None
    size: Expr | None
    condition: Expr | None
    source: Source


def _depth0_words(text: str) -> list[tuple[str, int]]:
    """Identifiers outside brackets, with their offsets."""
    words, depth = [], 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "([{":
            depth += 1
        elif token in ")]}":
            depth -= 1
        elif depth == 0 and IDENTIFIER.match(token):
            words.append((token, match.start()))
    return words


def is_generator(text: str) -> bool:
    """Whether ``text`` has a ``for`` outside brackets."""
    return any(word == "for" for word, _ in _depth0_words(text))


def _error(message: str, source: Source, start: int, end: int):
    return located_error(ModelSyntaxError, message, source,
                         Span(start, max(end, start + 1)))


def _find(words, name: str, after: int):
    for word, at in words:
        if word == name and at >= after:
            return at
    return -1


def parse_generator(text: str, owner: str = "") -> Generator:
    """Parse ``text`` as ``element for var in range(...)/sample(...) if c``.

    Raises
    ------
    ModelSyntaxError
        For text outside the grammar, with the offending part marked.
    """
    source = Source(text, 1, 0, owner)
    words = _depth0_words(text)
    at_for = _find(words, "for", 0)
    if at_for < 0:
        raise _error("expected a generator expression such as 'k for k in "
                     "range(N_post)'", source, 0, len(text))
    if _find(words, "for", at_for + 1) >= 0:
        second = _find(words, "for", at_for + 1)
        raise _error("only one 'for' is allowed in a generator expression",
                     source, second, second + 3)
    at_in = _find(words, "in", at_for + 3)
    if at_in < 0:
        raise _error("expected 'in' after 'for <name>'", source, at_for,
                     len(text))
    variable = text[at_for + 3:at_in].strip()
    if not IDENTIFIER.match(variable) or variable in ("i", "j"):
        raise _error(f"the iteration variable must be a name other than i "
                     f"and j, got {variable!r}", source, at_for + 3, at_in)
    at_if = _find(words, "if", at_in + 2)
    iter_end = at_if if at_if >= 0 else len(text)
    element = _fragment(text, source, 0, at_for, "element")
    iterator, args, keywords = _iterator(text, source, at_in + 2, iter_end)
    condition = _fragment(text, source, at_if + 2, len(text), "condition") \
        if at_if >= 0 else None
    return Generator(element, variable, iterator, tuple(args),
                     keywords.get("p"), keywords.get("size"), condition,
                     source)


def parse_single(text: str, owner: str = "") -> Generator:
    """Parse ``element [if condition]`` (no ``for``): one postsynaptic
    index per presynaptic neuron, ``'i'`` for one to one, ``'i if i <
    10'`` for the first ten only."""
    source = Source(text, 1, 0, owner)
    at_if = _find(_depth0_words(text), "if", 0)
    if at_if < 0:
        element = _fragment(text, source, 0, len(text), "element")
        condition = None
    else:
        element = _fragment(text, source, 0, at_if, "element")
        condition = _fragment(text, source, at_if + 2, len(text),
                              "condition")
    return Generator(element, "_k", "range", (Const(1),), None, None,
                     condition, source)


def _fragment(text, source, start, end, what) -> Expr:
    piece = text[start:end]
    if not piece.strip():
        raise _error(f"the {what} of the generator expression is missing",
                     source, start, end)
    return parse_fragment(piece, source, start)


def _iterator(text: str, source: Source, start: int, end: int):
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    match = re.match(r"([A-Za-z_]\w*)\s*\(", piece[lead:])
    name = match.group(1) if match else ""
    if name not in _ITERATORS:
        raise _error("the iterator must be range(...) or sample(...)",
                     source, start + lead, end)
    open_at = start + lead + match.end() - 1
    close_at = _closing(text, open_at, end)
    if close_at < 0 or text[close_at + 1:end].strip():
        raise _error(f"expected '{name}(...)' to end the iterator", source,
                     start + lead, end)
    args, keywords = _arguments(text, source, open_at + 1, close_at, name)
    (low, high), allowed = _ITERATORS[name]
    if not low <= len(args) <= high:
        raise _error(f"{name}() takes 1 to 3 positional arguments (stop; "
                     f"start, stop; or start, stop, step), got {len(args)}",
                     source, start + lead, close_at + 1)
    unknown = [k for k in keywords if k not in allowed]
    if unknown:
        raise _error(f"{name}() takes no argument {unknown[0]!r}"
                     + (f"; it takes {' or '.join(allowed)}" if allowed
                        else ""), source, start + lead, close_at + 1)
    if name == "sample" and len(keywords) != 1:
        raise _error("sample() needs either p= (a probability) or size= "
                     "(a number of neurons), and not both", source,
                     start + lead, close_at + 1)
    return name, args, keywords


def _closing(text: str, open_at: int, end: int) -> int:
    """The index of the bracket closing the one at ``open_at``, or -1."""
    depth = 0
    for k in range(open_at, end):
        if text[k] in "([{":
            depth += 1
        elif text[k] in ")]}":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _arguments(text, source, start, end, name):
    args, keywords = [], {}
    position = start
    while position <= end:
        comma = find_at_depth0(text, ",", position, end)
        stop = comma if comma >= 0 else end
        keyword = _KEYWORD_ARG.match(text, position, stop)
        if keyword:
            if keyword.group(1) in keywords:
                raise _error(f"argument {keyword.group(1)!r} given twice",
                             source, position, stop)
            keywords[keyword.group(1)] = _fragment(
                text, source, keyword.end(), stop, f"{name}() argument")
        elif keywords:
            raise _error("positional arguments must come before p= or "
                         "size=", source, position, stop)
        else:
            args.append(_fragment(text, source, position, stop,
                                  f"{name}() argument"))
        position = stop + 1
    return args, keywords
