"""Explicit methods: Euler(-Maruyama), Runge-Kutta, stochastic Heun and
Milstein.

All of them follow one layout: draw one standard normal per noise symbol
(``_xi_1 = randn()``), compute the stages into temporaries, compute each
new value into ``_<var>_new``, and only then assign the state variables.
A noise symbol stands for ``randn()/sqrt(dt)``, so each noise term
``g*xi`` contributes ``g*sqrt(dt)*_xi`` to a step.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from ranvier.integration.analysis import (SplitEquation, TempNames, assign,
                                          combination, finish, noise_temp,
                                          plus, reject_noise, shifted_time,
                                          split_noise, substitute, times)
from ranvier.integration.system import DT, TIME, ODESystem, StateUpdate
from ranvier.lang.sympy_bridge import symbol, to_sympy
from ranvier.lang.tree import BinOp, Call, Const, Expr, Name, names_in

__all__ = ["euler", "RungeKutta", "rk2", "rk4", "heun", "milstein"]

_SQRT_DT = Call("sqrt", (Name(DT),))


def _noise_draws(equations) -> list:
    """``_xi = randn()`` once per noise symbol, in sorted order."""
    noises = sorted({noise for eq in equations for noise, _ in eq.noise})
    return [assign(noise_temp(n), Call("randn", ())) for n in noises]


def _noise_sum(terms) -> Expr | None:
    """``sum(g * _xi)`` over (noise, g) pairs."""
    tree = None
    for noise, coefficient in terms:
        part = times(coefficient, Name(noise_temp(noise)))
        tree = part if tree is None else plus(tree, part)
    return tree


def _with_noise(expr: Expr, terms) -> Expr:
    """``expr + sqrt(dt)*sum(g*_xi)``."""
    noise = _noise_sum(terms)
    return expr if noise is None else plus(expr, times(_SQRT_DT, noise))


def _state_dependent(eq: SplitEquation, variables) -> list[str]:
    return [noise for noise, g in eq.noise if names_in(g) & set(variables)]


def euler(system: ODESystem) -> StateUpdate:
    """Forward Euler; Euler-Maruyama for additive noise.

    ``x_new = x + dt*f(x, t) + sqrt(dt)*g*_xi``. Noise whose coefficient
    depends on a state variable (multiplicative noise) is refused: the
    result would depend on the stochastic calculus: use ``heun`` or
    ``milstein``, which read the equations in the Stratonovich sense.
    """
    equations = split_noise(system, "euler")
    for eq in equations:
        multiplicative = _state_dependent(eq, system.variables)
        if multiplicative:
            raise system.unsupported(
                "euler", f"the noise {', '.join(multiplicative)} in the "
                f"equation for '{eq.variable}' is multiplicative (its "
                f"coefficient depends on state variables) and 'euler' only "
                f"supports additive noise; use 'heun' or 'milstein' "
                f"(Stratonovich)", eq.variable)
    names = TempNames()
    new = {eq.variable: _with_noise(
        plus(Name(eq.variable), times(Name(DT), eq.drift)), eq.noise)
        for eq in equations}
    statements = _noise_draws(equations) + finish(system.variables, new,
                                                   names)
    return StateUpdate("euler", tuple(statements))


@dataclass(frozen=True)
class RungeKutta:
    """An explicit Runge-Kutta method given by its Butcher tableau.

    Attributes
    ----------
    name : str
    nodes : tuple of Fraction
        Time of each stage, as a fraction of ``dt``.
    matrix : tuple of tuple of Fraction
        Row ``i`` weights the earlier stages to form the input of stage
        ``i``.
    weights : tuple of Fraction
        Weights of the stages in the final step.
    """

    name: str
    nodes: tuple
    matrix: tuple
    weights: tuple

    def __call__(self, system: ODESystem) -> StateUpdate:
        reject_noise(system, self.name)
        names = TempNames()
        statements = []
        for stage, (node, row) in enumerate(zip(self.nodes, self.matrix), 1):
            mapping = self._stage_inputs(system, row, names)
            if node:
                mapping[TIME] = shifted_time(node)
            statements += [
                assign(names.get(f"k{stage}", x),
                       times(Name(DT), substitute(rhs, mapping)))
                for x, rhs in system.derivatives]
        new = {}
        for x in system.variables:
            increment = combination(
                (w, Name(names.get(f"k{stage}", x)))
                for stage, w in enumerate(self.weights, 1))
            new[x] = plus(Name(x), increment)
        statements += finish(system.variables, new, names)
        return StateUpdate(self.name, tuple(statements))

    @staticmethod
    def _stage_inputs(system, row, names) -> dict:
        mapping = {}
        for x in system.variables:
            shift = combination((a, Name(names.get(f"k{j}", x)))
                                for j, a in enumerate(row, 1))
            if shift is not None:
                mapping[x] = plus(Name(x), shift)
        return mapping


_F = Fraction
#: The midpoint method (second order).
rk2 = RungeKutta("rk2", (_F(0), _F(1, 2)), ((), (_F(1, 2),)), (_F(0), _F(1)))
#: The classical fourth-order Runge-Kutta method.
rk4 = RungeKutta(
    "rk4", (_F(0), _F(1, 2), _F(1, 2), _F(1)),
    ((), (_F(1, 2),), (_F(0), _F(1, 2)), (_F(0), _F(0), _F(1))),
    (_F(1, 6), _F(1, 3), _F(1, 3), _F(1, 6)))


def heun(system: ODESystem) -> StateUpdate:
    """Stochastic Heun method (Stratonovich); Heun's method without noise.

    A support value ``x_s = x + dt*f(x, t) + sqrt(dt)*g(x, t)*_xi`` is
    followed by ``x_new = x + dt*(f(x, t) + f(x_s, t + dt))/2 +
    sqrt(dt)*(g(x, t) + g(x_s, t + dt))*_xi/2``. Converges with order 2
    for deterministic equations.
    """
    equations = split_noise(system, "heun")
    names = TempNames()
    statements = _noise_draws(equations)
    statements += [assign(names.get("k1", eq.variable),
                          times(Name(DT), eq.drift)) for eq in equations]
    statements += [
        assign(names.get("support", eq.variable, suffix=True),
               _with_noise(plus(Name(eq.variable),
                                Name(names.get("k1", eq.variable))),
                           eq.noise))
        for eq in equations]
    mapping = {x: Name(names.get("support", x, suffix=True))
               for x in system.variables}
    mapping[TIME] = shifted_time(Fraction(1))
    statements += [assign(names.get("k2", eq.variable),
                          times(Name(DT), substitute(eq.drift, mapping)))
                   for eq in equations]
    new = {eq.variable: _heun_new(eq, names, mapping) for eq in equations}
    statements += finish(system.variables, new, names)
    return StateUpdate("heun", tuple(statements))


def _heun_new(eq: SplitEquation, names: TempNames, mapping) -> Expr:
    x = eq.variable
    drift = combination([(Fraction(1, 2), Name(names.get("k1", x))),
                         (Fraction(1, 2), Name(names.get("k2", x)))])
    averaged = []
    for noise, g in eq.noise:
        g_support = substitute(g, mapping)
        # Additive noise has the same coefficient at both ends: use it once.
        if g_support == g:
            averaged.append((noise, g))
        else:
            averaged.append((noise, BinOp("/", plus(g, g_support),
                                          Const(2))))
    return _with_noise(plus(Name(x), drift), averaged)


def milstein(system: ODESystem) -> StateUpdate:
    """Derivative-free Milstein method (Stratonovich), as Brian 2's.

    Each noise ``k`` has a support state: every variable ``y`` read by a
    noise coefficient moves by its drift step, and by its noise step when
    ``k`` drives it: ``y_k = y + dt*f_y + sqrt(dt)*g_yk``. The difference
    ``g(y_k) - g`` stands in for ``sqrt(dt)`` times the derivative of the
    noise coefficient along the noise, so any coefficient works, ``clip``
    and other functions SymPy cannot differentiate included::

        x_new = x + dt*f + sqrt(dt)*sum_l g_l*_xi_l
                + sqrt(dt)/2 * sum_{k,l} (g_l(y_k) - g_l)*_xi_k*_xi_l

    with ``k`` and ``l`` over the noises of the equation for ``x``. Like
    Brian 2's provided methods it reads the equations in the Stratonovich
    sense (``_xi**2`` where the Ito form has ``_xi**2 - 1``).

    With one noise per equation (Brian 2's diagonal noise) the update is
    Brian 2's; unlike Brian 2 it also accepts a noise shared by several
    equations, and several noises in one equation when the noise is
    commutative (checked with SymPy).

    Notes
    -----
    The drift step in the support state (kept to give Brian 2's numbers)
    adds ``g'*f*dt**1.5*_xi**2/2`` to a step, whose mean is not zero: with
    drift and multiplicative noise the strong order is 1/2, the paths
    biased by about ``g'*f*sqrt(dt)*t/2``; without drift it is 1. Noise
    coefficients that read a variable driven by another noise (not
    commutative) are integrated as Brian 2 does, with strong order 1/2.
    """
    equations = split_noise(system, "milstein")
    _check_commutative(system, equations)
    names = TempNames()
    statements = _noise_draws(equations)
    drift = {}
    for eq in equations:
        name = names.get("k1", eq.variable)
        drift[eq.variable] = Name(name)
        statements.append(assign(name, times(Name(DT), eq.drift)))
    supports = _milstein_supports(system, equations, drift, names)
    statements += [assign(name, value)
                   for name, value in supports.statements]
    new = {eq.variable: _milstein_new(eq, drift[eq.variable], supports)
           for eq in equations}
    statements += finish(system.variables, new, names)
    return StateUpdate("milstein", tuple(statements))


@dataclass(frozen=True)
class _Supports:
    """Support states of the derivative-free Milstein method.

    ``mapping[k]`` maps the variables that noise coefficients read to
    their value in the support state of noise ``k``; ``statements``
    assigns the temporaries it names.
    """

    mapping: dict
    statements: tuple


def _milstein_supports(system, equations, drift, names) -> _Supports:
    # Only coefficients that read state variables need support values.
    # Every variable they read moves by its drift step in the support
    # state, and by its noise step when noise k drives it (as Brian 2).
    variables = set(system.variables)
    read = {}
    for eq in equations:
        used = {y for _, g in eq.noise for y in names_in(g) & variables}
        for k in _noises(eq):
            read.setdefault(k, set()).update(used)
    mapping, statements = {}, []
    for k in sorted(k for k in read if read[k]):
        mapping[k] = {}
        for eq in equations:
            y = eq.variable
            if y not in read[k]:
                continue
            moved = plus(Name(y), drift[y])
            g = dict(eq.noise).get(k)
            if g is None:
                mapping[k][y] = moved
                continue
            name = names.get(f"support_{k}", y, suffix=True)
            mapping[k][y] = Name(name)
            statements.append((name, plus(moved, times(_SQRT_DT, g))))
    return _Supports(mapping, tuple(statements))


def _noises(eq: SplitEquation) -> list:
    return [noise for noise, _ in eq.noise]


def _milstein_new(eq: SplitEquation, drift: Expr, supports) -> Expr:
    value = _with_noise(plus(Name(eq.variable), drift), eq.noise)
    terms = None
    for k in _noises(eq):
        if k not in supports.mapping:
            continue
        for l, g in eq.noise:
            shifted = substitute(g, supports.mapping[k])
            if shifted == g:
                continue
            term = times(BinOp("-", shifted, g),
                         times(Name(noise_temp(k)), Name(noise_temp(l))))
            terms = term if terms is None else plus(terms, term)
    if terms is None:
        return value
    return plus(value, BinOp("/", times(_SQRT_DT, terms), Const(2)))


def _check_commutative(system, equations) -> None:
    """Refuse non-commutative noise in equations with several noises.

    Their correction uses products of different noises, which equal the
    iterated stochastic integrals only when ``L^k g_l == L^l g_k`` with
    ``L^k = sum_y g_yk d/dy``.
    """
    several = [eq for eq in equations if len(eq.noise) > 1]
    if not several:
        return
    noises = sorted({n for eq in equations for n in _noises(eq)})
    g = {(eq.variable, n): to_sympy(c, system.functions)
         for eq in equations for n, c in eq.noise}

    def lie(k, x, l):
        # L^k applied to the coefficient of noise l in the equation for x.
        target = g.get((x, l), sp.S.Zero)
        total = sum((g.get((y, k), sp.S.Zero) * sp.diff(target, symbol(y))
                     for y in system.variables), sp.S.Zero)
        if total.has(sp.Derivative):
            raise system.unsupported(
                "milstein", f"the equation for '{x}' has several noises and "
                f"SymPy cannot differentiate its noise coefficient {target} "
                f"to check that the noise is commutative; use 'heun'", x)
        return total

    for eq in several:
        x = eq.variable
        for position, k in enumerate(noises):
            for l in noises[position + 1:]:
                if sp.simplify(lie(k, x, l) - lie(l, x, k)) != 0:
                    raise system.unsupported(
                        "milstein", f"the noise in the equation for '{x}' "
                        f"is not commutative, which needs iterated "
                        f"stochastic integrals this implementation does "
                        f"not draw; use 'heun'", x)
