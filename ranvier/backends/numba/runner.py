"""The Numba backend's run loop: one compiled function per kernel.

Stage 1 of the compiled backend: every kernel is compiled on its own and
called from a Python loop over the schedule, as the NumPy backend does.
(Stage 2 fuses the loop over steps and operations into one function.)

Random numbers come from Numba's own generator, seeded at :meth:`prepare`
from the ``numpy.random.Generator`` the caller passes, so a seeded run
repeats exactly; the streams differ from the NumPy backend's, so the two
agree only statistically for random code.
"""

from __future__ import annotations

import warnings
from typing import Mapping

import numba
import numpy as np

from ranvier.backends.numba import helpers
from ranvier.backends.numba.codegen import KernelSource, plan_kernel
from ranvier.backends.numba.compiler import compile_source, module_path
from ranvier.backends.numba.userfuncs import UnsupportedFunctionError
from ranvier.backends.numpy.kernels import domain_elements, run_kernel
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

    def arguments(self, arrays: Mapping) -> list:
        args = [arrays[name] for name in self.plan.arrays]
        args.extend(self.plan.constants)
        args.extend(self.plan.data)
        return args

    def __call__(self, arrays: Mapping) -> None:
        args = self.arguments(arrays)
        if self.record is None:
            self.function(*args)
            return
        buffer = arrays[self.record.buffer]
        # The compiled code cannot grow the buffer: make room for as many
        # rows as this step can produce, then count the rows it wrote.
        buffer.reserve(self._max_rows(arrays, buffer))
        args.append(buffer.length)
        args.extend(buffer.columns[c] for c in self.plan.record_columns)
        buffer.length += self.function(*args)

    def _max_rows(self, arrays: Mapping, buffer: RecordBuffer) -> int:
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
            raise RuntimeError(
                f"Numba could not compile kernel {self.kernel.name!r}; the "
                f"generated source is in {module_path(self.plan.source)}"
            ) from err


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
        if acc.kind == "indirect" and len(arrays[acc.via]) < top:
            raise ValueError(f"kernel {kernel.name!r}: index array "
                             f"{acc.via!r} has {len(arrays[acc.via])} "
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
    """Runs scheduled operations with compiled kernels, step by step.

    Parameters are those of :class:`ranvier.backends.numpy.NumpyRunner`,
    and ``fallback``: run a kernel that calls Python-only functions with
    the NumPy backend (warning once per kernel) instead of refusing it.
    """

    def __init__(self, operations, arrays: Mapping, rng: np.random.Generator,
                 functions: Mapping = DEFAULT_FUNCTIONS,
                 fallback: bool = True):
        self.operations = list(operations)
        self.arrays = arrays
        self.functions = functions
        self.compiled = {}          # id(op) -> compiled kernel
        self.interpreted = {}       # id(op) -> kernel run by NumPy
        self.dtypes = array_dtypes(arrays)
        for op in self.operations:
            if op.kernel is None:
                continue
            try:
                self.compiled[id(op)] = self._compile(op.kernel)
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

    def _compile(self, kernel: Kernel) -> _CompiledKernel:
        _check_bounds(kernel, self.arrays)
        plan = plan_kernel(kernel, self.dtypes, self.functions)
        compiled = _CompiledKernel(kernel, plan, compile_source(
            plan.source, plan.function, plan.bindings))
        compiled.compile_now(self.arrays)
        return compiled

    def step(self, ticking: set) -> None:
        """Run, in order, the operations whose clock (by ``id``) ticks."""
        arrays = self.arrays
        for op in self.operations:
            if id(op.clock) not in ticking:
                continue
            if op.kernel is not None:
                self._calls[id(op)](arrays)
            else:
                op.callable()



class NumbaBackend:
    """Kernels compiled to machine code with Numba, one function each."""

    name = "numba"

    def __init__(self, fallback: bool = True):
        self.fallback = fallback
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
                             self.fallback)
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
