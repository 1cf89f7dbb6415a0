"""Spike queues of synaptic pathways: delays in steps, delivery tables and
the ring of past events.

A pathway does not queue synapses. It remembers the events of its source
group for the last ``H`` steps (a ring of event buffers, see
:class:`ranvier.ir.kernel.QueueSpec`), and at each step delivers the
synapses whose presynaptic neuron had an event exactly ``delay`` steps
ago. A delivery table groups the synapses by (source neuron, delay), so
that finding them is a slice per event. The memory is
``H * (N_source + 1)`` integers for the ring plus one table entry per
(source neuron, delay) and at most one per synapse, whatever the number of
spikes in flight.

The ring is part of the simulation state (spikes in flight survive
between runs and through store/restore); the delivery table is derived
from the synapses and their delays at the start of each run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["delay_steps", "DeliveryTable", "delivery_table", "empty_ring",
           "grown_ring"]


def delay_steps(delays: np.ndarray, dt: float) -> int | np.ndarray:
    """Delays in seconds, rounded to the nearest whole number of steps.

    Returns one ``int`` when every delay rounds the same (the common
    case, and then no per-synapse array is made), else an ``int32`` array
    with one entry per synapse.

    Raises
    ------
    ValueError
        For negative or non-finite delays.
    """
    delays = np.asarray(delays, dtype=np.float64)
    if delays.size == 0:
        return 0
    low, high = delays.min(), delays.max()   # NaN propagates to both
    if not (np.isfinite(low) and np.isfinite(high)) or low < 0:
        raise ValueError("synaptic delays must be finite and not negative")
    if _rounded_steps(low, dt) == _rounded_steps(high, dt):
        return _rounded_steps(low, dt)
    if _rounded_steps(high, dt) > np.iinfo(np.int32).max:
        raise ValueError(f"a synaptic delay of {high} s is too long for "
                         f"steps of {dt} s")
    # In place on one temporary: with millions of synapses each extra
    # float64 copy costs tens of MiB.
    steps = delays / dt
    steps += 0.5 + 1e-9
    np.floor(steps, out=steps)
    return steps.astype(np.int32)


def _rounded_steps(delay: float, dt: float) -> int:
    # The small slack keeps 0.3 ms / 0.1 ms at 3 steps, not 2.
    return int(np.floor(delay / dt + 0.5 + 1e-9))


@dataclass(frozen=True)
class DeliveryTable:
    """Synapses grouped by source neuron and delay.

    Attributes
    ----------
    offsets : numpy.ndarray
        ``n_sources * lags + 1`` entries: the synapses of source neuron
        ``m`` (relative to the source group) with delay ``first_lag + c``
        steps are ``order[offsets[m*lags + c]:offsets[m*lags + c + 1]]``.
    order : numpy.ndarray or None
        Synapse indices in that grouping; ``None`` when it is the identity
        (synapses already sorted, the usual case after ``connect``).
    first_lag, lags : int
        The delays covered, in steps: ``first_lag`` to
        ``first_lag + lags - 1``.
    """

    offsets: np.ndarray
    order: np.ndarray | None
    first_lag: int
    lags: int

    @property
    def ring_rows(self) -> int:
        """Rows a ring needs to look back as far as the longest delay."""
        return self.first_lag + self.lags


def delivery_table(sources: np.ndarray, n_sources: int,
                   steps) -> DeliveryTable:
    """Build the delivery table of a pathway.

    Parameters
    ----------
    sources : numpy.ndarray
        For each synapse, its source neuron relative to the source group.
    n_sources : int
        Number of neurons in the source group.
    steps : int or numpy.ndarray
        One delay in steps for all synapses, or one per synapse.
    """
    if np.ndim(steps) == 0:
        first, lags, key = int(steps), 1, sources
    else:
        first = int(steps.min())
        lags = int(steps.max()) - first + 1
        wide = n_sources * lags >= np.iinfo(np.int32).max
        key = sources.astype(np.int64 if wide else np.int32)
        key *= lags
        key += steps - first if first else steps
    counts = np.bincount(key, minlength=n_sources * lags)
    offsets = np.zeros(n_sources * lags + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    del counts
    if _is_sorted(key):
        order = None
    else:
        order = np.argsort(key, kind="stable").astype(np.int32)
    return DeliveryTable(offsets, order, first, lags)


def _is_sorted(key: np.ndarray, chunk: int = 1 << 20) -> bool:
    """Whether ``key`` never decreases, checked in chunks so that the
    comparison needs no array as long as ``key``."""
    for start in range(0, len(key) - 1, chunk):
        part = key[start:start + chunk + 1]
        if not np.all(part[1:] >= part[:-1]):
            return False
    return True


def empty_ring(rows: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """A ring of ``rows`` empty event buffers of ``width`` entries, and its
    position array."""
    return (np.zeros((max(rows, 1), width), dtype=np.int32),
            np.zeros(1, dtype=np.int32))


def grown_ring(ring: np.ndarray, position: np.ndarray,
               rows: int) -> tuple[np.ndarray, np.ndarray]:
    """A ring with at least ``rows`` rows holding the same history.

    Row ``(position - s) % H`` holds the events of ``s`` steps ago; the
    new ring keeps that for every ``s`` the old one covered, and the rows
    beyond are empty (no events that long ago).
    """
    old_rows = ring.shape[0]
    if rows <= old_rows:
        return ring, position
    new, new_position = empty_ring(rows, ring.shape[1])
    pos = int(position[0])
    for s in range(old_rows):
        new[old_rows - 1 - s] = ring[(pos - s) % old_rows]
    new_position[0] = old_rows - 1
    return new, new_position
