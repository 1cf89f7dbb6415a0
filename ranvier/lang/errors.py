"""Errors raised for user model code, with the offending part marked.

Every error about a model string is a :class:`ModelError`. Its message
names the object, shows the source line and underlines the part at fault,
so a user can find the mistake without reading a traceback.
"""

from __future__ import annotations

from ranvier.lang.tree import Source, Span
from ranvier.units.dimensions import DimensionMismatchError

__all__ = ["ModelError", "ModelSyntaxError", "ModelUnitError",
           "ModelNameError", "ModelFeatureError", "format_location"]


def format_location(source: Source | None, span: Span | None = None) -> str:
    """Render the source line of ``source`` with ``span`` underlined.

    ``span`` is relative to ``source.offset``. Returns an empty string when
    there is no source to show.
    """
    if source is None or not source.text:
        return ""
    lines = source.text.split("\n")
    line_no = source.line
    if span is not None:
        # The span may lie on a later line of a multi-line expression.
        line_no = source.text.count("\n", 0, source.offset + span.start) + 1
    line_no = max(1, min(line_no, len(lines)))
    line = lines[line_no - 1]
    line_start = sum(len(l) + 1 for l in lines[: line_no - 1])
    out = [f"  line {line_no}: {line.strip()}"]
    if span is not None:
        lead = len(line) - len(line.lstrip())
        start = source.offset + span.start - line_start - lead
        end = source.offset + span.end - line_start - lead
        width = len(line.strip())
        start = max(0, min(start, width))
        end = max(start + 1, min(end, width))
        pad = " " * (len(f"  line {line_no}: ") + start)
        out.append(pad + "^" * (end - start))
    return "\n".join(out)


class ModelError(Exception):
    """Base class of errors in user model code.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    source : Source, optional
        The code it concerns; its ``owner`` names the object.
    span : Span, optional
        The offending part, relative to ``source.offset``.
    """

    def __init__(self, message: str, source: Source | None = None,
                 span: Span | None = None):
        self.message = message
        self.source = source
        self.span = span
        super().__init__(message)

    def __str__(self):
        head = self.message
        if self.source is not None and self.source.owner:
            head = f"In {self.source.owner}: {head}"
        where = format_location(self.source, self.span)
        return f"{head}\n{where}" if where else head


class ModelSyntaxError(ModelError):
    """Model code that is not in ranvier's language."""


class ModelNameError(ModelError):
    """An identifier that cannot be resolved, or resolves to something
    unusable."""


class ModelFeatureError(ModelError, NotImplementedError):
    """Model code that uses a feature ranvier does not build (yet)."""


class ModelUnitError(ModelError, DimensionMismatchError):
    """Inconsistent physical units in model code."""

    def __init__(self, message: str, source: Source | None = None,
                 span: Span | None = None, dims=()):
        ModelError.__init__(self, message, source, span)
        self.description = message
        self.dims = tuple(dims)

    __str__ = ModelError.__str__
