"""Networks: a set of objects, run together on a shared schedule."""

from __future__ import annotations

from ranvier.backends import get_backend
from ranvier.ir.text import kernel_text
from ranvier.lang.namespace import user_namespace
from ranvier.objects import defaults
from ranvier.objects.base import (DEFAULT_SCHEDULE, SCHEDULE_SLOTS,
                                  BuildContext, Operation, SimObject)
from ranvier.objects.clock import steps_for
from ranvier.objects.report import make_reporter
from ranvier.objects.state import StateStore
from ranvier.units import Quantity, check_units, second

__all__ = ["Network"]


def _flatten(items) -> list:
    out = []
    for item in items:
        if isinstance(item, SimObject):
            out.append(item)
        elif isinstance(item, dict):
            out.extend(_flatten(item.values()))
        elif isinstance(item, (list, tuple, set)):
            out.extend(_flatten(item))
        else:
            raise TypeError(f"a Network holds simulated objects (groups, "
                            f"synapses, monitors, ...), not "
                            f"{type(item).__name__}")
    return out


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


class Network:
    """A set of objects simulated together.

    Parameters
    ----------
    *objects : SimObject, or lists/tuples/dicts of them
    name : str, optional
    """

    _running: "Network | None" = None

    def __init__(self, *objects, name: str = "network"):
        self.name = name
        self.objects: list[SimObject] = []
        self._schedule: tuple[str, ...] = DEFAULT_SCHEDULE
        self._t = 0.0
        self._states = StateStore()
        self._stop_requested = False
        self.add(*objects)

    # -- membership -----------------------------------------------------------
    def add(self, *objects) -> None:
        """Add objects (or containers of objects) to the network."""
        for obj in _flatten(objects):
            if any(obj is o for o in self.objects):
                continue
            if any(obj.name == o.name for o in self.objects):
                raise ValueError(f"the network already holds an object named "
                                 f"{obj.name!r}")
            self.objects.append(obj)

    def remove(self, *objects) -> None:
        """Remove objects from the network."""
        for obj in _flatten(objects):
            if not any(obj is o for o in self.objects):
                raise ValueError(f"{obj!r} is not in the network")
            self.objects = [o for o in self.objects if o is not obj]

    def __contains__(self, obj) -> bool:
        return any(obj is o for o in self.objects)

    def __getitem__(self, name: str) -> SimObject:
        for obj in self.all_objects():
            if obj.name == name:
                return obj
        raise KeyError(f"no object named {name!r} in the network")

    def all_objects(self) -> list[SimObject]:
        """The objects and everything they contain, each once."""
        seen, out = set(), []
        stack = list(reversed(self.objects))
        while stack:
            obj = stack.pop()
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            out.append(obj)
            stack.extend(reversed(obj.contained_objects()))
        return out

    # -- time and schedule ----------------------------------------------------
    @property
    def t(self) -> Quantity:
        """The network's current time."""
        return Quantity.with_dimensions(self._t, second.dim)

    @property
    def t_(self) -> float:
        return self._t

    @property
    def schedule(self) -> tuple[str, ...]:
        """The order of the slots within a time step."""
        return self._schedule

    @schedule.setter
    def schedule(self, slots):
        if slots is None:
            self._schedule = DEFAULT_SCHEDULE
            return
        slots = tuple(slots)
        unknown = [s for s in slots if s not in SCHEDULE_SLOTS
                   or s.startswith(("before_", "after_"))]
        if unknown or len(set(slots)) != len(slots):
            raise ValueError(f"a schedule lists distinct slot names from "
                             f"{', '.join(DEFAULT_SCHEDULE)}; got {slots}")
        self._schedule = slots

    def _slot_rank(self, when: str) -> tuple[int, int]:
        base = when.split("_", 1)[1] if when.startswith(("before_", "after_")) \
            else when
        if base not in self._schedule:
            raise ValueError(f"an object is scheduled at {when!r}, which is "
                             f"not in this network's schedule "
                             f"{self._schedule}")
        shift = -1 if when.startswith("before_") else \
            (1 if when.startswith("after_") else 0)
        return (self._schedule.index(base), shift)

    def _sorted_operations(self, ctx: BuildContext) -> list[Operation]:
        ops = []
        for obj in self.all_objects():
            if not obj.active:
                continue
            for k, op in enumerate(obj.operations(ctx)):
                ops.append(((self._slot_rank(op.when), op.order,
                             obj.creation_index, k), op))
        ops.sort(key=lambda pair: pair[0])
        return [op for _, op in ops]

    def scheduling_summary(self, level: int = 0) -> str:
        """A table of what runs when, in execution order."""
        ops = self._sorted_operations(
            BuildContext(run_namespace=user_namespace(level)))
        rows = [f"{'operation':40s} {'when':18s} {'order':>5s}  dt"]
        for op in ops:
            rows.append(f"{op.name:40s} {op.when:18s} {op.order:5d}  "
                        f"{op.clock.dt}")
        return "\n".join(rows)

    def inspect(self, level: int = 0) -> str:
        """Every operation of the next run, in schedule order: its kernel in
        the IR's text form and the source the backend generates for it.

        Building the kernels resolves names and checks units, so model
        errors show up here as they would at ``run``.
        """
        ops = self._sorted_operations(
            BuildContext(run_namespace=user_namespace(level)))
        backend = get_backend(defaults.prefs.backend_name())
        parts = []
        for op in ops:
            head = f"== {op.name} (when={op.when}, order={op.order}, " \
                f"dt={op.clock.dt})"
            if op.kernel is None:
                parts.append(f"{head}\n  Python callable "
                             f"{getattr(op.callable, '__qualname__', op.callable)}")
                continue
            parts.append(f"{head}\n{kernel_text(op.kernel)}\n"
                         f"  generated source:\n"
                         f"{_indent(backend.generated_source(op.kernel))}")
        return "\n\n".join(parts)

    # -- running --------------------------------------------------------------
    @check_units(duration=second, report_period=second)
    def run(self, duration, report=None, report_period=10 * second,
            namespace=None, level: int = 0) -> None:
        """Simulate for ``duration``.

        Parameters
        ----------
        duration : Quantity
            How long to simulate (a time, not negative).
        report : None, 'text', 'stdout', 'stderr' or callable
            Progress reports during the run; a callable is called as
            ``report(elapsed, completed, start, duration)``.
        report_period : Quantity
            Wall-clock time between reports.
        namespace : dict, optional
            Values for identifiers not found in the objects' namespaces;
            when left out, the caller's variables are used.
        level : int
            How many frames above the caller to look for variables.
        """
        duration_s = float(duration / second)
        if duration_s < 0:
            raise ValueError(f"cannot run for a negative duration "
                             f"({duration})")
        run_ns = {} if namespace is not None else user_namespace(level)
        ctx = BuildContext(run_namespace=run_ns, namespace=namespace)
        ops = self._sorted_operations(ctx)
        backend = get_backend(defaults.prefs.backend_name())
        arrays = {}
        for obj in self.all_objects():
            arrays.update(obj.state_arrays())
        reporter = make_reporter(report, float(report_period / second),
                                 self._t, duration_s)
        self._stop_requested = False
        previous, Network._running = Network._running, self
        try:
            self._run_loop(ops, arrays, backend, self._t + duration_s,
                           reporter)
        finally:
            Network._running = previous
            for obj in self.all_objects():
                obj.after_run()

    def stop(self) -> None:
        """End the current run after the step in progress."""
        self._stop_requested = True

    @staticmethod
    def running() -> "Network | None":
        """The network whose run is in progress, if any."""
        return Network._running

    def _run_loop(self, ops, arrays, backend, t_end, reporter) -> None:
        clocks = {id(op.clock): op.clock for op in ops}
        if not clocks:
            self._t = t_end
            return
        ends = {cid: steps_for(t_end, c.dt_) for cid, c in clocks.items()}
        for c in clocks.values():
            c.set_time(self._t)
            arrays.update(c.state_arrays())
        runner = backend.prepare(ops, arrays, defaults.random_generator())
        while True:
            pending = [c for cid, c in clocks.items()
                       if c.timestep < ends[cid]]
            if not pending:
                break
            now = min(c.t_ for c in pending)
            ticking = {id(c) for c in pending
                       if abs(c.t_ - now) <= 1e-9 * max(c.dt_, abs(now))}
            self._t = now
            for cid in ticking:
                clocks[cid].state_arrays()
            runner.step(ticking)
            for cid in ticking:
                clocks[cid].timestep += 1
            reporter.update(now)
            if self._stop_requested:
                self._t = min(c.t_ for c in clocks.values())
                reporter.finish(self._t)
                return
        self._t = t_end
        reporter.finish(t_end)

    # -- storing and restoring ----------------------------------------------
    def store(self, name: str = "default", filename: str | None = None):
        """Remember the state of every object, the time and the random
        generator under ``name`` (and write it to ``filename``)."""
        self._states.store(self, name, filename)

    def restore(self, name: str = "default", filename: str | None = None,
                restore_random_state: bool = True):
        """Go back to a stored state (read from ``filename`` if given).

        With ``restore_random_state`` (the default, unlike Brian 2), the
        random generator goes back too, so the continuation is exactly the
        one the stored run would have had.
        """
        self._states.restore(self, name, filename, restore_random_state)
