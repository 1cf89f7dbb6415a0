"""What the integration stage takes in and gives out.

An :class:`ODESystem` lists the differential equations of a group, one
right-hand side per state variable, with subexpressions already inlined.
A :class:`StateUpdate` holds the statements that advance the state by one
time step ``dt``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ranvier.lang.errors import ModelError
from ranvier.lang.functions import DEFAULT_FUNCTIONS
from ranvier.lang.printer import print_statements
from ranvier.lang.tree import (BinOp, Call, Expr, Name, Source, Statement,
                               names_in)

__all__ = ["ODESystem", "StateUpdate", "UnsupportedEquationsError",
           "hold_when_refractory", "is_noise_symbol", "format_state_update",
           "TIME", "DT", "NOT_REFRACTORY"]

#: Names with a fixed meaning in equations.
TIME = "t"
DT = "dt"
NOT_REFRACTORY = "not_refractory"


def is_noise_symbol(name: str) -> bool:
    """Whether ``name`` is a white-noise symbol: ``xi`` or ``xi_<suffix>``."""
    return name == "xi" or (name.startswith("xi_") and len(name) > 3)


class UnsupportedEquationsError(ModelError):
    """An integration method cannot integrate the given equations."""


@dataclass(frozen=True)
class ODESystem:
    """Differential equations ``d<variable>/dt = <rhs>``, one per variable.

    Parameters
    ----------
    derivatives : tuple of (str, Expr)
        State variable and right-hand side, in the order the statements
        should follow. Subexpressions must already be inlined.
    functions : Mapping[str, FunctionSpec], optional
        The functions the right-hand sides may call; used to tell random
        functions (not ``stateless``) apart.
    sources : tuple of (Source or None), optional
        Where each equation was written, in the order of ``derivatives``,
        so errors can show it.
    constant_calls : set of str, optional
        Functions of ``t`` whose value is constant within each step (a
        TimedArray with a step that is a multiple of the group's): exact
        integration treats their calls as inputs fixed for the step.

    Notes
    -----
    Names other than the state variables are constant over one step
    (parameters, ``dt``), except the time ``t`` and calls of random
    functions. White noise is written ``xi`` or ``xi_<suffix>`` (dimension
    ``second**-0.5``) and must enter each equation linearly, possibly
    multiplied by a function of the state. One ``xi_<suffix>`` used in
    several equations is the same noise in all of them; a bare ``xi`` in
    several equations is independent noise in each.
    """

    derivatives: tuple[tuple[str, Expr], ...]
    functions: Mapping = field(default_factory=lambda: DEFAULT_FUNCTIONS,
                               compare=False, repr=False)
    sources: tuple[Source | None, ...] = field(default=(), compare=False,
                                               repr=False)
    constant_calls: frozenset = field(default=frozenset(), compare=False,
                                      repr=False)

    def __post_init__(self):
        object.__setattr__(self, "constant_calls",
                           frozenset(self.constant_calls))
        object.__setattr__(self, "derivatives",
                           tuple((v, e) for v, e in self.derivatives))
        object.__setattr__(self, "sources", tuple(self.sources))
        seen = set()
        for variable, rhs in self.derivatives:
            self._check_variable(variable, seen)
            if not isinstance(rhs, Expr):
                raise TypeError(f"the right-hand side for '{variable}' must "
                                f"be an Expr, got {rhs!r}")
            seen.add(variable)
        if self.sources and len(self.sources) != len(self.derivatives):
            raise ValueError("sources must have one entry per equation")

    @staticmethod
    def _check_variable(variable, seen):
        if not isinstance(variable, str) or not variable.isidentifier():
            raise ValueError(f"state variable {variable!r} is not a name")
        if variable.startswith("_"):
            raise ValueError(f"state variable '{variable}' starts with '_', "
                             f"which is reserved for temporaries")
        if variable in (TIME, DT) or is_noise_symbol(variable):
            raise ValueError(f"'{variable}' cannot be a state variable")
        if variable in seen:
            raise ValueError(f"two equations for '{variable}'")

    @property
    def variables(self) -> tuple[str, ...]:
        """The state variables, in order."""
        return tuple(v for v, _ in self.derivatives)

    def rhs(self, variable: str) -> Expr:
        """The right-hand side of the equation for ``variable``."""
        return dict(self.derivatives)[variable]

    def source_of(self, variable: str) -> Source | None:
        """Where the equation for ``variable`` was written, if known."""
        if not self.sources:
            return None
        return self.sources[self.variables.index(variable)]

    @property
    def noise_symbols(self) -> tuple[str, ...]:
        """The noise symbols used anywhere, sorted."""
        found = set()
        for _, rhs in self.derivatives:
            found |= {n for n in names_in(rhs) if is_noise_symbol(n)}
        return tuple(sorted(found))

    @property
    def is_stochastic(self) -> bool:
        return bool(self.noise_symbols)

    def unsupported(self, method: str, message: str,
                    variable: str | None = None) -> UnsupportedEquationsError:
        """An error saying why ``method`` cannot integrate this system."""
        source = self.source_of(variable) if variable is not None else None
        return UnsupportedEquationsError(
            f"integration method '{method}' cannot be used: {message}",
            source)


@dataclass(frozen=True)
class StateUpdate:
    """Statements advancing the state by one step.

    Attributes
    ----------
    method : str
        Name of the method that produced them.
    statements : tuple of Statement
        Run in order at time ``t`` with step ``dt``. Targets starting with
        ``_`` are temporaries; state variables are assigned last, so every
        stage reads the values at the start of the step.
    """

    method: str
    statements: tuple[Statement, ...]
    #: Functions whose calls the method took as constant over a step; the
    #: group checks at each run that they still are (for its current dt).
    constant_calls: tuple[str, ...] = ()

    def __str__(self):
        return format_state_update(self)

    @property
    def temporaries(self) -> tuple[str, ...]:
        """Temporary names, in the order they are assigned."""
        return tuple(s.target for s in self.statements
                     if s.target.startswith("_"))

    @property
    def updated_variables(self) -> tuple[str, ...]:
        """The state variables the statements assign."""
        return tuple(s.target for s in self.statements
                     if not s.target.startswith("_"))


def format_state_update(update: StateUpdate) -> str:
    """The statements as model code, one per line, under the method name.

    Examples
    --------
    >>> from ranvier.lang.tree import Const
    >>> print(format_state_update(StateUpdate("euler", (
    ...     Statement("v", "=", Const(0)),))))
    # method: euler
    v = 0
    """
    lines = [f"# method: {update.method}"]
    if update.statements:
        lines.append(print_statements(update.statements))
    return "\n".join(lines)


def hold_when_refractory(rhs: Expr) -> Expr:
    """``int(not_refractory) * (rhs)``: the ``(unless refractory)`` flag.

    ``not_refractory`` is constant over a step, so with every method,
    ``exact`` included, the variable keeps its value while the neuron is
    refractory.
    """
    return BinOp("*", Call("int", (Name(NOT_REFRACTORY),)), rhs)
