"""Backends: turn IR kernels into work on the simulation state.

A backend's ``prepare(operations, arrays, rng)`` gives a runner whose
``run(plan, reporter, should_stop)`` advances a
:class:`~ranvier.backends.plan.RunPlan` to its end (and whose
``step(ticking)`` runs one step's operations, for tests).

``'numpy'`` interprets kernels with vectorised NumPy (the definition of
what they mean); ``'numba'`` compiles them and fuses the run loop. The
Numba backend is imported on first use, so ``import ranvier`` does not
load Numba.
"""

from __future__ import annotations

from ranvier.backends.numpy.runner import NumpyBackend

__all__ = ["get_backend", "resolve_backend", "BACKEND_NAMES"]

#: The backends ``get_backend`` knows, the reference first.
BACKEND_NAMES = ("numpy", "numba")


def get_backend(name: str):
    """A new instance of the backend called ``name`` ('numpy' or
    'numba')."""
    if name == "numpy":
        return NumpyBackend()
    if name != "numba":
        raise ValueError(f"unknown backend {name!r}; available: "
                         f"{', '.join(BACKEND_NAMES)}")
    try:
        # Deliberately lazy: importing Numba takes a large part of a
        # second, which scripts using the NumPy backend need not pay.
        from ranvier.backends.numba import NumbaBackend
    except ImportError as err:      # numba missing or incompatible
        raise ImportError(f"the Numba backend needs numba, which cannot be "
                          f"imported ({err}); use the 'numpy' backend "
                          f"(prefs.codegen.target = 'numpy')") from err
    return NumbaBackend()


def resolve_backend(choice, default: str):
    """The backend ``choice`` names (a name, a backend object, or None
    for the one called ``default``)."""
    if choice is None:
        return get_backend(default)
    if isinstance(choice, str):
        return get_backend(choice)
    if not hasattr(choice, "prepare"):
        raise TypeError(f"a backend is 'numpy', 'numba' or a backend "
                        f"object with a prepare method, not {choice!r}")
    return choice
