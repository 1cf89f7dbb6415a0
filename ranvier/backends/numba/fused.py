"""The Python side of the fused run loop.

:class:`FusedLoop` compiles a schedule's driver (see
:mod:`ranvier.backends.numba.driver`) and calls it in chunks of steps,
doing between calls what only Python can: run Python operations, grow
record buffers, report progress, and stop when asked. A chunk lasts
about :data:`CHUNK_SECONDS` of wall time (its number of steps is
adjusted after each one), so reports and ``stop()`` requests made from
outside the loop are honoured that often; a ``stop()`` from a Python
operation ends the run after the step in progress, as with the NumPy
backend.
"""

from __future__ import annotations

import time
from typing import Callable, Mapping

import numba
import numpy as np

from ranvier.backends.numba.compiler import compile_source, module_path
from ranvier.backends.numba.driver import (BUDGET, CHUNK_END, CONTROL_SIZE,
                                           CURRENT, DONE, NEED_ROOM, OP,
                                           RUN_END, DriverOp,
                                           generate_driver)
from ranvier.backends.plan import RunPlan

__all__ = ["FusedLoop", "fusable", "CHUNK_SECONDS", "FIRST_CHUNK", "MAX_CHUNK"]

#: Wall time a chunk of steps aims at.
CHUNK_SECONDS = 0.1
#: Steps in the first chunk, before the speed is known.
FIRST_CHUNK = 16
#: The most steps in one chunk.
MAX_CHUNK = 1 << 24

_SIZED_DOMAINS = ("once", "range", "indices")


class FusedLoop:
    """A schedule's compiled driver, and the loop that calls it.

    Parameters
    ----------
    operations : sequence
        The schedule, in order; each has ``clock``.
    kernels : sequence
        For each operation, its compiled kernel if the driver calls it,
        else None (the operation runs in Python).
    run_in_python : callable
        Runs an operation in Python.
    plan : RunPlan
    arrays : mapping
        The simulation state.
    """

    def __init__(self, operations, kernels, run_in_python: Callable,
                 plan: RunPlan, arrays: Mapping):
        self.operations = list(operations)
        self.kernels = list(kernels)
        self.run_in_python = run_in_python
        self.arrays = arrays
        ops = [DriverOp(plan.index(op.clock), kernel)
               for op, kernel in zip(self.operations, self.kernels)]
        self.driver = generate_driver(ops, plan.time_arrays)
        self.function = compile_source(self.driver.source,
                                       self.driver.function,
                                       self.driver.bindings)
        self.control = np.zeros(CONTROL_SIZE, dtype=np.int64)
        self.lengths = np.zeros(len(self.driver.buffers), dtype=np.int64)
        self._buffers = [arrays[name] for name in self.driver.buffers]
        self._args, self._columns = self._argument_template(plan)
        self._compile()

    @property
    def source(self) -> str:
        """The driver's generated source."""
        return self.driver.source

    # -- arguments ------------------------------------------------------------
    def _argument_template(self, plan: RunPlan):
        controls = {"ctrl": self.control, "steps": plan.step,
                    "ends": plan.end, "dts": plan.dt,
                    "ticking": plan.ticking, "now": plan.time,
                    "lengths": self.lengths}
        args, columns = [], []
        for position, origin in enumerate(self.driver.params):
            kind = origin[0]
            if kind == "control":
                args.append(controls[origin[1]])
            elif kind == "array":
                args.append(self.arrays[origin[1]])
            elif kind == "value":
                args.append(origin[1])
            else:
                args.append(None)
                columns.append((position, origin[1], origin[2]))
        return args, columns

    def _arguments(self) -> list:
        args = self._args
        for position, buffer, column in self._columns:
            # Growing a buffer replaces its columns: fetch them each call.
            args[position] = self.arrays[buffer].columns[column]
        return args

    def _compile(self) -> None:
        """Compile the driver (or load it from the cache) now, so that
        errors name the kernel that fails."""
        signature = tuple(numba.typeof(a) for a in self._arguments())
        try:
            self.function.compile(signature)
        except numba.core.errors.NumbaError as err:
            for kernel in self.kernels:
                if kernel is not None:
                    kernel.compile_now(self.arrays)   # raises for it
            path = module_path(self.driver.source, self.driver.bindings)
            raise RuntimeError(f"Numba could not compile the run loop; its "
                               f"generated source is in {path}") from err

    # -- running ------------------------------------------------------------
    def run(self, plan: RunPlan, reporter,
            should_stop: Callable[[], bool]) -> None:
        """Advance ``plan`` to its end, or until ``should_stop()`` holds
        at the end of a chunk or after a Python operation's step."""
        control = self.control
        control[:] = 0
        budget = left = FIRST_CHUNK
        started, ran = time.perf_counter(), 0
        while True:
            control[BUDGET] = left
            code = self._call(plan)
            left -= int(control[DONE])
            ran += int(control[DONE])
            if code == RUN_END:
                reporter.update(plan.now)
                return
            if code == CHUNK_END:
                reporter.update(plan.now)
                if should_stop():
                    return
                now = time.perf_counter()
                budget = left = _next_budget(budget, ran, now - started)
                started, ran = now, 0
            elif code == NEED_ROOM:
                self._make_room(int(control[OP]), plan, left)
            else:
                self.run_in_python(self.operations[int(control[OP])])
                if should_stop():
                    left = 1        # finish this step, then return

    def _call(self, plan: RunPlan) -> int:
        for buffer, k in zip(self._buffers, range(len(self.lengths))):
            self.lengths[k] = buffer.length
        try:
            return self.function(*self._arguments())
        except Exception as err:
            named = _named(err, self.kernels[int(self.control[CURRENT])])
            if named is err:
                raise
            raise named from err
        finally:
            for buffer, rows in zip(self._buffers, self.lengths.tolist()):
                buffer.length = rows
            plan.sync()

    def _make_room(self, k: int, plan: RunPlan, left: int) -> None:
        """Grow the buffer kernel ``k`` records into: for this step, and
        for the rest of the chunk when every step records as much."""
        kernel = self.kernels[k]
        buffer = self.arrays[kernel.record.buffer]
        rows = kernel.max_rows(self.arrays, buffer)
        if kernel.kernel.domain.kind in _SIZED_DOMAINS or \
                not kernel.record.per_element:
            clock = plan.index(self.operations[k].clock)
            steps = int(plan.end[clock] - plan.step[clock])
            rows *= max(1, min(left, steps))
        buffer.reserve(rows)


def fusable(kernel) -> bool:
    """Whether the driver can call a compiled kernel itself: it can
    bound the rows a recording kernel writes in a step only for some
    domains (others run through Python, as in stage 1)."""
    record = kernel.kernel.record
    if record is None:
        return True
    kind = kernel.kernel.domain.kind
    if record.per_element:
        return kind in _SIZED_DOMAINS + ("events", "scheduled")
    # A per-step row is as wide as the domain: fixed only for these.
    return kind in _SIZED_DOMAINS


def _next_budget(budget: int, steps: int, elapsed: float) -> int:
    """Steps for the next chunk: about CHUNK_SECONDS at the speed of the
    last one, growing at most eightfold at a time."""
    if steps <= 0:
        return budget
    rate = steps / max(elapsed, 1e-9)
    return int(max(1, min(rate * CHUNK_SECONDS, 8 * budget, MAX_CHUNK)))


def _named(err: Exception, kernel) -> Exception:
    """``err`` with the kernel it came from named (compiled code only
    says what went wrong, not where)."""
    if kernel is None:
        return err
    calls = [name for name, _ in kernel.kernel.functions]
    where = f"in kernel {kernel.kernel.name!r}"
    if calls:
        where += f", which calls {', '.join(calls)}"
    try:
        return type(err)(f"{err} ({where})")
    except Exception:       # an exception type with another signature
        return err
