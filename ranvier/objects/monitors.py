"""Monitors: record spikes, events, state variables and population rates.

Recording happens in kernels that append to growable buffers
(``ranvier.ir.buffers.RecordBuffer``), so storage grows in amortised O(1)
and is never copied per step.
"""

from __future__ import annotations

import numpy as np

from ranvier.ir.buffers import RecordBuffer
from ranvier.ir.kernel import ONCE, Record, events_domain, indices_domain
from ranvier.lang.tree import BinOp, Const, Name, Statement
from ranvier.objects.base import BuildContext, Operation, SimObject
from ranvier.objects.lowering import Binding, build_kernel
from ranvier.units import DIMENSIONLESS, Quantity, second

__all__ = ["EventMonitor", "SpikeMonitor", "StateMonitor",
           "PopulationRateMonitor"]


def _with_units(values: np.ndarray, dim):
    if dim is DIMENSIONLESS:
        return values
    return Quantity.with_dimensions(values, dim)


def _variable_list(source, variables) -> list[str]:
    if variables is None or variables is False:
        return []
    if variables is True:
        return _all_variables(source)
    if isinstance(variables, str):
        variables = [variables]
    names = list(variables)
    for name in names:
        source._variable_record(name)  # raises for unknown names
    return names


def _all_variables(source) -> list[str]:
    """What ``variables=True`` records, as in Brian 2: each name the model
    equations define (integrated variables, parameters and subexpressions;
    not event-driven variables, whose values are only current at events),
    then ``lastspike`` and ``not_refractory`` where the group has them."""
    equations = getattr(source, "equations", None)
    if equations is None:
        return [n for n in source._owner.records if not n.startswith("_")
                and n not in ("lastspike", "not_refractory")]
    names = [eq.varname for eq in equations
             if "event-driven" not in eq.flags]
    return names + [n for n in ("lastspike", "not_refractory")
                    if n in source._owner.records]


class _SourceMonitor(SimObject):
    """What every monitor of a group shares: its source runs with it, and
    its recording is a growable buffer with a time column."""

    def contained_objects(self):
        return [self.source]

    def _column_dtype(self, var: str):
        arrays = self.source._owner.arrays
        return arrays[var].dtype if var in arrays else np.float64

    @property
    def t(self) -> Quantity:
        """Time of each recorded row."""
        return Quantity.with_dimensions(self._buffer.view("t").copy(),
                                        second.dim)

    def __len__(self) -> int:
        """Number of recorded rows (time steps), as ``len()`` is in Brian."""
        return len(self._buffer.view("t"))

    @property
    def t_(self) -> np.ndarray:
        return self._buffer.view("t").copy()


class EventMonitor(_SourceMonitor):
    """Records the events of a group: who had one, when, and the values
    of chosen variables at that moment.

    Parameters
    ----------
    source : NeuronGroup or Subgroup
    event : str
        The event's name (``'spike'`` for spikes).
    variables : str or list of str, optional
        Variables to record at each event.
    record : bool
        Record each event (True) or only count them (False).
    when : str
    order : int
    name : str, optional
    """

    _name_base = "eventmonitor"

    def __init__(self, source, event: str, variables=None, record=True,
                 when="thresholds", order=1, name=None):
        if event not in source.events:
            raise ValueError(f"{source.name!r} has no event {event!r}; its "
                             f"events are {', '.join(source.events) or 'none'}")
        if record not in (True, False):
            raise TypeError("record must be True or False for event "
                            "monitors")
        super().__init__(clock=source.clock, when=when, order=order,
                         name=name)
        self.source = source
        self.event = event
        self.record = record
        self.record_variables = _variable_list(source, variables)
        parent_size = len(source._owner.arrays[f"_{event}space"]) - 1
        self._count = np.zeros(parent_size, dtype=np.int64)
        columns = {"i": (np.int32, 0), "t": (np.float64, 0)}
        for var in self.record_variables:
            columns[var] = (self._column_dtype(var), 0)
        self._buffer = RecordBuffer(columns)

    def state_arrays(self) -> dict:
        return {f"{self.name}.count": self._count,
                f"{self.name}.record": self._buffer}

    def operations(self, ctx: BuildContext) -> list[Operation]:
        src = self.source
        bindings = src._bindings()
        bindings["count"] = Binding(f"{self.name}.count", "element")
        record = None
        cols = [("i", Name("i")), ("t", Name("t"))]
        cols += [(v, src._inline(Name(v))) for v in self.record_variables]
        symbols = src._code_symbols([expr for _, expr in cols], ctx)
        if self.record:
            record = Record(f"{self.name}.record", tuple(cols), True)
        body = (Statement("count", "+=", Const(1)),)
        kernel = build_kernel(self.name, events_domain(
            src.event_buffer(self.event), src.start, src.stop), symbols,
            bindings, body, record=record)
        return [Operation(self.name, self.when, self.order, self.clock,
                          kernel)]

    # -- results ----------------------------------------------------------
    @property
    def i(self) -> np.ndarray:
        """Index (within the source) of each recorded event."""
        return self._buffer.view("i").copy()

    @property
    def it(self):
        return self.i, self.t

    @property
    def count(self) -> np.ndarray:
        """Number of events of each neuron of the source."""
        return self._count[self.source.start:self.source.stop].copy()

    @property
    def num_events(self) -> int:
        return int(self.count.sum())

    def __len__(self) -> int:
        """Number of events, counted even when they are not recorded."""
        return self.num_events

    def values(self, var: str) -> dict:
        """Recorded values of ``var`` per neuron, as a dictionary."""
        data = self._column(var)
        i = self._buffer.view("i")
        return {k: data[i == k] for k in range(self.source.N)}

    def _column(self, var: str):
        if var not in self.record_variables:
            raise KeyError(f"{self.name!r} does not record {var!r}")
        dim = self.source._variable_record(var).dim
        return _with_units(self._buffer.view(var).copy(), dim)

    def event_trains(self) -> dict:
        """The event times of each neuron, by index."""
        i, t = self._buffer.view("i"), self._buffer.view("t")
        order = np.argsort(i, kind="stable")
        i_sorted, t_sorted = i[order], t[order]
        bounds = np.searchsorted(i_sorted, np.arange(self.source.N + 1))
        return {k: Quantity.with_dimensions(
            t_sorted[bounds[k]:bounds[k + 1]].copy(), second.dim)
            for k in range(self.source.N)}

    def __getattr__(self, name):
        if not name.startswith("_") and name in self.__dict__.get(
                "record_variables", ()):
            return self._column(name)
        raise AttributeError(f"{type(self).__name__} has no attribute "
                             f"{name!r}")


class SpikeMonitor(EventMonitor):
    """Records the spikes of a group (see :class:`EventMonitor`)."""

    _name_base = "spikemonitor"

    def __init__(self, source, variables=None, record=True,
                 when="thresholds", order=1, name=None):
        super().__init__(source, "spike", variables, record, when, order,
                         name)

    @property
    def num_spikes(self) -> int:
        return self.num_events

    def spike_trains(self) -> dict:
        """The spike times of each neuron, by index."""
        return self.event_trains()


def _record_indices(source, record) -> np.ndarray:
    n = source.N
    if record is True:
        return np.arange(n)
    if record is False or record is None:
        return np.arange(0)
    idx = np.atleast_1d(np.asarray(record))
    if idx.dtype == bool or not np.issubdtype(idx.dtype, np.integer):
        raise TypeError("record must be True, False, an index or a list of "
                        "indices")
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise IndexError(f"cannot record index {idx.max()} of "
                         f"{source.name!r}, which has {n} elements")
    return idx.astype(np.int64)


class StateMonitor(_SourceMonitor):
    """Records variables of a group every time step (or every ``dt``).

    Parameters
    ----------
    source : NeuronGroup or Subgroup
    variables : str, list of str, or True
        What to record (True: every state variable).
    record : bool, int or list of int
        Which elements to record (True: all).
    dt : Quantity, optional
        Recording interval (default: the source's step).
    clock : Clock, optional
    when : str
    order : int
    name : str, optional

    Notes
    -----
    ``M.v`` has shape ``(recorded elements, time steps)`` and ``M[k].v``
    is the trace of element ``k`` (an index into the source).
    """

    _name_base = "statemonitor"

    def __init__(self, source, variables, record=True, dt=None, clock=None,
                 when="start", order=0, name=None):
        if dt is None and clock is None:
            clock = source.clock
        super().__init__(dt=dt, clock=clock, when=when, order=order,
                         name=name)
        self.source = source
        self.record_variables = _variable_list(source, variables)
        if not self.record_variables:
            raise ValueError("a StateMonitor needs at least one variable")
        self.record = _record_indices(source, record)
        self._global = (source.start + self.record).astype(np.int64)
        width = len(self.record)
        columns = {"t": (np.float64, 0)}
        for var in self.record_variables:
            columns[var] = (self._column_dtype(var), width)
        self._buffer = RecordBuffer(columns)

    def state_arrays(self) -> dict:
        return {f"{self.name}.indices": self._global,
                f"{self.name}.record": self._buffer}

    def operations(self, ctx: BuildContext) -> list[Operation]:
        src = self.source
        bindings = src._bindings()
        # Time comes from this monitor's own clock, which may differ from
        # the source's.
        bindings["t"] = Binding(f"{self.clock.name}.t", "scalar")
        cols = [("t", Name("t"))]
        cols += [(v, src._inline(Name(v))) for v in self.record_variables]
        symbols = src._code_symbols([expr for _, expr in cols], ctx)
        kernel = build_kernel(self.name, indices_domain(
            f"{self.name}.indices"), symbols, bindings,
            record=Record(f"{self.name}.record", tuple(cols), False))
        return [Operation(self.name, self.when, self.order, self.clock,
                          kernel)]

    def _trace(self, var: str, unitless: bool = False):
        data = self._buffer.view(var).T.copy()
        if unitless:
            return data
        return _with_units(data, self.source._variable_record(var).dim)

    def __getattr__(self, name):
        variables = self.__dict__.get("record_variables", ())
        if not name.startswith("_"):
            if name in variables:
                return self._trace(name)
            if name.endswith("_") and name[:-1] in variables:
                return self._trace(name[:-1], unitless=True)
        raise AttributeError(f"{type(self).__name__} has no attribute "
                             f"{name!r}")

    def __getitem__(self, item):
        """The recording of element(s) ``item`` of the source."""
        wanted = np.atleast_1d(np.asarray(item))
        rows = []
        for k in wanted:
            hit = np.flatnonzero(self.record == k)
            if not hit.size:
                raise IndexError(f"{self.name!r} does not record element {k}")
            rows.append(hit[0])
        return _StateView(self, rows[0] if np.ndim(item) == 0 else rows)


class _StateView:
    """``M[k]``: the traces of one recorded element (or several)."""

    def __init__(self, monitor: StateMonitor, rows):
        self._monitor = monitor
        self._rows = rows

    @property
    def t(self):
        return self._monitor.t

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._monitor, name)[self._rows]


class PopulationRateMonitor(_SourceMonitor):
    """Records the instantaneous firing rate of a group every step.

    Parameters
    ----------
    source : NeuronGroup or Subgroup
    name : str, optional
    """

    _name_base = "ratemonitor"

    def __init__(self, source, when="thresholds", order=1, name=None):
        if "spike" not in source.events:
            raise ValueError(f"{source.name!r} has no spikes to monitor: it "
                             f"has no threshold")
        super().__init__(clock=source.clock, when=when, order=order,
                         name=name)
        self.source = source
        self._buffer = RecordBuffer({"t": (np.float64, 0),
                                     "rate": (np.float64, 0)})
        self._spikes = np.zeros(1, dtype=np.int64)

    def state_arrays(self) -> dict:
        return {f"{self.name}.spikes": self._spikes,
                f"{self.name}.record": self._buffer}

    def operations(self, ctx: BuildContext) -> list[Operation]:
        """Three kernels, consecutive in the schedule: zero the counter,
        count this step's spikes of the source, append ``(t, rate)``.

        Kernels, not a Python callable, so that the compiled loop never
        returns to Python for this monitor.
        """
        src, clock = self.source, self.clock
        bindings = {"spikes": Binding(f"{self.name}.spikes", "scalar"),
                    "t": Binding(f"{clock.name}.t", "scalar"),
                    "dt": Binding(f"{clock.name}.dt", "scalar")}
        zero = build_kernel(f"{self.name}_zero", ONCE, {}, bindings,
                            (Statement("spikes", "=", Const(0)),))
        count = build_kernel(
            f"{self.name}_count",
            events_domain(src.event_buffer("spike"), src.start, src.stop),
            {}, bindings, (Statement("spikes", "+=", Const(1)),))
        rate = BinOp("/", Name("spikes"),
                     BinOp("*", Const(float(src.N)), Name("dt")))
        record = build_kernel(
            self.name, ONCE, {}, bindings,
            record=Record(f"{self.name}.record",
                          (("t", Name("t")), ("rate", rate)), False))
        return [Operation(kernel.name, self.when, self.order, clock, kernel)
                for kernel in (zero, count, record)]

    @property
    def rate(self) -> Quantity:
        return Quantity.with_dimensions(self._buffer.view("rate").copy(),
                                        (1 / second).dim)

    def smooth_rate(self, window: str = "gaussian", width=None) -> Quantity:
        """The rate smoothed with a ``'gaussian'`` (``width`` = standard
        deviation) or ``'flat'`` (``width`` = full width) window, or with
        an array of weights as ``window``."""
        dt = self.clock.dt_
        if isinstance(window, str):
            if width is None:
                raise TypeError("smooth_rate needs width= for a named window")
            w = float(width / second)
            if window == "gaussian":
                half = int(np.ceil(4 * w / dt))
                x = np.arange(-half, half + 1) * dt
                kernel = np.exp(-0.5 * (x / w) ** 2)
            elif window == "flat":
                n = max(1, int(round(w / dt)))
                kernel = np.ones(2 * (n // 2) + 1)
            else:
                raise ValueError(f"unknown window {window!r}; use 'gaussian' "
                                 f"or 'flat'")
        else:
            kernel = np.asarray(window, dtype=float)
            if kernel.ndim != 1 or len(kernel) % 2 == 0:
                raise ValueError("a custom window must be a 1-D array of odd "
                                 "length")
        kernel = kernel / kernel.sum()
        smoothed = np.convolve(self._buffer.view("rate"), kernel, "same")
        return Quantity.with_dimensions(smoothed, (1 / second).dim)
