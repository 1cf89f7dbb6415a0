"""The loops over a kernel's domain, printed as Python source.

Each domain kind becomes the loop its docstring in
:mod:`ranvier.ir.kernel` describes; inside it, ``k`` is the global index
of the current element. Queue pushes, kernels that only copy the current
events into a ring, are printed here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ranvier.ir.kernel import Domain, QueuePush

__all__ = ["Loop", "domain_arrays", "index_dtype", "open_loop",
           "push_lines", "may_repeat"]

_INT64 = np.dtype(np.int64)


@dataclass(frozen=True)
class Loop:
    """An opened loop: the element index, the element's position in the
    domain (for per-step records), and how many levels it indented."""

    index: str
    position: str
    depth: int


def domain_arrays(domain: Domain) -> list:
    """The arrays the loop itself reads, in a fixed order."""
    if domain.kind == "scheduled":
        return [domain.events, domain.keys, domain.key]
    if domain.kind == "queue":
        spec = domain.queue
        names = [spec.ring, spec.position, spec.offsets]
        return names + ([spec.order] if spec.order is not None else [])
    return [domain.events] if domain.events is not None else []


def index_dtype(domain: Domain, dtypes) -> np.dtype:
    """The dtype of the element index ``i`` as the reference computes it:
    ``elements - start``, so the type of the array listing elements."""
    if domain.kind in ("events", "indices", "scheduled"):
        return np.dtype(dtypes[domain.events])
    if domain.kind == "queue" and domain.queue.order is not None:
        return np.dtype(dtypes[domain.queue.order])
    return _INT64


def may_repeat(domain: Domain) -> bool:
    """Whether the domain may visit an element twice."""
    return domain.kind in ("indices", "scheduled", "queue")


def open_loop(domain: Domain, add: Callable[[str], None],
              array: Callable[[str], str], counted: bool) -> Loop:
    """Print the loop header(s); ``array`` gives an array's parameter and
    ``counted`` asks for a count of elements as their position."""
    if domain.kind == "once":
        return Loop("0", "0", 0)
    if domain.kind == "range":
        add(f"for k in range({domain.start}, {domain.stop}):")
        position = f"k - {domain.start}" if domain.start else "k"
        return Loop("k", position, 1)
    if domain.kind == "indices":
        source = array(domain.events)
        add(f"for j in range({source}.shape[0]):")
        add(f"    k = {source}[j]")
        return Loop("k", "j", 1)
    if counted:
        add("n_seen = 0")
    depth = _OPENERS[domain.kind](domain, add, array)
    if counted:
        add("    " * depth + "n_seen += 1")
        return Loop("k", "n_seen - 1", depth)
    return Loop("k", "j", depth)


def _events(domain: Domain, add, array) -> int:
    source = array(domain.events)
    add(f"for j in range({source}[{source}.shape[0] - 1]):")
    add(f"    k = {source}[j]")
    # Event buffers are sorted: a subgroup's events are one run.
    add(f"    if k < {domain.start}:")
    add("        continue")
    add(f"    if k >= {domain.stop}:")
    add("        break")
    return 1


def _scheduled(domain: Domain, add, array) -> int:
    keys, key = array(domain.keys), array(domain.key)
    add(f"first = np.searchsorted({keys}, {key}[0])")
    add(f"last = np.searchsorted({keys}, {key}[0] + 1)")
    add("for j in range(first, last):")
    add(f"    k = {array(domain.events)}[j]")
    return 1


def _queue(domain: Domain, add, array) -> int:
    spec = domain.queue
    ring, offsets = array(spec.ring), array(spec.offsets)
    add(f"for lag in range({spec.lags - 1}, -1, -1):")
    add(f"    if {spec.first_lag} + lag >= {ring}.shape[0]:")
    add("        continue")
    add(f"    ring_row = ({array(spec.position)}[0] - {spec.first_lag} - "
        f"lag) % {ring}.shape[0]")
    add(f"    for slot in range({ring}[ring_row, {ring}.shape[1] - 1]):")
    add(f"        source = {ring}[ring_row, slot]")
    add(f"        if source < {domain.start}:")
    add("            continue")
    add(f"        if source >= {domain.stop}:")
    add("            break")
    add(f"        block = (source - {domain.start}) * {spec.lags} + lag")
    add(f"        for j in range({offsets}[block], {offsets}[block + 1]):")
    element = f"{array(spec.order)}[j]" if spec.order is not None else "j"
    add(f"            k = {element}")
    return 3


_OPENERS = {"events": _events, "scheduled": _scheduled, "queue": _queue}


def push_lines(push: QueuePush, add: Callable[[str], None],
               array: Callable[[str], str]) -> None:
    """Copy the current event buffer into the next row of a ring."""
    ring, position, events = (array(push.ring), array(push.position),
                              array(push.events))
    add(f"{position}[0] = ({position}[0] + 1) % {ring}.shape[0]")
    add(f"ring_row = {position}[0]")
    add(f"count = {events}[{events}.shape[0] - 1]")
    add("for slot in range(count):")
    add(f"    {ring}[ring_row, slot] = {events}[slot]")
    add(f"{ring}[ring_row, {ring}.shape[1] - 1] = count")
