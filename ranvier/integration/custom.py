"""Integration schemes written by the user as update statements (Brian
2's ``ExplicitStateUpdater``).

A scheme describes one step for a generic state variable ``x``::

    k = dt*f(x, t)
    x_new = x + dt*f(x + k/2, t + dt/2)

``f(a, b)`` is the right-hand side of the equations (their drift) with
the state at ``a`` and the time at ``b``; ``g(a, b)`` is the coefficient
of an equation's noise and ``dW`` its Wiener increment (a standard normal
times ``sqrt(dt)``, drawn once per noise symbol and step). Every line but
the last defines an intermediate value; the last defines ``x_new``.

The description is parsed once, by the model language's statement
parser, into trees. Applied to equations, each line becomes one
temporary per state variable (``_k_v`` for ``k`` and ``v``): ``x`` and the
intermediates inside ``f(...)`` and ``g(...)`` stand for every variable
at once, so ``f(x + k/2, t)`` evaluates each equation at the state
``y + _k_y/2`` of every variable ``y``.

Noise is taken one symbol per equation (Brian 2's diagonal noise): an
equation with several noise terms is refused.
"""

from __future__ import annotations

from ranvier.integration.analysis import (TempNames, assign, finish,
                                          noise_temp, split_noise,
                                          substitute, times)
from ranvier.integration.system import DT, TIME, ODESystem, StateUpdate
from ranvier.lang.errors import ModelSyntaxError
from ranvier.lang.parse import parse_statements
from ranvier.lang.rewrite import rename, replace_calls, replace_names
from ranvier.lang.tree import Call, Const, Name, calls_in, names_in, walk

__all__ = ["ExplicitScheme"]

_OWNER = "ExplicitStateUpdater"
_STOCHASTIC = (None, "additive", "multiplicative")
#: Names a description may use besides its intermediates.
_BUILTIN_NAMES = frozenset({"x", "t", "dt", "dW"})


class ExplicitScheme:
    """An explicit integration method given as update statements.

    Parameters
    ----------
    description : str
        Statements, one per line; the last assigns ``x_new``. They may use
        ``x``, ``t``, ``dt``, ``dW``, the intermediates of earlier lines,
        the model language's functions, and ``f(state, time)`` and
        ``g(state, time)``.
    stochastic : {None, 'additive', 'multiplicative'}
        Which equations the scheme integrates: deterministic ones only
        (``None``), also those with additive noise, or any noise.
    name : str, optional
        Shown in the state update and in messages.

    Raises
    ------
    ModelSyntaxError
        For a description outside this form, with the part at fault
        marked.
    """

    def __init__(self, description: str, stochastic=None, name=None):
        if stochastic not in _STOCHASTIC:
            raise ValueError(f"{_OWNER}: stochastic must be None, "
                             f"'additive' or 'multiplicative', got "
                             f"{stochastic!r}")
        if not isinstance(description, str):
            raise TypeError(f"{_OWNER}: the description must be a string")
        self.description = description
        self.stochastic = stochastic
        self.__name__ = name or "explicit scheme"
        self.statements = parse_statements(description, owner=_OWNER)
        self._check()
        # The scheme's own names, renamed to names no model can use (the
        # grammar refuses leading double underscores), so that they never
        # meet the equations' names (a model variable 'x' or 'k').
        own = {n: f"__{n}" for n in ("x", "dW", *self._intermediates)}
        self._exprs = tuple(rename(stmt.expr, own)
                            for stmt in self.statements)

    def __repr__(self):
        return f"ExplicitStateUpdater({self.description!r})"

    # -- checking the description ---------------------------------------------
    def _check(self) -> None:
        if not self.statements:
            raise ModelSyntaxError(f"{_OWNER}: the description is empty; "
                                   f"it needs a last line 'x_new = ...'")
        defined = set()
        for k, stmt in enumerate(self.statements):
            last = k == len(self.statements) - 1
            self._check_target(stmt, last, defined)
            for node in walk(stmt.expr):
                self._check_node(stmt, node, defined)
            defined.add(stmt.target)
        if not self.uses_noise and self.stochastic is not None:
            raise ValueError(f"{_OWNER}: stochastic={self.stochastic!r} "
                             f"but the description has no g(...) or dW")

    def _check_target(self, stmt, last: bool, defined) -> None:
        fail = None
        if stmt.op != "=":
            fail = f"use '=', not '{stmt.op}'"
        elif last and stmt.target != "x_new":
            fail = "the last line must assign 'x_new'"
        elif not last and stmt.target == "x_new":
            fail = "'x_new' must be assigned by the last line only"
        elif stmt.target in defined:
            fail = f"'{stmt.target}' is already defined"
        elif stmt.target in _BUILTIN_NAMES | {"f", "g"} or \
                stmt.target.startswith("_"):
            fail = f"'{stmt.target}' cannot be assigned here (reserved)"
        if fail is not None:
            raise ModelSyntaxError(fail, stmt.source, stmt.target_span)

    def _check_node(self, stmt, node, defined) -> None:
        if isinstance(node, Name) and node.id not in _BUILTIN_NAMES | defined:
            raise ModelSyntaxError(
                f"unknown name '{node.id}': a scheme reads x, t, dt, dW and "
                f"the values of its earlier lines", stmt.source, node.span)
        if isinstance(node, Call) and node.func in ("f", "g") and \
                len(node.args) != 2:
            raise ModelSyntaxError(
                f"{node.func}() takes a state and a time, "
                f"{node.func}(x, t)", stmt.source, node.span)
        if isinstance(node, Name) and node.id == "dW" and \
                self.stochastic is None:
            raise ModelSyntaxError("dW in a deterministic scheme (give "
                                   "stochastic='additive' or "
                                   "'multiplicative')", stmt.source,
                                   node.span)

    @property
    def _intermediates(self) -> tuple:
        return tuple(stmt.target for stmt in self.statements[:-1])

    @property
    def uses_noise(self) -> bool:
        return any("g" in calls_in(s.expr) or "dW" in names_in(s.expr)
                   for s in self.statements)

    # -- applying it ----------------------------------------------------------
    def __call__(self, system: ODESystem) -> StateUpdate:
        equations = self._split(system)
        names = TempNames()
        temps = {}
        statements = [assign(noise_temp(n), Call("randn", ()))
                      for n in sorted({n for eq in equations.values()
                                       for n, _ in eq.noise})]
        for target, expr in zip(self._intermediates, self._exprs):
            for x in system.variables:
                temps[(target, x)] = names.get(target, x)
            statements += [
                assign(temps[(target, x)],
                       self._for(expr, x, system, equations, temps))
                for x in system.variables]
        new = {x: self._for(self._exprs[-1], x, system, equations, temps)
               for x in system.variables}
        statements += finish(system.variables, new, names)
        return StateUpdate(self.__name__, tuple(statements))

    def _split(self, system: ODESystem) -> dict:
        equations = {eq.variable: eq for eq in split_noise(system,
                                                           self.__name__)}
        noisy = [eq for eq in equations.values() if eq.noise]
        if noisy and self.stochastic is None:
            raise system.unsupported(
                self.__name__, "the equations are stochastic and the "
                "scheme is deterministic (stochastic=None)",
                noisy[0].variable)
        for eq in noisy:
            if len(eq.noise) > 1:
                raise system.unsupported(
                    self.__name__, f"the equation for '{eq.variable}' has "
                    f"several noise terms; a user-defined scheme takes one "
                    f"per equation", eq.variable)
            coefficient = eq.noise[0][1]
            if self.stochastic == "additive" and \
                    names_in(coefficient) & set(system.variables):
                raise system.unsupported(
                    self.__name__, f"the noise of '{eq.variable}' is "
                    f"multiplicative and the scheme is for additive noise",
                    eq.variable)
        return equations

    def _for(self, expr, x: str, system, equations, temps):
        """``expr`` (in the scheme's renamed names) for the state
        variable ``x``."""
        eq = equations[x]
        names = {"__x": Name(x), "__dW": _increment(eq)}
        names.update({f"__{k}": Name(temp) for (k, y), temp in temps.items()
                      if y == x})

        def call(node):
            if node.func not in ("f", "g"):
                return None
            state, time = node.args
            # The state argument, for each variable the equation reads.
            mapping = {y: self._for(state, y, system, equations, temps)
                       for y in system.variables}
            mapping[TIME] = self._for(time, x, system, equations, temps)
            if node.func == "f":
                return substitute(eq.drift, mapping)
            if not eq.noise:
                return Const(0)
            return substitute(eq.noise[0][1], mapping)

        return replace_names(replace_calls(expr, call), names)


def _increment(eq):
    """``dW`` of an equation: ``sqrt(dt)`` times its noise draw (0 for a
    deterministic one)."""
    if not eq.noise:
        return Const(0)
    return times(Call("sqrt", (Name(DT),)), Name(noise_temp(eq.noise[0][0])))
