"""Brian-style conveniences on top of the explicit core.

``run()`` collects the objects the calling code can see (created since the
last ``start_scope()``) into one network that persists between runs, so a
script can call ``run`` several times and continue where it stopped.
As in Brian 2, a run whose objects are all new (none took part in an
earlier magic run; monitors do not count) starts a new simulation at
time 0. A run that mixes such new objects with objects run before
continues the earlier simulation (Brian 2 refuses it with a
``MagicError``, as ambiguous; ranvier keeps its older, lenient rule).
Everything here calls the explicit ``Network``.
"""

from __future__ import annotations

import weakref

from ranvier.lang.namespace import user_namespace
from ranvier.objects import base
from ranvier.objects.base import SimObject
from ranvier.objects.monitors import EventMonitor, PopulationRateMonitor, \
    StateMonitor
from ranvier.objects.network import Network
from ranvier.objects.profiling import ProfilingSummary
from ranvier.units import second

__all__ = ["run", "stop", "store", "restore", "start_scope", "collect",
           "magic_network", "profiling_summary"]

#: Objects that only observe: adding one does not start a new simulation.
_OBSERVERS = (EventMonitor, PopulationRateMonitor, StateMonitor)

_scope_start = 0
_network = Network(name="magicnetwork")
#: The objects that have taken part in a magic run of this scope.
_ran: weakref.WeakSet = weakref.WeakSet()


def start_scope() -> None:
    """Forget the objects created so far: later ``run()`` calls only see
    objects created after this call, starting from time 0."""
    global _scope_start, _network, _ran
    _scope_start = next(base._creation)
    _network = Network(name="magicnetwork")
    _ran = weakref.WeakSet()


def magic_network() -> Network:
    """The network ``run()`` uses."""
    return _network


def collect(level: int = 0) -> list[SimObject]:
    """The simulated objects visible in the calling code (its local and
    global variables) and created in the current scope."""
    namespace = user_namespace(level)
    found, seen = [], set()
    for value in namespace.values():
        if isinstance(value, SimObject) and id(value) not in seen \
                and value.creation_index >= _scope_start:
            seen.add(id(value))
            found.append(value)
    return sorted(found, key=lambda o: o.creation_index)


def _check_continuity(objects: list[SimObject]) -> None:
    """Start a new simulation (time 0) when every object is new."""
    known = any(o in _ran for o in objects)
    new = any(o not in _ran and not isinstance(o, _OBSERVERS)
              for o in objects)
    if new and not known:
        # A new simulation, in the same magic network (its settings,
        # such as its schedule, stay).
        _network._t = 0.0


def _gather(level: int) -> list[SimObject]:
    """Make the magic network hold exactly the visible objects."""
    objects = collect(level)
    _check_continuity(objects)
    _ran.update(objects)
    current = {id(o) for o in objects}
    stale = [o for o in _network.objects if id(o) not in current]
    if stale:
        _network.remove(*stale)
    _network.add(*objects)
    return objects


def store(name: str = "default", filename: str | None = None) -> None:
    """Store the state of every visible object (see ``Network.store``)."""
    _gather(0)
    _network.store(name, filename)


def restore(name: str = "default", filename: str | None = None,
            restore_random_state: bool = True) -> None:
    """Restore a state stored with :func:`store` (see
    ``Network.restore``)."""
    _gather(0)
    _network.restore(name, filename, restore_random_state)


def run(duration, report=None, report_period=10 * second, namespace=None,
        profile=None, level: int = 0) -> None:
    """Run every visible object for ``duration`` (see ``Network.run``;
    ``profile=True`` times each operation, for :func:`profiling_summary`).
    """
    if not _gather(level):
        raise RuntimeError("run() found no simulated objects: create them "
                           "as variables of the code that calls run(), or "
                           "use an explicit Network")
    _network.run(duration, report=report, report_period=report_period,
                 namespace=namespace, profile=profile, level=level)


def profiling_summary(net: Network | None = None,
                      show: int | None = None) -> ProfilingSummary:
    """Where the latest run of ``net`` spent its time, as a printable
    table (the run must have been made with ``profile=True``).

    Parameters
    ----------
    net : Network, optional
        The network; the one ``run()`` uses when left out.
    show : int, optional
        How many rows to show, the most expensive first; all when left
        out.
    """
    if net is None:
        net = _network
    # Duck-typed, so stand-ins for a network (Brian 2's magic_network
    # object) work too.
    try:
        info = net.profiling_info
    except AttributeError:
        raise TypeError(f"profiling_summary takes a Network (or nothing, "
                        f"for the one run() uses), not "
                        f"{type(net).__name__}") from None
    return ProfilingSummary(info, show)


def stop() -> None:
    """Stop the run in progress at the end of this time step."""
    running = Network.running()
    if running is None:
        raise RuntimeError("stop() is meant to be called during a run, e.g. "
                           "from a network_operation")
    running.stop()
