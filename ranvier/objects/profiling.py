"""Per-operation timing of a run (``run(..., profile=True)``).

A profiled run advances its steps in Python, one operation at a time, so
that each call can be timed: the compiled backend's fused loop, which runs
many steps and operations in one call, cannot say where its time went.
Profiling therefore makes runs slower (much slower for small models on
the compiled backend), as it does in Brian 2; the times it reports are
those of the step-by-step loop, in which each compiled kernel still runs
as compiled code.
"""

from __future__ import annotations

import time
from typing import Callable, Sequence

from ranvier.backends.plan import RunPlan, run_stepwise
from ranvier.units import Quantity, msecond, second

__all__ = ["OperationTimer", "ProfilingSummary", "run_profiled"]


class OperationTimer:
    """Wall-clock seconds spent in each operation, summed by name.

    Operations sharing a name (Brian 2 sums by object name too) share
    one entry.
    """

    def __init__(self):
        self.seconds: dict[str, float] = {}

    def timed(self, run_operation: Callable) -> Callable:
        """``run_operation`` with each call's duration added to the
        operation's entry."""
        seconds, clock = self.seconds, time.perf_counter

        def run_timed(op) -> None:
            start = clock()
            try:
                run_operation(op)
            finally:
                seconds[op.name] = seconds.get(op.name, 0.0) + \
                    (clock() - start)
        return run_timed

    def info(self) -> list[tuple[str, Quantity]]:
        """``(name, time)`` pairs, the most expensive first."""
        pairs = sorted(self.seconds.items(), key=lambda p: p[1],
                       reverse=True)
        return [(name, float(t) * second) for name, t in pairs]


def run_profiled(plan: RunPlan, operations: Sequence, runner, reporter,
                 should_stop: Callable[[], bool]) -> OperationTimer:
    """Advance ``plan`` step by step, timing every operation.

    ``runner`` is a backend's runner: its ``run_operation(op)`` runs one
    operation; a ``compile_kernels()`` method, when it has one, is called
    first, so compilation is not counted as run time.
    """
    compile_kernels = getattr(runner, "compile_kernels", None)
    if compile_kernels is not None:
        compile_kernels()
    timer = OperationTimer()
    run_stepwise(plan, operations, timer.timed(runner.run_operation),
                 reporter, should_stop)
    return timer


#: What the table shows when a profiled run ran no operation at all.
_NOTHING_RUN = "(no operation ran)"


class ProfilingSummary:
    """The table of where a profiled run spent its time.

    Printing it (``print(profiling_summary())``) shows one row per
    operation: its name, its time and its share of the total, the most
    expensive first.

    Parameters
    ----------
    info : list of (str, Quantity)
        A network's ``profiling_info``.
    show : int, optional
        Show only this many rows (the most expensive); all when left out.

    Attributes
    ----------
    names : list of str
    times : list of Quantity
    percentages : list of float
        Each row's share of :attr:`total_time`, in percent.
    total_time : Quantity
        The time of all operations, including rows left out by ``show``.
    time_unit : Unit
        What the table shows times in: ``ms``, or ``second`` when the
        total is above one second.
    """

    def __init__(self, info, show: int | None = None):
        if show is not None and (not isinstance(show, int) or show < 0):
            raise ValueError(f"profiling_summary: show is a number of rows "
                             f"(an int >= 0) or None, got {show!r}")
        info = list(info) or [(_NOTHING_RUN, 0.0 * second)]
        total = sum(float(t / second) for _, t in info)
        self.total_time = total * second
        self.time_unit = second if total > 1.0 else msecond
        rows = info if show is None else info[:show]
        self.names = [name for name, _ in rows]
        self.times = [t for _, t in rows]
        self.percentages = [100.0 * float(t / second) / total if total > 0
                            else 0.0 for t in self.times]

    def _cells(self) -> list[tuple[str, str, str]]:
        unit = self.time_unit
        return [(name, f"{float(t / unit):.2f} {unit}", f"{p:.2f} %")
                for name, t, p in zip(self.names, self.times,
                                      self.percentages)]

    def __str__(self) -> str:
        title = "Profiling summary"
        lines = [title, "=" * len(title)]
        cells = self._cells()
        if cells:
            widths = [max(len(row[k]) for row in cells) for k in range(3)]
            for name, t, p in cells:
                lines.append(f"{name:<{widths[0]}}    {t:>{widths[1]}}    "
                             f"{p:>{widths[2]}}")
        return "\n".join(lines) + "\n"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{name}</td><td style=\"text-align: right\">"
                       f"{t}</td><td style=\"text-align: right\">{p}</td>"
                       f"</tr>\n" for name, t, p in self._cells())
        return (f"<h2>Profiling summary</h2>\n<table>\n{rows}</table>")
