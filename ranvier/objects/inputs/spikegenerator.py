"""SpikeGeneratorGroup: neurons that spike at given times.

Times and steps
---------------
A spike at time ``t`` fires in time step ``timestep(t, dt) =
floor(t/dt + 0.001)``: the step ``k`` with ``k*dt <= t < (k+1)*dt``,
except that a time up to ``0.001*dt`` below a step boundary counts in the
later step, so that rounding errors (``0.3*ms / (0.1*ms) =
2.9999999999999996``) do not move a spike a step early. This is Brian 2's
``timestep`` rule. Two spikes of one neuron in the same step are an error.

With a ``period``, the pattern repeats: a spike at ``t`` also fires at
``t + period``, ``t + 2*period`` ... The pattern is anchored at time 0,
the period must be a whole number of steps and longer than the last
spike's step.

Kernels
-------
Before each run the spikes become two arrays sorted by (step, neuron):
``_spike_steps`` (``int64``) and ``_spike_indices`` (``int32``). Each step
runs two kernels: a ``once`` kernel storing the current step (modulo the
period) in ``_step_now``, and a kernel over the ``scheduled`` IR domain
(the entries whose step equals ``_step_now``) whose condition is always
true, writing those neurons to the spike buffer. No cursor is kept, so a
run may start anywhere (after ``restore``, or in the middle of a period).
"""

from __future__ import annotations

import numpy as np

from ranvier.ir.kernel import ONCE, scheduled_domain
from ranvier.lang.functions import timestep
from ranvier.lang.symbols import Variable
from ranvier.lang.tree import BinOp, Call, Const, Name, Statement
from ranvier.objects.base import BuildContext, Operation
from ranvier.objects.group import Group, VariableOwner
from ranvier.objects.inputs.code import SpikeSource, check_count
from ranvier.objects.lowering import Binding, build_kernel
from ranvier.objects.state import restore_owner_arrays
from ranvier.units import (DIMENSIONLESS, DimensionMismatchError, Quantity,
                           get_dimensions, second)

__all__ = ["SpikeGeneratorGroup"]

_TIME = second.dim


def _seconds(value, what: str) -> np.ndarray:
    dim = get_dimensions(value)
    if dim is not _TIME:
        raise DimensionMismatchError(f"{what} must be times", dim)
    return np.asarray(value.view(np.ndarray) if isinstance(value, Quantity)
                      else value, dtype=np.float64)


def _integer_indices(indices: np.ndarray, owner: str) -> np.ndarray:
    """Spike indices as int64: integers, or floats with integer values
    (as computed indices often are); a fractional index is an error, not
    truncated."""
    if not len(indices) or indices.dtype.kind in "iu":
        return indices.astype(np.int64)
    if indices.dtype.kind == "f":
        bad = np.flatnonzero(~np.isfinite(indices) |
                             (indices != np.round(indices)))
        if not bad.size:
            return indices.astype(np.int64)
        raise TypeError(f"{owner}: indices must be integers, got "
                        f"{indices[bad[0]]} for spike {bad[0]}")
    raise TypeError(f"{owner}: indices must be integers, got "
                    f"{indices.dtype}")


class SpikeGeneratorGroup(SpikeSource, Group):
    """A group whose neurons spike at given times.

    Parameters
    ----------
    N : int
        Number of neurons (an integer-valued float is accepted).
    indices : array of int
        The neuron of each spike (floats with integer values are
        accepted).
    times : Quantity
        The time of each spike (as long as ``indices``).
    period : Quantity
        Repeat the spikes with this period (0 second: no repetition).
    dt : Quantity, optional
    clock : Clock, optional
    when : str
        Schedule slot (default ``'thresholds'``).
    order : int
    sorted : bool
        The spikes are already sorted by time, then index (skips sorting;
        checked).
    name : str, optional

    Raises
    ------
    ValueError
        For indices out of range, negative times, arrays of different
        lengths, two spikes of a neuron in one step, or a bad period (see
        the module notes). The checks that depend on ``dt`` run again at
        each run, for the ``dt`` then in use.
    DimensionMismatchError
        For times or a period that are not times.
    """

    _name_base = "spikegeneratorgroup"

    def __init__(self, N, indices, times, period=0 * second, dt=None,
                 clock=None, when="thresholds", order=0, sorted=False,
                 name=None):
        N = check_count(N, "SpikeGeneratorGroup")
        super().__init__(dt=dt, clock=clock, when=when, order=order,
                         name=name)
        self.namespace = {}
        self.equations = None
        self.start, self.stop = 0, N
        self._owner = VariableOwner(self.name)
        arrays = self._owner.arrays
        arrays["_spikespace"] = np.zeros(N + 1, np.int32)
        arrays["_step_now"] = np.zeros(1, np.int64)
        self._frozen = True
        self.set_spikes(indices, times, period, sorted)

    # -- the spikes -----------------------------------------------------------
    def set_spikes(self, indices, times, period=0 * second,
                   sorted: bool = False) -> None:
        """Replace the spikes (for the following runs).

        Parameters
        ----------
        indices, times, period, sorted
            As for the constructor; the times stay absolute (a spike
            before the current time never fires, unless a period brings
            it back).
        """
        indices, times = self._checked_spikes(indices, times)
        period_s = float(_seconds(period, f"{self._text()}: the period"))
        if np.ndim(period_s) != 0 or not np.isfinite(period_s) \
                or period_s < 0:
            raise ValueError(f"{self._text()}: the period must be a "
                             f"non-negative time, got {period}")
        if sorted:
            _check_sorted(indices, times, self._text())
        else:
            order = np.lexsort((indices, times))
            indices, times = indices[order], times[order]
        self._use_spikes(indices, times, period_s)

    def _use_spikes(self, indices, times, period_s: float) -> None:
        object.__setattr__(self, "_indices", indices)
        object.__setattr__(self, "_times", times)
        object.__setattr__(self, "_period", period_s)
        object.__setattr__(self, "_prepared_for", None)
        # Copies in the state, so that store/restore brings them back.
        arrays = self._owner.arrays
        arrays["_given_indices"] = indices
        arrays["_given_times"] = times
        arrays["_given_period"] = np.array([period_s])
        self._prepare(self.clock.dt_)

    def restore_arrays(self, saved: dict) -> None:
        """Go back to a snapshot, with the spikes given then."""
        owner = self._owner
        restore_owner_arrays(owner, saved, {
            "_spike_steps", "_spike_indices", "_given_indices",
            "_given_times"})
        arrays = owner.arrays
        self._use_spikes(arrays["_given_indices"], arrays["_given_times"],
                         float(arrays["_given_period"][0]))

    def _checked_spikes(self, indices, times):
        indices = np.asarray(indices)
        times = _seconds(times, f"{self._text()}: the spike times")
        if indices.ndim != 1 or times.ndim != 1 or \
                len(indices) != len(times):
            raise ValueError(f"{self._text()}: indices and times must be 1-D "
                             f"arrays of equal length, got shapes "
                             f"{indices.shape} and {times.shape}")
        indices = _integer_indices(indices, self._text())
        bad = np.flatnonzero((indices < 0) | (indices >= self.N))
        if bad.size:
            raise ValueError(f"{self._text()}: spike {bad[0]} has neuron "
                             f"index {indices[bad[0]]}, outside [0, {self.N})")
        bad = np.flatnonzero(~np.isfinite(times) | (times < 0))
        if bad.size:
            raise ValueError(f"{self._text()}: spike {bad[0]} has time "
                             f"{times[bad[0]]} s; times must be finite and "
                             f"not negative")
        return indices, times.copy()

    def _prepare(self, dt: float) -> None:
        """Turn the spike times into steps of ``dt``, checking them."""
        if self._prepared_for == dt:
            return
        steps = timestep(self._times, dt).astype(np.int64)
        period = self._period_steps(dt, steps)
        # Sorted by time; rounding to steps keeps that order, and sorting
        # by (step, neuron) makes each step's neurons ascending.
        order = np.lexsort((self._indices, steps))
        steps, indices = steps[order], self._indices[order]
        _check_one_per_step(steps, indices, self._times[order], dt,
                            self._text())
        arrays = self._owner.arrays
        arrays["_spike_steps"] = steps
        arrays["_spike_indices"] = indices.astype(np.int32)
        object.__setattr__(self, "_period_in_steps", period)
        object.__setattr__(self, "_prepared_for", dt)

    def _period_steps(self, dt: float, steps: np.ndarray) -> int:
        if self._period == 0:
            return 0
        ratio = self._period / dt
        if abs(ratio - round(ratio)) > 1e-6 * max(1.0, ratio):
            raise ValueError(f"{self._text()}: the period "
                             f"({self._period} s) must be a whole multiple "
                             f"of dt ({dt} s)")
        period = int(round(ratio))
        if steps.size and steps.max() >= period:
            last = self._times[np.argmax(steps)]
            raise ValueError(f"{self._text()}: the period ({self._period} s)"
                             f" must be at least the last spike time plus "
                             f"dt ({last} s + {dt} s)")
        return period

    # -- what users read ------------------------------------------------------
    @property
    def indices(self) -> np.ndarray:
        """The neuron of each spike, sorted by time then neuron."""
        return self._indices.copy()

    @property
    def times(self) -> Quantity:
        """The time of each spike, sorted."""
        return Quantity.with_dimensions(self._times.copy(), _TIME)

    @property
    def period(self) -> Quantity:
        return Quantity.with_dimensions(self._period, _TIME)


    def _text(self) -> str:
        return f"SpikeGeneratorGroup {self.name!r}"

    # -- lowering -------------------------------------------------------------
    def operations(self, ctx: BuildContext) -> list[Operation]:
        self._prepare(self.clock.dt_)
        owner = self._owner
        step = Call("timestep", (Name("t"), Name("dt")))
        if self._period_in_steps:
            step = BinOp("%", step, Const(self._period_in_steps))
        bindings = self._bindings()
        bindings["step_now"] = Binding(owner.key("_step_now"), "scalar")
        symbols = self._model_symbols()
        symbols["step_now"] = Variable("step_now", DIMENSIONLESS, "integer",
                                       scalar=True)
        clock_op = build_kernel(f"{self.name}_step", ONCE, symbols, bindings,
                                (Statement("step_now", "=", step),))
        domain = scheduled_domain(owner.key("_spike_indices"),
                                  owner.key("_spike_steps"),
                                  owner.key("_step_now"), self.start,
                                  self.stop)
        emit = build_kernel(f"{self.name}_spikes", domain, symbols, bindings,
                            condition=Const(True),
                            events_out=self.event_buffer("spike"))
        return [Operation(k.name, self.when, self.order, self.clock, k)
                for k in (clock_op, emit)]

    def __repr__(self):
        return (f"<SpikeGeneratorGroup {self.name!r} of {self.N} neurons, "
                f"{len(self._times)} spikes>")


def _check_sorted(indices, times, text) -> None:
    later = np.diff(times)
    same_time_lower = (later == 0) & (np.diff(indices) < 0)
    if np.any(later < 0) or np.any(same_time_lower):
        raise ValueError(f"{text}: sorted=True, but the spikes are not "
                         f"sorted by time, then neuron index")


def _check_one_per_step(steps, indices, times, dt, text) -> None:
    repeated = np.flatnonzero((np.diff(steps) == 0) &
                              (np.diff(indices) == 0))
    if repeated.size:
        k = repeated[0]
        raise ValueError(
            f"{text}: neuron {indices[k]} spikes twice in time step "
            f"{steps[k]} (at {float(times[k])!r} s and "
            f"{float(times[k + 1])!r} s, with dt = {dt!r} s); a neuron can "
            f"spike at most once per time step")
