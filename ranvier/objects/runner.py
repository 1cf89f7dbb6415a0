"""Code run for every element of a group at regular intervals
(``group.run_regularly(...)``)."""

from __future__ import annotations

from ranvier.lang.parse import parse_statements
from ranvier.objects.base import BuildContext, Operation, SimObject

__all__ = ["CodeRunner"]


def root_group(group):
    """The group owning the arrays of ``group`` (itself, or a subgroup's
    parent)."""
    return getattr(group, "parent", group)


class CodeRunner(SimObject):
    """Statements run for each element of a group (or subgroup) every
    ``dt``; made by ``run_regularly``.

    It runs whenever its group runs: the group lists it among its
    contained objects, so it needs no separate place in a network.

    Parameters
    ----------
    group : Group
        A group, subgroup or Synapses object.
    code : str
        The statements.
    dt : Quantity, optional
        Interval (default: the group's own step).
    clock : Clock, optional
    when : str
    order : int
    name : str, optional
    """

    def __init__(self, group, code: str, dt=None, clock=None,
                 when: str = "start", order: int = 0, name=None):
        if not isinstance(code, str):
            raise TypeError(f"{group._owner_text()}: run_regularly needs a "
                            f"string of statements, got "
                            f"{type(code).__name__}")
        statements = parse_statements(
            code, owner=group._owner_text("run_regularly"))
        if dt is None and clock is None:
            clock = group.clock
        # The default name names the group, as kernels and errors show it.
        self._name_base = f"{group.name}_run_regularly"
        super().__init__(dt=dt, clock=clock, when=when, order=order,
                         name=name)
        self.group = group
        self.statements = statements
        root = root_group(group)
        # Scheduled as part of its group: among operations of the same
        # slot and order, the group's own come first, then its runners in
        # the order they were made.
        self.creation_index = root.creation_index
        root._add_runner(self)

    def contained_objects(self):
        return [root_group(self.group)]

    def operations(self, ctx: BuildContext) -> list[Operation]:
        kernel = self.group._regular_kernel(self.name, self.statements,
                                            self.clock, ctx)
        return [Operation(self.name, self.when, self.order, self.clock,
                          kernel)]

    def __repr__(self):
        return (f"<CodeRunner {self.name!r} of {self.group.name!r}, every "
                f"{self.clock.dt}>")
