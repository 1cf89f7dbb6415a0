"""``Synapses.connect``: from its arguments to the pairs ``(i, j)`` of new
synapses.

Expressions (conditions, probabilities, numbers of synapses, generator
parts) are parsed into trees, unit-checked against the names connect code
may use (``i``, ``j``, ``N_pre``, ``N_post``, the groups' variables with
``_pre``/``_post``, constants), and evaluated over arrays of pairs. The
sampling itself lives in ``ranvier.objects.connect``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from ranvier.lang.errors import ModelNameError, ModelSyntaxError
from ranvier.lang.evaluate import evaluate
from ranvier.lang.namespace import resolve_identifiers, user_namespace
from ranvier.lang.parse import parse_condition, parse_expression
from ranvier.lang.symbols import Constant
from ranvier.lang.tree import Expr, Name, Source, calls_in, names_in, walk
from ranvier.lang.units_check import CheckContext, check_condition, \
    check_expression
from ranvier.objects import defaults
from ranvier.objects.connect import (CHUNK_PAIRS, all_pairs,
                                     bernoulli_pairs, pair_chunks,
                                     range_lengths, row_bernoulli_pairs,
                                     row_ranges, uniform_subsets)
from ranvier.objects.connect_syntax import (Generator, is_generator,
                                            parse_generator, parse_single)
from ranvier.objects.synapse_names import (check_neighbour_names,
                                           group_arrays, integer_variable,
                                           name_uses)
from ranvier.units import DIMENSIONLESS

__all__ = ["connect_synapses", "PairEvaluator"]

_EMPTY = (np.zeros(0, np.int64), np.zeros(0, np.int64))


@dataclass(frozen=True)
class Prepared:
    """A checked expression and the symbols its names resolved to."""

    expr: Expr
    symbols: dict


class PairEvaluator:
    """Checks and evaluates connect expressions over pairs ``(i, j)``.

    Parameters
    ----------
    synapses : Synapses
    namespace : dict or None
        The ``namespace=`` argument of ``connect``.
    level : int
        Extra frames to climb to find the caller's variables.
    """

    def __init__(self, synapses, namespace, level: int):
        self.syn = synapses
        self.n_pre, self.n_post = synapses.N_pre, synapses.N_post
        self.rng = defaults.random_generator()
        self.caller = user_namespace(level)
        self.explicit = dict(synapses._constants)
        self.explicit.update(namespace or {})
        self.explicit.update(synapses.namespace)
        self.post_names = {"j"} | {n for n, nb in synapses._neighbours.items()
                                   if nb.side == "post"}

    def owner(self, what: str) -> str:
        return self.syn._text(f"connect {what}")

    def _model(self, extra) -> dict:
        model = {"i": integer_variable("i"), "j": integer_variable("j"),
                 "N_pre": Constant("N_pre", self.n_pre),
                 "N_post": Constant("N_post", self.n_post)}
        for name, nb in self.syn._neighbours.items():
            if nb.record is not None:
                model[name] = nb.record
        for name in extra:
            model[name] = integer_variable(name)
        return model

    def prepare(self, expr: Expr, source: Source, kind: str, what: str,
                extra=(), post: bool = True) -> Prepared:
        """Resolve and check ``expr``: ``kind`` is ``'condition'``,
        ``'number'`` (dimensionless) or ``'integer'``; without ``post``
        it may not depend on ``j`` or postsynaptic variables."""
        names = names_in(expr) | calls_in(expr)
        check_neighbour_names(name_uses(exprs=[(expr, source)]),
                              self.syn._neighbours, source.owner,
                              self.syn.source, self.syn.target)
        if not post:
            self._refuse_post(expr, source, what)
        self.syn._names().refuse_unsupported(names)
        model = self._model(extra)
        symbols = resolve_identifiers(names, model, self.explicit,
                                      self.caller, source)
        ctx = CheckContext(symbols, source)
        if kind == "condition":
            check_condition(expr, ctx, what)
            return Prepared(expr, symbols)
        info = check_expression(expr, ctx, DIMENSIONLESS, what)
        if kind == "integer" and info.dtype == "float":
            raise ModelSyntaxError(f"the {what} must be an integer "
                                   f"expression", source,
                                   getattr(expr, "span", None))
        return Prepared(expr, symbols)

    def _refuse_post(self, expr, source, what) -> None:
        for node in walk(expr):
            if isinstance(node, Name) and node.id in self.post_names:
                raise ModelNameError(
                    f"the {what} is computed once per presynaptic neuron, so "
                    f"it cannot use '{node.id}'", source, node.span)

    def depends_on_post(self, prep: Prepared) -> bool:
        return bool(names_in(prep.expr) & self.post_names)

    def row_only(self, prep: Prepared) -> bool:
        """Whether the value depends on ``i`` alone (no ``j``, no random
        numbers)."""
        random = any(not getattr(prep.symbols.get(f), "stateless", True)
                     for f in calls_in(prep.expr))
        return not random and not self.depends_on_post(prep)

    def evaluate(self, prep: Prepared, rows, cols=None, extra=None):
        """Values for the pairs ``(rows[m], cols[m])``."""
        values = {"i": rows, "j": cols}
        values.update(extra or {})
        syn = self.syn
        for name in names_in(prep.expr):
            symbol = prep.symbols.get(name)
            nb = syn._neighbours.get(name)
            if isinstance(symbol, Constant):
                values[name] = symbol.value
            elif nb is not None and nb.record is not None:
                group = syn.source if nb.side == "pre" else syn.target
                array = group_arrays(group)[nb.key]
                index = rows if nb.side == "pre" else cols
                values[name] = array[0] if nb.record.scalar else \
                    array[group.start + index]
        functions = {n: s for n, s in prep.symbols.items()
                     if hasattr(s, "implementation")}
        result = evaluate(prep.expr, values, functions, self.rng, len(rows))
        return np.broadcast_to(result, (len(rows),))


def connect_synapses(syn, condition, i, j, p, n, skip_if_invalid, namespace,
                     level):
    """The pairs ``(rows, cols)`` of the synapses ``connect`` makes."""
    owner = syn._text("connect")
    _check_types(owner, condition, i, j, p, n)
    ev = PairEvaluator(syn, namespace, level)
    if condition is None and i is None and j is None:
        condition = True
    if condition is not None:
        if i is not None or j is not None:
            raise ValueError(f"{owner}: a condition cannot be combined with "
                             f"i= or j=")
        if condition is False:
            return _EMPTY
        rows, cols = _from_condition(ev, condition, p)
    elif i is not None:
        if j is None:
            raise ValueError(f"{owner}: i= needs j= (the postsynaptic "
                             f"indices)")
        if skip_if_invalid:
            raise ValueError(f"{owner}: skip_if_invalid only applies to "
                             f"generator expressions (j='...')")
        return _from_arrays(ev, i, j, p, n)
    else:
        if isinstance(p, str) or p != 1:
            raise ValueError(f"{owner}: a generator expression (j='...') "
                             f"cannot be combined with p=; use sample(..., "
                             f"p=...) in it")
        if not isinstance(j, str):
            raise TypeError(f"{owner}: without i=, j must be a string "
                            f"(an expression of i or a generator)")
        rows, cols = _from_generator(ev, _generator(j, ev.owner("j")),
                                     skip_if_invalid)
    return _repeat(ev, rows, cols, n)


def _check_types(owner, condition, i, j, p, n) -> None:
    if condition is not None and not isinstance(condition, (bool, str)):
        raise TypeError(f"{owner}: the condition must be a string or a "
                        f"boolean; to connect given indices use i= and j=")
    if isinstance(condition, str) and is_generator(condition):
        raise ValueError(f"{owner}: a generator expression was given as the "
                         f"condition; write connect(j='{condition}')")
    for name, value in (("i", i), ("j", j)):
        if isinstance(value, (float, bool)) or (
                name == "i" and isinstance(value, str)):
            raise TypeError(f"{owner}: {name} must be an integer or an "
                            f"array of integers" +
                            (", or a string" if name == "j" else ""))
    if isinstance(p, bool) or not isinstance(p, (numbers.Real, str)):
        raise TypeError(f"{owner}: p must be a number or a string "
                        f"expression, got {p!r}")
    if not isinstance(p, str) and not 0 <= p <= 1:
        raise ValueError(f"{owner}: p must be a probability in [0, 1], got "
                         f"{p}")
    if i is not None and not isinstance(n, (bool, str)):
        n = np.asarray(n)  # with indices, one number per pair is fine
        if n.size and not np.issubdtype(n.dtype, np.integer):
            raise TypeError(f"{owner}: n must be integers, got {n.dtype}")
    elif isinstance(n, bool) or not isinstance(n, (numbers.Integral, str)):
        raise TypeError(f"{owner}: n must be an integer or a string "
                        f"expression, got {n!r}")
    if not isinstance(n, str) and np.any(np.asarray(n) < 0):
        raise ValueError(f"{owner}: n must not be negative, got {n}")


def _parsed(ev, text: str, what: str) -> tuple[Expr, Source]:
    source = Source(text, owner=ev.owner(what))
    return parse_expression(text, source), source


# -- conditions and probabilities ---------------------------------------------

def _from_condition(ev: PairEvaluator, condition, p):
    cond = None
    if isinstance(condition, str):
        source = Source(condition, owner=ev.owner("condition"))
        cond = ev.prepare(parse_condition(condition, source.owner), source,
                          "condition", "connection condition")
    if isinstance(p, str):
        expr, source = _parsed(ev, p, "p")
        prob = ev.prepare(expr, source, "number", "connection probability")
        if not ev.row_only(prob):
            return _every_pair(ev, cond, prob)
        p_rows = ev.evaluate(prob, np.arange(ev.n_pre))
        rows, cols = row_bernoulli_pairs(ev.rng, p_rows, ev.n_post)
        return _kept(ev, cond, rows, cols)
    if p >= 1:
        if cond is None:
            return all_pairs(np.arange(ev.n_pre, dtype=np.int64), ev.n_post)
        return _every_pair(ev, cond, None)
    rows, cols = bernoulli_pairs(ev.rng, ev.n_pre, ev.n_post, float(p))
    return _kept(ev, cond, rows, cols)


def _every_pair(ev: PairEvaluator, cond, prob):
    """Evaluate the condition (and probability) on every pair, chunked."""
    parts = []
    for rows, cols in pair_chunks(ev.n_pre, ev.n_post):
        keep = np.ones(len(rows), dtype=bool)
        if cond is not None:
            keep &= ev.evaluate(cond, rows, cols).astype(bool)
        if prob is not None:
            keep &= ev.rng.random(len(rows)) < ev.evaluate(prob, rows, cols)
        parts.append((rows[keep], cols[keep]))
    if not parts:
        return _EMPTY
    return (np.concatenate([r for r, _ in parts]),
            np.concatenate([c for _, c in parts]))


def _kept(ev: PairEvaluator, cond, rows, cols):
    """The pairs for which the condition holds."""
    if cond is None or not len(rows):
        return rows, cols
    keep = np.concatenate([
        ev.evaluate(cond, rows[s:s + CHUNK_PAIRS],
                    cols[s:s + CHUNK_PAIRS]).astype(bool)
        for s in range(0, len(rows), CHUNK_PAIRS)])
    return rows[keep], cols[keep]


# -- explicit indices ---------------------------------------------------------

def _indices(ev, value, n: int, what: str) -> np.ndarray:
    arr = np.asarray(value)
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{ev.owner(what)}: {what} must be integers, got "
                        f"{arr.dtype}")
    return arr.astype(np.int64)


def _from_arrays(ev: PairEvaluator, i, j, p, n):
    owner = ev.owner("i, j")
    if isinstance(j, str):
        raise TypeError(f"{owner}: with i= as indices, j must be indices "
                        f"too")
    if isinstance(n, str):
        raise TypeError(f"{owner}: with explicit indices, n must be an "
                        f"integer or an array")
    rows, cols, counts = np.broadcast_arrays(
        _indices(ev, i, ev.n_pre, "i"), _indices(ev, j, ev.n_post, "j"),
        np.asarray(n))
    if rows.ndim > 1:
        raise ValueError(f"{owner}: indices must be one-dimensional")
    rows, cols, counts = (np.atleast_1d(a).astype(np.int64)
                          for a in (rows, cols, counts))
    for name, values, size in (("presynaptic", rows, ev.n_pre),
                               ("postsynaptic", cols, ev.n_post)):
        bad = np.flatnonzero((values < 0) | (values >= size))
        if bad.size:
            raise IndexError(f"{owner}: {name} index {values[bad[0]]} is "
                             f"outside [0, {size})")
    if isinstance(p, str):
        expr, source = _parsed(ev, p, "p")
        prob = ev.prepare(expr, source, "number", "connection probability")
        keep = ev.rng.random(len(rows)) < ev.evaluate(prob, rows, cols)
    else:
        keep = ev.rng.random(len(rows)) < p if p < 1 else slice(None)
    rows, cols, counts = rows[keep], cols[keep], counts[keep]
    return np.repeat(rows, counts), np.repeat(cols, counts)


def _repeat(ev: PairEvaluator, rows, cols, n):
    if isinstance(n, str):
        expr, source = _parsed(ev, n, "n")
        prep = ev.prepare(expr, source, "integer", "number of synapses")
        counts = np.asarray(ev.evaluate(prep, rows, cols), dtype=np.int64)
        if np.any(counts < 0):
            raise ValueError(f"{ev.owner('n')}: the number of synapses per "
                             f"pair must not be negative")
    else:
        counts = int(n)
        if counts == 1:
            return rows, cols
    return np.repeat(rows, counts), np.repeat(cols, counts)


# -- generator expressions ----------------------------------------------------

def _generator(text: str, owner: str) -> Generator:
    if is_generator(text):
        return parse_generator(text, owner)
    return parse_single(text, owner)


def _per_row(ev, expr, source, kind, what) -> np.ndarray:
    prep = ev.prepare(expr, source, kind, what, post=False)
    return np.asarray(ev.evaluate(prep, np.arange(ev.n_pre)))


def _from_generator(ev: PairEvaluator, gen: Generator, skip_if_invalid):
    source, var = gen.source, gen.variable
    args = [_per_row(ev, a, source, "integer", f"{gen.iterator}() argument")
            .astype(np.int64) for a in gen.args]
    ones = np.ones(ev.n_pre, dtype=np.int64)
    start, stop, step = {1: lambda: (0 * ones, args[0], ones),
                         2: lambda: (args[0], args[1], ones),
                         3: lambda: tuple(args)}[len(args)]()
    if np.any(step == 0):
        raise ValueError(f"{source.owner}: the step of {gen.iterator}() must "
                         f"not be zero")
    lengths = range_lengths(start, stop, step)
    rows, positions = _iterate(ev, gen, lengths)
    k = start[rows] + step[rows] * positions
    element = ev.prepare(gen.element, source, "integer",
                         "generated postsynaptic index", extra=(var,),
                         post=False)
    cols = np.asarray(ev.evaluate(element, rows, None, {var: k}),
                      dtype=np.int64)
    if gen.condition is None:
        return _valid(ev, gen, rows, cols, skip_if_invalid)
    cond = ev.prepare(gen.condition, source, "condition",
                      "generator condition", extra=(var,))
    if names_in(gen.condition) & (ev.post_names - {"j"}):
        # Postsynaptic variables need valid targets before the condition.
        rows, cols, k = _valid(ev, gen, rows, cols, skip_if_invalid, k)
        keep = ev.evaluate(cond, rows, cols, {var: k}).astype(bool)
        return rows[keep], cols[keep]
    keep = ev.evaluate(cond, rows, cols, {var: k}).astype(bool)
    return _valid(ev, gen, rows[keep], cols[keep], skip_if_invalid)


def _iterate(ev, gen: Generator, lengths):
    """``(row, position)`` of every value the iterator yields, per row."""
    rows = np.arange(ev.n_pre, dtype=np.int64)
    if gen.iterator == "range":
        return row_ranges(rows, lengths)
    if gen.p is not None:
        p = _per_row(ev, gen.p, gen.source, "number", "sample() probability")
        counts = ev.rng.binomial(lengths, np.clip(p.astype(float), 0, 1))
    else:
        counts = _per_row(ev, gen.size, gen.source, "integer",
                          "sample() size").astype(np.int64)
        if np.any((counts < 0) | (counts > lengths)):
            bad = np.flatnonzero((counts < 0) | (counts > lengths))[0]
            raise ValueError(f"{gen.source.owner}: sample() cannot draw "
                             f"{counts[bad]} distinct values from a range of "
                             f"{lengths[bad]} (for i = {bad})")
    return uniform_subsets(ev.rng, lengths, counts)


def _valid(ev, gen, rows, cols, skip_if_invalid, k=None):
    """Drop (or refuse) targets outside the postsynaptic group."""
    bad = (cols < 0) | (cols >= ev.n_post)
    if bad.any() and not skip_if_invalid:
        at = np.flatnonzero(bad)[0]
        raise IndexError(f"{gen.source.owner}: the generator gives j = "
                         f"{cols[at]} for i = {rows[at]}, outside [0, "
                         f"{ev.n_post}); pass skip_if_invalid=True to skip "
                         f"such targets")
    keep = ~bad
    if k is None:
        return rows[keep], cols[keep]
    return rows[keep], cols[keep], k[keep]
