"""Running IR kernels with NumPy: the definition of what a kernel means.

Each kernel runs vectorised over its domain: the arrays it reads are
gathered for the domain's elements, the statements run on whole vectors
with ``ranvier.lang.evaluate``, and the arrays it writes are scattered
back. Kept deliberately plain: every other backend is tested against it.

Kernels whose elements depend on each other (writes through ``indirect``
accesses, ``queue`` domains) mean "one element after the other". Here
they still run vectorised: ``x += e`` into a location nobody else reads
becomes one ``ufunc.at`` (which adds in element order), and everything
else runs in rounds, each round holding at most one element per shared
location, so that every element sees the writes of the elements before
it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ranvier.ir.kernel import Kernel, QueuePush
from ranvier.lang.evaluate import evaluate, execute
from ranvier.lang.functions import DEFAULT_FUNCTIONS
from ranvier.lang.tree import Statement, names_in

__all__ = ["domain_elements", "queue_elements", "run_kernel"]


def domain_elements(kernel: Kernel, arrays: Mapping[str, np.ndarray]):
    """The global element indices a kernel runs over (``None`` for once)."""
    domain = kernel.domain
    if domain.kind == "once":
        return None
    if domain.kind == "range":
        return np.arange(domain.start, domain.stop)
    if domain.kind == "indices":
        return arrays[domain.events]
    if domain.kind == "scheduled":
        # The keys are sorted, so the entries of one key are one slice.
        key = arrays[domain.key][0]
        lo, hi = np.searchsorted(arrays[domain.keys], (key, key + 1))
        return arrays[domain.events][lo:hi]
    if domain.kind == "queue":
        return queue_elements(domain, arrays)
    buffer = arrays[domain.events]
    events = buffer[: buffer[-1]]
    if domain.start == 0 and domain.stop >= len(buffer) - 1:
        return events
    # Event buffers are sorted, so a subgroup's events are one slice.
    lo, hi = np.searchsorted(events, (domain.start, domain.stop))
    return events[lo:hi]


def queue_elements(domain, arrays) -> np.ndarray:
    """The synapses whose spikes arrive in this step (see ``QueueSpec``)."""
    spec = domain.queue
    ring = arrays[spec.ring]
    offsets = arrays[spec.offsets]
    parts = []
    for row, column in _arriving_rows(spec, ring,
                                      int(arrays[spec.position][0])):
        events = ring[row, : ring[row, -1]]
        lo, hi = np.searchsorted(events, (domain.start, domain.stop))
        blocks = (events[lo:hi].astype(np.int64) - domain.start) * \
            spec.lags + column
        parts.append(_ranges(offsets[blocks], offsets[blocks + 1]))
    found = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    return arrays[spec.order][found] if spec.order is not None else found


def _arriving_rows(spec, ring: np.ndarray, position: int) -> list:
    """``(ring row, table column)`` of the past steps whose spikes may
    arrive now, oldest first; rows without events are left out."""
    rows = ring.shape[0]
    if spec.lags == 1:
        row = (position - spec.first_lag) % rows
        return [(row, 0)] if spec.first_lag < rows and ring[row, -1] else []
    busy = np.flatnonzero(ring[:, -1])
    columns = (position - busy) % rows - spec.first_lag
    keep = (columns >= 0) & (columns < spec.lags)
    return sorted(zip(busy[keep].tolist(), columns[keep].tolist()),
                  key=lambda pair: -pair[1])


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The integers of ``[starts[m], stops[m])`` for each ``m``, in order."""
    lengths = stops - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    shift = starts - (np.cumsum(lengths) - lengths)
    return np.repeat(shift, lengths) + np.arange(total)


def _push(push: QueuePush, arrays) -> None:
    ring = arrays[push.ring]
    position = arrays[push.position]
    position[0] = (position[0] + 1) % ring.shape[0]
    events = arrays[push.events]
    count = int(events[-1])
    row = ring[position[0]]
    row[:count] = events[:count]
    row[-1] = count


def _gather(kernel: Kernel, arrays, elements) -> dict:
    values = dict(kernel.constants)
    for acc in kernel.accesses:
        if acc.kind == "index":
            values[acc.local] = elements if kernel.domain.kind == "queue" \
                else elements - kernel.domain.start
        elif acc.kind == "scalar":
            values[acc.local] = arrays[acc.array][0]
        elif acc.kind == "element":
            # Fancy indexing copies: the body works on its own vectors and
            # nothing reaches the state until the scatter below.
            values[acc.local] = arrays[acc.array][elements]
        else:
            values[acc.local] = arrays[acc.array][
                _through(arrays, acc.chain, elements)]
    return values


def _through(arrays, chain, elements):
    """The locations an indirect access reaches from ``elements``."""
    where = elements
    for via in chain:
        where = arrays[via][where]
    return where


def _scatter(kernel: Kernel, arrays, elements, values, plan) -> None:
    for acc in kernel.accesses:
        if not acc.write:
            continue
        result = values[acc.local]
        if acc.kind == "scalar":
            ufunc = plan.accumulate.get(acc.local)
            if ufunc is None or elements is None:
                arrays[acc.array][0] = result
            else:
                ufunc.at(arrays[acc.array], np.zeros(len(elements), np.intp),
                         np.broadcast_to(result, (len(elements),)))
        elif acc.kind == "element":
            arrays[acc.array][elements] = result
        elif acc.kind == "indirect":
            targets = _through(arrays, acc.chain, elements)
            ufunc = plan.accumulate.get(acc.local)
            if ufunc is None:
                # One element per target in this round: a plain scatter.
                arrays[acc.array][targets] = result
            else:
                ufunc.at(arrays[acc.array], targets, result)


@dataclass(frozen=True)
class _Plan:
    """How the NumPy backend runs a kernel's dependent elements.

    Attributes
    ----------
    body : tuple of Statement
        The body, with each accumulation ``x += e`` turned into ``x = e``
        (the increment), applied by ``accumulate[x].at``.
    accumulate : dict of str to numpy.ufunc
    ordered : bool
        Whether elements must run in rounds.
    shared : tuple of Access
        The indirect accesses to arrays written in rounds: the locations
        that elements share.
    repeats : bool
        Whether the domain may list an element twice that writes its own
        (element) arrays.
    """

    body: tuple
    accumulate: dict
    ordered: bool
    shared: tuple
    repeats: bool


_PLANS: dict = {}


def _plan(kernel: Kernel, arrays) -> _Plan:
    cached = _PLANS.get(id(kernel))
    if cached is not None and cached[0]() is kernel:
        return cached[1]
    written = [a for a in kernel.accesses if a.kind == "indirect" and a.write]
    accumulate = {}
    for acc in written:
        ufunc = _accumulation(kernel, acc, arrays)
        if ufunc is not None:
            accumulate[acc.local] = ufunc
    if kernel.domain.kind != "once":
        # A scalar that every element adds to (a count over a domain) is
        # an accumulation into one location.
        for acc in kernel.accesses:
            if acc.kind == "scalar" and acc.write:
                ufunc = _accumulation(kernel, acc, arrays, integers=True)
                if ufunc is not None:
                    accumulate[acc.local] = ufunc
    body = tuple(Statement(s.target, "=", s.expr, s.source, s.target_span)
                 if s.target in accumulate else s for s in kernel.body)
    in_rounds = {a.array for a in written if a.local not in accumulate}
    shared = tuple(a for a in kernel.accesses
                   if a.kind == "indirect" and a.array in in_rounds)
    repeats = kernel.domain.kind == "queue" and any(
        a.write and a.kind == "element" for a in kernel.accesses)
    plan = _Plan(body, accumulate, bool(in_rounds) or repeats, shared,
                 repeats)
    _PLANS[id(kernel)] = (weakref.ref(kernel), plan)
    weakref.finalize(kernel, _PLANS.pop, id(kernel), None)
    return plan


def _accumulation(kernel: Kernel, acc, arrays, integers: bool = False):
    """``numpy.add``/``subtract`` when the only use of ``acc`` is one
    ``+=``/``-=`` of a float array (or, with ``integers``, an integer
    one) that no other name reaches, else None: then the order of the
    increments is all that matters, and ``ufunc.at`` applies them in
    element order."""
    statements = [s for s in kernel.body if s.target == acc.local]
    if len(statements) != 1 or statements[0].op not in ("+=", "-="):
        return None
    if arrays[acc.array].dtype.kind not in ("fiu" if integers else "f"):
        return None
    if any(other.array == acc.array and other is not acc
           for other in kernel.accesses):
        return None
    read = set()
    for stmt in kernel.body:
        read |= names_in(stmt.expr)
    if kernel.condition is not None:
        read |= names_in(kernel.condition)
    if kernel.record is not None:
        for _, expr in kernel.record.columns:
            read |= names_in(expr)
    if acc.local in read:
        return None
    return np.add if statements[0].op == "+=" else np.subtract


def _rounds(plan: _Plan, arrays, elements) -> list:
    """Subsets of ``elements``, each in domain order, such that running
    them one after the other equals running the elements one at a time."""
    vias = {a.chain for a in plan.shared}
    if len(vias) <= 1:
        # One location per element (an element repeated has the same one):
        # its k-th element goes into round k.
        keys = _through(arrays, vias.pop(), elements) if vias else elements
        level = _occurrence(keys)
    else:
        level = _layers(plan, arrays, elements)
    counts = np.bincount(level)
    if len(counts) == 1:
        return [elements]
    order = np.argsort(level, kind="stable")
    return np.split(elements[order], np.cumsum(counts)[:-1])


def _occurrence(keys: np.ndarray) -> np.ndarray:
    """For each position, how many earlier positions hold the same key."""
    n = len(keys)
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    first = np.ones(n, dtype=bool)
    first[1:] = ranked[1:] != ranked[:-1]
    run_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    level = np.empty(n, dtype=np.int64)
    level[order] = np.arange(n) - run_start
    return level


def _layers(plan: _Plan, arrays, elements) -> np.ndarray:
    """Rounds for elements that share locations through several index
    arrays (a synapse reading ``v_pre`` and writing ``v_post`` of one
    group): each element goes one round after the last earlier element
    touching any of its locations."""
    columns = [(a.array, _through(arrays, a.chain, elements))
               for a in plan.shared]
    if plan.repeats:
        columns.append(("", elements))
    last: dict = {}
    level = np.zeros(len(elements), dtype=np.int64)
    for p in range(len(elements)):
        places = [(name, int(where[p])) for name, where in columns]
        level[p] = 1 + max(last.get(place, -1) for place in places)
        for place in places:
            last[place] = level[p]
    return level


def run_kernel(kernel: Kernel, arrays: Mapping[str, np.ndarray],
               rng: np.random.Generator,
               functions: Mapping = DEFAULT_FUNCTIONS) -> None:
    """Run one kernel on the simulation state ``arrays``, in place.

    Parameters
    ----------
    kernel : Kernel
    arrays : mapping of str to numpy.ndarray
        The simulation state, by array name.
    rng : numpy.random.Generator
        Source of random numbers for ``rand()``, ``randn()`` and noise.
    functions : mapping of str to FunctionSpec
    """
    if kernel.push is not None:
        _push(kernel.push, arrays)
        return
    if kernel.functions:
        functions = {**functions, **dict(kernel.functions)}
    elements = domain_elements(kernel, arrays)
    size = None if elements is None else len(elements)
    if size == 0:
        if kernel.events_out is not None:
            arrays[kernel.events_out][-1] = 0
        return
    plan = _plan(kernel, arrays)
    if elements is None or not plan.ordered:
        _run_elements(kernel, plan, arrays, elements, rng, functions)
        return
    rounds = _rounds(plan, arrays, elements)
    if len(rounds) > 1 and (kernel.condition is not None or
                            kernel.record is not None):
        raise NotImplementedError(
            f"kernel {kernel.name!r}: event conditions and recording in a "
            f"kernel whose elements depend on each other")
    for subset in rounds:
        _run_elements(kernel, plan, arrays, subset, rng, functions)


def _run_elements(kernel: Kernel, plan: _Plan, arrays, elements, rng,
                  functions) -> None:
    """Run the kernel vectorised over ``elements`` (independent ones)."""
    size = None if elements is None else len(elements)
    values = _gather(kernel, arrays, elements)
    if plan.body:
        for name, value in list(values.items()):
            # Element arrays broadcast against scalars; make scalars that a
            # statement overwrites per element into full vectors first.
            if size is not None and np.ndim(value) == 0 and \
                    _written_per_element(kernel, name):
                values[name] = np.full(size, value)
        execute(plan.body, values, functions, rng, size)
    _scatter(kernel, arrays, elements, values, plan)
    if kernel.condition is not None:
        hit = np.broadcast_to(evaluate(kernel.condition, values, functions,
                                       rng, size), (size or 1,))
        found = elements[hit] if elements is not None else \
            np.flatnonzero(hit)
        buffer = arrays[kernel.events_out]
        buffer[: len(found)] = found
        buffer[-1] = len(found)
    if kernel.record is not None:
        _record(kernel, arrays, values, size, rng, functions)


def _record(kernel: Kernel, arrays, values, size, rng, functions) -> None:
    spec = kernel.record
    buffer = arrays[spec.buffer]
    rows = {}
    for name, expr in spec.columns:
        value = evaluate(expr, values, functions, rng, size)
        if spec.per_element and size is not None:
            value = np.broadcast_to(value, (size,))
        rows[name] = value
    buffer.append(rows, size if spec.per_element else 1)


def _written_per_element(kernel: Kernel, name: str) -> bool:
    acc = kernel.access(name)
    return acc is not None and acc.write and acc.kind != "scalar"
