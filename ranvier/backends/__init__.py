"""Backends: turn IR kernels into work on the simulation state.

``get_backend(name)`` returns an object with ``prepare(operations,
arrays)``, which gives a runner whose ``step(ticking)`` runs, in schedule
order, the operations whose clock ticks now.
"""

from __future__ import annotations

from ranvier.backends.numpy.runner import NumpyBackend

try:
    from ranvier.backends.numba import NumbaBackend
except ImportError as _numba_error:    # numba missing or incompatible
    NumbaBackend = None
    _NUMBA_PROBLEM = str(_numba_error)

__all__ = ["get_backend", "BACKENDS"]

BACKENDS = {"numpy": NumpyBackend}
if NumbaBackend is not None:
    BACKENDS["numba"] = NumbaBackend


def get_backend(name: str):
    """The backend called ``name`` ('numpy' or 'numba')."""
    if name == "numba" and NumbaBackend is None:
        raise ImportError(f"the Numba backend needs numba, which cannot be "
                          f"imported ({_NUMBA_PROBLEM}); set "
                          f"prefs.codegen.target = 'numpy'")
    try:
        return BACKENDS[name]()
    except KeyError:
        raise ValueError(f"unknown backend {name!r}; available: "
                         f"{', '.join(BACKENDS)}") from None
