"""Growable record buffers: where monitors put what they record.

A buffer holds one NumPy array per column and grows by doubling, so
appending is amortised O(1) and nothing is copied per step. The valid
part of a column is ``column[:length]``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["RecordBuffer"]


class RecordBuffer:
    """Columns of equal length that grow along their first axis.

    Parameters
    ----------
    columns : dict of str to (dtype, width)
        Column names, their types, and the number of values per row (0 for
        one scalar per row; a state monitor records a row of ``width``
        neurons per step).
    capacity : int, optional
        Initial number of rows.
    """

    def __init__(self, columns: dict, capacity: int = 64):
        self.length = 0
        self.columns = {}
        for name, (dtype, width) in columns.items():
            shape = (capacity, width) if width else (capacity,)
            self.columns[name] = np.zeros(shape, dtype)

    @property
    def capacity(self) -> int:
        return len(next(iter(self.columns.values())))

    def reserve(self, rows: int) -> None:
        """Make room for ``rows`` more rows (at least doubling)."""
        needed = self.length + rows
        if needed <= self.capacity:
            return
        new_capacity = max(needed, 2 * self.capacity)
        for name, old in self.columns.items():
            new = np.zeros((new_capacity,) + old.shape[1:], old.dtype)
            new[: self.length] = old[: self.length]
            self.columns[name] = new

    def append(self, values: dict, rows: int) -> None:
        """Append ``rows`` rows; each value holds them (or broadcasts)."""
        if rows == 0:
            return
        self.reserve(rows)
        end = self.length + rows
        for name, value in values.items():
            self.columns[name][self.length:end] = value
        self.length = end

    def view(self, name: str) -> np.ndarray:
        """The recorded part of a column (a view, not a copy)."""
        return self.columns[name][: self.length]

    def clear(self) -> None:
        self.length = 0
