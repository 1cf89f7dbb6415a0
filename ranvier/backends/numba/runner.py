"""The Numba backend's runner: compiled kernels in a fused run loop.

Every kernel is printed and compiled on its own
(:mod:`~ranvier.backends.numba.codegen`); a run calls them from one
compiled driver per schedule (:mod:`~ranvier.backends.numba.fused`),
returning to Python only for what needs it. ``NumbaBackend(fused=False)``
calls the kernels from a Python loop instead, one step at a time, as the
NumPy backend does (the two give the same results, bitwise).

Kernels are compiled (or loaded from the disk cache) when first needed:
by the driver's compilation, or by the first call of the Python loop.
When the driver is found in the cache, the kernels are not compiled at
all.

Random numbers come from Numba's own generator, seeded at :meth:`prepare`
from the ``numpy.random.Generator`` the caller passes, so a seeded run
repeats exactly; the streams differ from the NumPy backend's, so the two
agree only statistically for random code.
"""

from __future__ import annotations

import warnings
from typing import Callable, Mapping

import numba
import numpy as np

from ranvier.backends.numba import helpers
from ranvier.backends.numba.codegen import KernelSource, plan_kernel
from ranvier.backends.numba.compiler import (compile_source, module_key,
                                             module_path)
from ranvier.backends.numba.fused import FusedLoop, fusable
from ranvier.backends.numba.userfuncs import UnsupportedFunctionError
from ranvier.backends.numpy.kernels import domain_elements, run_kernel
from ranvier.backends.plan import RunPlan, run_stepwise
from ranvier.ir.buffers import RecordBuffer
from ranvier.ir.kernel import Kernel
from ranvier.lang.functions import DEFAULT_FUNCTIONS

__all__ = ["NumbaBackend", "NumbaRunner", "NumbaFallbackWarning",
           "array_dtypes"]


class NumbaFallbackWarning(UserWarning):
    """A kernel runs on the NumPy backend because it cannot be compiled
    (it calls a function that has only a Python implementation)."""


def array_dtypes(arrays: Mapping) -> dict:
    """The dtypes :func:`generate_kernel_source` needs, read from state."""
    dtypes = {}
    for name, value in arrays.items():
        if isinstance(value, RecordBuffer):
            dtypes[name] = {column: (data.dtype, data.shape[1]
                                     if data.ndim == 2 else 0)
                            for column, data in value.columns.items()}
        else:
            dtypes[name] = np.asarray(value).dtype
    return dtypes


class _CompiledKernel:
    """A kernel's compiled function and where its arguments come from."""

    def __init__(self, kernel: Kernel, plan: KernelSource, function):
        self.kernel = kernel
        self.plan = plan
        self.function = function
        self.record = kernel.record
        #: Identifies the compiled function (the key of its module).
        self.digest = module_key(plan.source, plan.bindings)
        self.ready = False

    def arguments(self, arrays: Mapping) -> list:
        args = [arrays[name] for name in self.plan.arrays]
        args.extend(self.plan.constants)
        args.extend(self.plan.data)
        return args

    def __call__(self, arrays: Mapping) -> None:
        if not self.ready:
            self.compile_now(arrays)
        args = self.arguments(arrays)
        if self.record is None:
            self.function(*args)
            return
        buffer = arrays[self.record.buffer]
        # The compiled code cannot grow the buffer: make room for as many
        # rows as this step can produce, then count the rows it wrote.
        buffer.reserve(self.max_rows(arrays, buffer))
        args.append(buffer.length)
        args.extend(buffer.columns[c] for c in self.plan.record_columns)
        buffer.length += self.function(*args)

    def max_rows(self, arrays: Mapping, buffer: RecordBuffer) -> int:
        """The most rows the kernel can record in this step."""
        domain = self.kernel.domain
        if not self.record.per_element:
            _check_width(self.kernel, arrays, buffer)
            return 1
        if domain.kind == "once":
            return 1
        if domain.kind == "range":
            return max(domain.stop - domain.start, 0)
        if domain.kind in ("indices", "scheduled"):
            return len(arrays[domain.events])
        if domain.kind == "events":
            return int(arrays[domain.events][-1])
        return len(domain_elements(self.kernel, arrays))

    def compile_now(self, arrays: Mapping) -> None:
        """Compile (or load from the cache) for the arrays' types."""
        args = self.arguments(arrays)
        if self.record is not None:
            buffer = arrays[self.record.buffer]
            args.append(buffer.length)
            args.extend(buffer.columns[c] for c in self.plan.record_columns)
        signature = tuple(numba.typeof(a) for a in args)
        try:
            self.function.compile(signature)
        except numba.core.errors.NumbaError as err:
            path = module_path(self.plan.source, self.plan.bindings)
            raise RuntimeError(
                f"Numba could not compile kernel {self.kernel.name!r}; the "
                f"generated source is in {path}") from err
        self.ready = True


def _check_width(kernel: Kernel, arrays: Mapping, buffer) -> None:
    """A row of a per-step record holds one value per element."""
    elements = domain_elements(kernel, arrays)
    size = 1 if elements is None else len(elements)
    for column in buffer.columns.values():
        if column.ndim == 2 and column.shape[1] != size and size:
            raise ValueError(f"kernel {kernel.name!r} records {size} "
                             f"values per row into a column of width "
                             f"{column.shape[1]}")


def _check_bounds(kernel: Kernel, arrays: Mapping) -> None:
    """Refuse arrays too short for the domain: compiled code does not
    check indices, so a mistake would corrupt memory instead of raising.
    (Only the domain kinds whose extent is known before running.)"""
    domain = kernel.domain
    if domain.kind in ("range", "events"):
        top = domain.stop
    elif domain.kind == "indices":
        index = np.asarray(arrays[domain.events])
        top = int(index.max()) + 1 if index.size else 0
    else:
        return
    for acc in kernel.accesses:
        if acc.kind == "element" and len(arrays[acc.array]) < top:
            raise ValueError(f"kernel {kernel.name!r}: array {acc.array!r} "
                             f"has {len(arrays[acc.array])} elements, the "
                             f"domain needs {top}")
        first = acc.chain[0] if acc.chain else None
        if first is not None and len(arrays[first]) < top:
            raise ValueError(f"kernel {kernel.name!r}: index array "
                             f"{first!r} has {len(arrays[first])} "
                             f"elements, the domain needs {top}")
    if kernel.events_out is not None and domain.kind == "range" and \
            len(arrays[kernel.events_out]) - 1 < domain.stop - domain.start:
        raise ValueError(f"kernel {kernel.name!r}: event buffer "
                         f"{kernel.events_out!r} is too short")


class _InterpretedKernel:
    """A kernel the NumPy backend runs, for want of a compiled version."""

    def __init__(self, kernel: Kernel, rng, functions):
        self.kernel, self.rng, self.functions = kernel, rng, functions

    def __call__(self, arrays: Mapping) -> None:
        run_kernel(self.kernel, arrays, self.rng, self.functions)


class NumbaRunner:
    """Runs scheduled operations with compiled kernels.

    Parameters are those of :class:`ranvier.backends.numpy.NumpyRunner`,
    and:

    fallback : bool
        Run a kernel that calls Python-only functions with the NumPy
        backend (warning once per kernel) instead of refusing it.
    fused : bool
        Advance runs in the compiled driver (True) or in a Python loop
        over steps.
    """

    def __init__(self, operations, arrays: Mapping, rng: np.random.Generator,
                 functions: Mapping = DEFAULT_FUNCTIONS,
                 fallback: bool = True, fused: bool = True):
        self.operations = list(operations)
        self.arrays = arrays
        self.functions = functions
        self.fused = fused
        self.compiled = {}          # id(op) -> compiled kernel
        self.interpreted = {}       # id(op) -> kernel run by NumPy
        self.dtypes = array_dtypes(arrays)
        #: The fused loop of the latest run (None before, or unfused).
        self.loop: FusedLoop | None = None
        for op in self.operations:
            if op.kernel is None:
                continue
            try:
                self.compiled[id(op)] = self._plan(op.kernel)
            except UnsupportedFunctionError as err:
                if not fallback:
                    raise
                warnings.warn(f"kernel {op.kernel.name!r} runs on the NumPy "
                              f"backend: {err}", NumbaFallbackWarning,
                              stacklevel=3)
                self.interpreted[id(op)] = _InterpretedKernel(
                    op.kernel, rng, functions)
        # One seed drawn from the caller's generator makes runs repeatable.
        helpers.seed(int(rng.integers(0, 2**32)))
        self._calls = {**self.compiled, **self.interpreted}

    def _plan(self, kernel: Kernel) -> _CompiledKernel:
        """Check and print the kernel; it is compiled when first needed."""
        _check_bounds(kernel, self.arrays)
        plan = plan_kernel(kernel, self.dtypes, self.functions)
        compiled = _CompiledKernel(kernel, plan, compile_source(
            plan.source, plan.function, plan.bindings))
        record = kernel.record
        if record is not None and not record.per_element and \
                fusable(compiled):
            # Fixed-width rows: checked once here, not at every step.
            _check_width(kernel, self.arrays, self.arrays[record.buffer])
        return compiled

    def run(self, plan: RunPlan, reporter,
            should_stop: Callable[[], bool]) -> None:
        """Advance ``plan`` to its end, or until ``should_stop()``.

        In the fused loop, ``reporter.update(now)`` and ``should_stop()``
        are called at the end of each chunk of steps (about a tenth of a
        second of work) and ``should_stop()`` also after each Python
        operation; a stop ends the run after the step in progress.
        """
        kernels = [self._driver_kernel(op) for op in self.operations]
        if not self.fused or not any(k is not None for k in kernels):
            run_stepwise(plan, self.operations, self._run_operation,
                         reporter, should_stop)
            return
        self.loop = FusedLoop(self.operations, kernels, self._run_operation,
                              plan, self.arrays)
        self.loop.run(plan, reporter, should_stop)

    def _driver_kernel(self, op):
        kernel = self.compiled.get(id(op))
        return kernel if kernel is not None and fusable(kernel) else None

    def step(self, ticking: set) -> None:
        """Run, in order, the operations whose clock (by ``id``) ticks."""
        for op in self.operations:
            if id(op.clock) in ticking:
                self._run_operation(op)

    def run_operation(self, op) -> None:
        """Run one operation now (a caller that drives the steps itself,
        such as a profiled run, calls this); a kernel is compiled on its
        first call."""
        if op.kernel is not None:
            self._calls[id(op)](self.arrays)
        else:
            op.callable()

    _run_operation = run_operation

    def compile_kernels(self) -> None:
        """Compile (or load from the cache) every kernel not compiled
        yet, so that timing :meth:`run_operation` does not count it."""
        for kernel in self.compiled.values():
            if not kernel.ready:
                kernel.compile_now(self.arrays)


class NumbaBackend:
    """Kernels compiled to machine code with Numba, called from a fused,
    compiled run loop.

    Parameters
    ----------
    fallback : bool
        Run kernels calling functions without a Numba implementation on
        the NumPy backend (with a warning) instead of refusing them.
    fused : bool
        Advance runs in one compiled driver per schedule; False calls the
        compiled kernels from a Python loop over steps.
    """

    name = "numba"

    def __init__(self, fallback: bool = True, fused: bool = True):
        self.fallback = fallback
        self.fused = fused
        # id(kernel) -> (kernel, source) of the kernels prepared last; the
        # kernel is kept so its id is not reused.
        self._sources: dict = {}

    def prepare(self, operations, arrays, rng, functions=DEFAULT_FUNCTIONS):
        """Compile the kernels of ``operations`` and return a runner.

        Parameters
        ----------
        operations : sequence
            In schedule order; each has ``clock``, and ``kernel`` or
            ``callable``.
        arrays : mapping of str to array or RecordBuffer
        rng : numpy.random.Generator
            One seed is drawn from it for Numba's generator.
        functions : mapping of str to FunctionSpec
        """
        runner = NumbaRunner(operations, arrays, rng, functions,
                             self.fallback, self.fused)
        for compiled in runner.compiled.values():
            self._sources[id(compiled.kernel)] = (compiled.kernel,
                                                  compiled.plan.source)
        return runner

    def generated_source(self, kernel: Kernel, arrays: Mapping | None = None,
                         functions: Mapping = DEFAULT_FUNCTIONS) -> str:
        """The Python source generated for ``kernel``.

        With ``arrays`` (the state), for those arrays' dtypes; without,
        the source used by the latest :meth:`prepare` that saw ``kernel``
        (the source depends on the dtypes, so it is not known before).
        """
        if arrays is not None:
            return plan_kernel(kernel, array_dtypes(arrays), functions).source
        if id(kernel) in self._sources:
            return self._sources[id(kernel)][1]
        return ("(the Numba backend generates this kernel's source when it "
                "knows the arrays' dtypes: at prepare, or with "
                "generated_source(kernel, arrays))")
