"""The steps of a run: which clocks tick when, for every backend.

A network hands its runner a :class:`RunPlan`: its clocks, each with
its time step, the step it is at and the step it stops before. The
runner advances the plan to the end (``runner.run(plan, reporter,
should_stop)``); how it does so is its own business (a Python loop for
the NumPy backend, compiled chunks of steps for Numba), but the steps
are the ones :meth:`RunPlan.begin_step` defines:

- the clocks that have steps left are *pending*; the current time
  ``now`` is the smallest ``step * dt`` among them;
- a pending clock *ticks* when its time is within ``1e-9 *
  max(dt, |now|)`` of ``now`` (so clocks whose steps fall on the same
  instant run in the same step despite rounding);
- the ticking clocks' ``t`` and ``dt`` arrays are set, the operations of
  ticking clocks run in schedule order, and the ticking clocks advance
  one step.

The state lives in NumPy arrays (``step``, ``ticking``, ``time``) so
compiled code can advance it in place; :meth:`RunPlan.sync` copies it
back to the clock objects, which Python code reads.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

__all__ = ["RunPlan", "TIE_TOLERANCE", "run_stepwise"]

#: Relative distance below which two clocks' times count as one instant.
TIE_TOLERANCE = 1e-9


class RunPlan:
    """The clocks of one run and how far each has to go.

    Parameters
    ----------
    clocks : sequence of Clock
        Distinct clocks (``dt_``, ``timestep``, ``name`` and
        ``state_arrays()`` are used), each at the first step of the run.
    ends : sequence of int
        For each clock, the step it stops before.

    Attributes
    ----------
    clocks : tuple of Clock
    dt : numpy.ndarray of float64
        Each clock's time step in seconds.
    step : numpy.ndarray of int64
        Each clock's current step: the one running, or the next to run.
    end : numpy.ndarray of int64
    ticking : numpy.ndarray of bool
        Which clocks tick in the current step.
    time : numpy.ndarray of float64
        One element: the time of the current (or latest) step.
    time_arrays : tuple of (str, str)
        The names of each clock's ``t`` and ``dt`` arrays, as kernels
        read them from the state.
    """

    def __init__(self, clocks: Sequence, ends: Sequence[int]):
        self.clocks = tuple(clocks)
        if len(ends) != len(self.clocks):
            raise ValueError("a run plan needs one end step per clock")
        self.dt = np.array([c.dt_ for c in self.clocks], dtype=np.float64)
        self.step = np.array([c.timestep for c in self.clocks],
                             dtype=np.int64)
        self.end = np.array(ends, dtype=np.int64)
        self.ticking = np.zeros(len(self.clocks), dtype=np.bool_)
        self.time = np.full(1, np.nan)     # no step yet
        self._arrays = [c.state_arrays() for c in self.clocks]
        self.time_arrays = tuple(
            (f"{c.name}.t", f"{c.name}.dt") for c in self.clocks)
        self._index = {id(c): k for k, c in enumerate(self.clocks)}

    def index(self, clock) -> int:
        """The position of ``clock`` in :attr:`clocks`."""
        try:
            return self._index[id(clock)]
        except KeyError:
            raise ValueError(f"{clock!r} is not a clock of this run "
                             f"plan") from None

    @property
    def now(self) -> float:
        """The time of the current (or latest) step, in seconds."""
        return float(self.time[0])

    @property
    def started(self) -> bool:
        """Whether a step has begun."""
        return not np.isnan(self.time[0])

    def begin_step(self) -> bool:
        """Find the clocks that tick now and set their time arrays.

        Returns False, changing nothing, when no clock has steps left.
        """
        step, dt = self.step, self.dt
        pending = [k for k in range(len(step)) if step[k] < self.end[k]]
        if not pending:
            return False
        # Python floats, as the compiled driver computes them: step * dt
        # of an int64 and a float64 is one rounding, in either language.
        times = {k: int(step[k]) * float(dt[k]) for k in pending}
        now = min(times.values())
        self.ticking[:] = False
        for k in pending:
            if abs(times[k] - now) <= TIE_TOLERANCE * max(float(dt[k]),
                                                          abs(now)):
                self.ticking[k] = True
                arrays = self._arrays[k]
                arrays[self.time_arrays[k][0]][0] = times[k]
                arrays[self.time_arrays[k][1]][0] = dt[k]
        self.time[0] = now
        self.sync()
        return True

    def end_step(self) -> None:
        """Advance the ticking clocks by one step."""
        self.step += self.ticking
        self.sync()

    def sync(self) -> None:
        """Copy the current steps to the clock objects."""
        for clock, step in zip(self.clocks, self.step.tolist()):
            clock.timestep = step

    def finished(self) -> bool:
        """Whether every clock has reached its end."""
        return bool(np.all(self.step >= self.end))

    def stop_time(self) -> float:
        """The earliest time a clock is at: where a stopped run ends."""
        return min(int(s) * float(d) for s, d in zip(self.step, self.dt))


def run_stepwise(plan: RunPlan, operations: Sequence,
                 run_operation: Callable, reporter,
                 should_stop: Callable[[], bool]) -> None:
    """Advance ``plan`` one step at a time in Python.

    Parameters
    ----------
    plan : RunPlan
    operations : sequence
        In schedule order, each with a ``clock`` of the plan.
    run_operation : callable
        Called with an operation to run it.
    reporter : object with ``update(now)``
        Told the time after every step.
    should_stop : callable
        Asked after every step; True ends the run there.
    """
    clock_of = [plan.index(op.clock) for op in operations]
    ticking = plan.ticking
    while plan.begin_step():
        for op, clock in zip(operations, clock_of):
            if ticking[clock]:
                run_operation(op)
        plan.end_step()
        reporter.update(plan.now)
        if should_stop():
            return
