"""What every simulated object has: a name, a clock, a place in the
schedule, and a way to lower itself into scheduled operations."""

from __future__ import annotations

import itertools
import re
import weakref
from dataclasses import dataclass, field
from typing import Callable, Mapping

from ranvier.ir.kernel import Kernel
from ranvier.objects import defaults
from ranvier.objects.clock import Clock

__all__ = ["SimObject", "Operation", "BuildContext", "SCHEDULE_SLOTS",
           "DEFAULT_SCHEDULE", "all_instances"]

#: Every slot an object's ``when`` may name, in time-step order.
SCHEDULE_SLOTS = ("before_start", "start", "after_start", "before_groups",
                  "groups", "after_groups", "before_thresholds", "thresholds",
                  "after_thresholds", "before_synapses", "synapses",
                  "after_synapses", "before_resets", "resets", "after_resets",
                  "before_end", "end", "after_end")
#: The slots as Brian 2 names them by default.
DEFAULT_SCHEDULE = ("start", "groups", "thresholds", "synapses", "resets",
                    "end")

_creation = itertools.count()
_used_names: dict[str, int] = {}
_instances: "weakref.WeakValueDictionary[int, SimObject]" = \
    weakref.WeakValueDictionary()
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def all_instances() -> list["SimObject"]:
    """Every live simulated object, in creation order."""
    return [obj for _, obj in sorted(_instances.items())]


def _unique_name(name: str | None, base: str) -> str:
    if name is not None:
        if not _NAME.match(name):
            raise ValueError(f"invalid object name {name!r}: use letters, "
                             f"digits and underscores, starting with a letter")
        return name
    count = _used_names.get(base, 0)
    _used_names[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


@dataclass(frozen=True)
class BuildContext:
    """What objects need to lower themselves into operations for a run.

    Attributes
    ----------
    run_namespace : Mapping
        The caller's variables (locals and globals) captured at ``run``.
    namespace : Mapping or None
        A namespace given to ``run(namespace=...)``; objects' own
        namespaces come before it.
    """

    run_namespace: Mapping = field(default_factory=dict)
    namespace: Mapping | None = None


@dataclass(frozen=True)
class Operation:
    """One scheduled piece of work: a kernel, or a Python callable for
    things that stay in Python (network operations).

    ``callable`` is called without arguments; it reads what it needs (the
    clock's time, state arrays) itself.
    """

    name: str
    when: str
    order: int
    clock: Clock
    kernel: Kernel | None = None
    callable: Callable | None = None
    #: For the zeroing before a summed variable's sum: the array it
    #: zeroes. Of several such operations on one array in a step, only the
    #: first in the schedule runs (several Synapses may sum into it).
    resets: str | None = None


class SimObject:
    """Base class of everything a network runs.

    Parameters
    ----------
    dt : Quantity, optional
        Time step of the object's own clock.
    clock : Clock, optional
        A clock to share (give ``dt`` or ``clock``, not both).
    when : str
        Schedule slot, one of :data:`SCHEDULE_SLOTS`.
    order : int
        Position among objects in the same slot (lower runs first).
    name : str, optional
        Unique name; derived from the class name when left out.
    """

    _name_base = "object"

    def __init__(self, dt=None, clock: Clock | None = None,
                 when: str = "start", order: int = 0,
                 name: str | None = None):
        if dt is not None and clock is not None:
            raise ValueError("give either dt or clock, not both")
        if when not in SCHEDULE_SLOTS:
            raise ValueError(f"when={when!r} is not a schedule slot; use one "
                             f"of {', '.join(SCHEDULE_SLOTS)}")
        self.name = _unique_name(name, self._name_base)
        if clock is None:
            clock = Clock(dt, name=f"{self.name}_clock") if dt is not None \
                else defaults.defaultclock
        self.clock = clock
        self.when = when
        self.order = int(order)
        self.active = True
        self.creation_index = next(_creation)
        _instances[self.creation_index] = self

    def add_attribute(self, name: str) -> None:
        """Allow a new attribute ``name`` (initially None), which groups
        otherwise refuse so that a misspelt variable is not silently
        created (Brian 2 API)."""
        if hasattr(self, name):
            raise AttributeError(f"{type(self).__name__} {self.name!r} "
                                 f"already has an attribute {name!r}")
        object.__setattr__(self, name, None)

    # -- what a network asks of its objects ---------------------------------
    def contained_objects(self) -> list["SimObject"]:
        """Objects created by this one that run with it."""
        return []

    def state_arrays(self) -> dict:
        """Arrays (and record buffers) of this object, by global name."""
        return {}

    def operations(self, ctx: BuildContext) -> list[Operation]:
        """Lower the object into scheduled operations for the next run."""
        return []

    def after_run(self) -> None:
        """Called when a run ends."""

    def __repr__(self):
        return f"<{type(self).__name__} {self.name!r}>"
