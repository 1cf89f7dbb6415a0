"""What names mean in synaptic code: the synapses' own variables, the
variables of the pre- and postsynaptic groups (``v_pre``, ``v_post``, and
``v`` alone for the postsynaptic one, as in Brian), the indices ``i`` and
``j``, and sizes.

A :class:`NameTable` gives each name a symbol (for unit checking) and a
binding (for kernels); :func:`gather` reads the same bindings for chosen
synapses in Python, for string assignments and conditions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ranvier.lang.errors import ModelNameError
from ranvier.lang.symbols import Constant, Variable
from ranvier.lang.tree import Name, walk
from ranvier.objects.linked import (link_arrays, link_binding, link_terms,
                                    through)
from ranvier.objects.lowering import Binding
from ranvier.objects.synapse_subexpr import NEURON_INDEX
from ranvier.units import DIMENSIONLESS, second

__all__ = ["Neighbour", "NameTable", "neighbours", "gather",
           "check_neighbour_names", "group_arrays", "root_size",
           "index_matches", "pair_numbers", "add_neuron_indices",
           "add_link", "refuse_growth"]

_TIME = second.dim
#: Names ending in _pre/_post that are not variables of the groups.
_SIZES = ("N_pre", "N_post")
#: Names that mean the synapses' own indices and clock in synaptic code,
#: never a postsynaptic variable read without its suffix (a Synapses
#: target has its own ``i``, ``j``, ``delay``...).
_NEVER_UNSUFFIXED = frozenset({"i", "j", "N", "t", "dt", "delay",
                               "lastupdate", "N_incoming", "N_outgoing"})


@dataclass(frozen=True)
class Neighbour:
    """A variable of the pre- or postsynaptic group, as synaptic code
    names it.

    Attributes
    ----------
    name : str
        The name in synaptic code (``v_post``, or ``v`` for the
        postsynaptic group's ``v``).
    base : str
        The name in the group.
    side : str
        ``'pre'`` or ``'post'``.
    record : Variable
        The variable (named ``name``; read-only for a subexpression).
    key : str
        The global name of the group's array.
    owner : VariableOwner or None
        The group's variables (for linked variables, read through their
        link).
    group : Group or None
    subexpression : bool
        Whether it is a subexpression of the group (synaptic code reads
        its definition, see ``ranvier.objects.synapse_subexpr``).
    """

    name: str
    base: str
    side: str
    record: Variable
    key: str
    owner: object = None
    group: object = None
    subexpression: bool = False


def group_arrays(group) -> dict:
    """The arrays of a group's owner, by global name."""
    owner = group._owner
    arrays = {owner.key(name): array for name, array in owner.arrays.items()}
    arrays.update(link_arrays(owner))
    return arrays


def root_size(group) -> int:
    """Number of elements of the group a (sub)group's arrays belong to."""
    return getattr(group, "parent", group).N


def _side(group, side: str, unsuffixed: bool) -> dict:
    owner = getattr(group, "_owner", None)
    if owner is None:
        return {}
    out = {}
    # A subexpression stored as a variable (constant over dt) is read as
    # one.
    bases = [(n, owner.records[n], False) for n in owner.records] + \
        [(n, owner.subexpressions[n], True) for n in owner.subexpressions
         if n not in owner.records]
    for base, rec, sub in bases:
        names = [f"{base}_{side}"] + \
            ([base] if unsuffixed and base not in _NEVER_UNSUFFIXED else [])
        for name in names:
            record = Variable(name, rec.dim, rec.dtype, True,
                              "shared" in rec.flags) if sub \
                else Variable(name, rec.dim, rec.dtype, rec.read_only,
                              rec.scalar)
            out[name] = Neighbour(name, base, side, record, owner.key(base),
                                  owner, group, sub)
    return out


def neighbours(source, target) -> dict:
    """Every pre- and postsynaptic variable name synaptic code may use."""
    out = _side(target, "post", unsuffixed=True)
    out.update(_side(source, "pre", unsuffixed=False))
    return out


def check_neighbour_names(names_and_nodes, table: dict, owner: str,
                          source, target, defined=()) -> None:
    """Refuse ``x_pre``/``x_post`` names of variables the groups lack.

    ``names_and_nodes`` yields ``(name, source, span)`` triples; without
    a source, the message starts with ``owner``. Names in ``defined``
    (the namespaces the code sees) are constants of that name, as in
    Brian 2 (``C_pre = 1`` in the script).

    Raises
    ------
    ModelNameError
        Naming the group and its variables.
    """
    for name, where, span in names_and_nodes:
        side = "pre" if name.endswith("_pre") else \
            ("post" if name.endswith("_post") else None)
        if side is None or name in table or name in _SIZES or \
                name in defined or name.startswith("_"):
            continue
        group = source if side == "pre" else target
        base = name[: -len(side) - 1]
        variables = getattr(group, "_owner", None)
        known = sorted(variables.records) if variables is not None else []
        head = "" if where is not None else f"{owner}: "
        raise ModelNameError(
            f"{head}'{name}' refers to '{base}' of the {side}synaptic group "
            f"{group.name!r}, which has no such variable (its variables: "
            f"{', '.join(known) or 'none'})", where, span)


def name_uses(statements=(), exprs=()):
    """``(name, source, span)`` for every name read or assigned."""
    for stmt in statements:
        yield stmt.target, stmt.source, stmt.target_span
        for node in walk(stmt.expr):
            if isinstance(node, Name):
                yield node.id, stmt.source, node.span
    for expr, where in exprs:
        for node in walk(expr):
            if isinstance(node, Name):
                yield node.id, where, node.span


@dataclass
class NameTable:
    """Symbols and bindings of every model name of a Synapses object.

    Attributes
    ----------
    symbols : dict
        ``Variable`` or ``Constant`` by name.
    bindings : dict of str to Binding
    unsupported : dict of str to str
        Names synaptic code cannot use yet, with the reason.
    """

    symbols: dict = field(default_factory=dict)
    bindings: dict = field(default_factory=dict)
    unsupported: dict = field(default_factory=dict)

    def add(self, record, binding: Binding) -> None:
        self.symbols[record.name] = record
        self.bindings[record.name] = binding

    def refuse_unsupported(self, names) -> None:
        """Raise NotImplementedError for the first unsupported name."""
        for name in sorted(names):
            if name in self.unsupported:
                raise NotImplementedError(self.unsupported[name])


def add_neighbours(table: NameTable, found: dict, vias: dict) -> None:
    """Bind pre/post variables through the synapses' index arrays."""
    for name, nb in found.items():
        if nb.subexpression:
            # No array: code reads its definition (synapse_subexpr).
            table.symbols[name] = nb.record
            continue
        links = getattr(nb.owner, "links", {})
        if links.get(nb.base) is not None:
            # Through the synapses' index, then the link's.
            rec = nb.owner.records[nb.base]
            record = Variable(nb.name, rec.dim, rec.dtype, rec.read_only,
                              rec.scalar)
            table.add(record, through(vias[nb.side],
                                      link_binding(nb.owner, nb.base)))
            continue
        binding = Binding(nb.key, "scalar") if nb.record.scalar else \
            Binding(nb.key, "indirect", vias[nb.side])
        table.add(nb.record, binding)


def add_link(table: NameTable, owner, name: str) -> None:
    """A linked variable of the synapses: bound through its link (an
    unlinked one only gets its symbol; kernels refuse it), or, linked to
    a subexpression, the terms its definition reads (see
    ``Synapses._inline``)."""
    record = owner.records[name]
    link = owner.links[name]
    table.symbols[name] = record
    if link is None:
        return
    if link.subexpression:
        for term, (rec, binding) in link_terms(owner).items():
            table.add(rec, binding)
        return
    table.bindings[name] = link_binding(owner, name)


def refuse_growth(owner, where: str, added: int) -> None:
    """Links element by element fix the number of synapses.

    Raises
    ------
    ValueError
        When ``added`` synapses would outgrow such a link.
    """
    for name, link in owner.links.items():
        if added and link is not None and link.index is not None:
            raise ValueError(f"{where}: cannot add synapses after linking "
                             f"'{name}' element by element to "
                             f"{link.owner.owner_name!r}; connect first, "
                             f"then link")


def add_neuron_indices(table: NameTable, vias: dict) -> None:
    """The absolute pre/post neuron index of each synapse, what a
    neighbour subexpression's ``i`` becomes."""
    for side, name in NEURON_INDEX.items():
        table.add(integer_variable(name), Binding(vias[side], "element"))


def add_sizes(table: NameTable, n_pre: int, n_post: int) -> None:
    table.symbols["N_pre"] = Constant("N_pre", int(n_pre))
    table.symbols["N_post"] = Constant("N_post", int(n_post))


def add_clock(table: NameTable, clock) -> None:
    table.add(Variable("t", _TIME, read_only=True, scalar=True),
              Binding(f"{clock.name}.t", "scalar"))
    table.add(Variable("dt", _TIME, read_only=True, scalar=True),
              Binding(f"{clock.name}.dt", "scalar"))


def integer_variable(name: str) -> Variable:
    return Variable(name, DIMENSIONLESS, "integer", read_only=True)


def gather(bindings: dict, arrays: dict, names, indices: np.ndarray) -> dict:
    """Values of ``names`` for the synapses ``indices``, read through
    their bindings from ``arrays`` (global name to array)."""
    values = {}
    for name in names:
        b = bindings.get(name)
        if b is None:
            continue
        if b.kind == "scalar":
            values[name] = arrays[b.array][0]
        elif b.kind == "element":
            values[name] = arrays[b.array][indices]
        elif b.kind == "indirect":
            where = indices
            for via in b.chain:
                where = arrays[via][where]
            values[name] = arrays[b.array][where]
        else:
            values[name] = indices
    return values


def index_matches(values: np.ndarray, index, n: int, what: str) -> np.ndarray:
    """Which entries of ``values`` an index (int, slice, array) selects."""
    if isinstance(index, slice):
        chosen = np.zeros(n, dtype=bool)
        chosen[index] = True
        return chosen[values]
    arr = np.asarray(index)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise IndexError(f"synapses are indexed by integers or slices of "
                         f"{what}, got {type(index).__name__}")
    arr = np.where(arr < 0, arr + n, arr)
    if arr.ndim == 0:
        return values == arr
    return np.isin(values, arr)


def pair_numbers(i: np.ndarray, j: np.ndarray, n_post: int) -> np.ndarray:
    """For each synapse, how many earlier synapses join the same pair."""
    key = i.astype(np.int64) * n_post + j
    order = np.argsort(key, kind="stable")
    ranked = key[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = ranked[1:] != ranked[:-1]
    run_start = np.maximum.accumulate(np.where(first, np.arange(len(key)),
                                               0))
    numbers = np.empty(len(key), dtype=np.int32)
    numbers[order] = np.arange(len(key)) - run_start
    return numbers
