"""What the input objects share when they lower themselves into kernels:
resolving the names their code uses in a group's context."""

from __future__ import annotations

from typing import Iterable

from ranvier.lang.tree import Expr, calls_in, names_in
from ranvier.objects.base import BuildContext
from ranvier.objects.group import element_count
from ranvier.objects.neurongroup import Subgroup, slice_range

__all__ = ["names_of", "resolve_in_group", "subgroup_of", "check_count",
           "SpikeSource"]


def check_count(N, what: str) -> int:
    """``N`` as a positive number of elements, or a ValueError (see
    :func:`ranvier.objects.group.element_count`)."""
    return element_count(N, what)


def names_of(*exprs: Expr) -> set[str]:
    """Identifiers and function names used by expressions."""
    names = set()
    for expr in exprs:
        names |= names_in(expr) | calls_in(expr)
    return names


def resolve_in_group(group, names: Iterable[str], ctx: BuildContext) -> dict:
    """The group's model symbols plus ``names`` resolved as the group's own
    code would resolve them (its namespace, then the run's)."""
    return group._symbols_for(names, ctx)


def subgroup_of(group, key):
    """``group[key]``: the contiguous subgroup a slice selects."""
    return Subgroup(group, *slice_range(group, key))


class SpikeSource:
    """What makes an input group a spike source like a NeuronGroup: one
    'spike' event with its buffer, and contiguous subgroups."""

    @property
    def events(self) -> tuple[str, ...]:
        return ("spike",)

    def event_buffer(self, event: str) -> str:
        """Global name of the event buffer of ``event`` (``'spike'``)."""
        return self._owner.key(f"_{event}space")

    def __getitem__(self, key):
        return subgroup_of(self, key)
