"""The :class:`Equations` of a model: parsed, checked, immutable.

Substituted values
------------------
``Equations('dv/dt = -v/tau : volt', tau=10*ms)`` keeps ``tau`` as a
``Name`` in the tree and records its value in :attr:`Equations.constants`;
trees hold only plain numbers, so a value with a unit stays outside them.
Later stages resolve such a name from ``constants`` before any namespace,
and ``tau`` is not among :attr:`Equations.identifiers`. Dimensionless
numbers become ``Const`` nodes directly. Combining equations whose
constants share a name but not a value, or whose constant name is a free
identifier on the other side, renames one constant (``tau_1``) so each
keeps its meaning.
"""

from __future__ import annotations

import numbers
from dataclasses import replace
from types import MappingProxyType

import numpy as np

from ranvier.lang.eqparse import (FLAGS, KIND_NAMES, NEURON_GROUP_FLAGS,
                                  RESERVED_NAMES, SYNAPSES_FLAGS,
                                  XI_DIMENSION, SingleEquation,
                                  check_variable_name, is_noise_name,
                                  parse_equation_lines)
from ranvier.lang.errors import ModelNameError, ModelSyntaxError
from ranvier.lang.parse import parse_expression
from ranvier.lang.rewrite import rename, replace_names
from ranvier.lang.scan import IDENTIFIER, located_error
from ranvier.lang.tree import Const, Expr, Source, names_in
from ranvier.units import get_dimensions
from ranvier.units.dimensions import DIMENSIONLESS

__all__ = ["Equations", "SingleEquation", "parse_equations", "as_equations",
           "XI_DIMENSION", "FLAGS", "RESERVED_NAMES", "NEURON_GROUP_FLAGS",
           "SYNAPSES_FLAGS"]


class Equations:
    """The equations of a model, as written in ``NeuronGroup`` or
    ``Synapses`` model strings.

    Parameters
    ----------
    eqns : str, Equations or iterable of SingleEquation
        One definition per line: ``dx/dt = expr : unit (flags)``,
        ``x = expr : unit (flags)`` or ``x : unit (flags)``. Names of
        ready-made SingleEquation objects are not checked against the
        reserved names, so internal code can define ``_``-names.
    **substitutions
        ``name=value`` replaces ``name`` everywhere: a string that is a
        name renames (``x='v'`` turns ``dx/dt`` into ``dv/dt``), another
        string is parsed as an expression and inlined (``I='2*nA'``), and
        a number or a Quantity becomes a constant (see the module notes).

    Raises
    ------
    ModelSyntaxError
        For malformed lines, units, flags, names defined twice or reserved,
        and subexpressions that depend on each other in a cycle.
    ModelNameError
        For a substitution of a name the equations do not use.

    Examples
    --------
    >>> eqs = Equations('''dv/dt = (El - v)/tau : volt
    ...                    El : volt (constant)''', tau='tau_m')
    >>> eqs.diff_eq_names, sorted(eqs.identifiers)
    (('v',), ['tau_m'])
    """

    __slots__ = ("_equations", "_constants", "_text")

    def __init__(self, eqns, **substitutions):
        if isinstance(eqns, Equations):
            equations, constants, text = (eqns._equations,
                                          dict(eqns._constants), eqns._text)
        elif isinstance(eqns, str):
            equations, constants, text = parse_equation_lines(eqns), {}, eqns
        else:
            equations = tuple(eqns)
            if not all(isinstance(e, SingleEquation) for e in equations):
                raise TypeError("Equations takes a string, an Equations "
                                "object or SingleEquation objects")
            constants = {}
            text = "\n".join(str(e) for e in equations)
        if substitutions:
            equations, constants = _substitute(equations, constants,
                                               substitutions)
        _check(equations)
        _set(self, equations, constants, text)

    def __setattr__(self, name, value):
        raise AttributeError("Equations are immutable; build new ones with "
                             "'+' or substitutions")

    def __reduce__(self):
        # Pickling and copying rebuild through _build: __setattr__ refuses.
        return (_build, (self._equations, self._constants, self._text))

    # -- access -----------------------------------------------------------
    def __iter__(self):
        return iter(self._equations)

    def __len__(self):
        return len(self._equations)

    def __contains__(self, name):
        return any(eq.varname == name for eq in self._equations)

    def __getitem__(self, name: str) -> SingleEquation:
        for eq in self._equations:
            if eq.varname == name:
                return eq
        raise KeyError(f"no equation defines '{name}'")

    @property
    def text(self) -> str:
        """The model string as the user wrote it."""
        return self._text

    @property
    def constants(self):
        """Substituted values with units, by the name used in the trees."""
        return MappingProxyType(self._constants)

    @property
    def names(self) -> tuple:
        """Every variable defined, in order of definition."""
        return tuple(eq.varname for eq in self._equations)

    @property
    def diff_eq_names(self) -> tuple:
        return self._names_of("differential")

    @property
    def subexpr_names(self) -> tuple:
        return self._names_of("subexpression")

    @property
    def parameter_names(self) -> tuple:
        return self._names_of("parameter")

    def _names_of(self, kind):
        return tuple(e.varname for e in self._equations if e.kind == kind)

    @property
    def dimensions(self) -> dict:
        """Each defined variable's dimension."""
        return {eq.varname: eq.dim for eq in self._equations}

    @property
    def identifiers(self) -> frozenset:
        """Names used in expressions that the equations do not define and
        that are neither noise nor substituted constants: the namespace
        must resolve them (``t`` and ``dt`` included)."""
        used = _used_names(self._equations)
        return frozenset(n for n in used if n not in self and
                         n not in self._constants and not is_noise_name(n))

    @property
    def stochastic_variables(self) -> frozenset:
        """The noise symbols used (``xi``, ``xi_*``), each of dimension
        :data:`XI_DIMENSION`."""
        return frozenset(n for n in _used_names(self._equations)
                         if is_noise_name(n))

    @property
    def is_stochastic(self) -> bool:
        return bool(self.stochastic_variables)

    @property
    def noisy_subexpressions(self) -> dict:
        """The subexpressions carrying white noise (directly or through
        other subexpressions), each with the first noise symbol found.
        They have a meaning only inside differential equations."""
        return noisy_subexpressions(self._equations)

    # -- derived ------------------------------------------------------------
    def ordered_subexpressions(self) -> tuple:
        """Subexpressions, each after the subexpressions it uses (and
        otherwise in order of definition)."""
        ordered, _ = _topological(self._equations)
        return ordered

    def substituted(self, expr: Expr) -> Expr:
        """``expr`` with every subexpression inlined, recursively, except
        those flagged ``constant over dt`` (they are computed once per time
        step and read as variables)."""
        inline = {e.varname: e.expr for e in self.ordered_subexpressions()
                  if "constant over dt" not in e.flags}
        full = {}
        for name, sub in inline.items():  # each one's inputs come first
            full[name] = replace_names(sub, {n: full[n] for n in
                                             names_in(sub) if n in full})
        return replace_names(expr, {n: full[n] for n in names_in(expr)
                                    if n in full})

    def check_flags(self, allowed: dict, owner: str = "",
                    incompatible=()) -> None:
        """Check the flags against what an object allows.

        Parameters
        ----------
        allowed : dict of str to set of str
            For each kind (``'differential'``, ``'subexpression'``,
            ``'parameter'``), the flags it may carry here.
        owner : str
            The object, for the message (e.g. ``"NeuronGroup 'neurons'"``).
        incompatible : iterable of sets of str
            Flags that may not appear together on one equation.

        Raises
        ------
        ModelSyntaxError
            Naming the flag and the variable, with the flag marked.
        """
        for eq in self._equations:
            source = _owned(eq, owner)
            permitted = allowed.get(eq.kind, ())
            for flag in sorted(eq.flags, key=FLAGS.index):
                if flag not in permitted:
                    what = ", ".join(f"'{f}'" for f in FLAGS if f in permitted)
                    raise located_error(
                        ModelSyntaxError,
                        f"the flag '{flag}' of the {KIND_NAMES[eq.kind]} "
                        f"'{eq.varname}' is not allowed here (allowed: "
                        f"{what or 'none'})", source, eq.span_of_flag(flag))
            for group in incompatible:
                both = sorted(set(group) & eq.flags)
                if len(both) > 1:
                    raise located_error(
                        ModelSyntaxError,
                        f"the flags '{both[0]}' and '{both[1]}' of "
                        f"'{eq.varname}' exclude each other", source,
                        eq.span_of_flag(both[1]))

    def with_owner(self, owner: str) -> "Equations":
        """The same equations with ``owner`` named in their sources, so
        later errors say which object they belong to."""
        equations = tuple(replace(e, source=_owned(e, owner))
                          for e in self._equations)
        return _build(equations, dict(self._constants), self._text)

    # -- combination and display ----------------------------------------------
    def __add__(self, other):
        if isinstance(other, str):
            other = Equations(other)
        if not isinstance(other, Equations):
            return NotImplemented
        mine, theirs, constants = _merge_constants(self, other)
        equations = mine + theirs
        _check(equations)
        return _build(equations, constants, self._text + "\n" + other._text)

    def __radd__(self, other):
        if isinstance(other, str):
            return Equations(other) + self
        return NotImplemented

    def __eq__(self, other):
        if not isinstance(other, Equations):
            return NotImplemented
        return (self._equations == other._equations and
                self._constants.keys() == other._constants.keys() and
                all(_same_value(v, other._constants[k])
                    for k, v in self._constants.items()))

    def __hash__(self):
        return hash(self._equations)

    def __str__(self):
        lines = [str(eq) for eq in self._equations]
        lines += [f"# {name} = {value}"
                  for name, value in self._constants.items()]
        return "\n".join(lines)

    def __repr__(self):
        return f"Equations({str(self)!r})"


def parse_equations(text: str, owner: str = "") -> Equations:
    """Parse a model string, naming ``owner`` in every error message."""
    return _build(parse_equation_lines(text, owner), {}, text, check=True)


def as_equations(model, owner: str = "") -> Equations:
    """The :class:`Equations` of a ``model`` argument (a string or
    Equations), with ``owner`` named in their sources."""
    if isinstance(model, Equations):
        return model.with_owner(owner) if owner else model
    if isinstance(model, str):
        return parse_equations(model, owner)
    raise TypeError(f"a model is a string or Equations, not "
                    f"{type(model).__name__}")


# -- construction helpers -----------------------------------------------------

def _set(target, equations, constants, text):
    object.__setattr__(target, "_equations", tuple(equations))
    object.__setattr__(target, "_constants", dict(constants))
    object.__setattr__(target, "_text", text)


def _build(equations, constants, text, check=False) -> Equations:
    if check:
        _check(equations)
    result = object.__new__(Equations)
    _set(result, equations, constants, text)
    return result


def _owned(eq: SingleEquation, owner: str) -> Source:
    source = eq.source or Source(str(eq))
    return replace(source, owner=owner) if owner else source


def _used_names(equations) -> set:
    used = set()
    for eq in equations:
        if eq.expr is not None:
            used |= names_in(eq.expr)
    return used


def _check(equations) -> None:
    """Checks over all definitions together."""
    first = {}
    for eq in equations:
        if eq.varname in first:
            raise _at(eq, f"'{eq.varname}' is defined twice (first as "
                          f"'{first[eq.varname]}')")
        first[eq.varname] = eq
    _check_noise(equations)
    _check_cycles(equations)
    _check_noisy_flags(equations)


def _check_noise(equations) -> None:
    plain = []
    for eq in equations:
        if eq.expr is None:
            continue
        noise = sorted(n for n in names_in(eq.expr) if is_noise_name(n))
        if "xi" in noise and eq.kind != "differential":
            raise _at(eq, f"the subexpression '{eq.varname}' uses the bare "
                          f"noise 'xi'; in a subexpression white noise needs "
                          f"a name, such as 'xi_{eq.varname}', which is one "
                          f"noise in every equation using it")
        if "xi" in noise:
            plain.append(eq)
    if len(plain) > 1:
        raise _at(plain[1], f"'xi' is used in the equations of "
                            f"'{plain[0].varname}' and '{plain[1].varname}'; "
                            f"write 'xi_1', 'xi_2', ... to say whether they "
                            f"share one noise or have their own")


def _check_cycles(equations) -> None:
    _, cycle = _topological(equations)
    if cycle:
        eq = next(e for e in equations if e.varname == cycle[0])
        raise _at(eq, "subexpressions depend on each other in a cycle: "
                      + " -> ".join(cycle))


#: Flags a subexpression carrying white noise cannot have: its value is a
#: fresh draw for each element within one step of the state updater.
_NOISE_EXCLUDED_FLAGS = ("shared", "constant over dt", "summed")


def noisy_subexpressions(equations) -> dict:
    """Each subexpression that carries white noise, directly or through
    another subexpression, with the first noise symbol it carries.

    Such a subexpression only has a meaning inside a differential
    equation, which becomes stochastic when it is substituted there.
    """
    ordered, _ = _topological(equations)
    noisy = {}
    for eq in ordered or ():
        names = sorted(names_in(eq.expr))
        found = [n for n in names if is_noise_name(n)] + \
            [noisy[n] for n in names if n in noisy]
        if found:
            noisy[eq.varname] = found[0]
    return noisy


def _check_noisy_flags(equations) -> None:
    noisy = noisy_subexpressions(equations)
    for eq in equations:
        for flag in _NOISE_EXCLUDED_FLAGS:
            if eq.varname in noisy and flag in eq.flags:
                message = (f"the subexpression '{eq.varname}' carries the "
                           f"white noise '{noisy[eq.varname]}', a new value "
                           f"for each element in each step of the "
                           f"differential equations using it; it cannot be "
                           f"'{flag}'")
                if eq.source is None:
                    raise ModelSyntaxError(message)
                raise located_error(ModelSyntaxError, message, eq.source,
                                    eq.span_of_flag(flag))


def _topological(equations):
    """Subexpressions ordered after those they use, definition order
    otherwise; and the first cycle found (a list of names) or None.

    Depth-first without recursion, so long chains are fine.
    """
    subexpressions = {e.varname: e for e in equations
                      if e.kind == "subexpression"}
    index = {name: k for k, name in enumerate(subexpressions)}
    needs = {name: sorted(names_in(e.expr) & index.keys(), key=index.get)
             for name, e in subexpressions.items()}
    done, ordered = set(), []
    for root in subexpressions:
        stack = [(root, iter(needs[root]))]
        on_path = {root}
        while stack:
            name, pending = stack[-1]
            following = next((n for n in pending if n not in done), None)
            if following is None:
                stack.pop()
                on_path.discard(name)
                if name not in done:
                    done.add(name)
                    ordered.append(subexpressions[name])
            elif following in on_path:
                path = [n for n, _ in stack]
                return None, path[path.index(following):] + [following]
            else:
                stack.append((following, iter(needs[following])))
                on_path.add(following)
    return tuple(ordered), None


def _at(eq: SingleEquation, message: str):
    if eq.source is None:
        return ModelSyntaxError(message)
    return located_error(ModelSyntaxError, message, eq.source, eq.name_span)


# -- substitution -------------------------------------------------------------

def _substitute(equations, constants, substitutions):
    defined = {eq.varname for eq in equations}
    used = _used_names(equations) | set(constants)
    names, trees, values = {}, {}, {}
    for name, value in substitutions.items():
        if name not in defined and name not in used:
            raise ModelNameError(f"cannot substitute '{name}': the equations "
                                 f"do not use it")
        if is_noise_name(name):
            raise ModelNameError(f"cannot substitute the noise '{name}'")
        if isinstance(value, str):
            _substitute_text(name, value, defined, names, trees)
        elif name in defined:
            raise ModelNameError(f"cannot replace '{name}' by a value: the "
                                 f"equations define it")
        else:
            number, dim = _scalar(name, value)
            if dim is DIMENSIONLESS:
                trees[name] = Const(number)
            else:
                values[name] = value
    constants = {names.get(k, k): v for k, v in constants.items()
                 if k not in trees}
    constants.update(values)
    return tuple(_rewrite(eq, names, trees) for eq in equations), constants


def _substitute_text(name, value, defined, names, trees):
    stripped = value.strip()
    if IDENTIFIER.match(stripped):
        names[name] = stripped
        return
    if name in defined:
        raise ModelNameError(f"cannot replace '{name}' by the expression "
                             f"'{value}': the equations define it; give a "
                             f"new name instead")
    trees[name] = parse_expression(
        value, Source(value, owner=f"the substitution {name}='{value}'"))


def _scalar(name, value):
    if isinstance(value, (bool, np.bool_)):
        return bool(value), DIMENSIONLESS
    # A plain view: NumPy functions refuse Quantities they have no rule for.
    raw = np.asarray(value)
    if raw.ndim != 0 or raw.dtype.kind not in "biuf":
        raise TypeError(f"the value substituted for '{name}' must be a real "
                        f"scalar, a Quantity or a name")
    dim = get_dimensions(value)
    number = raw.item()
    if isinstance(number, numbers.Integral) and not isinstance(number, bool):
        return int(number), dim
    return float(number), dim


def _rewrite(eq: SingleEquation, names, trees) -> SingleEquation:
    varname = names.get(eq.varname, eq.varname)
    if varname != eq.varname:
        check_variable_name(varname, eq.source, eq.name_span, eq.kind,
                            eq.flags)
    expr = eq.expr
    if expr is not None:
        expr = replace_names(rename(expr, names), trees)
    return replace(eq, varname=varname, expr=expr)


def _merge_constants(left: Equations, right: Equations):
    """Both sides' equations and one constants dict, renaming constants
    whose name means something else on the other side."""
    left_eqs, right_eqs = left._equations, right._equations
    left_consts, right_consts = dict(left._constants), dict(right._constants)
    taken = (set(left.names) | set(right.names) | _used_names(left_eqs) |
             _used_names(right_eqs) | set(left_consts) | set(right_consts))
    for name, value in list(right_consts.items()):
        clash = (name in left_consts and not _same_value(value,
                                                         left_consts[name]))
        free = name not in left_consts and (name in left.identifiers or
                                            name in left)
        if clash or free:
            new = _fresh(name, taken)
            right_eqs = tuple(_rewrite(e, {name: new}, {}) for e in right_eqs)
            right_consts[new] = right_consts.pop(name)
    for name in list(left_consts):
        if name in right_consts:
            continue
        if name in right.identifiers or name in right:
            new = _fresh(name, taken)
            left_eqs = tuple(_rewrite(e, {name: new}, {}) for e in left_eqs)
            left_consts[new] = left_consts.pop(name)
    return left_eqs, right_eqs, {**left_consts, **right_consts}


def _fresh(name: str, taken: set) -> str:
    k = 1
    while f"{name}_{k}" in taken:
        k += 1
    taken.add(f"{name}_{k}")
    return f"{name}_{k}"


def _same_value(a, b) -> bool:
    try:
        return (get_dimensions(a) is get_dimensions(b) and
                bool(np.array_equal(np.asarray(a), np.asarray(b))))
    except Exception:  # values of unknown kinds are never merged
        return False
