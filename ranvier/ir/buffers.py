"""Growable record buffers: where monitors put what they record.

A buffer holds one NumPy array per column and grows by doubling, so
appending is amortised O(1) and nothing is copied per step. The valid
part is ``column[:length]``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["RecordBuffer"]


class RecordBuffer:
    """Columns of equal length that grow along their first axis.

    Parameters
    ----------
    dtypes : dict of str to numpy dtype
        Column names and their types.
    width : int, optional
        Number of values per row for every column (a state monitor records
        one row of ``width`` neurons per step); 0 means scalar rows.
    capacity : int, optional
        Initial number of rows.
    """

    def __init__(self, dtypes: dict, width: int = 0, capacity: int = 64):
        self.width = width
        self.length = 0
        shape = (capacity, width) if width else (capacity,)
        self.columns = {name: np.zeros(shape, dtype)
                        for name, dtype in dtypes.items()}

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

    def append(self, values: dict) -> None:
        """Append rows: each value is one row (``width`` > 0) or a vector
        of scalar rows (``width`` == 0), the same count for all columns."""
        rows = 1 if self.width else len(np.atleast_1d(
            next(iter(values.values()))))
        self.reserve(rows)
        for name, value in values.items():
            self.columns[name][self.length: self.length + rows] = value
        self.length += rows

    def view(self, name: str) -> np.ndarray:
        """The recorded part of a column (a view, not a copy)."""
        return self.columns[name][: self.length]

    def clear(self) -> None:
        self.length = 0
