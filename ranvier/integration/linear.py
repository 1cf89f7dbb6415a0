"""Methods for linear equations: ``exact`` and ``exponential_euler``.

``exact`` solves ``dX/dt = M X + c`` with ``M`` and ``c`` constant over a
step (they may contain parameters, which stay names evaluated at run
time). Independent groups of variables are solved separately. A single
equation ``dx/dt = a*x + b`` becomes ``x*exp(a*dt) + b*dt*exprel(a*dt)``,
which stays finite when ``a`` is zero at run time (a neuron held by
``int(not_refractory)``, a conductance switched off). A coupled group is
solved with SymPy's matrix exponential of the augmented matrix
``[[M, c], [0, 0]]``, whose last column is the inhomogeneous part, so
``M`` need not be invertible.

``exponential_euler`` treats each equation ``dx/dt = A*x + B``, with
``A`` and ``B`` depending on other variables (and on ``x`` inside
functions), as linear over one step:
``x_new = x*exp(A*dt) + B*dt*exprel(A*dt)``.
"""

from __future__ import annotations

import sympy as sp

from ranvier.integration.analysis import (TempNames, assign, finish, plus,
                                          random_calls, reject_noise, times)
from ranvier.integration.system import DT, TIME, ODESystem, StateUpdate
from ranvier.lang.sympy_bridge import (SympyConversionError, from_sympy,
                                       symbol, to_sympy)
from ranvier.lang.printer import print_expr
from ranvier.lang.rewrite import replace_calls
from ranvier.lang.tree import Call, Expr, Name, names_in

__all__ = ["exact", "exponential_euler", "linear_step"]

_ALTERNATIVES = "use 'exponential_euler', 'euler', 'rk2' or 'rk4'"


def linear_step(x: Expr, a_dt: Expr | None, b_dt: Expr | None) -> Expr:
    """``x`` advanced by one step of ``dx/dt = a*x + b`` (a, b constant).

    Takes ``a*dt`` and ``b*dt``; ``None`` stands for zero. Gives
    ``x + (a*dt*x + b*dt)*exprel(a*dt)``, the value of ``x*exp(a*dt) +
    b*dt*exprel(a*dt)`` with one transcendental call instead of two (they
    are most of the cost of exponential Euler and of exact updates whose
    rates differ per element), and ``x + b*dt`` in the limit ``a -> 0``
    instead of a division by ``a``. Where ``exp(a*dt)`` underflows, the
    result is ``-b/a`` to a rounding error of ``x``.
    """
    if a_dt is None:
        return x if b_dt is None else plus(x, b_dt)
    if b_dt is None:
        return times(x, Call("exp", (a_dt,)))
    return plus(x, times(plus(times(a_dt, x), b_dt), Call("exprel", (a_dt,))))


def exact(system: ODESystem) -> StateUpdate:
    """Exact integration of linear equations with constant coefficients.

    Raises
    ------
    UnsupportedEquationsError
        For stochastic, time-dependent (``t``) or non-linear equations,
        equations calling random functions, and coupled systems whose
        solution SymPy cannot express with real numbers for every value
        of the parameters (e.g. a damped oscillator with symbolic
        coefficients, which oscillates or not depending on their values).
    """
    reject_noise(system, "exact")
    inputs, derivatives = _step_inputs(system)
    rhs = {x: _constant_coefficient_rhs(system, x, e)
           for x, e in derivatives}
    matrix, constants = _linear_coefficients(system, rhs)
    new = {}
    for block in _blocks(system.variables, matrix):
        new.update(_solve_block(system, block, matrix, constants))
    names = TempNames()
    statements = [assign(name, call) for name, call in inputs]
    statements += finish(system.variables, new, names)
    return StateUpdate("exact", tuple(statements),
                       tuple(sorted({call.func for _, call in inputs})))


def _step_inputs(system):
    """Calls of functions constant over a step (``I_ext(t)`` of a
    TimedArray), each replaced by a temporary evaluated at the start of
    the step: the input is then a constant of the step, and the linear
    system keeps constant coefficients.

    Returns ``((temporary, call), ...)`` and the rewritten derivatives.
    """
    found: dict = {}

    def replace(node):
        if isinstance(node, Call) and node.func in system.constant_calls \
                and TIME in set().union(*map(names_in, node.args)):
            key = print_expr(node)
            if key not in found:
                found[key] = (f"_input_{len(found) + 1}", node)
            return Name(found[key][0])
        return None

    derivatives = tuple((x, replace_calls(rhs, replace))
                        for x, rhs in system.derivatives)
    return tuple(found.values()), derivatives


def _constant_coefficient_rhs(system, x, rhs):
    if TIME in names_in(rhs):
        raise system.unsupported(
            "exact", f"the equation for '{x}' depends on the time '{TIME}', "
            f"so its coefficients are not constant; {_ALTERNATIVES}", x)
    random = random_calls(rhs, system.functions)
    if random:
        raise system.unsupported(
            "exact", f"the equation for '{x}' calls "
            f"{', '.join(sorted(random))}, which changes at every step; "
            f"{_ALTERNATIVES}", x)
    return to_sympy(rhs, system.functions)


def _linear_coefficients(system, rhs):
    """``M[x][y] = d rhs_x / dy`` and ``c[x] = rhs_x at zero state``."""
    state = {symbol(v) for v in system.variables}
    matrix, constants = {}, {}
    for x in system.variables:
        for y in system.variables:
            coefficient = sp.diff(rhs[x], symbol(y))
            if coefficient.free_symbols & state or \
                    coefficient.has(sp.Derivative):
                raise system.unsupported(
                    "exact", f"the equation for '{x}' is not linear in the "
                    f"state variables (its dependence on '{y}' is not a "
                    f"constant factor); {_ALTERNATIVES}", x)
            matrix[x, y] = coefficient
        constants[x] = rhs[x].subs({s: 0 for s in state})
    return matrix, constants


def _blocks(variables, matrix) -> list[list[str]]:
    """Groups of variables coupled through ``matrix``, in equation order."""
    group = {v: {v} for v in variables}
    for x in variables:
        for y in variables:
            if matrix[x, y] != 0 and group[x] is not group[y]:
                merged = group[x] | group[y]
                for v in merged:
                    group[v] = merged
    blocks, seen = [], set()
    for v in variables:
        if id(group[v]) not in seen:
            seen.add(id(group[v]))
            blocks.append([u for u in variables if u in group[v]])
    return blocks


def _solve_block(system, block, matrix, constants) -> dict[str, Expr]:
    try:
        if len(block) == 1:
            x = block[0]
            dt = symbol(DT)
            return {x: linear_step(Name(x), _tree(matrix[x, x] * dt),
                                   _tree(constants[x] * dt))}
        return _solve_coupled(system, block, matrix, constants)
    except SympyConversionError as exc:
        raise system.unsupported(
            "exact", f"the solution for {', '.join(block)} cannot be written "
            f"as model code ({exc.message}); {_ALTERNATIVES}",
            block[0]) from None


def _tree(coefficient) -> Expr | None:
    # cancel(), not simplify(): the coefficients are rational functions of
    # the parameters, and simplify() imports sympy.physics on first use
    # (a quarter of a second, or more, for the first group of a script).
    coefficient = sp.cancel(coefficient)
    return None if coefficient == 0 else from_sympy(coefficient)


def _solve_coupled(system, block, matrix, constants) -> dict[str, Expr]:
    n = len(block)
    dt = symbol(DT)
    augmented = sp.zeros(n + 1, n + 1)
    for i, x in enumerate(block):
        for j, y in enumerate(block):
            augmented[i, j] = matrix[x, y] * dt
        augmented[i, n] = constants[x] * dt
    try:
        propagator = _triangular_exp(augmented)
        if propagator is None:
            propagator = augmented.exp()
    except Exception as exc:  # SymPy raises several types here
        raise system.unsupported(
            "exact", f"SymPy could not compute the matrix exponential for "
            f"{', '.join(block)} ({exc}); {_ALTERNATIVES}",
            block[0]) from None
    known_roots = _roots(sp.Matrix(augmented))
    new = {}
    for i, x in enumerate(block):
        value = sp.S.Zero
        for j, column in enumerate(block + [None]):
            entry = _real_entry(system, block, propagator[i, j], known_roots)
            value += entry * (symbol(column) if column else 1)
        new[x] = from_sympy(value)
    return new


def _triangular_exp(matrix: sp.Matrix) -> sp.Matrix | None:
    """``exp(matrix)`` by Parlett's recurrence, or None when it does not
    apply.

    It applies when the variables can be ordered so that the matrix is
    triangular (no cycle of couplings: conductances feeding a membrane
    potential) and its diagonal entries differ symbolically. That is
    most coupled synaptic models, and it takes milliseconds where SymPy's
    general route through the Jordan form takes seconds.
    """
    n = matrix.shape[0]
    order = _dependency_order(matrix)
    if order is None:
        return None
    t = matrix.extract(order, order)     # upper triangular
    diagonal = [t[k, k] for k in range(n)]
    for a in range(n):
        for b in range(a + 1, n):
            if sp.cancel(diagonal[a] - diagonal[b]) == 0:
                return None
    f = sp.zeros(n, n)
    for k in range(n):
        f[k, k] = sp.exp(diagonal[k])
    for gap in range(1, n):
        for i in range(n - gap):
            j = i + gap
            total = t[i, j] * (f[j, j] - f[i, i])
            for k in range(i + 1, j):
                total += t[i, k] * f[k, j] - f[i, k] * t[k, j]
            f[i, j] = total / (diagonal[j] - diagonal[i])
    result = sp.zeros(n, n)
    for a, row in enumerate(order):
        for b, column in enumerate(order):
            result[row, column] = f[a, b]
    return result


def _dependency_order(matrix: sp.Matrix) -> list[int] | None:
    """Indices ordered so that each row's off-diagonal entries lie in
    later columns; None if the couplings form a cycle."""
    n = matrix.shape[0]
    needs = {i: {j for j in range(n) if j != i and matrix[i, j] != 0}
             for i in range(n)}
    order, placed = [], set()
    # Place last whatever needs nothing not yet placed; reverse at the end.
    while len(order) < n:
        ready = [i for i in range(n)
                 if i not in placed and needs[i] <= placed]
        if not ready:
            return None
        for i in ready:
            order.append(i)
            placed.add(i)
    return order[::-1]


def _roots(expr) -> set:
    """Non-integer powers of expressions with symbols (square roots...)."""
    return {p for p in expr.atoms(sp.Pow) if p.base.free_symbols
            and not p.exp.is_integer}


def _real_entry(system, block, entry, known_roots):
    """Simplify an entry of the propagator and check it is real."""
    if entry.has(sp.I):
        entry = sp.simplify(entry.rewrite(sp.cos))
    entry = _tidy_exponentials(entry)
    complex_parts = (sp.I, sp.re, sp.im, sp.arg, sp.atan2)
    if entry.has(*complex_parts):
        raise system.unsupported(
            "exact", f"SymPy's solution for {', '.join(block)} needs complex "
            f"numbers; {_ALTERNATIVES}", block[0])
    new_roots = {r for r in _roots(entry) - known_roots
                 if not r.base.is_nonnegative}
    if new_roots:
        shown = ", ".join(sorted(str(r) for r in new_roots))
        raise system.unsupported(
            "exact", f"the solution for {', '.join(block)} contains {shown}, "
            f"which is not real for every value of the parameters (the "
            f"solution may oscillate or not); {_ALTERNATIVES}", block[0])
    return entry


def _tidy_exponentials(entry):
    """One exponential per term with a simplified exponent.

    SymPy's raw propagator multiplies growing and decaying exponentials
    (``exp(dt/a)*exp(-dt/a - dt/b)``), which overflow for large ``dt/a``
    and lose precision; merged, each term decays on its own.
    """
    entry = sp.powsimp(sp.expand(entry), combine="exp")
    entry = entry.replace(
        lambda e: isinstance(e, sp.exp),
        lambda e: sp.exp(sp.factor_terms(sp.cancel(e.args[0]))))
    return sp.collect(entry, sorted(entry.atoms(sp.exp), key=str),
                      sp.factor_terms)


def exponential_euler(system: ODESystem) -> StateUpdate:
    """Exponential Euler for conditionally linear equations.

    Each equation must have the form ``dx/dt = A*x + B``, as the gating
    variables and the membrane potential of Hodgkin-Huxley models do.
    ``A`` and ``B`` may depend on other variables, on ``t``, and on ``x``
    inside functions (a steady state ``tanh((x - x0)/k)``); they are held
    at their values at the start of the step.
    """
    reject_noise(system, "exponential_euler")
    names = TempNames()
    statements, new = [], {}
    for x, rhs in system.derivatives:
        a, b = _conditionally_linear(system, x, rhs)
        if a is None:
            new[x] = linear_step(Name(x), None, times(Name(DT), b))
            continue
        statements.append(assign(names.get("A", x), a))
        a_dt = times(Name(names.get("A", x)), Name(DT))
        b_dt = None
        if b is not None:
            statements.append(assign(names.get("B", x), b))
            b_dt = times(Name(names.get("B", x)), Name(DT))
        new[x] = linear_step(Name(x), a_dt, b_dt)
    statements += finish(system.variables, new, names)
    return StateUpdate("exponential_euler", tuple(statements))


def _conditionally_linear(system, x, rhs):
    """``(A, B)`` as trees (``None`` for zero) with ``rhs == A*x + B``.

    As Brian 2 decides it: the expanded right-hand side, collected by
    ``x``, must consist of ``x`` times a factor ``A`` and a remainder
    ``B``. ``A`` and ``B`` may still contain ``x`` inside functions
    (``tanh(x)``, ``1/(x + 1)``); they are then taken at the start of the
    step. Any other power of ``x`` (``x**2``, ``1/x``, ``exp(x)`` on its
    own) is refused.
    """
    # Brian 2 expands fully; keeping exp(a + b) whole (power_exp) decides
    # the same for every equation but contrived powers such as x**(a + 1),
    # and gives A and B that do not overflow where the equation does not.
    expr = sp.expand(to_sympy(rhs, system.functions), power_exp=False,
                     log=False)
    own = symbol(x)
    if not expr.has(own):
        return None, rhs
    terms = sp.collect(expr, own, evaluate=False)
    if own not in terms or set(terms) - {own, sp.S.One}:
        raise system.unsupported(
            "exponential_euler", f"the equation for '{x}' is not "
            f"conditionally linear: it must read d{x}/dt = A*{x} + B, where "
            f"'{x}' may appear in A and B only inside functions; use "
            f"'euler', 'rk2' or 'rk4'", x)
    a, b = terms[own], terms.get(sp.S.One, sp.S.Zero)
    if a.has(sp.Derivative) or b.has(sp.Derivative):
        raise system.unsupported(
            "exponential_euler", f"SymPy cannot separate the equation for "
            f"'{x}' into A*{x} + B; use 'euler', 'rk2' or 'rk4'", x)
    return from_sympy(a), (None if b == 0 else from_sympy(b))
