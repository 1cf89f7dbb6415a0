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
from ranvier.lang.sympy_bridge import from_sympy, symbol, to_sympy
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
    result would depend on the stochastic calculus, use ``heun``
    (Stratonovich) or ``milstein`` (Ito).
    """
    equations = split_noise(system, "euler")
    for eq in equations:
        multiplicative = _state_dependent(eq, system.variables)
        if multiplicative:
            raise system.unsupported(
                "euler", f"the noise {', '.join(multiplicative)} in the "
                f"equation for '{eq.variable}' is multiplicative (its "
                f"coefficient depends on state variables) and 'euler' only "
                f"supports additive noise; use 'heun' (Stratonovich) or "
                f"'milstein' (Ito)", eq.variable)
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
    """Milstein method (Ito), using derivatives of the noise coefficients.

    ``x_new = x + dt*f + sqrt(dt)*sum_k g_k*_xi_k + dt/2 * sum_{k,l}
    (L^k g_l)*(_xi_k*_xi_l - [k == l])`` with ``L^k = sum_j g_jk d/dx_j``.
    Several noise symbols are supported when the noise is commutative
    (``L^k g_l == L^l g_k``), which holds for one noise per equation and
    for any additive noise.
    """
    equations = split_noise(system, "milstein")
    names = TempNames()
    corrections = _milstein_corrections(system, equations)
    new = {}
    for eq in equations:
        x = eq.variable
        value = _with_noise(plus(Name(x), times(Name(DT), eq.drift)),
                            eq.noise)
        if corrections[x] != 0:
            value = plus(value, from_sympy(corrections[x]))
        new[x] = value
    statements = _noise_draws(equations) + finish(system.variables, new,
                                                   names)
    return StateUpdate("milstein", tuple(statements))


def _milstein_corrections(system, equations) -> dict:
    """The Milstein term of each variable, as a SymPy expression."""
    variables = system.variables
    noises = sorted({n for eq in equations for n, _ in eq.noise})
    g = {(eq.variable, n): to_sympy(c, system.functions)
         for eq in equations for n, c in eq.noise}

    def coefficient(x, n):
        return g.get((x, n), sp.S.Zero)

    def lie(k, x, l):
        # L^k applied to the coefficient of noise l in the equation for x.
        total = sum((coefficient(y, k) * sp.diff(coefficient(x, l),
                                                 symbol(y))
                     for y in variables), sp.S.Zero)
        if total.has(sp.Derivative):
            raise system.unsupported(
                "milstein", f"SymPy cannot differentiate the noise "
                f"coefficient {coefficient(x, l)} of '{x}'; use 'heun'", x)
        return total

    dt = symbol(DT)
    xi = {n: symbol(noise_temp(n)) for n in noises}
    corrections = {}
    for x in variables:
        term = sp.S.Zero
        for position, k in enumerate(noises):
            term += dt / 2 * lie(k, x, k) * (xi[k] ** 2 - 1)
            for l in noises[position + 1:]:
                _check_commutative(system, lie(k, x, l), lie(l, x, k), x)
                term += dt * lie(k, x, l) * xi[k] * xi[l]
        corrections[x] = term
    return corrections


def _check_commutative(system, a, b, x):
    if sp.simplify(a - b) != 0:
        raise system.unsupported(
            "milstein", f"the noise in the equation for '{x}' is not "
            f"commutative, which needs iterated stochastic integrals this "
            f"implementation does not draw; use 'heun'", x)
