"""Brian 2's integration-method objects (``method=euler``) for ranvier.

In Brian 2, ``euler``, ``rk4``, ``exact`` ... are state-updater objects a
script can pass as ``method=``. ranvier's groups take a method *name*, so
each object here is a ``str`` subclass equal to its name: anything that
accepts ``method='rk4'`` accepts ``method=rk4``, including lists of
methods. The GSL integrators are names ranvier's integration stage
refuses with ``NotImplementedError`` when a group is created with them.

User-defined schemes (``ExplicitStateUpdater('x_new = ...')``,
subclassing ``StateUpdateMethod``) are not built: they raise
``NotImplementedError``.
"""

from __future__ import annotations

__all__ = ["IntegrationMethod", "METHOD_OBJECTS", "ExplicitStateUpdater",
           "StateUpdateMethod"]


class IntegrationMethod(str):
    """An integration method, named as ``NeuronGroup(method=...)`` takes
    it; equal to (and usable wherever one can use) its name."""

    __slots__ = ()

    @property
    def name(self) -> str:
        return str(self)

    def __repr__(self):
        return f"<integration method {str(self)!r}>"


#: Brian 2's method names as the objects its star import provides.
METHOD_OBJECTS = {name: IntegrationMethod(name) for name in (
    "euler", "rk2", "rk4", "heun", "milstein", "exact", "linear",
    "independent", "exponential_euler", "gsl_rk2", "gsl_rk4", "gsl_rkf45",
    "gsl_rkck", "gsl_rk8pd")}


def _no_custom_schemes(what: str) -> NotImplementedError:
    return NotImplementedError(
        f"{what}: user-defined integration schemes are not available in "
        f"ranvier; pass one of the built-in methods by name (method='rk4', "
        f"'euler', 'heun', 'milstein', 'exact', 'exponential_euler', "
        f"'rk2')")


class StateUpdateMethod:
    """Brian 2's base class of integration methods (not built: ranvier's
    methods live in ``ranvier.integration`` and cannot be extended from a
    script)."""

    def __init__(self, *args, **kwargs):
        raise _no_custom_schemes(type(self).__name__)

    @staticmethod
    def register(name, stateupdater):
        """Not built: registering a new integration method."""
        raise _no_custom_schemes("StateUpdateMethod.register")


class ExplicitStateUpdater(StateUpdateMethod):
    """Brian 2's explicit scheme written as update statements (not
    built)."""

    def __init__(self, *args, **kwargs):
        raise _no_custom_schemes("ExplicitStateUpdater")
