"""The compiled backend: IR kernels printed as Python loops, compiled by
Numba.

Entry points: :class:`NumbaBackend` (``prepare(operations, arrays, rng,
functions)`` gives a runner with ``step(ticking)``, like the NumPy
backend's) and :func:`generate_kernel_source` (the source of one kernel,
also ``NumbaBackend().generated_source(kernel, arrays)``).

How a kernel runs
-----------------
1. :mod:`~ranvier.backends.numba.codegen` prints the kernel as a Python
   function with an explicit loop over its domain
   (:mod:`~ranvier.backends.numba.domains`), from the trees only
   (:mod:`~ranvier.backends.numba.exprgen`): no user string is pasted.
   Casts follow NumPy's own loop resolution, so the result is the NumPy
   backend's, bitwise, for deterministic code (transcendental functions
   may differ by an ulp where NumPy uses SIMD code).
2. :mod:`~ranvier.backends.numba.compiler` writes the source into the
   cache folder (``$RANVIER_CACHE_DIR/numba``, default
   ``~/.cache/ranvier/numba``) as ``ranvier_kernel_<hash>.py``, the hash
   covering the source, the Numba and ranvier versions, the helpers and
   any user function's code; it imports the module by name and compiles
   it with ``numba.njit(cache=True)``, so later processes load the
   machine code from Numba's cache next to it.
3. :mod:`~ranvier.backends.numba.runner` calls the compiled functions in
   schedule order. Record buffers are grown by the runner before a call
   (to the most rows the step can produce); the function writes the rows
   and returns how many, and the runner advances the buffer's length.

Random numbers come from Numba's generator, seeded at ``prepare`` from
the caller's ``numpy.random.Generator``: seeded runs repeat exactly, but
the streams differ from the NumPy backend's.

Functions other than the built-ins need a Numba implementation
(``FunctionSpec.numba_implementation``); a kernel calling one that has
none runs on the NumPy backend, with a :class:`NumbaFallbackWarning`
(``NumbaBackend(fallback=False)`` refuses it instead).

Limitations: float16 and unsigned integer values are refused; compiled
code does not check indices (the runner checks array sizes before
compiling, and user function implementations are compiled with bounds
checks).
"""

from ranvier.backends.numba.codegen import (KernelSource,
                                            generate_kernel_source,
                                            plan_kernel)
from ranvier.backends.numba.compiler import cache_dir
from ranvier.backends.numba.runner import (NumbaBackend,
                                           NumbaFallbackWarning, NumbaRunner)

__all__ = ["NumbaBackend", "NumbaRunner", "NumbaFallbackWarning",
           "generate_kernel_source", "plan_kernel", "KernelSource",
           "cache_dir"]
