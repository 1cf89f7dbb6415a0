"""Synaptic pathways: the code a Synapses object runs when events of
its source (``on_pre``) or target (``on_post``) arrive, with the
pathway's delays and its place in the schedule."""

from __future__ import annotations

import numpy as np

from ranvier.objects.base import SCHEDULE_SLOTS
from ranvier.objects.variables import VariableView
from ranvier.units import (DimensionMismatchError, Quantity, get_dimensions,
                           second)

__all__ = ["SynapticPathway", "delay_value"]

_TIME = second.dim


def delay_value(value, where: str) -> float:
    """One delay for all synapses of a pathway (``delay=``), in seconds."""
    dim = get_dimensions(value)
    if dim is not _TIME and isinstance(value, Quantity):
        raise DimensionMismatchError(f"{where}: a delay must be a time "
                                     f"(e.g. 2*ms)", dim)
    if dim is not _TIME:
        raise TypeError(f"{where}: a delay must be a time (e.g. 2*ms), got "
                        f"{value!r}")
    number = np.asarray(value / second if isinstance(value, Quantity)
                        else value, dtype=float)
    if number.ndim != 0:
        raise TypeError(f"{where}: delay= sets one delay for all synapses; "
                        f"set different delays with S.delay = ... after "
                        f"connect()")
    return float(number)


class SynapticPathway:
    """Code run when events of one group arrive at the synapses.

    Attributes
    ----------
    name : str
        ``'pre'``, ``'post'`` or the key given in an ``on_pre``/``on_post``
        dictionary.
    prepost : str
        ``'pre'`` (triggered by the source group) or ``'post'``.
    event : str
        The event of that group that triggers it (``'spike'``).
    statements : tuple of Statement
    when : str
        Schedule slot (``'synapses'``).
    order : int
        Position in the slot (-1 for presynaptic, 1 for postsynaptic
        pathways, as in Brian).
    """

    def __init__(self, synapses, name, prepost, statements, event):
        self.synapses = synapses
        self.name = name
        self.prepost = prepost
        self.statements = statements
        self.event = event
        self._when = "synapses"
        self.order = -1 if prepost == "pre" else 1

    @property
    def spike_group(self):
        """The group whose events trigger the pathway."""
        s = self.synapses
        return s.source if self.prepost == "pre" else s.target

    @property
    def delay_name(self) -> str:
        return f"_delay_{self.name}"

    @property
    def when(self) -> str:
        return self._when

    @when.setter
    def when(self, value):
        if value not in SCHEDULE_SLOTS:
            raise ValueError(f"when={value!r} is not a schedule slot; use one "
                             f"of {', '.join(SCHEDULE_SLOTS)}")
        self._when = value

    @property
    def delay(self) -> VariableView:
        """The delays of this pathway (one value, or one per synapse)."""
        return VariableView(self.synapses, self.delay_name)

    @delay.setter
    def delay(self, value):
        self.synapses._assign(self.delay_name, slice(None), value)

    @property
    def delay_(self) -> VariableView:
        return VariableView(self.synapses, self.delay_name, unitless=True)

    @delay_.setter
    def delay_(self, value):
        self.synapses._assign(self.delay_name, slice(None), value,
                              unitless=True)

    def __repr__(self):
        return (f"<SynapticPathway {self.name!r} of {self.synapses.name!r} "
                f"on {self.event!r} of {self.spike_group.name!r}>")
