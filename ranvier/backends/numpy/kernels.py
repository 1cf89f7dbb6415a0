"""Running IR kernels with NumPy: the definition of what a kernel means.

Each kernel runs vectorised over its domain: the arrays it reads are
gathered for the domain's elements, the statements run on whole vectors
with ``ranvier.lang.evaluate``, and the arrays it writes are scattered
back. Kept deliberately plain: every other backend is tested against it.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from ranvier.ir.kernel import Kernel
from ranvier.lang.evaluate import evaluate, execute
from ranvier.lang.functions import DEFAULT_FUNCTIONS

__all__ = ["domain_elements", "run_kernel"]


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
    buffer = arrays[domain.events]
    events = buffer[: buffer[-1]]
    if domain.start == 0 and domain.stop >= len(buffer) - 1:
        return events
    # Event buffers are sorted, so a subgroup's events are one slice.
    lo, hi = np.searchsorted(events, (domain.start, domain.stop))
    return events[lo:hi]


def _gather(kernel: Kernel, arrays, elements) -> dict:
    values = dict(kernel.constants)
    for acc in kernel.accesses:
        if acc.kind == "index":
            values[acc.local] = elements - kernel.domain.start
        elif acc.kind == "scalar":
            values[acc.local] = arrays[acc.array][0]
        elif acc.kind == "element":
            # Fancy indexing copies: the body works on its own vectors and
            # nothing reaches the state until the scatter below.
            values[acc.local] = arrays[acc.array][elements]
        else:
            values[acc.local] = arrays[acc.array][arrays[acc.via][elements]]
    return values


def _scatter(kernel: Kernel, arrays, elements, values) -> None:
    for acc in kernel.accesses:
        if not acc.write:
            continue
        result = values[acc.local]
        if acc.kind == "scalar":
            arrays[acc.array][0] = result
        elif acc.kind == "element":
            arrays[acc.array][elements] = result
        elif acc.kind == "indirect":
            raise NotImplementedError(
                "writing presynaptic/postsynaptic variables through indirect "
                "access is part of the Synapses stage, not built yet")


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
    if kernel.functions:
        functions = {**functions, **dict(kernel.functions)}
    elements = domain_elements(kernel, arrays)
    size = None if elements is None else len(elements)
    if size == 0:
        if kernel.events_out is not None:
            arrays[kernel.events_out][-1] = 0
        return
    values = _gather(kernel, arrays, elements)
    if kernel.body:
        for name, value in list(values.items()):
            # Element arrays broadcast against scalars; make scalars that a
            # statement overwrites per element into full vectors first.
            if size is not None and np.ndim(value) == 0 and \
                    _written_per_element(kernel, name):
                values[name] = np.full(size, value)
        execute(kernel.body, values, functions, rng, size)
    _scatter(kernel, arrays, elements, values)
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
