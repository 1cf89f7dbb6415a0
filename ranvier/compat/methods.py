"""Brian 2's integration-method objects (``method=euler``) for ranvier.

In Brian 2, ``euler``, ``rk4``, ``exact`` ... are state-updater objects a
script can pass as ``method=``. ranvier's groups take a method *name*, so
each object here is a ``str`` subclass equal to its name: anything that
accepts ``method='rk4'`` accepts ``method=rk4``, including lists of
methods. The GSL integrators are names ranvier's integration stage
refuses with ``NotImplementedError`` when a group is created with them.

User-defined schemes: ``ExplicitStateUpdater('x_new = ...')`` is
ranvier's :class:`~ranvier.integration.custom.ExplicitScheme`, usable as
``method=`` and registrable by name with ``StateUpdateMethod.register``.
Other subclasses of ``StateUpdateMethod`` (Python code that rewrites
equations) are not built.
"""

from __future__ import annotations

from ranvier.integration.custom import ExplicitScheme
from ranvier.integration.methods import register_method

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


class StateUpdateMethod:
    """Brian 2's base class of integration methods. Only
    :class:`ExplicitStateUpdater` and :meth:`register` are built: a
    method written as Python code that rewrites equations is not."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError(
            f"{type(self).__name__}: integration methods written as Python "
            f"subclasses of StateUpdateMethod are not available in ranvier; "
            f"describe the scheme with ExplicitStateUpdater('x_new = ...') "
            f"or use a built-in method by name")

    @staticmethod
    def register(name, stateupdater):
        """Make ``stateupdater`` (an ExplicitStateUpdater) available as
        ``method=name``."""
        if not isinstance(stateupdater, ExplicitScheme):
            raise TypeError(f"StateUpdateMethod.register: expected an "
                            f"ExplicitStateUpdater, got "
                            f"{type(stateupdater).__name__}")
        register_method(name, stateupdater)


class ExplicitStateUpdater(ExplicitScheme):
    """Brian 2's explicit scheme written as update statements (see
    :class:`ranvier.integration.custom.ExplicitScheme`).

    Parameters
    ----------
    description : str
    stochastic : {None, 'additive', 'multiplicative'}
    custom_check : callable, optional
        Not built: raises ``NotImplementedError``.
    """

    def __init__(self, description, stochastic=None, custom_check=None):
        if custom_check is not None:
            raise NotImplementedError("ExplicitStateUpdater: custom_check "
                                      "is not available in ranvier")
        super().__init__(description, stochastic=stochastic)
