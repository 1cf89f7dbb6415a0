"""Character-level scanning shared by the statement and equation parsers.

Model blocks (reset code, equations) are split into logical lines before
each piece goes to the expression parser. The model language has no
strings, so ``#`` always starts a comment; quotes are still tracked so
that a stray string is reported as a string, not as a broken comment.
All positions are character offsets into the user's text, which is never
re-indented or otherwise rewritten, so errors can point into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ranvier.lang.errors import ModelSyntaxError
from ranvier.lang.tree import Source, Span

__all__ = ["Chunk", "blank_comments", "logical_lines", "line_of",
           "located_error", "find_at_depth0", "find_assignment",
           "IDENTIFIER"]

#: A plain ASCII identifier (model names must be printable in every backend).
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

_OPEN = "([{"
_CLOSE = ")]}"
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Chunk:
    """A logical line: ``text[start:end]`` with brackets balanced."""

    start: int
    end: int


def line_of(text: str, offset: int) -> int:
    """1-based line number of character ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    return len(_NEWLINE.findall(text, 0, offset)) + 1


def located_error(cls, message: str, source: Source, span: Span | None):
    """Build an error whose ``source.line`` is the line holding ``span``.

    Node spans may lie on a continuation line of a multi-line expression;
    the error display shows ``source.line``, so it must be that line.
    """
    if span is not None and source.text:
        line = line_of(source.text, source.offset + span.start)
        if line != source.line:
            source = Source(source.text, line, source.offset, source.owner)
    return cls(message, source, span)


def _quote_states(text: str):
    """Yield ``(index, char, in_quote)`` for each character of ``text``."""
    quote = None
    escaped = False
    for i, ch in enumerate(text):
        if quote is not None:
            yield i, ch, True
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote or ch in "\r\n":
                quote = None
            continue
        if ch in "'\"":
            quote = ch
            yield i, ch, True
            continue
        yield i, ch, False


def blank_comments(text: str) -> str:
    """Replace every ``#`` comment by spaces, keeping all offsets."""
    out = list(text)
    in_comment = False
    for i, ch, quoted in _quote_states(text):
        if ch in "\r\n":
            in_comment = False
        elif in_comment:
            out[i] = " "
        elif ch == "#" and not quoted:
            in_comment = True
            out[i] = " "
    return "".join(out)


def logical_lines(text: str, source: Source, split_semicolons=False):
    """Split comment-free ``text`` into logical lines.

    A physical line ends its logical line when every bracket opened so far
    is closed (and it does not end in a backslash). With
    ``split_semicolons``, a ``;`` outside brackets also ends one.
    Returns a list of :class:`Chunk`, blank ones included.

    Raises
    ------
    ModelSyntaxError
        For a bracket still open at the end of the text.
    """
    chunks = []
    opened: list[int] = []
    start = 0
    continued = False
    for i, ch, quoted in _quote_states(text):
        if quoted:
            continue
        if ch in _OPEN:
            opened.append(i)
        elif ch in _CLOSE:
            if opened:
                opened.pop()
        elif ch == "\\":
            continued = True
            continue
        elif ch in "\r\n":
            if not opened and not continued and not _crlf_middle(text, i):
                chunks.append(Chunk(start, i))
                start = i + 1
        elif ch == ";" and split_semicolons and not opened:
            chunks.append(Chunk(start, i))
            start = i + 1
        if not ch.isspace():
            continued = False
    if opened:
        where = opened[-1]
        raise located_error(ModelSyntaxError,
                            f"'{text[where]}' is never closed", source,
                            Span(where - source.offset,
                                 where - source.offset + 1))
    chunks.append(Chunk(start, len(text)))
    return chunks


def _crlf_middle(text: str, i: int) -> bool:
    # The '\r' of a '\r\n' pair is not a line end by itself.
    return text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n"


def find_at_depth0(text: str, chars: str, start: int = 0,
                   end: int | None = None, last: bool = False) -> int:
    """Index of the first (or last) character of ``chars`` in
    ``text[start:end]`` outside brackets and quotes, or -1."""
    end = len(text) if end is None else end
    depth = 0
    found = -1
    # Callers start at the beginning of a logical line or just after an
    # operator, never inside a quote, so the scan can start there.
    for i, ch, quoted in _quote_states(text[start:end]):
        i += start
        if quoted:
            continue
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        elif depth <= 0 and ch in chars:
            if not last:
                return i
            found = i
    return found


# Operators that end in '=' but compare rather than assign.
_COMPARISON_HEADS = "<>!="


def find_assignment(text: str, start: int = 0, end: int | None = None):
    """Find the first assignment operator outside brackets.

    Returns ``(position, operator)`` or ``(-1, '')``. Operators are ``=``
    and every augmented form Python knows (``+=``, ``**=``, ``:=``, ...);
    the caller decides which it accepts.
    """
    end = len(text) if end is None else end
    pos = start
    while True:
        i = find_at_depth0(text, "=", pos, end)
        if i < 0:
            return -1, ""
        if i + 1 < end and text[i + 1] == "=":
            pos = i + 2  # '==' is a comparison
            continue
        op_start = i
        while op_start > start and text[op_start - 1] in "+-*/%&|^@:<>!":
            op_start -= 1
        op = text[op_start:i + 1]
        if op[:-1] and op[-2] in _COMPARISON_HEADS and op not in ("<<=", ">>="):
            pos = i + 1  # '<=', '>=', '!='
            continue
        return op_start, op
