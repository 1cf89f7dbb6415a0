"""Backends: turn IR kernels into work on the simulation state.

``get_backend(name)`` returns an object with ``prepare(operations,
arrays)``, which gives a runner whose ``step(ticking)`` runs, in schedule
order, the operations whose clock ticks now.
"""

from __future__ import annotations

from ranvier.backends.numpy.runner import NumpyBackend

__all__ = ["get_backend", "BACKENDS"]

BACKENDS = {"numpy": NumpyBackend}


def get_backend(name: str):
    """The backend called ``name`` ('numpy'; 'numba' once it is built)."""
    if name == "numba":
        raise NotImplementedError(
            "the compiled (Numba) backend is not built yet; set "
            "prefs.codegen.target = 'numpy'")
    try:
        return BACKENDS[name]()
    except KeyError:
        raise ValueError(f"unknown backend {name!r}; available: "
                         f"{', '.join(BACKENDS)}") from None
