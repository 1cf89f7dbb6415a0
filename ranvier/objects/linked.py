"""Linked variables: a parameter marked ``(linked)`` that stands for a
variable of another group, ``G.x = linked_var(H, 'v')``.

Nothing is copied. A link is an index array (for each element of the
linking group, the global element of the target's array) and kernels read
the target through it as an ``indirect`` access, so every read sees the
target's current values, in the order the schedule gives. A link to a
shared variable, or to a group of one element, is itself shared.

Writes through a linked variable (from Python, from the group's code, or
as ``x_post`` from synapses) change the target, as in Brian 2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ranvier.lang.symbols import Variable
from ranvier.objects.lowering import Binding
from ranvier.objects.variables import VariableView
from ranvier.units import DimensionMismatchError

__all__ = ["LinkedVariable", "Link", "linked_var", "set_link",
           "link_binding", "link_arrays", "link_values", "link_location",
           "through"]


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
        owner; None when the target is shared (its one value).
    """

    owner: object
    name: str
    index: np.ndarray | None

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
    link, target_record = _resolve_target(value, where, name)
    if target_record.dim is not declared.dim:
        raise DimensionMismatchError(
            f"{where}: the unit of the linked variable '{name}' does not "
            f"match the unit of its target '{value.name}' of "
            f"{value.group.name!r}", declared.dim, target_record.dim)
    index, shared = _link_index(group, name, value, link)
    owner.records[name] = Variable(name, declared.dim, declared.dtype,
                                   scalar=shared)
    owner.links[name] = Link(link.owner, link.name, index)


def _resolve_target(value: LinkedVariable, where: str, name: str):
    """The target's link (with the global index of each of its elements)
    and its variable record."""
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
    if link.index is None:
        return Binding(link.key, "scalar")
    return Binding(link.key, "indirect", index_key(owner, name))


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
        arrays[link.key] = link.owner.arrays[link.name]
        if link.index is not None:
            arrays[index_key(owner, name)] = link.index
    return arrays


def link_location(owner, name: str, positions: np.ndarray):
    """The target array and the places in it of the linking group's
    elements ``positions`` (global; ``[0]`` for a shared link)."""
    link = _link(owner, name)
    array = link.owner.arrays[link.name]
    if link.index is None:
        return array, np.zeros(len(positions), dtype=np.intp)
    return array, link.index[positions]


def link_values(owner, name: str, positions: np.ndarray) -> np.ndarray:
    """Current values of the linked variable at ``positions`` (a copy)."""
    array, places = link_location(owner, name, positions)
    return array[places]
