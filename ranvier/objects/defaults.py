"""The one place with process-wide defaults: clock, random seed, prefs.

Brian 2 scripts rely on a default clock, a global seed and a preferences
object. The core objects take all of these explicitly; when a caller
leaves one out, they ask this module, and nothing else in the core keeps
global state.
"""

from __future__ import annotations

import numpy as np

from ranvier.objects.clock import Clock
from ranvier.units import ms

__all__ = ["defaultclock", "seed", "random_generator", "prefs", "Prefs",
           "float_dtype"]

#: The clock of every object created without ``dt=`` or ``clock=``.
defaultclock = Clock(0.1 * ms, name="defaultclock")

_rng = np.random.default_rng()


def seed(value: int | None = None) -> None:
    """Seed the random numbers of all later runs and string initialisations.

    Parameters
    ----------
    value : int or None
        The seed; ``None`` draws fresh entropy from the operating system.
    """
    global _rng
    if value is not None and (not isinstance(value, (int, np.integer))
                              or value < 0):
        raise ValueError(f"seed must be a non-negative integer or None, got "
                         f"{value!r}")
    _rng = np.random.default_rng(value)


def random_generator() -> np.random.Generator:
    """The generator that runs and string initialisations draw from."""
    return _rng


class _Section:
    """One level of the preferences tree, with a fixed set of keys."""

    def __init__(self, path: str, values: dict, validators: dict):
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_values", dict(values))
        object.__setattr__(self, "_validators", validators)

    def __getattr__(self, key):
        values = object.__getattribute__(self, "_values")
        if key in values:
            return values[key]
        raise AttributeError(f"no preference '{self._path}.{key}'; known "
                             f"keys here: {', '.join(sorted(values))}")

    def __setattr__(self, key, value):
        if key not in self._values:
            raise AttributeError(f"no preference '{self._path}.{key}'; known "
                                 f"keys here: {', '.join(sorted(self._values))}")
        if isinstance(self._values[key], _Section):
            raise AttributeError(f"'{self._path}.{key}' is a section, not a "
                                 f"preference")
        check = self._validators.get(key)
        self._values[key] = check(value) if check else value

    def __getitem__(self, key):
        return getattr(self, key)

    def __setitem__(self, key, value):
        setattr(self, key, value)

    def __repr__(self):
        return f"<preferences {self._path}: {sorted(self._values)}>"


def _float_dtype(value):
    dtype = np.dtype(value)
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(f"core.default_float_dtype must be float32 or "
                         f"float64, got {dtype}")
    return dtype.type


_TARGETS = {"numpy": "numpy", "numba": "numba", "cython": "numba",
            "weave": "numba", "auto": "numba", "cpp_standalone": "numba"}


def _target(value):
    if value not in _TARGETS:
        raise ValueError(f"codegen.target must be one of "
                         f"{', '.join(sorted(_TARGETS))}, got {value!r}")
    return value


class Prefs(_Section):
    """Preferences, addressed as ``prefs.core.default_float_dtype`` or
    ``prefs['core.default_float_dtype']``.

    Brian 2 names are accepted; ``codegen.target`` values ``'cython'`` and
    ``'auto'`` select ranvier's compiled backend.
    """

    def __init__(self):
        core = _Section("core", {"default_float_dtype": np.float64},
                        {"default_float_dtype": _float_dtype})
        codegen = _Section("codegen", {"target": "numpy"},
                           {"target": _target})
        super().__init__("prefs", {"core": core, "codegen": codegen}, {})

    def __getitem__(self, key):
        node = self
        for part in key.split("."):
            node = getattr(node, part)
        return node

    def __setitem__(self, key, value):
        head, _, last = key.rpartition(".")
        node = self[head] if head else self
        setattr(node, last, value)

    def backend_name(self) -> str:
        """The ranvier backend the ``codegen.target`` setting selects."""
        return _TARGETS[self.codegen.target]


prefs = Prefs()


def float_dtype():
    """The float type of new state variables (``prefs``' choice)."""
    return prefs.core.default_float_dtype
