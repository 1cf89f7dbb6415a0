"""Networks: a set of objects, run together on a shared schedule."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ranvier.backends import resolve_backend
from ranvier.backends.plan import RunPlan
from ranvier.ir.text import kernel_text
from ranvier.lang.namespace import user_namespace
from ranvier.objects import defaults
from ranvier.objects.base import (DEFAULT_SCHEDULE, SCHEDULE_SLOTS,
                                  BuildContext, Operation, SimObject)
from ranvier.objects.clock import steps_for
from ranvier.objects.profiling import run_profiled
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


@dataclass(frozen=True)
class RunRequest:
    """One call of :meth:`Network.run`, with its namespace resolved, so it
    can be run again (``device.run`` replays the runs of a script)."""

    duration: float
    context: BuildContext
    report: object = None
    report_period: float = 10.0
    profile: bool | None = None


class Network:
    """A set of objects simulated together.

    Parameters
    ----------
    *objects : SimObject, or lists/tuples/dicts of them
    name : str, optional
    backend : str or backend object, optional
        What runs the network: ``'numba'`` (compiled), ``'numpy'`` (the
        reference, interpreted) or a backend object such as
        ``NumbaBackend(fused=False)``. Left out, ``prefs.codegen.target``
        decides at each run. Can be changed between runs
        (``net.backend = 'numpy'``).
    """

    _running: "Network | None" = None
    #: Called as ``recorder(network, request)`` before every run when set;
    #: the Brian-compatibility device sets it while a standalone device is
    #: selected, to replay the runs later (``device.run(run_args=...)``).
    run_recorder = None

    def __init__(self, *objects, name: str = "network", backend=None):
        self.name = name
        self.backend = backend
        self.objects: list[SimObject] = []
        self._schedule: tuple[str, ...] = DEFAULT_SCHEDULE
        self._t = 0.0
        self._states = StateStore()
        self._stop_requested = False
        self._profiling_info = None
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
                # Within one slot and order, objects run in the order of
                # their names, as in Brian 2 (so a script's objects run in
                # the same sequence on both simulators).
                ops.append(((self._slot_rank(op.when), op.order,
                             obj.name, obj.creation_index, k), op))
        ops.sort(key=lambda pair: pair[0])
        return _first_resets([op for _, op in ops])

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
        backend = self._backend()
        # Generated source depends on the arrays' dtypes.
        arrays = self._state_arrays()
        for op in ops:
            arrays.update(op.clock.state_arrays())
        parts = []
        for op in ops:
            head = f"== {op.name} (when={op.when}, order={op.order}, " \
                f"dt={op.clock.dt})"
            if op.kernel is None:
                parts.append(f"{head}\n  Python callable "
                             f"{getattr(op.callable, '__qualname__', op.callable)}")
                continue
            source = backend.generated_source(op.kernel, arrays)
            parts.append(f"{head}\n{kernel_text(op.kernel)}\n"
                         f"  generated source:\n{_indent(source)}")
        return "\n\n".join(parts)

    # -- running --------------------------------------------------------------
    @check_units(duration=second, report_period=second)
    def run(self, duration, report=None, report_period=10 * second,
            namespace=None, profile=None, level: int = 0) -> None:
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
        profile : bool, optional
            Measure the time spent in each operation (see
            :attr:`profiling_info`). A profiled run goes step by step in
            Python, timing each operation, instead of in the compiled
            backend's fused loop, so it is slower (as profiling is in
            Brian 2). None (the default) is False.
        level : int
            How many frames above the caller to look for variables.
        """
        duration_s = float(duration / second)
        if duration_s < 0:
            raise ValueError(f"cannot run for a negative duration "
                             f"({duration})")
        run_ns = {} if namespace is not None else user_namespace(level)
        request = RunRequest(
            duration_s, BuildContext(run_namespace=run_ns, namespace=namespace),
            report, float(report_period / second), profile)
        if Network.run_recorder is not None:
            Network.run_recorder(self, request)
        self.run_request(request)

    def run_request(self, request: RunRequest) -> None:
        """Run as ``request`` (made by :meth:`run`) says, from the current
        state and time."""
        ops = self._sorted_operations(request.context)
        backend = self._backend()
        arrays = self._state_arrays()
        reporter = make_reporter(request.report, request.report_period,
                                 self._t, request.duration)
        self._stop_requested = False
        # A run without profiling forgets the previous run's times, so
        # they are never mistaken for this run's (as in Brian 2).
        self._profiling_info = None
        previous, Network._running = Network._running, self
        try:
            self._run_loop(ops, arrays, backend, self._t + request.duration,
                           reporter, bool(request.profile))
        finally:
            Network._running = previous
            for obj in self.all_objects():
                obj.after_run()

    def _backend(self):
        return resolve_backend(self.backend, defaults.prefs.backend_name())

    def _state_arrays(self) -> dict:
        arrays = {}
        for obj in self.all_objects():
            arrays.update(obj.state_arrays())
        return arrays

    def stop(self) -> None:
        """End the current run after the step in progress."""
        self._stop_requested = True

    @staticmethod
    def running() -> "Network | None":
        """The network whose run is in progress, if any."""
        return Network._running

    def _run_loop(self, ops, arrays, backend, t_end, reporter,
                  profile: bool) -> None:
        clocks = list({id(op.clock): op.clock for op in ops}.values())
        if not clocks:
            self._t = t_end
            if profile:
                self._profiling_info = []
            return
        for c in clocks:
            c.set_time(self._t)
            arrays.update(c.state_arrays())
        plan = RunPlan(clocks, [steps_for(t_end, c.dt_) for c in clocks])
        # Python code run during the run sees the time of its step.
        ops = [self._at_plan_time(op, plan) for op in ops]
        runner = backend.prepare(ops, arrays, defaults.random_generator())
        should_stop = lambda: self._stop_requested  # noqa: E731
        try:
            if profile:
                timer = run_profiled(plan, ops, runner, reporter,
                                     should_stop)
                self._profiling_info = timer.info()
            else:
                runner.run(plan, reporter, should_stop)
        except BaseException:
            if plan.started:
                self._t = plan.now
            raise
        if self._stop_requested:
            self._t = plan.stop_time()
            reporter.finish(self._t)
            return
        self._t = t_end
        reporter.finish(t_end)

    def _at_plan_time(self, op: Operation, plan: RunPlan) -> Operation:
        if op.callable is None:
            return op
        call = op.callable

        def timed():
            self._t = plan.now
            call()
        return replace(op, callable=timed)

    @property
    def profiling_info(self) -> list:
        """Where the latest run spent its time, if it ran with
        ``profile=True``: ``(name, time)`` pairs, one per operation (by
        name), the most expensive first, each time a Quantity in seconds.

        Raises ValueError when the latest run was not profiled.
        """
        if self._profiling_info is None:
            raise ValueError(f"network {self.name!r} has no profiling "
                             f"information: run it with profile=True "
                             f"first (a run without it forgets the "
                             f"previous one's)")
        return list(self._profiling_info)

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


def _first_resets(ops: list) -> list:
    """``ops`` without the zeroings of summed variables already zeroed by
    an earlier operation: the sums of several Synapses into one variable
    then add up, and each sum is computed next to its own zeroing, so
    that code reading the variable in between never sees it half done
    (a chain of summed variables reads the previous step's total, as in
    Brian 2)."""
    zeroed = set()
    out = []
    for op in ops:
        if op.resets is not None:
            if op.resets in zeroed:
                continue
            zeroed.add(op.resets)
        out.append(op)
    return out
