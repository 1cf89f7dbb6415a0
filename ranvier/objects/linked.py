"""Linked variables: a parameter marked ``(linked)`` that stands for a
variable of another group, ``G.x = linked_var(H, 'v')``.

Nothing is copied. A link is an index array (for each element of the
linking group, the global element of the target's array) and kernels read
the target through it as an ``indirect`` access, so every read sees the
target's current values, in the order the schedule gives. A link to a
shared variable, or to a group of one element, is itself shared.

Writes through a linked variable (from Python, from the group's code, or
as ``x_post`` from synapses) change the target, as in Brian 2.

Synapses link too: to a shared variable or a group of one element (the
link is shared), element by element to a group with one element per
synapse, or with ``index='i'``/``index='j'`` to the element each
synapse's pre/post index names (read live through that index). A
synapses' link may target a subexpression: synaptic code then reads its
definition with the target's variables taken through the link, as
``ranvier.objects.synapse_subexpr`` does for ``F_post``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ranvier.lang.errors import ModelNameError
from ranvier.lang.rewrite import replace_names
from ranvier.lang.symbols import Variable
from ranvier.lang.tree import Const, Name, calls_in, names_in
from ranvier.objects.lowering import Binding
from ranvier.objects.synapse_subexpr import KEPT, Expansion, definition
from ranvier.objects.variables import VariableView
from ranvier.units import DimensionMismatchError

__all__ = ["LinkedVariable", "Link", "linked_var", "set_link",
           "link_binding", "link_arrays", "link_values", "link_location",
           "through", "link_expansions", "link_terms"]

#: The synapses' own index variables a link may follow (``index='j'``).
_SYNAPTIC_INDICES = {"i": "source", "j": "target"}


@dataclass(frozen=True)
class LinkedVariable:
    """What :func:`linked_var` gives: a target variable to link to.

    Attributes
    ----------
    group : Group
        The group (or subgroup) owning the target.
    name : str
        The target variable's name in that group.
    index : array-like or None
        For each element of the linking group, the element of ``group``.
    """

    group: object
    name: str
    index: object = None


@dataclass(frozen=True)
class Link:
    """A resolved link.

    Attributes
    ----------
    owner : VariableOwner
        The owner of the target's array.
    name : str
        The target's name in ``owner``.
    index : numpy.ndarray or None
        Global target element for each element of the linking group's
        owner; None when the target is shared (its one value) or when
        ``via`` gives it.
    via : str or None
        Name of the linking synapses' index array (``'i'`` or ``'j'``)
        whose value is the target element, read live.
    group : Group or None
        For a link to a subexpression: the group owning the target's
        arrays (its definition is read there).
    """

    owner: object
    name: str
    index: np.ndarray | None
    via: str | None = None
    group: object = None

    @property
    def subexpression(self) -> bool:
        return self.group is not None

    @property
    def key(self) -> str:
        return self.owner.key(self.name)


def linked_var(group_or_variable, name: str | None = None, index=None):
    """A variable of another group, for a variable marked ``(linked)``.

    Parameters
    ----------
    group_or_variable : Group or VariableView
        The group owning the target (then give ``name``), or the target
        itself (``H.v``).
    name : str, optional
        The target variable's name in the group.
    index : array of int, optional
        For each element of the linking group, which element of the target
        group it reads. Without it, the groups must have the same size
        (element ``k`` reads element ``k``), or the target must be shared
        or a group of one element (every element reads that one value).

    Returns
    -------
    LinkedVariable
        Assign it to the linked variable: ``G.x = linked_var(H, 'v')``.

    Examples
    --------
    >>> from ranvier import NeuronGroup, linked_var, mV
    >>> source = NeuronGroup(3, 'v : volt')
    >>> source.v = [1, 2, 3]*mV
    >>> reader = NeuronGroup(2, 'x : volt (linked)')
    >>> reader.x = linked_var(source, 'v', index=[2, 0])
    >>> reader.x[:]
    array([3., 1.]) * mvolt
    """
    if isinstance(group_or_variable, VariableView):
        if name is not None:
            raise TypeError("linked_var: give a variable (H.v) or a group "
                            "and a name (H, 'v'), not both")
        group, name = group_or_variable._group, group_or_variable._name
    else:
        group = group_or_variable
        if not isinstance(name, str):
            raise TypeError(f"linked_var: give the name of the variable of "
                            f"{getattr(group, 'name', group)!r} to link to, "
                            f"e.g. linked_var(H, 'v')")
    owner = getattr(group, "_owner", None)
    if owner is None:
        raise TypeError(f"linked_var: {group!r} is not a group with "
                        f"variables")
    if name not in owner.records and name not in owner.subexpressions:
        known = ", ".join(n for n in owner.records if not n.startswith("_"))
        raise KeyError(f"linked_var: {group.name!r} has no variable "
                       f"{name!r} (its variables: {known or 'none'})")
    return LinkedVariable(group, name, index)


def set_link(group, name: str, value) -> None:
    """Link the variable ``name`` of ``group`` (``group.name = value``).

    Raises
    ------
    ValueError
        When ``value`` is not a :class:`LinkedVariable`, or for sizes that
        do not match.
    TypeError
        For a subgroup, or a bad index array.
    DimensionMismatchError
        When the target's unit differs from the declared one.
    NotImplementedError
        For targets that are not state variables of a neuron-like group.
    """
    where = f"{type(group).__name__} {group.name!r}"
    if not isinstance(value, LinkedVariable):
        raise ValueError(f"{where}: '{name}' is a linked variable and cannot "
                         f"be set to a value; link it to a variable of "
                         f"another group, e.g. {group.name}.{name} = "
                         f"linked_var(other, 'v')")
    if getattr(group, "parent", None) is not None:
        raise TypeError(f"{where}: link '{name}' on the whole group "
                        f"{group.parent.name!r}, not on a subgroup")
    owner = group._owner
    declared = owner.records[name]
    dynamic = getattr(group, "_dynamic_size", False)
    link, target_record = _resolve_target(value, where, name, dynamic)
    if target_record.dim is not declared.dim:
        raise DimensionMismatchError(
            f"{where}: the unit of the linked variable '{name}' does not "
            f"match the unit of its target '{value.name}' of "
            f"{value.group.name!r}", declared.dim, target_record.dim)
    if dynamic:
        index, via, shared = _synapses_link_index(group, name, value, link)
    else:
        (index, shared), via = _link_index(group, name, value, link), None
    owner.records[name] = Variable(name, declared.dim, declared.dtype,
                                   read_only=link.subexpression,
                                   scalar=shared)
    owner.links[name] = Link(link.owner, link.name, index, via, link.group)


def _resolve_target(value: LinkedVariable, where: str, name: str,
                    dynamic: bool = False):
    """The target's link (with the global index of each of its elements)
    and its variable record. Only synapses (``dynamic``) link to
    subexpressions."""
    target = value.group
    t_owner = target._owner
    what = f"'{value.name}' of {target.name!r}"
    if not callable(getattr(target, "event_buffer", None)):
        raise NotImplementedError(
            f"{where}: linking '{name}' to {what} is not supported; a link "
            f"target must be a variable of a neuron group (fixed size)")
    inner = t_owner.links.get(value.name, False)
    if inner is None:
        raise TypeError(f"{where}: cannot link '{name}' to {what}, which is "
                        f"itself a linked variable that is not linked yet")
    record = t_owner.records.get(value.name)
    if inner is False and value.name not in t_owner.arrays and dynamic:
        eq = t_owner.subexpressions[value.name]
        root = getattr(target, "parent", None) or target
        return Link(t_owner, value.name, np.arange(
            target.start, target.stop, dtype=np.int32), group=root), \
            Variable(value.name, eq.dim, eq.dtype, read_only=True)
    if inner is False and value.name not in t_owner.arrays:
        raise NotImplementedError(
            f"{where}: linking '{name}' to {what} is not supported yet; "
            f"only state variables (parameters and differential equations) "
            f"can be link targets, not subexpressions")
    if inner is not False:
        # Linking to a linked variable: follow it now.
        own = None if inner.index is None else \
            inner.index[target.start:target.stop]
        return Link(inner.owner, inner.name, own), record
    own = None if record.scalar else \
        np.arange(target.start, target.stop, dtype=np.int32)
    return Link(t_owner, value.name, own), record


def _link_index(group, name: str, value: LinkedVariable, link: Link):
    """The index array of a link (None for a shared target) and whether
    the linked variable is shared."""
    where = f"{type(group).__name__} {group.name!r}"
    targets = link.index
    if targets is None:
        return None, True
    n = group.N
    if value.index is None:
        if len(targets) == 1:
            return np.full(n, targets[0], dtype=np.int32), True
        if len(targets) != n:
            raise ValueError(
                f"{where}: cannot link '{name}' ({n} elements) to "
                f"'{value.name}' of {value.group.name!r} ({len(targets)} "
                f"elements) element by element; give index= to say which "
                f"element each of the {n} elements reads")
        return targets.astype(np.int32), False
    index = np.asarray(value.index)
    if index.dtype.kind not in "iu":
        raise TypeError(f"{where}: the index of the linked variable '{name}' "
                        f"must be an array of integers, got {index.dtype}")
    if index.shape != (n,):
        raise TypeError(f"{where}: the index of the linked variable '{name}' "
                        f"must be a one-dimensional array of {n} entries, "
                        f"got shape {index.shape}")
    if index.size and (index.min() < 0 or index.max() >= len(targets)):
        raise ValueError(f"{where}: the index of the linked variable "
                         f"'{name}' must lie in [0, {len(targets)}) (the "
                         f"elements of {value.group.name!r})")
    return targets[index].astype(np.int32), False


def _synapses_link_index(syn, name: str, value: LinkedVariable,
                         link: Link):
    """``(index, via, shared)`` of a link made by synapses, whose number
    of elements changes as they connect."""
    where = f"Synapses {syn.name!r}"
    what = f"'{value.name}' of {value.group.name!r}"
    targets = link.index
    if isinstance(value.index, str):
        return None, _via(syn, name, value, link), False
    if value.index is not None:
        raise TypeError(f"{where}: the linked variable '{name}' cannot "
                        f"take an index array (the number of synapses "
                        f"changes); give the name of a synaptic index "
                        f"instead, e.g. index='j'")
    if targets is None:
        return None, None, True
    if len(targets) == 1:
        if targets[0] != 0:
            raise NotImplementedError(
                f"{where}: linking '{name}' to {what}, a one-element "
                f"subgroup that does not start its group, is not supported; "
                f"link to the whole group or use index='i'/'j'")
        return None, None, True
    if len(targets) != syn.N:
        raise ValueError(
            f"{where}: cannot link '{name}' ({syn.N} synapses) to {what} "
            f"({len(targets)} elements) element by element; connect first, "
            f"or give index='i' or index='j' to read the element of each "
            f"synapse's pre/postsynaptic neuron")
    return targets.astype(np.int32), None, False


def _via(syn, name: str, value: LinkedVariable, link: Link) -> str:
    """The synaptic index array a string index names, checked."""
    where = f"Synapses {syn.name!r}"
    index = value.index
    if index not in _SYNAPTIC_INDICES:
        if index in syn._owner.records or index in syn._neighbours:
            raise NotImplementedError(
                f"{where}: linking '{name}' through the synaptic variable "
                f"{index!r} is not supported; use index='i' or index='j'")
        raise ValueError(f"{where}: the index {index!r} of the linked "
                         f"variable '{name}' is not a variable of the "
                         f"synapses (use index='i' or index='j')")
    if link.index is None or link.index[:1].tolist() not in ([0], []) or \
            link.owner.links.get(link.name, False) is not False:
        raise NotImplementedError(
            f"{where}: linking '{name}' with index={index!r} to a shared "
            f"variable, a subgroup or a linked variable is not supported; "
            f"link to a variable of a whole group")
    side = getattr(syn, _SYNAPTIC_INDICES[index])
    if side.N > len(link.index):
        raise ValueError(
            f"{where}: cannot link '{name}' with index={index!r}: the "
            f"{_SYNAPTIC_INDICES[index]} group {side.name!r} has {side.N} "
            f"neurons but '{value.name}' of {value.group.name!r} only "
            f"{len(link.index)} elements")
    return index


def _link(owner, name: str) -> Link:
    link = owner.links[name]
    if link is None:
        raise TypeError(f"the linked variable '{name}' of "
                        f"{owner.owner_name!r} is not linked to anything; "
                        f"link it first, e.g. {owner.owner_name}.{name} = "
                        f"linked_var(other, 'v')")
    return link


def index_key(owner, name: str) -> str:
    """Global name of the index array of the linked variable ``name``."""
    return owner.key(f"_link_{name}")


def link_binding(owner, name: str) -> Binding:
    """How kernels of the linking group reach the linked variable."""
    link = _link(owner, name)
    return _target_binding(owner, name, link.key, scalar=False)


def _target_binding(owner, name: str, key: str, scalar: bool) -> Binding:
    """How kernels of ``owner`` reach the array ``key`` of the target of
    the link ``name`` (``scalar``: that array is shared)."""
    link = owner.links[name]
    if scalar or (link.index is None and link.via is None):
        return Binding(key, "scalar")
    if link.via is not None:
        return Binding(key, "indirect", owner.key(link.via))
    return Binding(key, "indirect", index_key(owner, name))


def link_terms(owner) -> dict:
    """For each variable a subexpression link's definition reads, its
    internal name with its symbol and binding (``(Variable, Binding)``)."""
    out = {}
    for name, link in owner.links.items():
        if link is None or not link.subexpression:
            continue
        t_owner = link.owner
        for var in names_in(definition(t_owner, link.name)):
            rec = t_owner.records.get(var)
            if rec is None:
                continue
            if var in t_owner.links:
                raise NotImplementedError(
                    f"{owner.owner_name!r}: the linked variable '{name}' "
                    f"reads the subexpression '{link.name}', which uses the "
                    f"linked variable '{var}'; this is not supported")
            term = f"_link_{name}_{var}"
            out[term] = (Variable(term, rec.dim, rec.dtype, True, rec.scalar),
                         _target_binding(owner, name, t_owner.key(var),
                                         rec.scalar))
    return out


def link_expansions(owner) -> dict:
    """An :class:`Expansion` for each linked variable of ``owner`` whose
    target is a subexpression: its definition in the names of
    :func:`link_terms`."""
    out = {}
    for name, link in owner.links.items():
        if link is None or not link.subexpression:
            continue
        t_owner = link.owner
        expr = definition(t_owner, link.name)
        mapping = {}
        for var in names_in(expr):
            if var in t_owner.records:
                mapping[var] = Name(f"_link_{name}_{var}")
            elif var == "N":
                mapping[var] = Const(int(link.group.N))
            elif var == "i":
                raise NotImplementedError(
                    f"{owner.owner_name!r}: the linked variable '{name}' "
                    f"reads the subexpression '{link.name}', which uses "
                    f"the index 'i'; this is not supported")
        used = names_in(expr) | calls_in(expr)
        externals = frozenset(n for n in used
                              if n not in mapping and n not in KEPT)
        out[name] = Expansion(name, replace_names(expr, mapping), externals,
                              link.group)
    return out


def through(via: str, binding: Binding) -> Binding:
    """``binding`` reached from other elements through the index array
    ``via`` first (synapses reading a linked variable of their target)."""
    if binding.kind == "scalar":
        return binding
    return Binding(binding.array, "indirect", (via,) + binding.chain)


def link_arrays(owner) -> dict:
    """The arrays the kernels of ``owner``'s links read: their index
    arrays and the targets (which need not belong to the same network)."""
    arrays = {}
    for name, link in owner.links.items():
        if link is None:
            continue
        if link.subexpression:
            t_owner = link.owner
            arrays.update({t_owner.key(n): a
                           for n, a in t_owner.arrays.items()})
        else:
            arrays[link.key] = link.owner.arrays[link.name]
        if link.index is not None:
            arrays[index_key(owner, name)] = link.index
    return arrays


def link_location(owner, name: str, positions: np.ndarray):
    """The target array and the places in it of the linking group's
    elements ``positions`` (global; ``[0]`` for a shared link)."""
    link = _link(owner, name)
    if link.subexpression:
        raise ModelNameError(f"{owner.owner_name!r}: '{name}' is linked to "
                             f"the subexpression '{link.name}' and is "
                             f"read-only")
    return link.owner.arrays[link.name], _places(owner, link, positions)


def _places(owner, link: Link, positions: np.ndarray) -> np.ndarray:
    if link.via is not None:
        return owner.arrays[link.via][positions]
    if link.index is None:
        return np.zeros(len(positions), dtype=np.intp)
    return link.index[positions]


def link_values(owner, name: str, positions: np.ndarray) -> np.ndarray:
    """Current values of the linked variable at ``positions`` (a copy)."""
    link = _link(owner, name)
    if link.subexpression:
        values = np.broadcast_to(link.group._read_values(link.name),
                                 (link.group.N,))
        return values[_places(owner, link, positions)]
    array, places = link_location(owner, name, positions)
    return array[places]
