"""``S[key]``: a fixed selection of synapses, usable where synapse
indices are expected (``StateMonitor(S, 'w', record=S[0, :])``,
``S.w[S[0, :]]``)."""

from __future__ import annotations

import numpy as np

__all__ = ["SynapseSelection"]


class SynapseSelection:
    """The synapses of a Synapses object that a key selected when the
    selection was made (later ``connect()`` calls do not change it).

    Converting it to an array (``np.asarray(sel)``) gives the synapse
    indices, so it serves as ``record=`` of a monitor or as an index.

    Parameters
    ----------
    synapses : Synapses
    indices : array of int
        The selected synapses' indices.
    """

    def __init__(self, synapses, indices: np.ndarray):
        self.synapses = synapses
        self._indices = np.asarray(indices, dtype=np.int32)

    @property
    def indices(self) -> np.ndarray:
        """The selected synapses' indices."""
        return self._indices.copy()

    def __len__(self):
        return len(self._indices)

    def __array__(self, dtype=None, copy=None):
        return self._indices if dtype is None else \
            self._indices.astype(dtype)

    def __repr__(self):
        return (f"<SynapseSelection of {len(self)} synapses of "
                f"{self.synapses.name!r}>")
