"""Choosing the synapses of ``Synapses.connect``: pairs ``(i, j)``.

Every form ends as two index arrays (presynaptic ``i`` and postsynaptic
``j``, relative to their groups), ordered by ``i`` and then as the form
produces them. Memory is proportional to the number of synapses made:

- a constant probability over all pairs skips from one synapse to the
  next with geometric gaps (an independent Bernoulli draw per pair,
  without visiting the pairs that get none);
- a probability per presynaptic neuron draws each row's count from a
  binomial distribution and then that many distinct targets;
- conditions and probabilities that depend on ``j`` are evaluated over
  all pairs, in chunks of rows of bounded size.
"""

from __future__ import annotations

import numpy as np

__all__ = ["all_pairs", "pair_chunks", "bernoulli_pairs", "uniform_subsets",
           "row_bernoulli_pairs", "range_lengths", "row_ranges",
           "CHUNK_PAIRS"]

#: Pairs evaluated at once when a condition must see every pair.
CHUNK_PAIRS = 1 << 20


def _empty_pairs():
    return np.zeros(0, np.int64), np.zeros(0, np.int64)


def all_pairs(rows: np.ndarray, n_post: int):
    """Every ``(i, j)`` with ``i`` in ``rows`` and ``0 <= j < n_post``."""
    return (np.repeat(rows, n_post),
            np.tile(np.arange(n_post, dtype=np.int64), len(rows)))


def pair_chunks(n_pre: int, n_post: int, chunk: int = CHUNK_PAIRS):
    """All pairs, as ``(rows, cols)`` arrays of about ``chunk`` pairs."""
    per_chunk = max(1, chunk // max(n_post, 1))
    for start in range(0, n_pre, per_chunk):
        stop = min(n_pre, start + per_chunk)
        yield all_pairs(np.arange(start, stop, dtype=np.int64), n_post)


def bernoulli_pairs(rng: np.random.Generator, n_pre: int, n_post: int,
                    p: float):
    """Each of the ``n_pre * n_post`` pairs, independently with
    probability ``p``, in row-major order."""
    total = n_pre * n_post
    if p <= 0 or total == 0:
        return _empty_pairs()
    if p >= 1:
        return all_pairs(np.arange(n_pre, dtype=np.int64), n_post)
    if p > 0.25:
        # Dense: one uniform number per pair costs less than the gaps.
        parts = list(_dense_draws(rng, n_pre, n_post, p))
        return (np.concatenate([rows for rows, _ in parts]),
                np.concatenate([cols for _, cols in parts]))
    # Batch by batch into int32 rows and columns: with millions of
    # synapses, int64 positions for all of them at once would be the
    # largest allocation of the whole connect().
    rows, cols = [], []
    for flat in _geometric_positions(rng, total, p):
        batch_rows = flat // n_post
        flat -= batch_rows * n_post
        rows.append(batch_rows.astype(np.int32))
        cols.append(flat.astype(np.int32))
        del batch_rows, flat
    return np.concatenate(rows), np.concatenate(cols)


def _dense_draws(rng, n_pre, n_post, p):
    for rows, cols in pair_chunks(n_pre, n_post):
        keep = rng.random(len(rows)) < p
        yield rows[keep], cols[keep]


#: Largest batch of geometric gaps drawn at once.
GEOMETRIC_BATCH = 1 << 20


def _geometric_positions(rng, total: int, p: float):
    """Sorted positions in ``[0, total)``, each present with probability
    ``p``, in batches: the gaps between successes of Bernoulli trials are
    geometric."""
    last = -1
    while True:
        remaining = (total - last - 1) * p
        batch = min(int(remaining + 5 * np.sqrt(remaining) + 16),
                    GEOMETRIC_BATCH)
        positions = np.cumsum(rng.geometric(p, size=batch))
        positions += last
        if positions[-1] >= total:
            yield positions[positions < total]
            return
        last = int(positions[-1])
        yield positions


def uniform_subsets(rng: np.random.Generator, lengths: np.ndarray,
                    counts: np.ndarray):
    """For each row ``r``, ``counts[r]`` distinct positions drawn
    uniformly from ``[0, lengths[r])``.

    Returns ``(rows, positions)`` sorted by row, then position. Rows more
    than half full draw the positions they leave out instead, so no row
    needs more than about two draws per position.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64)
    if np.any(counts > lengths) or np.any(counts < 0):
        raise ValueError("cannot draw more distinct neurons than a range "
                         "holds")
    width = int(lengths.max(initial=0)) + 1
    dense = counts * 2 > lengths
    sparse_rows = np.flatnonzero(~dense)
    keys = [_distinct_keys(rng, sparse_rows, lengths, counts[sparse_rows],
                           width)]
    dense_rows = np.flatnonzero(dense)
    if len(dense_rows):
        left_out = _distinct_keys(rng, dense_rows, lengths,
                                  lengths[dense_rows] - counts[dense_rows],
                                  width)
        rows, positions = row_ranges(dense_rows, lengths[dense_rows])
        every = rows * width + positions
        keys.append(every[~np.isin(every, left_out, assume_unique=True)])
    key = np.sort(np.concatenate(keys))
    return key // width, key % width


def _distinct_keys(rng, rows, lengths, counts, width) -> np.ndarray:
    """``row * width + position`` keys, ``counts[m]`` distinct positions for
    ``rows[m]``, sorted. Repeated draws are drawn again until none is
    left: this treats every position alike, so each set of ``counts[m]``
    positions is equally likely."""
    owner = np.repeat(rows, counts)
    limit = lengths[owner]
    positions = np.floor(rng.random(len(owner)) * limit).astype(np.int64)
    while True:
        key = owner * width + positions
        order = np.argsort(key, kind="stable")
        ranked = key[order]
        repeated = np.zeros(len(key), dtype=bool)
        repeated[1:] = ranked[1:] == ranked[:-1]
        if not repeated.any():
            return ranked
        again = order[repeated]
        positions[again] = np.floor(rng.random(len(again)) *
                                    limit[again]).astype(np.int64)


def row_ranges(rows: np.ndarray, lengths: np.ndarray):
    """``(row, position)`` for every position ``< lengths[m]`` of each
    ``rows[m]``."""
    total = int(lengths.sum())
    owner = np.repeat(rows, lengths)
    starts = np.cumsum(lengths) - lengths
    return owner, np.arange(total) - np.repeat(starts, lengths)


def row_bernoulli_pairs(rng: np.random.Generator, p_rows: np.ndarray,
                        n_post: int):
    """Pairs where row ``i`` connects to each of ``n_post`` neurons with
    probability ``p_rows[i]``."""
    p_rows = np.clip(np.asarray(p_rows, dtype=np.float64), 0, 1)
    counts = rng.binomial(n_post, p_rows)
    return uniform_subsets(rng, np.full(len(p_rows), n_post), counts)


def range_lengths(start: np.ndarray, stop: np.ndarray,
                  step: np.ndarray) -> np.ndarray:
    """Number of values of ``range(start, stop, step)``, elementwise."""
    up = np.maximum(0, (stop - start + step - 1) // np.where(step > 0, step,
                                                            1))
    down = np.maximum(0, (start - stop - step - 1) // np.where(step < 0,
                                                               -step, 1))
    return np.where(step > 0, up, down).astype(np.int64)
