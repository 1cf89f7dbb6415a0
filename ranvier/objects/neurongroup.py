"""NeuronGroup: neurons defined by equations, with threshold, reset,
refractoriness and custom events; and contiguous subgroups."""

from __future__ import annotations

import warnings

import numpy as np

from ranvier.integration import ODESystem, hold_when_refractory, integrate
from ranvier.lang.equations import as_equations
from ranvier.lang.functions import DEFAULT_FUNCTIONS
from ranvier.lang.namespace import user_namespace, user_stacklevel
from ranvier.lang.parse import parse_condition, parse_statements
from ranvier.lang.symbols import Variable
from ranvier.lang.tree import Source, calls_in
from ranvier.objects import defaults
from ranvier.objects.base import BuildContext, Operation
from ranvier.objects.group import (Group, VariableOwner, element_count,
                                   variable_dtype)
from ranvier.objects.method_options import check_method_options
from ranvier.objects.neuron_code import NeuronCode
from ranvier.units import DIMENSIONLESS, second

__all__ = ["NeuronGroup", "Subgroup", "slice_range"]

#: Flags each kind of equation may carry in a NeuronGroup.
NEURON_FLAGS = {
    "differential": {"unless refractory"},
    "subexpression": {"shared", "constant over dt"},
    "parameter": {"constant", "shared", "linked"},
}
#: A linked variable takes everything from its target.
_EXCLUSIVE_FLAGS = ({"linked", "shared"}, {"linked", "constant"})
_TIME = second.dim
# Long before any simulation starts: a neuron that never spiked is not
# refractory, whatever its refractory period.
_NEVER = -1e4


class InvalidValuesWarning(RuntimeWarning):
    """An integrated variable became NaN or infinite during a run."""


class NeuronGroup(Group):
    """A group of neurons sharing one model.

    Parameters
    ----------
    N : int
        Number of neurons (an integer-valued float is accepted).
    model : str or Equations
        The model equations.
    method : str, optional
        Integration method (``'exact'``, ``'euler'``, ``'rk2'``, ``'rk4'``,
        ``'heun'``, ``'exponential_euler'``, ``'milstein'``); chosen
        automatically when left out.
    threshold : str, optional
        Condition for a spike, e.g. ``'v > -50*mV'``.
    reset : str, optional
        Statements run for each neuron that spiked.
    refractory : Quantity, str or False
        A time, an expression of time per neuron, or a boolean condition
        during which neurons stay refractory.
    events : dict of str to str, optional
        Custom events: name to condition.
    namespace : dict, optional
        Values for identifiers in the model, before the caller's variables.
    dtype : numpy dtype or dict, optional
        Float type of the state variables (all, or by name).
    dt : Quantity, optional
    clock : Clock, optional
    order : int
    name : str, optional
    method_options : dict, optional
        Options of the integration method (``exact`` takes ``simplify``,
        which changes nothing here; the other methods take none).
    """

    _name_base = "neurongroup"

    def __init__(self, N, model, method=None, threshold=None, reset=None,
                 refractory=False, events=None, namespace=None, dtype=None,
                 dt=None, clock=None, order=0, name=None,
                 method_options=None):
        N = element_count(N, "NeuronGroup")
        super().__init__(dt=dt, clock=clock, when="groups", order=order,
                         name=name)
        owner_text = f"NeuronGroup {self.name!r}"
        equations = as_equations(model, owner_text)
        equations.check_flags(NEURON_FLAGS, owner_text, _EXCLUSIVE_FLAGS)
        check_method_options(method, method_options, owner_text)
        if namespace is not None and not isinstance(namespace, dict):
            raise TypeError("namespace must be a dictionary")
        _check_no_attribute_clash(self, equations, owner_text)
        self.equations = equations
        self.namespace = dict(namespace or {})
        self.start, self.stop = 0, int(N)
        self.method_choice = method
        self._owner = VariableOwner(self.name)
        self._events: dict = {}
        self._event_sources: dict = {}
        self._event_code: list = []
        self._regular: list = []
        self._make_variables(dtype, refractory is not False)
        self._parse_events(threshold, events, owner_text)
        self._reset = parse_statements(reset, owner=f"{owner_text} reset") \
            if reset else ()
        self._refractory = refractory
        self._state_update = self._integrate(method)
        self._frozen = True

    # -- construction -------------------------------------------------------
    def _make_variables(self, dtype, refractory: bool) -> None:
        owner = self._owner
        size = self.stop
        for eq in self.equations:
            if eq.kind == "subexpression":
                owner.subexpressions[eq.varname] = eq
                if "constant over dt" in eq.flags:
                    # Computed once per step by the state updater and read
                    # as a variable by everything else.
                    owner.add_array(Variable(eq.varname, eq.dim, eq.dtype,
                                             read_only=True), size,
                                    variable_dtype(eq, dtype))
                continue
            if "linked" in eq.flags:
                # No array: it reads another group's once linked (see
                # ranvier.objects.linked).
                owner.records[eq.varname] = Variable(eq.varname, eq.dim,
                                                     eq.dtype)
                owner.links[eq.varname] = None
                continue
            shared = "shared" in eq.flags
            # Constants may be set from outside, never by model code.
            record = Variable(eq.varname, eq.dim, eq.dtype,
                              read_only="constant" in eq.flags, scalar=shared)
            owner.add_array(record, 1 if shared else size,
                            variable_dtype(eq, dtype))
        if refractory:
            owner.add_array(Variable("lastspike", _TIME), size,
                            defaults.float_dtype(), _NEVER)
            owner.add_array(Variable("not_refractory", DIMENSIONLESS,
                                     "boolean"), size, np.bool_, True)

    def _parse_events(self, threshold, events, owner_text) -> None:
        events = dict(events or {})
        if "spike" in events and threshold is not None:
            raise ValueError(f"{owner_text}: give the spike condition either "
                             f"as threshold= or as events['spike'], not both")
        if threshold is not None:
            events["spike"] = threshold
        for name, condition in events.items():
            if not isinstance(condition, str):
                raise TypeError(f"{owner_text}: the condition of event "
                                f"{name!r} must be a string, e.g. "
                                f"'v > -50*mV'")
            what = "threshold" if name == "spike" else f"event {name!r}"
            source = Source(condition, owner=f"{owner_text} {what}")
            self._events[name] = parse_condition(condition,
                                                 owner=source.owner)
            self._event_sources[name] = source
            # One slot per neuron plus the count: see ranvier.ir.kernel.
            self._owner.arrays[f"_{name}space"] = np.zeros(self.stop + 1,
                                                           np.int32)

    def _integrate(self, method):
        eqs = self.equations
        derivatives = []
        for eq in eqs:
            if eq.kind != "differential":
                continue
            rhs = eqs.substituted(eq.expr)
            if "unless refractory" in eq.flags and \
                    "not_refractory" in self._owner.records:
                rhs = hold_when_refractory(rhs)
            derivatives.append((eq.varname, rhs))
        if not derivatives:
            return None
        system = ODESystem(tuple(derivatives),
                           sources=tuple(eq.source for eq in eqs
                                         if eq.kind == "differential"),
                           constant_calls=self._step_constant_calls(
                               derivatives))
        return integrate(system, method)

    def _step_constant_calls(self, derivatives) -> set[str]:
        """Functions called in the equations whose values are constant
        within each step of this group (TimedArrays with a matching dt),
        looked up now as run() will look them up; run() checks again."""
        called = set()
        for _, rhs in derivatives:
            called |= calls_in(rhs)
        called -= set(DEFAULT_FUNCTIONS)
        if not called:
            return set()
        caller = user_namespace()
        found = set()
        for name in called:
            value = self.namespace.get(name, caller.get(name))
            spec = getattr(value, "function_spec", value)
            check = getattr(spec, "locally_constant", None)
            if check is not None and check(self.clock.dt_):
                found.add(name)
        return found

    def after_run(self) -> None:
        super().after_run()
        self._warn_invalid_values()

    def _warn_invalid_values(self) -> None:
        """Warn (once per variable) when an integrated variable holds NaN
        or infinity after a run: the usual sign of an unstable method or
        step, or of a closed-form solution whose parameters make it
        divide by zero (exact integration with two equal time
        constants). Brian 2 warns in the same situation."""
        if self._state_update is None:
            return
        warned = self.__dict__.setdefault("_invalid_warned", set())
        for eq in self.equations:
            if eq.kind != "differential" or eq.varname in warned:
                continue
            values = self._owner.arrays[eq.varname][self.start:self.stop]
            if values.dtype.kind == "f" and not np.all(np.isfinite(values)):
                warned.add(eq.varname)
                bad = int(np.count_nonzero(~np.isfinite(values)))
                warnings.warn(
                    f"NeuronGroup {self.name!r}: after the run, variable "
                    f"'{eq.varname}' is NaN or infinite in {bad} of "
                    f"{len(values)} neurons (integration method "
                    f"'{self._state_update.method}'). Check the step size "
                    f"and the method; with 'exact', equal time constants "
                    f"in coupled equations make the solution divide by "
                    f"zero (use 'exponential_euler' or 'rk4' then).",
                    InvalidValuesWarning, stacklevel=user_stacklevel())

    # -- user API -----------------------------------------------------------
    def __getitem__(self, key) -> "Subgroup":
        return Subgroup(self, *slice_range(self, key))

    def run_on_event(self, event: str, code: str, when: str = "resets",
                     order: int | None = None) -> None:
        """Run ``code`` for each neuron that had ``event`` in this step."""
        if event not in self._events:
            raise ValueError(f"NeuronGroup {self.name!r} has no event "
                             f"{event!r}; its events are "
                             f"{', '.join(self._events) or 'none'}")
        if event == "spike" and self._reset and when == "resets":
            raise ValueError("the spike event already has a reset; add the "
                             "code to reset= instead")
        stmts = parse_statements(code, owner=f"NeuronGroup {self.name!r} "
                                             f"on {event}")
        object.__setattr__(self, "_event_code", self._event_code +
                           [(event, stmts, when, order)])

    @property
    def events(self) -> tuple[str, ...]:
        return tuple(self._events)

    def event_buffer(self, event: str) -> str:
        """Global name of the event buffer of ``event``."""
        return self._owner.key(f"_{event}space")

    # -- lowering for a run -------------------------------------------------
    def operations(self, ctx: BuildContext) -> list[Operation]:
        return NeuronCode(self, ctx).operations()

    def __repr__(self):
        return f"<NeuronGroup {self.name!r} of {self.N} neurons>"


class Subgroup(Group):
    """A contiguous slice of a group, usable wherever a group is.

    It shares its parent's arrays; its ``i`` counts from 0.
    """

    def __init__(self, parent: NeuronGroup, start: int, stop: int):
        object.__setattr__(self, "parent", parent)
        object.__setattr__(self, "name",
                           f"{parent.name}_subgroup_{start}_{stop}")
        object.__setattr__(self, "clock", parent.clock)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "stop", stop)
        object.__setattr__(self, "namespace", parent.namespace)
        object.__setattr__(self, "equations", parent.equations)
        object.__setattr__(self, "when", parent.when)
        object.__setattr__(self, "order", parent.order)
        object.__setattr__(self, "active", True)
        object.__setattr__(self, "creation_index", parent.creation_index)
        object.__setattr__(self, "_owner", parent._owner)
        object.__setattr__(self, "_frozen", True)

    @property
    def events(self):
        return self.parent.events

    def event_buffer(self, event: str) -> str:
        return self.parent.event_buffer(event)

    def contained_objects(self):
        return [self.parent]

    def state_arrays(self):
        return {}

    def __getitem__(self, key) -> "Subgroup":
        start, stop = slice_range(self, key)
        return Subgroup(self.parent, self.start + start, self.start + stop)

    def __repr__(self):
        return (f"<Subgroup [{self.start}:{self.stop}] of "
                f"{self.parent.name!r}>")


def slice_range(group, key) -> tuple[int, int]:
    """The ``(start, stop)`` of the contiguous subgroup ``group[key]``.

    ``key`` is a slice, one index (``G[5]``: a one-neuron subgroup) or a
    sequence of consecutive ascending indices, as in Brian 2.

    Raises
    ------
    TypeError
        For anything else.
    IndexError
        For a negative or too large index, a step other than 1, an empty
        slice or indices that are not consecutive.
    """
    if not isinstance(key, slice):
        return _index_range(group, key)
    start, stop, step = key.indices(group.N)
    if step != 1:
        raise IndexError("subgroups must be contiguous (slice step 1)")
    if stop <= start:
        raise IndexError(f"empty subgroup [{start}:{stop}] of "
                         f"{group.name!r}")
    return start, stop


def _index_range(group, key) -> tuple[int, int]:
    if isinstance(key, (bool, np.bool_)) or not (
            isinstance(key, (int, np.integer, list, tuple, np.ndarray))):
        raise TypeError(f"subgroups are made by slicing ({group.name}[:10]),"
                        f" one index ({group.name}[5]) or consecutive "
                        f"indices; got {type(key).__name__}")
    indices = np.asarray(key)
    if indices.ndim > 1 or (indices.size and
                            indices.dtype.kind not in "iu"):
        raise TypeError(f"subgroups of {group.name!r} take integer indices, "
                        f"got {indices.dtype} with shape {indices.shape}")
    indices = np.atleast_1d(indices)
    if not indices.size or np.any(np.diff(indices) != 1):
        raise IndexError(f"a subgroup of {group.name!r} needs consecutive "
                         f"ascending indices, got {list(indices)}")
    if indices[0] < 0:
        raise IndexError(f"subgroup indices of {group.name!r} cannot be "
                         f"negative, got {indices[0]}")
    if indices[-1] >= group.N:
        raise IndexError(f"index {indices[-1]} is out of range for "
                         f"{group.name!r} with {group.N} neurons")
    return int(indices[0]), int(indices[-1]) + 1


#: Attributes a group sets on itself: a model variable of the same name
#: could be written but never read back through ``G.name``.
_GROUP_ATTRIBUTES = {"start", "stop", "namespace", "equations",
                     "method_choice", "parent", "events"}


def _check_no_attribute_clash(group, equations, owner_text: str) -> None:
    taken = _GROUP_ATTRIBUTES | set(group.__dict__) | set(dir(type(group)))
    for eq in equations:
        if eq.varname in taken:
            raise ValueError(
                f"{owner_text}: the variable name {eq.varname!r} is also an "
                f"attribute of the group ({type(group).__name__}."
                f"{eq.varname}); choose another name")

