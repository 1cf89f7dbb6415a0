"""The one place with process-wide defaults: clock, random seed, prefs.

Brian 2 scripts rely on a default clock, a global seed and a preferences
object. The core objects take all of these explicitly; when a caller
leaves one out, they ask this module, and nothing else in the core keeps
global state.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ranvier.objects.clock import Clock
from ranvier.units import ms

__all__ = ["defaultclock", "seed", "random_generator", "prefs", "Prefs",
           "float_dtype", "PreferenceError", "BrianPreference"]

_log = logging.getLogger("ranvier.prefs")

#: The clock of every object created without ``dt=`` or ``clock=``.
defaultclock = Clock(0.1 * ms, name="defaultclock")

_rng = np.random.default_rng()
#: The value of the latest ``seed(value)`` call (None: never seeded, or
#: seeded from fresh entropy).
_fixed_seed: int | None = None


def seed(value: int | None = None) -> None:
    """Seed the random numbers of all later runs and string initialisations.

    Parameters
    ----------
    value : int or None
        The seed; ``None`` draws fresh entropy from the operating system.
    """
    global _rng, _fixed_seed
    if value is not None and (not isinstance(value, (int, np.integer))
                              or value < 0):
        raise ValueError(f"seed must be a non-negative integer or None, got "
                         f"{value!r}")
    _rng = np.random.default_rng(value)
    _fixed_seed = value
    # Brian 2 scripts also initialise with NumPy's global functions
    # (rand(N)); seed() makes those reproducible too.
    np.random.seed(value)


def fixed_seed() -> int | None:
    """The value given to the latest ``seed()`` call; None when the random
    numbers come from fresh entropy (no seed, or ``seed(None)``)."""
    return _fixed_seed


def random_generator() -> np.random.Generator:
    """The generator that runs and string initialisations draw from."""
    return _rng


class PreferenceError(AttributeError):
    """An unknown preference or section (an ``AttributeError``, so
    ``getattr(prefs.core, name, default)`` still works)."""


@dataclass(frozen=True)
class BrianPreference:
    """One preference a package registers with
    :meth:`Prefs.register_preferences`: its default, a description, and
    an optional validator returning whether a value is acceptable."""

    default: object
    docs: str
    validator: Callable | None = None
    representor: Callable = repr


class _Section:
    """One level of the preferences tree.

    A strict section knows its keys and refuses others, so a typo in a
    preference ranvier uses is an error. A lenient section holds Brian 2
    preferences that have no meaning in ranvier (C++ compiler flags,
    logging files ...): it accepts and keeps any key, so scripts setting
    them run, and notes once that they have no effect.
    """

    def __init__(self, path: str, values: dict, validators: dict,
                 lenient: bool = False):
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_values", dict(values))
        object.__setattr__(self, "_validators", validators)
        object.__setattr__(self, "_lenient", lenient)

    def __getattr__(self, key):
        values = object.__getattribute__(self, "_values")
        if key in values:
            return values[key]
        if object.__getattribute__(self, "_lenient") and \
                not key.startswith("_"):
            # Brian 2 scripts address nested sections (prefs.codegen.cpp.X).
            section = _Section(f"{self._path}.{key}", {}, {}, lenient=True)
            values[key] = section
            return section
        raise PreferenceError(f"no preference '{self._path}.{key}'; known "
                              f"keys here: {', '.join(sorted(values))}")

    def __setattr__(self, key, value):
        if key not in self._values and not self._lenient:
            raise PreferenceError(f"no preference '{self._path}.{key}'; "
                                  f"known keys here: "
                                  f"{', '.join(sorted(self._values))}")
        if isinstance(self._values.get(key), _Section):
            raise AttributeError(f"'{self._path}.{key}' is a section, not a "
                                 f"preference")
        if self._lenient:
            _note_ignored(f"{self._path}.{key}")
        check = self._validators.get(key)
        self._values[key] = check(value) if check else value

    def __getitem__(self, key):
        return getattr(self, key)

    def __setitem__(self, key, value):
        setattr(self, key, value)

    def __repr__(self):
        return f"<preferences {self._path}: {sorted(self._values)}>"


_ignored_noted: set = set()


def _note_ignored(key: str) -> None:
    if key not in _ignored_noted:
        _ignored_noted.add(key)
        _log.info("preference %s is accepted for Brian 2 compatibility but "
                  "has no effect in ranvier", key)


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

    ``codegen.target`` is ``'numba'`` (the compiled backend, the default)
    or ``'numpy'`` (the reference backend: no compile time, slower runs);
    Brian 2 names are accepted, ``'cython'`` and ``'auto'`` select the
    compiled backend. ``Network(..., backend=...)`` chooses for one
    network.
    """

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        """Every preference back to its default; registered sections are
        forgotten."""
        core = _Section("core", {"default_float_dtype": np.float64,
                                 "network": _brian_only("core.network")},
                        {"default_float_dtype": _float_dtype})
        codegen = _Section("codegen", {"target": "numba"},
                           {"target": _target}, lenient=True)
        sections = {"core": core, "codegen": codegen}
        for name in _BRIAN_ONLY_SECTIONS:
            sections[name] = _brian_only(name)
        super().__init__("prefs", sections, {})

    def register_preferences(self, prefix: str, prefbasedoc: str,
                             **preferences: BrianPreference) -> None:
        """Add a section ``prefix`` (e.g. ``'mypackage'``) holding the
        given :class:`BrianPreference` s at their defaults; later values
        are checked with their validators.

        Raises
        ------
        PreferenceError
            When ``prefix`` already exists or a value is not a
            ``BrianPreference``.
        """
        if prefix in self._values:
            raise PreferenceError(f"preferences '{prefix}' are already "
                                  f"registered")
        for name, pref in preferences.items():
            if not isinstance(pref, BrianPreference):
                raise PreferenceError(f"preference '{prefix}.{name}' must be "
                                      f"given as a BrianPreference, got "
                                      f"{type(pref).__name__}")
        values = {name: p.default for name, p in preferences.items()}
        checks = {name: _validating(f"{prefix}.{name}", p.validator)
                  for name, p in preferences.items() if p.validator}
        self._values[prefix] = _Section(prefix, values, checks)

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


def _validating(path: str, validator: Callable):
    def check(value):
        if not validator(value):
            raise PreferenceError(f"{value!r} is not a valid value for "
                                  f"preference '{path}'")
        return value
    return check


#: Brian 2 preference sections that mean nothing to ranvier.
_BRIAN_ONLY_SECTIONS = ("logging", "devices", "legacy", "GSL")


def _brian_only(path: str) -> _Section:
    return _Section(path, {}, {}, lenient=True)


prefs = Prefs()


def float_dtype():
    """The float type of new state variables (``prefs``' choice)."""
    return prefs.core.default_float_dtype
