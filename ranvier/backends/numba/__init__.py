"""The compiled backend: IR kernels printed as Python loops, compiled by
Numba.

Public entry points: :class:`NumbaBackend` (``prepare`` gives a runner
with ``step``, like the NumPy backend) and :func:`generate_kernel_source`
(the source of one kernel, for inspection).
"""

from ranvier.backends.numba.codegen import (KernelSource,
                                            generate_kernel_source,
                                            plan_kernel)
from ranvier.backends.numba.compiler import cache_dir
from ranvier.backends.numba.runner import NumbaBackend, NumbaRunner

__all__ = ["NumbaBackend", "NumbaRunner", "generate_kernel_source",
           "plan_kernel", "KernelSource", "cache_dir"]
