"""The NumPy backend's run loop: one Python call per operation and step."""

from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from ranvier.backends.numpy.kernels import run_kernel
from ranvier.backends.plan import RunPlan, run_stepwise
from ranvier.lang.functions import DEFAULT_FUNCTIONS

__all__ = ["NumpyBackend", "NumpyRunner"]


class NumpyRunner:
    """Runs scheduled operations on the state arrays, one step at a time.

    Parameters
    ----------
    operations : sequence
        In schedule order; each has ``clock``, and either ``kernel`` or
        ``callable`` (called with no arguments).
    arrays : mapping of str to array
        The simulation state.
    rng : numpy.random.Generator
    functions : mapping of str to FunctionSpec
    """

    def __init__(self, operations, arrays: Mapping, rng: np.random.Generator,
                 functions: Mapping = DEFAULT_FUNCTIONS):
        self.operations = list(operations)
        self.arrays = arrays
        self.rng = rng
        self.functions = functions

    def run(self, plan: RunPlan, reporter,
            should_stop: Callable[[], bool]) -> None:
        """Advance ``plan`` to its end, or until ``should_stop()`` is true
        after a step; ``reporter.update(now)`` is called after each step."""
        run_stepwise(plan, self.operations, self._run_operation, reporter,
                     should_stop)

    def step(self, ticking: set) -> None:
        """Run, in order, the operations whose clock (by ``id``) ticks."""
        for op in self.operations:
            if id(op.clock) in ticking:
                self._run_operation(op)

    def run_operation(self, op) -> None:
        """Run one operation now (a caller that drives the steps itself,
        such as a profiled run, calls this)."""
        if op.kernel is not None:
            run_kernel(op.kernel, self.arrays, self.rng, self.functions)
        else:
            op.callable()

    _run_operation = run_operation


class NumpyBackend:
    """Vectorised NumPy execution of kernels: the reference backend."""

    name = "numpy"

    def prepare(self, operations, arrays, rng, functions=DEFAULT_FUNCTIONS):
        """A :class:`NumpyRunner` for ``operations`` on ``arrays``."""
        return NumpyRunner(operations, arrays, rng, functions)

    def generated_source(self, kernel, arrays: Mapping | None = None,
                         functions: Mapping = DEFAULT_FUNCTIONS) -> str:
        """The NumPy backend interprets trees and generates no source."""
        return "(interpreted by the NumPy backend: no generated source)"
