"""Lowering a NeuronGroup into kernels for one run: resolve its names,
check its units, and emit state update, threshold, reset and event
kernels."""

from __future__ import annotations

from ranvier.integration import is_noise_symbol
from ranvier.ir.kernel import events_domain, range_domain
from ranvier.lang.equations import XI_DIMENSION
from ranvier.lang.namespace import resolve_identifiers
from ranvier.lang.parse import parse_expression
from ranvier.lang.symbols import Constant, Variable
from ranvier.lang.temporaries import bind_temporaries
from ranvier.lang.errors import ModelNameError
from ranvier.lang.tree import (BinOp, BoolOp, Call, Compare, Const, Name,
                               Source, walk,
                               Statement, Unary, calls_in, names_in)
from ranvier.lang.units_check import (CheckContext, check_condition,
                                      check_equations, check_expression,
                                      check_statements, infer)
from ranvier.objects.base import BuildContext, Operation
from ranvier.objects.lowering import build_kernel
from ranvier.units import get_dimensions, second

__all__ = ["NeuronCode"]

_REFRACTORY = "_refractory"


def _call(name, *args):
    return Call(name, tuple(args))


class NeuronCode:
    """The kernels of one NeuronGroup for one run.

    Parameters
    ----------
    group : NeuronGroup
    ctx : BuildContext
    """

    def __init__(self, group, ctx: BuildContext):
        self.group = group
        self.ctx = ctx
        self.owner = f"NeuronGroup {group.name!r}"
        self.refractory_stmt, refractory_const = self._refractory_statement()
        self.reset, self.event_code, self.regular = self._bound_blocks()
        self.symbols = self._resolve_all(refractory_const)
        self.bindings = group._bindings()

    # -- names and units ------------------------------------------------------
    def _bound_blocks(self):
        """The reset, event and regular code, each block's temporaries
        given internal names."""
        g = self.group
        model = set(g._model_symbols()) | set(g._owner.subexpressions)
        reset = bind_temporaries(g._reset, model)
        events = [(event, bind_temporaries(stmts, model), when, order)
                  for event, stmts, when, order in g._event_code]
        regular = [(bind_temporaries(stmts, model), *rest)
                   for stmts, *rest in g._regular]
        return reset, events, regular

    def _code_blocks(self):
        g = self.group
        blocks = list(self.reset)
        for _, stmts, _, _ in self.event_code:
            blocks.extend(stmts)
        for stmts, *_ in self.regular:
            blocks.extend(stmts)
        return blocks

    def _resolve_all(self, refractory_const) -> dict:
        g = self.group
        names = set()
        for eq in g.equations:
            if eq.expr is not None:
                names |= names_in(eq.expr) | calls_in(eq.expr)
        for cond in g._events.values():
            names |= names_in(cond) | calls_in(cond)
        for stmt in self._code_blocks():
            # Targets are not resolved: one that is no model variable gets
            # its own error from the statement check.
            names |= names_in(stmt.expr) | calls_in(stmt.expr)
        if self.refractory_expr is not None:
            names |= names_in(self.refractory_expr) | \
                calls_in(self.refractory_expr)
        names |= {"t", "dt", "timestep", "int", "randn"}
        noise = {n for n in names if is_noise_symbol(n)}
        names = {n for n in names if not n.startswith("_")
                 and n not in g._owner.subexpressions and n not in noise}
        explicit = dict(self.ctx.namespace or {})
        explicit.update(g.namespace)
        explicit.update(g.equations.constants)
        model = g._model_symbols()
        symbols = dict(model)
        try:
            symbols.update(resolve_identifiers(names, model, explicit,
                                               self.ctx.run_namespace))
        except ModelNameError as error:
            raise self._located(error) from None
        for name in noise:
            symbols[name] = Variable(name, XI_DIMENSION, read_only=True)
        for name, eq in g._owner.subexpressions.items():
            symbols[name] = Variable(name, eq.dim, eq.dtype, read_only=True)
        if refractory_const is not None:
            symbols[_REFRACTORY] = refractory_const
        return symbols

    def _pieces(self):
        """Every expression of the group's code, with its source."""
        g = self.group
        for eq in g.equations:
            if eq.expr is not None:
                yield eq.expr, eq.source
        for name, cond in g._events.items():
            yield cond, g._event_sources[name]
        for stmt in self._code_blocks():
            yield stmt.expr, stmt.source
        if self.refractory_expr is not None:
            yield self.refractory_expr, self.refractory_source

    def _located(self, error: ModelNameError) -> ModelNameError:
        """The same error, pointing at the first use of its identifier."""
        name = getattr(error, "identifier", None)
        for expr, source in self._pieces():
            for node in walk(expr):
                used = node.id if isinstance(node, Name) else \
                    node.func if isinstance(node, Call) else None
                if used == name:
                    return ModelNameError(error.message, source, node.span)
        return error

    def _refractory_statement(self):
        """The statement computing ``not_refractory`` at the start of each
        step, and the constant it needs."""
        g = self.group
        ref = g._refractory
        self.refractory_expr = None
        if ref is False or ref is None:
            return None, None
        self.refractory_source = Source(str(ref),
                                        owner=f"{self.owner} refractory")
        if isinstance(ref, str):
            expr = g._inline(parse_expression(ref, self.refractory_source))
            self.refractory_expr = expr
            return expr, None
        if get_dimensions(ref) is not second.dim:
            raise TypeError(f"{self.owner}: refractory must be a time, an "
                            f"expression string or a condition string, got "
                            f"{ref!r}")
        const = Constant(_REFRACTORY, float(ref / second), second.dim)
        return Name(_REFRACTORY), const

    def _not_refractory(self) -> Statement | None:
        expr = self.refractory_stmt
        if expr is None:
            return None
        ctx = CheckContext(self.symbols, self.refractory_source)
        info = infer(expr, ctx)
        if info.dtype == "boolean":
            # Refractory from the spike until the condition first fails.
            value = BoolOp("or", (Name("not_refractory"), Unary("not", expr)))
        else:
            check_expression(expr, ctx, second.dim, "refractory")
            since = _call("timestep", BinOp("-", Name("t"),
                                            Name("lastspike")), Name("dt"))
            value = Compare((">=",), (since, _call("timestep", expr,
                                                   Name("dt"))))
        return Statement("not_refractory", "=", value)

    def check(self) -> None:
        """Check the units of every piece of code of the group."""
        g = self.group
        check_equations(g.equations, self.symbols)
        for name, cond in g._events.items():
            what = "threshold" if name == "spike" else f"event '{name}'"
            check_condition(g._inline(cond),
                            CheckContext(self.symbols, g._event_sources[name]),
                            what)
        check_statements(self._inline_all(self.reset),
                         CheckContext(self.symbols))
        for _, stmts, _, _ in self.event_code:
            check_statements(self._inline_all(stmts),
                             CheckContext(self.symbols))
        for stmts, *_ in self.regular:
            check_statements(self._inline_all(stmts),
                             CheckContext(self.symbols))

    def _inline_all(self, stmts):
        g = self.group
        return tuple(Statement(s.target, s.op, g._inline(s.expr), s.source,
                               s.target_span) for s in stmts)

    # -- kernels ----------------------------------------------------------------
    def operations(self) -> list[Operation]:
        self.check()
        g = self.group
        ops = []
        update = self._state_update_kernel()
        if update is not None:
            ops.append(Operation(f"{g.name}_stateupdate", "groups", g.order,
                                 g.clock, update))
        for event, cond in g._events.items():
            ops.extend(self._event_ops(event, cond))
        if self.reset:
            ops.append(self._on_event_op("spike", self.reset, "resets",
                                         g.order, "resetter"))
        for k, (event, stmts, when, order) in enumerate(self.event_code):
            ops.append(self._on_event_op(event, stmts, when,
                                         g.order if order is None else order,
                                         f"{event}_code_{k}"))
        for k, entry in enumerate(self.regular):
            ops.append(self._regular_op(k, entry))
        return ops

    def _kernel(self, name, domain, body=(), condition=None, events_out=None):
        return build_kernel(name, domain, self.symbols, self.bindings, body,
                            condition, events_out)

    def _state_update_kernel(self):
        g = self.group
        body = []
        not_ref = self._not_refractory()
        if not_ref is not None:
            body.append(not_ref)
        for eq in g.equations.ordered_subexpressions():
            if "constant over dt" in eq.flags:
                body.append(Statement(eq.varname, "=", g._inline(eq.expr)))
        if g._state_update is not None:
            self._check_step_constant_calls(g._state_update)
            body.extend(g._state_update.statements)
        if not body:
            return None
        return self._kernel(f"{g.name}_stateupdate",
                            range_domain(g.start, g.stop), tuple(body))

    def _check_step_constant_calls(self, update) -> None:
        """The functions the integration method took as constant within a
        step (when the group was made) must still be, now that names are
        resolved for this run and with the clock's current dt."""
        g = self.group
        for name in update.constant_calls:
            spec = self.symbols.get(name)
            check = getattr(spec, "locally_constant", None)
            if check is None or not check(g.clock.dt_):
                raise ValueError(
                    f"NeuronGroup {g.name!r}: integration method "
                    f"'{update.method}' took the calls of '{name}' as "
                    f"constant within each time step, as they were when the "
                    f"group was created; for this run '{name}' is not (a "
                    f"TimedArray must have a dt that is a whole multiple of "
                    f"the group's dt, {g.clock.dt}). Create the group after "
                    f"changing dt or the function, or use method='euler'")

    def _event_ops(self, event, cond):
        g = self.group
        condition = g._inline(cond)
        refractory = event == "spike" and "not_refractory" in g._owner.records
        if refractory:
            condition = BoolOp("and", (condition, Name("not_refractory")))
        ops = [Operation(f"{g.name}_{event}_thresholder", "thresholds",
                         g.order, g.clock,
                         self._kernel(f"{g.name}_{event}_thresholder",
                                      range_domain(g.start, g.stop), (),
                                      condition, g.event_buffer(event)))]
        if refractory:
            body = (Statement("lastspike", "=", Name("t")),
                    Statement("not_refractory", "=", Const(False)))
            ops.append(Operation(
                f"{g.name}_spike_refractoriness", "thresholds", g.order,
                g.clock, self._kernel(
                    f"{g.name}_spike_refractoriness",
                    events_domain(g.event_buffer("spike"), g.start, g.stop),
                    body)))
        return ops

    def _on_event_op(self, event, stmts, when, order, label):
        g = self.group
        kernel = self._kernel(f"{g.name}_{label}",
                              events_domain(g.event_buffer(event), g.start,
                                            g.stop), self._inline_all(stmts))
        return Operation(f"{g.name}_{label}", when, order, g.clock, kernel)

    def _regular_op(self, k, entry):
        g = self.group
        stmts, clock, when, order, name = entry
        label = name or f"{g.name}_run_regularly_{k}"
        kernel = self._kernel(label, range_domain(g.start, g.stop),
                              self._inline_all(stmts))
        return Operation(label, when, order, clock or g.clock, kernel)
