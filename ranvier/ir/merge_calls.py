"""Repeated calls of a kernel body computed once.

Exponential Euler writes each gating variable's rate twice (in ``A`` and
in ``B``), so a Hodgkin-Huxley update calls ``exp``/``exprel`` of the same
argument twice. Compilers merge such calls only when they know the
function is pure, which Numba does not tell LLVM for ``expm1``; merging
them here, before any backend, gives every backend the same statements
(so they keep agreeing bit for bit) and the same saving.

Only calls of the language's own stateless functions whose arguments
hold no other call are merged, and only while none of the names they
read has been assigned in between. The language has no short-circuit
evaluation and its functions have no side effects, so computing such a
call once, before the first statement that uses it, changes nothing but
the time taken.
"""

from __future__ import annotations

from ranvier.lang.functions import DEFAULT_FUNCTIONS
from ranvier.lang.printer import print_expr
from ranvier.lang.rewrite import replace_calls
from ranvier.lang.tree import Call, Name, Statement, calls_in, names_in, walk

__all__ = ["merge_repeated_calls"]


def merge_repeated_calls(body: tuple, functions) -> tuple:
    """``body`` with each repeated call assigned once to a temporary.

    Parameters
    ----------
    body : tuple of Statement
    functions : mapping
        The function specs the kernel resolves names with (a user's
        function of the same name as a built-in one is never merged).
    """
    keys = _occurrences(body, functions)
    repeated = {key: where for key, where in keys.items() if len(where) > 1}
    if not repeated:
        return body
    taken = {s.target for s in body} | {n for s in body
                                         for n in names_in(s.expr)}
    temps, first = {}, {}
    for n, (key, where) in enumerate(sorted(repeated.items(),
                                            key=lambda kv: kv[1][0])):
        name = f"_call{n}"
        while name in taken:
            name += "_"
        temps[key] = name
        first.setdefault(where[0], []).append(key)
    out = []
    versions: dict = {}
    for k, stmt in enumerate(body):
        for key in first.get(k, ()):
            out.append(Statement(temps[key], "=", key.tree))
        expr = replace_calls(stmt.expr, lambda node: _merged(
            node, versions, temps, functions))
        out.append(Statement(stmt.target, stmt.op, expr, stmt.source,
                             stmt.target_span))
        versions[stmt.target] = versions.get(stmt.target, 0) + 1
    return tuple(out)


class _Key:
    """A call's text and the versions of the names it reads: equal keys
    compute the same value."""

    __slots__ = ("text", "versions", "tree")

    def __init__(self, node, versions):
        self.text = print_expr(node)
        self.versions = tuple(sorted((n, versions.get(n, 0))
                                     for n in names_in(node)))
        self.tree = node

    def __eq__(self, other):
        return (self.text, self.versions) == (other.text, other.versions)

    def __hash__(self):
        return hash((self.text, self.versions))


def _mergeable(node, functions) -> bool:
    if not isinstance(node, Call) or any(calls_in(a) for a in node.args):
        return False
    spec = functions.get(node.func)
    builtin = DEFAULT_FUNCTIONS.get(node.func)
    return spec is not None and spec is builtin and spec.stateless


def _occurrences(body, functions) -> dict:
    found: dict = {}
    versions: dict = {}
    for k, stmt in enumerate(body):
        for node in walk(stmt.expr):
            if _mergeable(node, functions):
                found.setdefault(_Key(node, versions), []).append(k)
        versions[stmt.target] = versions.get(stmt.target, 0) + 1
    return found


def _merged(node, versions, temps, functions):
    if not _mergeable(node, functions):
        return None
    name = temps.get(_Key(node, versions))
    return None if name is None else Name(name)
