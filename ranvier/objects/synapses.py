"""Synapses: connections between two groups, with their own variables,
equations, and code run when spikes arrive.

A Synapses object owns one array per synaptic variable (one entry per
synapse), the indices ``i`` and ``j`` of each synapse's pre- and
postsynaptic neuron (relative to the groups, which may be subgroups), and
one spike queue per pathway (see ``ranvier.objects.spikequeue``). It
lowers itself into kernels in ``ranvier.objects.synapse_code`` and makes
synapses in ``ranvier.objects.synapse_connect``.
"""

from __future__ import annotations

import numpy as np

from ranvier.lang.equations import SYNAPSES_FLAGS, Equations, as_equations
from ranvier.lang.errors import ModelNameError
from ranvier.lang.namespace import user_namespace
from ranvier.lang.parse import parse_statements
from ranvier.lang.symbols import Variable
from ranvier.lang.tree import Name, Source
from ranvier.objects import defaults
from ranvier.objects.base import BuildContext, Operation
from ranvier.objects.group import Group, VariableOwner, variable_dtype
from ranvier.objects.linked import link_arrays, link_expansions
from ranvier.objects.lowering import Binding
from ranvier.objects.method_options import check_method_options
from ranvier.objects.synapse_code import SynapseCode
from ranvier.objects.synapse_connect import connect_synapses
from ranvier.objects.synapse_model import SynapseModel
from ranvier.objects.synapse_names import (NameTable, add_clock, add_link,
                                           add_neighbours,
                                           add_neuron_indices, add_sizes,
                                           check_neighbour_names, gather,
                                           group_arrays, index_matches,
                                           integer_variable, neighbours,
                                           pair_numbers, refuse_growth,
                                           root_size)
from ranvier.objects.synapse_pathway import SynapticPathway, delay_value
from ranvier.objects.synapse_selection import SynapseSelection
from ranvier.objects.synapse_subexpr import (expand, expansions,
                                             group_constants)
from ranvier.objects.spikequeue import empty_ring
from ranvier.objects.state import restore_owner_arrays
from ranvier.objects.variables import VariableView
from ranvier.units import DIMENSIONLESS, second

__all__ = ["Synapses", "SynapticPathway"]

_TIME = second.dim
#: The most synapses one object holds: indices are 32-bit.
MAX_SYNAPSES = 2**31 - 1
#: Read-only per-synapse views computed from the connectivity.
_COUNTS = {"N_incoming": ("_N_incoming", "post"),
           "N_outgoing": ("_N_outgoing", "pre")}
#: Names of every Synapses object, besides its model's and its groups'.
_OWN_NAMES = frozenset({"i", "j", "N", "delay", "lastupdate", "N_pre",
                        "N_post", *_COUNTS})


def _old_spelling(new, old, name):
    if old is None:
        return new
    if new is not None:
        raise TypeError(f"give either on_{name}= or {name}= (the older "
                        f"spelling), not both")
    return old


def _check_group(group, what: str):
    if isinstance(group, Synapses):
        # Synapses onto synapses: the other Synapses' synapses are the
        # elements (its arrays grow with connect(), see _counts).
        return
    if not hasattr(group, "event_buffer") or not hasattr(group, "_owner"):
        raise TypeError(f"the {what} of a Synapses object must be a group "
                        f"of neurons (NeuronGroup, a subgroup, or an input "
                        f"group), got {type(group).__name__}")


#: Brian 2's Synapses flags plus ``(linked)`` parameters (ranvier.objects.
#: linked), which take everything else from their target.
_FLAGS = {**SYNAPSES_FLAGS,
          "parameter": SYNAPSES_FLAGS["parameter"] | {"linked"}}


def _check_links(equations, owner: str) -> None:
    for eq in equations:
        if "linked" in eq.flags and len(eq.flags) > 1:
            raise ValueError(f"{owner}: the linked variable '{eq.varname}' "
                             f"cannot have other flags (it takes them from "
                             f"its target)")


class Synapses(Group):
    """Synapses between two groups of neurons.

    Parameters
    ----------
    source : NeuronGroup, Subgroup, input group or Synapses
        The presynaptic neurons. A Synapses object as source or target
        makes its synapses the elements (``i`` or ``j`` numbers them, and
        ``x_pre``/``x_post`` reads their variables); it emits no events,
        so it has no pathways on its side.
    target : group or Synapses, optional
        The postsynaptic neurons (default: ``source``).
    model : str or Equations
        Synaptic variables and equations. Differential equations are
        integrated every step unless flagged ``(event-driven)``; a
        ``(summed)`` subexpression such as ``I_post = g*(v_pre - v_post) :
        amp (summed)`` sets a parameter of the target group each step.
    on_pre, on_post : str or dict of str to str
        Statements run for each synapse when a presynaptic (postsynaptic)
        event arrives; a dictionary makes several named pathways.
        Unsuffixed names are synaptic variables, then variables of the
        postsynaptic group.
    delay : Quantity or dict of str to Quantity, optional
        One delay for all synapses of the ``pre`` pathway (or of the named
        pathways). Without it, delays are per synapse (initially 0) and set
        with ``S.delay = ...`` or ``S.<pathway>.delay = ...``.
    on_event : str or dict of str to str
        The event triggering the pathways (default ``'spike'``), or one
        per pathway name.
    multisynaptic_index : str, optional
        Name of a variable numbering the synapses of the same (i, j) pair.
    namespace : dict, optional
    dtype : numpy dtype or dict, optional
    method : str, optional
        Integration method of the clock-driven equations.
    dt : Quantity, optional
    clock : Clock, optional
    order : int
    name : str, optional
    pre, post : str or dict
        Older spellings of ``on_pre`` and ``on_post``.
    method_options : dict, optional
        Options of the integration method (see ``NeuronGroup``).

    Raises
    ------
    TypeError
        For an ``on_pre`` (``on_post``) pathway from (onto) a Synapses
        object.
    NotImplementedError
        When code reads a subexpression of a Synapses source or target
        that itself reads that object's pre/postsynaptic variables.
    """

    _name_base = "synapses"
    #: Links follow connect() (see ranvier.objects.linked).
    _dynamic_size = True

    def __init__(self, source, target=None, model="", on_pre=None,
                 on_post=None, delay=None, on_event="spike",
                 multisynaptic_index=None, namespace=None, dtype=None,
                 method=None, dt=None, clock=None, order=0, name=None,
                 pre=None, post=None, method_options=None):
        on_pre = _old_spelling(on_pre, pre, "pre")
        on_post = _old_spelling(on_post, post, "post")
        _check_group(source, "source")
        target = source if target is None else target
        _check_group(target, "target")
        if namespace is not None and not isinstance(namespace, dict):
            raise TypeError("namespace must be a dictionary")
        super().__init__(dt=dt, clock=clock, when="groups", order=order,
                         name=name)
        self.source, self.target = source, target
        self.namespace = dict(namespace or {})
        self.start, self.stop = 0, 0
        self.multisynaptic_index = multisynaptic_index
        self._owner = VariableOwner(self.name)
        self._neighbours = neighbours(source, target)
        self._pathways: dict = {}
        self._per_synapse: list = []
        self._scratch: dict = {}
        self._connected = False
        full = as_equations(model or "", self._text())
        full.check_flags(_FLAGS, self._text())
        _check_links(full, self._text())
        check_method_options(method, method_options, self._text())
        self._constants = dict(full.constants)
        self.equations = Equations([eq for eq in full
                                    if "summed" not in eq.flags])
        self._make_pathways(on_pre, on_post, on_event)
        self._expansions = expansions(self._neighbours, root_size)
        self._synaptic_names = set(full.names) | set(self._neighbours) | \
            _OWN_NAMES | {multisynaptic_index}
        self._model = SynapseModel(self, full, method)
        self._make_variables(dtype)
        self._make_delays(delay)
        self._frozen = True

    def _text(self, what: str = "") -> str:
        return self._owner_text(what)

    # -- construction -------------------------------------------------------
    def _make_pathways(self, on_pre, on_post, on_event) -> None:
        events = on_event if isinstance(on_event, dict) else None
        if events is None and not isinstance(on_event, str):
            raise TypeError(f"{self._text()}: on_event must be an event name "
                            f"or a dictionary of pathway names to events")
        for prepost, argument in (("pre", on_pre), ("post", on_post)):
            if not argument:
                continue
            if isinstance(argument, str):
                codes = {prepost: argument}
            elif isinstance(argument, dict):
                codes = argument
            else:
                raise TypeError(f"{self._text()}: on_{prepost} must be a "
                                f"string of statements or a dictionary of "
                                f"pathway names to statements")
            for name, code in codes.items():
                event = on_event if events is None else \
                    events.get(name, "spike")
                self._add_pathway(name, prepost, code, event)
        unknown = set(events or ()) - set(self._pathways)
        if unknown:
            raise ValueError(f"{self._text()}: on_event names pathways that "
                             f"do not exist: {', '.join(sorted(unknown))}")

    def _add_pathway(self, name, prepost, code, event) -> None:
        if not isinstance(name, str) or not name.isidentifier():
            raise TypeError(f"{self._text()}: pathway names must be "
                            f"identifiers, got {name!r}")
        if name in self._pathways or hasattr(type(self), name):
            raise ValueError(f"{self._text()}: there is already a pathway or "
                             f"attribute called {name!r}")
        if not isinstance(code, str):
            raise TypeError(f"{self._text()}: the code of pathway {name!r} "
                            f"must be a string")
        group = self.source if prepost == "pre" else self.target
        if isinstance(group, Synapses):
            side = "source" if prepost == "pre" else "target"
            raise TypeError(
                f"{self._text()}: the {side} is the Synapses object "
                f"{group.name!r}, which emits no events, so there can be no "
                f"on_{prepost} pathway; read its variables "
                f"(x_{prepost}) in the model or in (summed) variables")
        if event not in group.events:
            raise ValueError(
                f"{self._text()}: pathway {name!r} is triggered by event "
                f"{event!r}, which {group.name!r} does not define (its "
                f"events: {', '.join(group.events) or 'none'})")
        what = f"on_{prepost}" if name == prepost else \
            f"on_{prepost} pathway '{name}'"
        statements = parse_statements(code, owner=self._text(what))
        self._pathways[name] = SynapticPathway(self, name, prepost,
                                               statements, event)

    def _make_variables(self, dtype) -> None:
        owner = self._owner
        for eq in self.equations:
            if eq.kind == "subexpression":
                owner.subexpressions[eq.varname] = eq
                continue
            if "linked" in eq.flags:
                owner.records[eq.varname] = Variable(eq.varname, eq.dim,
                                                     eq.dtype)
                owner.links[eq.varname] = None
                continue
            shared = "shared" in eq.flags
            record = Variable(eq.varname, eq.dim, eq.dtype,
                              read_only="constant" in eq.flags, scalar=shared)
            self._add_variable(record, variable_dtype(eq, dtype), shared)
        for name in ("i", "j"):
            self._add_variable(integer_variable(name), np.int32)
        if self.multisynaptic_index is not None:
            self._add_variable(integer_variable(self.multisynaptic_index),
                               np.int32)
        if self._model.needs_lastupdate:
            self._add_variable(Variable("lastupdate", _TIME),
                               defaults.float_dtype())
        for side, group in (("pre", self.source), ("post", self.target)):
            if group.start != 0:
                owner.arrays[f"_synaptic_{side}"] = np.zeros(0, np.int32)
                self._per_synapse.append(f"_synaptic_{side}")
        owner.arrays["_N_incoming"] = np.zeros(root_size(self.target),
                                               np.int32)
        owner.arrays["_N_outgoing"] = np.zeros(root_size(self.source),
                                               np.int32)

    def _add_variable(self, record, dtype, shared: bool = False) -> None:
        self._owner.add_array(record, 1 if shared else 0, dtype)
        if not shared:
            self._per_synapse.append(record.name)

    def _make_delays(self, delay) -> None:
        delays = {} if delay is None else delay
        if not isinstance(delays, dict):
            delays = {"pre": delay}
        unknown = set(delays) - set(self._pathways)
        if unknown:
            raise ValueError(f"{self._text()}: cannot set the delay of "
                             f"pathway {sorted(unknown)[0]!r}: there is no "
                             f"such pathway")
        for name, pathway in self._pathways.items():
            record = Variable(pathway.delay_name, _TIME, read_only=True,
                              scalar=name in delays)
            self._add_variable(record, np.float64, shared=name in delays)
            if name in delays:
                self._owner.arrays[pathway.delay_name][0] = delay_value(
                    delays[name], self._text(f"pathway {name!r}"))
            group = pathway.spike_group
            width = len(group_arrays(group)[group.event_buffer(pathway.event)])
            ring, position = empty_ring(1, width)
            self._owner.arrays[f"_queue_{name}"] = ring
            self._owner.arrays[f"_queuepos_{name}"] = position
            # The delays the ring's spikes were sent with (see
            # SynapseCode._check_delays_kept); -1 before any run.
            self._owner.arrays[f"_delaysum_{name}"] = np.full(1, -1,
                                                              np.int64)

    # -- sizes and views ------------------------------------------------------
    @property
    def N_pre(self) -> int:
        return self.source.N

    @property
    def N_post(self) -> int:
        return self.target.N

    @property
    def N_incoming_post(self) -> np.ndarray:
        """Number of synapses onto each postsynaptic neuron."""
        t = self.target
        return self._counts("_N_incoming", t)[t.start:t.stop].copy()

    @property
    def N_outgoing_pre(self) -> np.ndarray:
        """Number of synapses from each presynaptic neuron."""
        s = self.source
        return self._counts("_N_outgoing", s)[s.start:s.stop].copy()

    def _counts(self, name: str, group) -> np.ndarray:
        """The synapse counts per element of ``group``, grown with it
        (a Synapses source or target gains elements with connect())."""
        arrays = self._owner.arrays
        missing = root_size(group) - len(arrays[name])
        if missing > 0:
            arrays[name] = np.concatenate(
                [arrays[name], np.zeros(missing, np.int32)])
        return arrays[name]

    @property
    def pathways(self) -> dict:
        """The pathways by name."""
        return dict(self._pathways)

    def _via_key(self, side: str) -> str:
        """Global name of the array of absolute pre/post indices."""
        group = self.source if side == "pre" else self.target
        local = ("i" if side == "pre" else "j") if group.start == 0 else \
            f"_synaptic_{side}"
        return self._owner.key(local)

    def _pre_pathway(self) -> SynapticPathway:
        if "pre" not in self._pathways:
            raise AttributeError(f"{self._text()} has no 'pre' pathway, so no "
                                 f"'delay'; use S.<pathway>.delay")
        return self._pathways["pre"]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        pathways = self.__dict__.get("_pathways", {})
        if name in pathways:
            return pathways[name]
        base = name[:-1] if name.endswith("_") else name
        owner = self.__dict__.get("_owner")
        if owner is not None and base not in owner.records and \
                base not in owner.subexpressions:
            if base == "delay":
                return VariableView(self, self._pre_pathway().delay_name,
                                    unitless=name.endswith("_"))
            if base in _COUNTS or base in self.__dict__["_neighbours"]:
                return VariableView(self, base, unitless=name.endswith("_"))
        return super().__getattr__(name)

    def __setattr__(self, name, value):
        if name in ("delay", "delay_") and "_pathways" in self.__dict__:
            self._assign(self._pre_pathway().delay_name, slice(None), value,
                         unitless=name == "delay_")
            return
        if name in self.__dict__.get("_pathways", {}):
            raise AttributeError(f"{name!r} is a pathway of "
                                 f"{self._text()}; set its delay, when or "
                                 f"order instead")
        base = name[:-1] if name.endswith("_") else name
        if base in _COUNTS or base in self.__dict__.get("_neighbours", {}):
            self._assign(base, slice(None), value)  # refuses: read-only
        super().__setattr__(name, value)

    def __len__(self):
        return self.N

    # -- what expressions and kernels see -------------------------------------
    def _names(self, clock=None) -> NameTable:
        """Symbols and bindings of every name synaptic code may use."""
        table = NameTable()
        vias = {"pre": self._via_key("pre"), "post": self._via_key("post")}
        add_neighbours(table, self._neighbours, vias)
        add_neuron_indices(table, vias)
        owner = self._owner
        for name, rec in owner.records.items():
            if name in owner.links:
                add_link(table, owner, name)
            elif not name.startswith("_delay_"):
                table.add(rec, Binding(owner.key(name), "scalar"
                                       if rec.scalar else "element"))
        if "pre" in self._pathways:
            rec = owner.records[self._pathways["pre"].delay_name]
            table.add(Variable("delay", _TIME, read_only=True,
                               scalar=rec.scalar),
                      Binding(owner.key(rec.name), "scalar" if rec.scalar
                              else "element"))
        for name, (array, side) in _COUNTS.items():
            table.add(integer_variable(name),
                      Binding(owner.key(array), "indirect", vias[side]))
        table.add(Variable("N", DIMENSIONLESS, "integer", read_only=True,
                           scalar=True), Binding(owner.key("N"), "scalar"))
        add_sizes(table, self.N_pre, self.N_post)
        add_clock(table, clock or self.clock)
        for name, eq in owner.subexpressions.items():
            table.symbols[name] = Variable(name, eq.dim, eq.dtype,
                                           read_only=True)
        return table

    def _model_symbols(self) -> dict:
        return self._names().symbols

    def _bindings(self) -> dict:
        return self._names().bindings

    def _inline(self, expr):
        """Own subexpressions, then those of the pre/post groups."""
        return expand(self.equations.substituted(expr), self._all_expansions(),
                      self._synaptic_names, self._text())

    def _all_expansions(self) -> dict:
        """Neighbour subexpressions and links to subexpressions."""
        return {**self._expansions, **link_expansions(self._owner)}

    def _fallback_constants(self, names, run_namespace) -> dict:
        """The constants that only the pre/post groups' namespaces define,
        for the names their subexpressions use."""
        return {n: v for n, v in group_constants(self._all_expansions(),
                                                 names).items()
                if n not in run_namespace}

    def _resolve(self, names, run_namespace, namespace=None, source=None):
        explicit = self._fallback_constants(names, run_namespace)
        explicit.update(self._constants)
        explicit.update(namespace or {})
        defined = set(explicit) | set(self.namespace) | set(run_namespace)
        check_neighbour_names(((n, source, None) for n in names),
                              self._neighbours, self._text(), self.source,
                              self.target, defined)
        self._names().refuse_unsupported(names)
        return super()._resolve(names, run_namespace, explicit, source)

    def _all_arrays(self) -> dict:
        arrays = group_arrays(self.source)
        arrays.update(group_arrays(self.target))
        arrays.update(self.state_arrays())
        arrays.update(self.clock.state_arrays())
        return arrays

    def _value_table(self, indices: np.ndarray, names) -> dict:
        table = self._names()
        return gather(table.bindings, self._all_arrays(), names, indices)

    def _variable_record(self, name: str) -> Variable:
        owner = self._owner
        if name in owner.records or name in owner.subexpressions:
            return super()._variable_record(name)
        if name == "delay":
            return owner.records[self._pre_pathway().delay_name]
        if name in _COUNTS:
            return integer_variable(name)
        nb = self._neighbours.get(name)
        if nb is not None:
            return nb.record
        raise ModelNameError(f"{self._text()} has no variable {name!r}")

    def _read_values(self, name: str) -> np.ndarray:
        owner = self._owner
        if name in owner.records or name in owner.subexpressions:
            return super()._read_values(name)
        if name == "delay":
            return self._read_values(self._pre_pathway().delay_name)
        if name in self._expansions:
            value = self._evaluate(self._inline(Name(name)),
                                   np.arange(self.N), user_namespace(),
                                   Source(name, owner=self._text()))
            return np.broadcast_to(value, (self.N,)).copy()
        table = self._names()
        if name in table.bindings:
            indices = np.arange(self.N)
            return gather(table.bindings, self._all_arrays(), [name],
                          indices)[name]
        return super()._read_values(name)

    def _assign(self, name: str, key, value, unitless: bool = False) -> None:
        if name == "delay":
            name = self._pre_pathway().delay_name
        record = self._variable_record(name)
        fixed = ("i", "j", self.multisynaptic_index)
        if name in fixed or name in _COUNTS or name in self._neighbours:
            raise ModelNameError(f"{self._text()}: '{name}' cannot be set "
                                 f"here (it is read-only for synapses)")
        if not record.scalar and not self._connected:
            raise TypeError(f"{self._text()}: cannot set '{name}' before "
                            f"any synapse exists; call connect() first")
        super()._assign(name, key, value, unitless)

    # -- selecting synapses ---------------------------------------------------
    def __getitem__(self, key) -> SynapseSelection:
        """The synapses ``key`` selects: ``S[i, j]``, ``S[:, 3:5]``,
        ``S['i > j']``, ``S[10:20]`` (synapse indices)."""
        return SynapseSelection(self, self._indices_for(key))

    def _indices_for(self, key) -> np.ndarray:
        if isinstance(key, SynapseSelection):
            if key.synapses is not self:
                raise IndexError(f"{self._text()}: the selection indexes "
                                 f"synapses of {key.synapses.name!r}")
            return key.indices
        if isinstance(key, tuple):
            return self._pair_indices(key)
        return super()._indices_for(key)

    def _pair_indices(self, key) -> np.ndarray:
        if len(key) not in (2, 3):
            raise IndexError(f"{self._text()}: index synapses with (i, j) "
                             f"or (i, j, k), got {len(key)} indices")
        arrays = self._owner.arrays
        mask = index_matches(arrays["i"], key[0], self.N_pre, "i") & \
            index_matches(arrays["j"], key[1], self.N_post, "j")
        if len(key) == 3:
            if self.multisynaptic_index is None:
                raise IndexError(f"{self._text()}: a third index needs "
                                 f"multisynaptic_index= at creation")
            numbers = arrays[self.multisynaptic_index]
            top = int(numbers.max(initial=0)) + 1
            mask &= index_matches(numbers, key[2], top, "k")
        return np.flatnonzero(mask)

    # -- making synapses ------------------------------------------------------
    def connect(self, condition=None, i=None, j=None, p=1.0, n=1,
                skip_if_invalid=False, namespace=None, level=0):
        """Add synapses.

        Parameters
        ----------
        condition : str or bool, optional
            Connect the pairs for which it holds (``'i != j'``); ``True``
            for all pairs. Uses ``i``, ``j``, and ``_pre``/``_post``
            variables.
        i, j : int or array of int, optional
            Explicit pairs (broadcast against each other).
        j : str, optional
            Without ``i``: a generator expression such as ``'k for k in
            range(i-3, i+4) if k != i'`` or ``'k for k in sample(N_post,
            p=0.1)'``, or an expression of ``i`` (``'i'``: one to one).
        p : float or str
            Probability of connecting each chosen pair (an expression may
            depend on ``i``, ``j`` and the groups' variables).
        n : int or str
            Synapses per chosen pair.
        skip_if_invalid : bool
            With a generator, skip targets outside the target group
            instead of raising an error.
        namespace : dict, optional
            Values for identifiers, before the caller's variables.
        level : int
            How many frames above the caller to look for variables.
        """
        rows, cols = connect_synapses(self, condition, i, j, p, n,
                                      skip_if_invalid, namespace, level)
        self._add_synapses(rows, cols)

    def _add_synapses(self, rows: np.ndarray, cols: np.ndarray) -> None:
        old, added = self.N, len(rows)
        refuse_growth(self._owner, self._text(), added)
        if old + added > MAX_SYNAPSES:
            raise ValueError(f"{self._text()}: {old + added} synapses exceed "
                             f"the maximum of {MAX_SYNAPSES}")
        # lastupdate starts at 0: the clock's time outside a run belongs to
        # whichever network ran last, and an update from a later time would
        # make event-driven variables grow without bound.
        fill = {"i": rows, "j": cols,
                "_synaptic_pre": (rows, self.source.start),
                "_synaptic_post": (cols, self.target.start)}
        arrays = self._owner.arrays
        for name in self._per_synapse:
            grown = np.empty(old + added, dtype=arrays[name].dtype)
            grown[:old] = arrays[name]
            value = fill.get(name, 0)
            if isinstance(value, tuple):   # relative index plus offset
                np.add(value[0], value[1], out=grown[old:], casting="unsafe")
            else:
                grown[old:] = value
            arrays[name] = grown
        for counts, index, group in (("_N_outgoing", rows, self.source),
                                     ("_N_incoming", cols, self.target)):
            grown = self._counts(counts, group)
            grown[group.start:group.stop] += np.bincount(
                index, minlength=group.N).astype(np.int32)
        self.stop = old + added
        if self.multisynaptic_index is not None:
            arrays[self.multisynaptic_index][:] = pair_numbers(
                arrays["i"], arrays["j"], self.N_post)
        self._connected = True

    # -- running --------------------------------------------------------------
    def contained_objects(self):
        return [self.source, self.target] + super().contained_objects()

    def _regular_kernel(self, label, statements, clock, ctx):
        return SynapseCode(self, ctx).regular_kernel(label, statements, clock)

    def state_arrays(self) -> dict:
        owner = self._owner
        arrays = {owner.key(n): a for n, a in owner.arrays.items()}
        arrays[owner.key("N")] = np.array([self.N], dtype=np.int64)
        arrays.update(link_arrays(owner))
        arrays.update(self._scratch)
        return arrays

    def operations(self, ctx: BuildContext) -> list[Operation]:
        self._counts("_N_outgoing", self.source)
        self._counts("_N_incoming", self.target)
        code = SynapseCode(self, ctx)
        ops = code.operations()
        self._scratch = code.scratch
        return ops

    def restore_arrays(self, saved: dict) -> None:
        """Go back to the arrays of a snapshot, including the number of
        synapses and the spike rings (which grow with the delays)."""
        owner = self._owner
        rings = {n for n in owner.arrays if n.startswith("_queue_")}
        restore_owner_arrays(owner, saved, set(self._per_synapse) | rings)
        self.stop = int(saved[owner.key("N")][0])
        self._connected = self._connected or self.stop > 0

    def after_run(self) -> None:
        self._scratch = {}

    def __repr__(self):
        return (f"<Synapses {self.name!r} from {self.source.name!r} to "
                f"{self.target.name!r}: {self.N} synapses>")

