"""Temporary variables in a block of statements.

In a reset, an ``on_pre`` pathway or ``run_regularly`` code, assigning to
a name that is not a variable of the model defines a temporary: a value
local to one element (neuron, synapse) and to that block, known to the
statements after it. As in Brian 2 it takes its units from the
expression first assigned to it, and it hides a constant of the same
name from the namespace for the rest of the block.

:func:`bind_temporaries` renames such names to internal ones starting
with ``_`` (the form of every temporary after this stage), so name
resolution, unit checking and the backends need no rule of their own.
"""

from __future__ import annotations

import warnings
from typing import Container, Iterable

from ranvier.lang.errors import ModelNameError
from ranvier.lang.rewrite import rename
from ranvier.lang.tree import Name, Statement, walk

__all__ = ["bind_temporaries", "temporary_name", "UnusedTemporaryWarning"]

_PREFIX = "_tmp_"


def temporary_name(name: str, taken: Container[str] = ()) -> str:
    """The internal name of the user's temporary ``name``."""
    internal = _PREFIX + name
    while internal in taken:
        internal += "_"
    return internal


def bind_temporaries(statements: Iterable[Statement],
                     model_names: Container[str]) -> tuple[Statement, ...]:
    """Give the temporaries a block defines their internal names.

    Parameters
    ----------
    statements : iterable of Statement
        One block, in order.
    model_names : container of str
        Every name the block's code may assign or read as a variable of
        its object (state variables, subexpressions, ``t``, ``i``, ...).
        Targets outside it, not starting with ``_``, are temporaries.

    Returns
    -------
    tuple of Statement
        The block with each temporary renamed where it is assigned and
        read; a block without temporaries comes back unchanged.

    Raises
    ------
    ModelNameError
        For a temporary read before its first assignment (on its own line
        or an earlier one), or first assigned with ``+=`` and the like.
    """
    statements = tuple(statements)
    assigned = {s.target: s for s in reversed(statements)
                if _is_temporary(s.target, model_names)}
    if not assigned:
        return statements
    taken = {node.id for s in statements for node in walk(s.expr)
             if isinstance(node, Name)} | {s.target for s in statements}
    internal: dict[str, str] = {}
    out = []
    for stmt in statements:
        _check_reads(stmt, assigned, internal)
        if stmt.target in assigned and stmt.target not in internal:
            if stmt.op != "=":
                raise ModelNameError(
                    f"'{stmt.target}' is not a variable of the model, so "
                    f"'{stmt.op}' has no value to update; define it first "
                    f"as a temporary with '{stmt.target} = ...'",
                    stmt.source, stmt.target_span)
            internal[stmt.target] = temporary_name(stmt.target, taken)
            taken.add(internal[stmt.target])
        target = internal.get(stmt.target, stmt.target)
        out.append(Statement(target, stmt.op, rename(stmt.expr, internal),
                             stmt.source, stmt.target_span))
    _warn_unread(statements, assigned)
    return tuple(out)


def _warn_unread(statements, assigned: dict) -> None:
    """Warn about temporaries nothing reads: most likely a misspelt
    variable, which Brian 2 would also silently accept."""
    read = {node.id for s in statements for node in walk(s.expr)
            if isinstance(node, Name)}
    for name, first in assigned.items():
        if name not in read:
            owner = f"In {first.source.owner}: " if first.source and \
                first.source.owner else ""
            warnings.warn(f"{owner}'{name}' is not a variable of the model, "
                          f"so assigning it defines a temporary, but the "
                          f"code never reads it", UnusedTemporaryWarning,
                          stacklevel=4)


class UnusedTemporaryWarning(UserWarning):
    """A temporary is assigned but never read (probably a misspelt
    variable name)."""


def _is_temporary(target: str, model_names: Container[str]) -> bool:
    return target not in model_names and not target.startswith("_")


def _check_reads(stmt: Statement, assigned: dict, internal: dict) -> None:
    for node in walk(stmt.expr):
        if isinstance(node, Name) and node.id in assigned \
                and node.id not in internal:
            first = assigned[node.id]
            where = "this line" if first is stmt else \
                f"line {first.source.line}" if first.source else "later"
            raise ModelNameError(
                f"'{node.id}' is used before it is assigned: it is a "
                f"temporary of this code (not a variable of the model), "
                f"first assigned on {where}", stmt.source, node.span)
