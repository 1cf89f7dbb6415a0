"""The equations of a Synapses object, sorted by how they run.

- Clock-driven differential equations (the default, or flagged
  ``(clock-driven)``) are integrated every step by a state updater.
- ``(event-driven)`` ones are solved exactly between events: each pathway
  first advances them over ``t - lastupdate`` (the time since the
  synapse's last event), then runs its code, then sets ``lastupdate = t``.
  Their right-hand sides may only use themselves, synaptic parameters and
  constants, as nothing else is known between events.
- ``(summed)`` subexpressions set a parameter of the pre- or postsynaptic
  group to the sum over its synapses, every step, before the group's
  state update (neurons without synapses get 0; the sums of several
  Synapses objects into one parameter add up).
"""

from __future__ import annotations

from dataclasses import dataclass

from ranvier.integration import (ODESystem, UnsupportedEquationsError,
                                 integrate, is_noise_symbol)
from ranvier.lang.eqparse import check_variable_name
from ranvier.lang.errors import ModelNameError, ModelSyntaxError, \
    ModelUnitError
from ranvier.lang.rewrite import replace_names
from ranvier.lang.symbols import describe_dim
from ranvier.lang.tree import BinOp, Name, Statement, names_in, walk
from ranvier.objects.synapse_names import check_neighbour_names, name_uses

__all__ = ["SynapseModel", "SummedTarget"]

#: ``dt`` of an exact update, when the update spans the time since the
#: synapse's last event.
_SINCE_LAST = BinOp("-", Name("t"), Name("lastupdate"))


@dataclass(frozen=True)
class SummedTarget:
    """Where a ``(summed)`` subexpression writes: ``side`` ('pre' or
    'post'), the ``group`` and its parameter ``base``."""

    equation: object
    side: str
    group: object
    base: str


class SynapseModel:
    """Checks a Synapses model at creation and prepares its updates.

    Parameters
    ----------
    synapses : Synapses
        Its source, target, pathways and ``equations`` (without summed
        subexpressions) are set.
    full : Equations
        The whole model, summed subexpressions included.
    method : str, optional
        Integration method of the clock-driven equations.

    Attributes
    ----------
    state_update : StateUpdate or None
        One step of the clock-driven equations.
    event_update : tuple of Statement
        Exact update of the event-driven equations since ``lastupdate``.
    summed : tuple of SummedTarget
    needs_lastupdate : bool
    """

    def __init__(self, synapses, full, method):
        self.syn = synapses
        self.owner = synapses._text()
        self._check_names(full)
        eqs = synapses.equations
        diff = [eq for eq in eqs if eq.kind == "differential"]
        self.event_driven = tuple(eq for eq in diff
                                  if "event-driven" in eq.flags)
        self.clock_driven = tuple(eq for eq in diff
                                  if "event-driven" not in eq.flags)
        self._check_dependencies()
        self.state_update = self._integrate(self.clock_driven, method) \
            if self.clock_driven else None
        self.event_update = self._event_update()
        self.summed = self._summed_targets(full)
        used = {n for n, _, _ in self.uses()}
        self.needs_lastupdate = bool(self.event_driven) or \
            "lastupdate" in used

    # -- names ----------------------------------------------------------------
    def uses(self):
        """``(name, source, span)`` of every name the model and pathways
        read or assign."""
        statements = [s for p in self.syn._pathways.values()
                      for s in p.statements]
        exprs = [(eq.expr, eq.source) for eq in self.syn.equations
                 if eq.expr is not None]
        exprs += [(s.equation.expr, s.equation.source) for s in self.summed]
        return name_uses(statements, exprs)

    def _targets(self):
        for pathway in self.syn._pathways.values():
            for stmt in pathway.statements:
                yield stmt.target, stmt.source, stmt.target_span

    def _check_names(self, full) -> None:
        syn = self.syn
        msi = syn.multisynaptic_index
        if msi is not None:
            if not isinstance(msi, str):
                raise TypeError(f"{self.owner}: multisynaptic_index must be "
                                f"a variable name")
            check_variable_name(msi, None, None)
            if msi in full or msi == "lastupdate":
                raise ModelNameError(f"{self.owner}: multisynaptic_index "
                                     f"'{msi}' names a variable of the model")
            self._check_clash(msi, (None, None))
        for eq in full:
            where = (eq.source, eq.name_span)
            if eq.varname == "lastupdate":
                raise ModelNameError("'lastupdate' is reserved in synapses: "
                                     "it holds the time of the last event",
                                     *where)
            if "summed" not in eq.flags:
                self._check_clash(eq.varname, where)
        # Only assignments are checked here: a name read as x_pre that the
        # group lacks may be a constant of a namespace (as in Brian 2),
        # checked at run time when the namespaces are known.
        check_neighbour_names(self._targets(), syn._neighbours, self.owner,
                              syn.source, syn.target)

    def _check_clash(self, name, where) -> None:
        for side, group in (("pre", self.syn.source),
                            ("post", self.syn.target)):
            owner = getattr(group, "_owner", None)
            if owner is not None and (name in owner.records or
                                      name in owner.subexpressions):
                raise ModelNameError(
                    f"the {side}synaptic group {group.name!r} has a variable "
                    f"'{name}' too; rename the synaptic variable (e.g. to "
                    f"'{name}_syn') to avoid confusion", *where)

    # -- differential equations -----------------------------------------------
    def _check_dependencies(self) -> None:
        event_names = {eq.varname for eq in self.event_driven}
        eqs = self.syn.equations
        for eq in self.clock_driven:
            self._refuse(eq, names_in(eqs.substituted(eq.expr)) &
                         event_names,
                         "a clock-driven equation cannot use the "
                         "event-driven variable '{}' (it is only up to date "
                         "at events)")
        allowed = event_names | {
            e.varname for e in eqs if e.kind == "parameter"} | {"i", "j"}
        known = set(self.syn._neighbours) | set(eqs.names) | \
            {"t", "lastupdate"}
        for eq in self.event_driven:
            names = names_in(eqs.substituted(eq.expr))
            self._refuse(eq, {n for n in names if is_noise_symbol(n)},
                         "an event-driven equation cannot be stochastic "
                         "('{}')")
            self._refuse(eq, {n for n in names if n in known and
                              n not in allowed},
                         "an event-driven equation is solved exactly "
                         "between events, so it can only use event-driven "
                         "variables, synaptic parameters and constants, not "
                         "'{}'; flag it (clock-driven) instead")

    def _refuse(self, eq, bad, message) -> None:
        if not bad:
            return
        name = sorted(bad)[0]
        span = next((node.span for node in walk(eq.expr)
                     if isinstance(node, Name) and node.id == name), None)
        raise ModelSyntaxError(message.format(name), eq.source, span)

    def _system(self, eqs_) -> ODESystem:
        # The groups' subexpressions too (F_post), in synaptic names.
        return ODESystem(tuple((eq.varname, self.syn._inline(eq.expr))
                               for eq in eqs_),
                         sources=tuple(eq.source for eq in eqs_))

    def _integrate(self, eqs_, method):
        return integrate(self._system(eqs_), method)

    def _event_update(self) -> tuple:
        if not self.event_driven:
            return ()
        try:
            update = integrate(self._system(self.event_driven), "exact")
        except UnsupportedEquationsError as exc:
            raise UnsupportedEquationsError(
                f"{self.owner}: event-driven equations must be linear with "
                f"constant coefficients, to be solved exactly between "
                f"events ({exc.message}); flag them (clock-driven) "
                f"otherwise", exc.source) from None
        since = {"dt": _SINCE_LAST}
        return tuple(Statement(s.target, s.op, replace_names(s.expr, since),
                               s.source, s.target_span)
                     for s in update.statements)

    # -- summed variables -----------------------------------------------------
    def _summed_targets(self, full) -> tuple:
        found, seen = [], set()
        for eq in full:
            if "summed" not in eq.flags:
                continue
            target = self._summed_target(eq)
            # x_pre and x_post are one array when a group connects to itself.
            where = target.group._owner.key(target.base)
            if where in seen:
                raise ModelSyntaxError(
                    f"'{target.base}' of {target.group.name!r} is already "
                    f"set by another summed variable", eq.source,
                    eq.name_span)
            seen.add(where)
            found.append(target)
        return tuple(found)

    def _summed_target(self, eq) -> SummedTarget:
        syn = self.syn
        name = eq.varname
        side = "pre" if name.endswith("_pre") else \
            ("post" if name.endswith("_post") else None)
        if side is None:
            raise ModelSyntaxError(
                f"the summed variable '{name}' must end in '_pre' or "
                f"'_post': it names the parameter of the pre- or "
                f"postsynaptic group it sets", eq.source, eq.name_span)
        group = syn.source if side == "pre" else syn.target
        base = name[: -len(side) - 1]
        group_eqs = getattr(group, "equations", None)
        target = group_eqs[base] if group_eqs is not None and \
            base in group_eqs else None
        if target is None or target.kind != "parameter" or \
                "shared" in target.flags:
            raise ModelSyntaxError(
                f"the summed variable '{name}' needs a parameter '{base}' "
                f"(one value per neuron, as in '{base} : "
                f"{eq.unit_text}') in the {side}synaptic group "
                f"{group.name!r}", eq.source, eq.name_span)
        if target.dim is not eq.dim:
            raise ModelUnitError(
                f"the summed variable '{name}' has units of "
                f"{describe_dim(eq.dim)}, but '{base}' of {group.name!r} has "
                f"units of {describe_dim(target.dim)}", eq.source,
                eq.unit_span, (eq.dim, target.dim))
        return SummedTarget(eq, side, group, base)
