"""Network operations: Python functions called during a run."""

from __future__ import annotations

import inspect

from ranvier.objects.base import BuildContext, Operation, SimObject

__all__ = ["NetworkOperation", "network_operation"]


class NetworkOperation(SimObject):
    """Calls a Python function every step of its clock.

    Parameters
    ----------
    function : callable
        Called as ``function()`` or ``function(t)`` (``t`` a Quantity).
    dt, clock, when, order, name
        As for every object.
    """

    _name_base = "networkoperation"

    def __init__(self, function, dt=None, clock=None, when="start", order=0,
                 name=None):
        if not callable(function):
            raise TypeError("network_operation needs a callable")
        params = [p for p in inspect.signature(function).parameters.values()
                  if p.default is inspect.Parameter.empty and p.kind in
                  (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if len(params) > 1:
            raise TypeError(f"a network operation takes no argument or the "
                            f"time t; {function.__name__} needs "
                            f"{len(params)}")
        super().__init__(dt=dt, clock=clock, when=when, order=order,
                         name=name)
        self.function = function
        self._wants_time = len(params) == 1

    def operations(self, ctx: BuildContext) -> list[Operation]:
        clock, function = self.clock, self.function
        if self._wants_time:
            def call():
                function(clock.t)
        else:
            call = function
        return [Operation(self.name, self.when, self.order, clock,
                          callable=call)]

    def __call__(self, *args, **kwargs):
        return self.function(*args, **kwargs)


def network_operation(*args, **kwargs):
    """Decorator turning a function into a :class:`NetworkOperation`.

    Used bare (``@network_operation``) or with arguments
    (``@network_operation(dt=1*ms, when='end')``).
    """
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return NetworkOperation(args[0])
    if args:
        raise TypeError("network_operation takes keyword arguments only")

    def wrap(function):
        return NetworkOperation(function, **kwargs)
    return wrap
