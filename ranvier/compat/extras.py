"""Smaller names of Brian 2's namespace, on ranvier's own pieces.

Tables (``DEFAULT_UNITS``, ``DEFAULT_FUNCTIONS``, ``DEFAULT_CONSTANTS``)
are read-only views of ranvier's; the base classes (``BrianObject``,
``Group``, ``SpikeSource`` ...) are ranvier's classes or abstract classes
ranvier's objects are registered with, so ``isinstance`` checks in
scripts give Brian's answers; the functions do the same job as Brian's.
"""

from __future__ import annotations

import abc
import gc
import logging
import shutil
import types
from pathlib import Path

import numpy as np

from ranvier.backends.numba import compiler
from ranvier.compat.numpy_names import in1d
from ranvier.lang.functions import DEFAULT_FUNCTIONS as _FUNCTIONS
from ranvier.lang.namespace import DEFAULT_CONSTANTS as _CONSTANTS
from ranvier.lang.namespace import user_namespace
from ranvier.magic import collect, magic_network
from ranvier.objects import defaults
from ranvier.objects.base import SimObject
from ranvier.objects.group import Group
from ranvier.objects.inputs import PoissonGroup, SpikeGeneratorGroup
from ranvier.objects.network import Network
from ranvier.objects.neurongroup import NeuronGroup, Subgroup
from ranvier.units import ALL_UNITS, Quantity, Unit, ms
from ranvier.units.registry import (DisplayUnit, display_family,
                                    register_display_family)

__all__ = ["DEFAULT_UNITS", "DEFAULT_FUNCTIONS", "DEFAULT_CONSTANTS",
           "BrianObject", "BrianObjectException", "Group", "VariableOwner",
           "Nameable", "Trackable", "SpikeSource", "MagicNetwork",
           "MagicError", "Expression", "Statements", "brian_prefs",
           "scheduling_summary", "check_cache", "clear_cache",
           "restore_initial_state", "get_local_namespace", "is_scalar_type",
           "register_new_unit", "in1d", "trapz", "SchedulingSummary",
           "magic_network_view"]

_log = logging.getLogger("ranvier.compat")

#: Every named unit, by name (read-only).
DEFAULT_UNITS = types.MappingProxyType(ALL_UNITS)
#: The functions model code can call, by name (read-only).
DEFAULT_FUNCTIONS = _FUNCTIONS
#: The constants model code knows (``pi``, ``e``, ``inf``; read-only).
DEFAULT_CONSTANTS = types.MappingProxyType(_CONSTANTS)

#: Brian 2's base of simulated objects is ranvier's.
BrianObject = SimObject
#: Groups with state variables (NeuronGroup, Synapses, monitors ...).
VariableOwner = Group


class BrianObjectException(Exception):
    """Brian 2's error wrapper for a failure inside an object; ranvier
    raises its own errors (``ModelError`` ...) directly, so this exists
    for ``except`` clauses in scripts."""


class MagicError(RuntimeError):
    """Brian 2's error of the magic ``run()``; ranvier's ``run()`` raises
    ``RuntimeError`` (which this is a kind of) when it finds no objects."""


class Nameable(abc.ABC):
    """Anything with a unique ``name`` (every simulated object)."""


class Trackable(abc.ABC):
    """Objects whose instances are tracked (every simulated object)."""


class SpikeSource(abc.ABC):
    """Objects that emit spikes and can be a synapse's or a spike
    monitor's source."""


Nameable.register(SimObject)
Trackable.register(SimObject)
for _cls in (NeuronGroup, Subgroup, PoissonGroup, SpikeGeneratorGroup):
    SpikeSource.register(_cls)


class _MagicNetworkMeta(type):
    def __instancecheck__(cls, obj):
        return obj is magic_network() or isinstance(obj, _MagicNetworkView)


class MagicNetwork(metaclass=_MagicNetworkMeta):
    """The network the magic ``run()`` uses; there is only one, so
    ``MagicNetwork()`` gives it (ranvier's ``magic_network()``)."""

    def __new__(cls):
        return magic_network()


class _MagicNetworkView:
    """Brian 2's ``magic_network`` object: attribute access goes to the
    network ``run()`` uses now (``magic_network.t``,
    ``magic_network.schedule = ...``); calling it returns that network,
    as ranvier's ``magic_network()`` does."""

    def __call__(self) -> Network:
        return magic_network()

    def __getattr__(self, attr):
        return getattr(magic_network(), attr)

    def __setattr__(self, attr, value):
        setattr(magic_network(), attr, value)

    def __repr__(self):
        return f"<magic network view of {magic_network()!r}>"


class Expression(str):
    """A model expression as a string (Brian 2 wraps code strings in this
    class); usable wherever ranvier takes an expression string."""

    def __new__(cls, code: str):
        if not isinstance(code, str):
            raise TypeError(f"Expression takes the code as a string, got "
                            f"{type(code).__name__}")
        return super().__new__(cls, code)

    @property
    def code(self) -> str:
        return str(self)


class Statements(Expression):
    """Model statements as a string (e.g. a reset), as Brian 2 wraps
    them."""


class _Renamed:
    """Brian 2's old ``brian_prefs``: every use says it is now ``prefs``."""

    def __getattr__(self, attr):
        raise AttributeError("the preferences object 'brian_prefs' is "
                             "called 'prefs' now")

    __getitem__ = __getattr__


brian_prefs = _Renamed()
magic_network_view = _MagicNetworkView()


class SchedulingSummary(str):
    """The table of :func:`scheduling_summary`; shows as the table."""

    def __repr__(self):
        return str(self)


def scheduling_summary(net: Network | None = None) -> SchedulingSummary:
    """What runs when in ``net`` (by default, the objects the calling code
    can see, as ``run()`` would collect them), in execution order.

    Names in the models are resolved against the calling code, so
    unknown names raise here as they would at ``run()``.
    """
    if net is None:
        net = Network(*collect(), name="magicnetwork")
    return SchedulingSummary(net.scheduling_summary())


_CACHE_TARGETS = ("numba", "cython")
#: Brian 2's default warning size for a code cache.
_CACHE_WARN_BYTES = 1024 ** 3


def _cache_folder(target: str) -> Path:
    if target not in _CACHE_TARGETS:
        raise ValueError(f"no code cache for target {target!r}: ranvier "
                         f"caches compiled code for "
                         f"{', '.join(_CACHE_TARGETS)} (the same folder)")
    return compiler.cache_dir()


def _folder_size(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def check_cache(target: str) -> int:
    """Warn (on the ``ranvier.compat`` logger) when the compiled-code
    cache of ``target`` has grown beyond 1 GiB; returns its size in bytes.

    ``'cython'`` and ``'numba'`` both name ranvier's Numba cache.
    """
    size = _folder_size(_cache_folder(target))
    if size > _CACHE_WARN_BYTES:
        _log.warning("the compiled-code cache %s holds %.1f GiB; "
                     "clear_cache(%r) empties it", _cache_folder(target),
                     size / 1024 ** 3, target)
    return size


def clear_cache(target: str) -> None:
    """Delete the compiled-code cache of ``target`` (``'numba'``, or
    Brian 2's ``'cython'``, both ranvier's Numba cache folder); later
    runs compile again."""
    folder = _cache_folder(target)
    if folder.is_dir():
        shutil.rmtree(folder)


def restore_initial_state() -> None:
    """Set preferences back to their defaults and ``defaultclock.dt`` to
    0.1 ms, as after importing."""
    defaults.prefs.reset()
    defaults.defaultclock.dt = 0.1 * ms
    gc.collect()


def get_local_namespace(level: int = 0) -> dict:
    """The variables (globals, then locals over them) of the code
    ``level`` frames above the caller."""
    return dict(user_namespace(level))


def is_scalar_type(obj) -> bool:
    """Whether ``obj`` is a plain (unit-less) number: a Python or NumPy
    scalar, or a 0-d array; quantities, strings and arrays are not."""
    if isinstance(obj, (Quantity, str, bytes)):
        return False
    if isinstance(obj, np.ndarray):
        return obj.ndim == 0
    return bool(np.isscalar(obj))


def register_new_unit(u: Unit) -> None:
    """Make quantities of ``u``'s dimension display in ``u`` when no named
    unit has that dimension yet (a standard unit keeps precedence)."""
    if not isinstance(u, Unit):
        raise TypeError(f"register_new_unit expects a Unit (such as "
                        f"newton*metre), got {type(u).__name__}")
    if display_family(u.dim) is not None:
        return
    exp10 = 0 if float(u) == 1 else int(round(np.log10(float(u))))
    if float(u) != 10.0 ** exp10:
        raise ValueError(f"register_new_unit: {u!r} is not a power of ten "
                         f"of the SI unit, which display needs")
    register_display_family(u.dim, [DisplayUnit(repr(u), str(u), exp10)])


def trapz(y, x=None, dx: float = 1.0, axis: int = -1):
    """NumPy's ``trapz`` (now ``trapezoid``): the trapezoidal rule."""
    return np.trapezoid(y, x=x, dx=dx, axis=axis)
