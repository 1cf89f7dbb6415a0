"""The compiled backend: IR kernels printed as Python loops, compiled by
Numba, called from a fused run loop.

Entry points: :class:`NumbaBackend` (``prepare(operations, arrays, rng,
functions)`` gives a runner with ``run(plan, reporter, should_stop)``,
like the NumPy backend's) and :func:`generate_kernel_source` (the source
of one kernel, also ``NumbaBackend().generated_source(kernel, arrays)``).

How a run goes
--------------
1. :mod:`~ranvier.backends.numba.codegen` prints each kernel as a Python
   function with an explicit loop over its domain
   (:mod:`~ranvier.backends.numba.domains`), from the trees only
   (:mod:`~ranvier.backends.numba.exprgen`): no user string is pasted.
   Casts follow NumPy's own loop resolution, so the result is the NumPy
   backend's, bitwise, for deterministic code (transcendental functions
   may differ by an ulp where NumPy uses SIMD code). Identifiers come
   from the model's structure, not its objects' names, so networks that
   differ only in names share compiled code.
2. :mod:`~ranvier.backends.numba.driver` prints the schedule's *driver*:
   one function that runs many time steps (clock selection, the kernels
   in schedule order) and returns to Python only for Python operations,
   full record buffers, the end of a chunk of steps (progress reports,
   ``stop()``) and the end of the run.
   :mod:`~ranvier.backends.numba.fused` is the Python side of that
   protocol; ``NumbaBackend(fused=False)`` calls the kernels from a
   Python loop instead (same results, bitwise).
3. :mod:`~ranvier.backends.numba.compiler` writes each generated module
   into the cache folder (``$RANVIER_CACHE_DIR/numba``, default
   ``~/.cache/ranvier/numba``) as ``ranvier_kernel_<hash>.py``, the hash
   covering the source, the Numba and ranvier versions, the helpers and
   the code of whatever the module calls; it imports the module by name
   and compiles it with ``numba.njit(cache=True)``, so later processes
   load the machine code from Numba's cache next to it. Files appear
   atomically, so processes may share the folder. A driver found in the
   cache is loaded without compiling its kernels.
4. :mod:`~ranvier.backends.numba.runner` checks and prints the kernels at
   ``prepare``; compiled code does not grow record buffers: the driver
   returns when one could overflow, Python grows it (for the rest of the
   chunk when every step records alike) and the driver resumes.

Random numbers come from Numba's generator, seeded at ``prepare`` from
the caller's ``numpy.random.Generator``: seeded runs repeat exactly, but
the streams differ from the NumPy backend's.

Functions other than the built-ins need a Numba implementation
(``FunctionSpec.numba_implementation``); a kernel calling one that has
none runs on the NumPy backend, with a :class:`NumbaFallbackWarning`
(``NumbaBackend(fallback=False)`` refuses it instead), as a Python
operation of the fused loop.

Limitations: float16 and unsigned integer values are refused; compiled
code does not check indices (the runner checks array sizes before
compiling, and user function implementations are compiled with bounds
checks; an error raised in compiled code names the kernel it came from).
Numba itself is imported only when this package is (``get_backend``
does so on first use).
"""

from ranvier.backends.numba.codegen import (KernelSource,
                                            generate_kernel_source,
                                            plan_kernel)
from ranvier.backends.numba.compiler import cache_dir
from ranvier.backends.numba.driver import DriverSource, generate_driver
from ranvier.backends.numba.fused import FusedLoop
from ranvier.backends.numba.runner import (NumbaBackend,
                                           NumbaFallbackWarning, NumbaRunner)

__all__ = ["NumbaBackend", "NumbaRunner", "NumbaFallbackWarning",
           "generate_kernel_source", "plan_kernel", "KernelSource",
           "cache_dir", "generate_driver", "DriverSource", "FusedLoop"]
