"""Lowering a Synapses object into kernels for one run: resolve its names,
check its units, and emit summed-variable, state update and pathway
kernels.

Synaptic variables are ``element`` accesses over the synapses; variables
of the pre- and postsynaptic groups are ``indirect`` accesses through the
synapses' index arrays. Unsuffixed postsynaptic names (``v``) are renamed
to their ``_post`` form first, so one array location has one name in a
kernel.
"""

from __future__ import annotations

import warnings
import zlib

import numpy as np

from ranvier.integration import is_noise_symbol
from ranvier.ir.kernel import (ONCE, Kernel, QueuePush, QueueSpec,
                               queue_domain, range_domain)
from ranvier.lang.equations import XI_DIMENSION
from ranvier.lang.namespace import resolve_identifiers
from ranvier.lang.rewrite import rename
from ranvier.lang.symbols import Constant, Variable
from ranvier.lang.temporaries import bind_temporaries
from ranvier.lang.tree import Const, Name, Statement, calls_in, names_in
from ranvier.lang.units_check import (CheckContext, check_equations,
                                      check_expression, check_statements)
from ranvier.objects.base import BuildContext, Operation
from ranvier.objects.lowering import (Binding, build_kernel, conditional_write,
                                     refractory_conditions)
from ranvier.objects.spikequeue import delay_steps, delivery_table, \
    grown_ring
from ranvier.objects.synapse_names import check_neighbour_names
from ranvier.units import second

__all__ = ["SynapseCode"]


class SynapseCode:
    """The kernels of one Synapses object for one run.

    Parameters
    ----------
    synapses : Synapses
    ctx : BuildContext

    Attributes
    ----------
    scratch : dict
        Arrays derived for this run only (delivery tables), by global
        name.
    """

    def __init__(self, synapses, ctx: BuildContext):
        self.syn = synapses
        self.ctx = ctx
        self.model = synapses._model
        self.table = synapses._names()
        self.symbols = self._resolve_all()
        self.canonical = {nb.name: f"{nb.base}_post"
                          for nb in synapses._neighbours.values()
                          if nb.side == "post" and nb.name == nb.base}
        self.conditions = {}
        for group, side in ((synapses.source, "pre"),
                            (synapses.target, "post")):
            self.conditions.update(refractory_conditions(group, f"_{side}"))
        self.scratch: dict = {}

    # -- names and units ------------------------------------------------------
    def _expressions(self):
        syn = self.syn
        for eq in syn.equations:
            if eq.expr is not None:
                yield syn._inline(eq.expr)
        for summed in self.model.summed:
            yield syn._inline(summed.equation.expr)
        for pathway in syn._pathways.values():
            for stmt in self._inlined(pathway.statements):
                yield stmt.expr

    def _resolve_all(self) -> dict:
        syn = self.syn
        names = {"t", "dt"}
        for expr in self._expressions():
            names |= names_in(expr) | calls_in(expr)
        noise = {n for n in names if is_noise_symbol(n)}
        names = {n for n in names if not n.startswith("_") and n not in noise
                 and n not in syn._owner.subexpressions}
        explicit = syn._fallback_constants(names, self.ctx.run_namespace)
        explicit.update(self.ctx.namespace or {})
        explicit.update(syn._constants)
        explicit.update(syn.namespace)
        check_neighbour_names(self.model.uses(), syn._neighbours, syn._text(),
                              syn.source, syn.target,
                              set(explicit) | set(self.ctx.run_namespace))
        self.table.refuse_unsupported(names)
        symbols = dict(self.table.symbols)
        symbols.update(resolve_identifiers(names, self.table.symbols,
                                           explicit, self.ctx.run_namespace))
        for name in noise:
            symbols[name] = Variable(name, XI_DIMENSION, read_only=True)
        return symbols

    def check(self) -> None:
        """Check the units of every equation and statement."""
        syn = self.syn
        check_equations(syn.equations, self.symbols)
        for summed in self.model.summed:
            eq = summed.equation
            check_expression(syn._inline(eq.expr),
                             CheckContext(self.symbols, eq.source), eq.dim,
                             f"definition of '{eq.varname}'")
        for pathway in syn._pathways.values():
            check_statements(self._inlined(pathway.statements),
                             CheckContext(self.symbols))

    def _bound(self, statements) -> tuple:
        """The statements with their temporaries given internal names."""
        return bind_temporaries(statements, self.table.symbols)

    def _inlined(self, statements) -> tuple:
        inline = self.syn._inline
        return tuple(Statement(s.target, s.op, inline(s.expr), s.source,
                               s.target_span)
                     for s in self._bound(statements))

    def _lowered(self, statements) -> tuple:
        """Statements as kernels run them: subexpressions inlined, one
        name per postsynaptic variable.

        As in Brian 2, ``v`` and ``v_post`` are two names, each read as it
        was when the code started unless the code wrote that same name:
        ``v += 10*mV`` followed by ``w = v_post`` gives ``w`` the value of
        before the increment (Brian 2's Clopath et al. 2010 example relies
        on this). Such reads go to a copy taken at the start.
        """
        names = self.canonical
        inlined = self._inlined(statements)
        stale = _stale_reads(inlined, names)
        starts = {canon: f"_start_{canon}" for canon in
                  sorted({canon for reads in stale for canon in
                          reads.values()})}
        out = [Statement(temp, "=", Name(canon))
               for canon, temp in starts.items()]
        for s, reads in zip(inlined, stale):
            mapping = dict(names)
            mapping.update({spelling: starts[canon]
                            for spelling, canon in reads.items()})
            # As in Brian 2, writes to neurons' variables flagged
            # (unless refractory) take effect outside refractoriness only.
            out.append(conditional_write(Statement(
                names.get(s.target, s.target), s.op,
                rename(s.expr, mapping), s.source, s.target_span),
                self.conditions))
        return tuple(out)


    def _bindings(self, clock) -> dict:
        bindings = dict(self.table.bindings)
        bindings["t"] = Binding(f"{clock.name}.t", "scalar")
        bindings["dt"] = Binding(f"{clock.name}.dt", "scalar")
        return bindings

    # -- kernels --------------------------------------------------------------
    def regular_kernel(self, label: str, statements, clock) -> Kernel:
        """The kernel of a ``run_regularly`` block run on ``clock``: the
        statements for every synapse, with ``t`` from ``clock`` and the
        synapses' own ``dt`` (see ``Group._regular_kernel``)."""
        syn = self.syn
        symbols = dict(self.symbols)
        symbols["dt"] = Constant("dt", float(syn.clock.dt_), second.dim)
        for stmt in self._inlined(statements):
            names = {n for n in names_in(stmt.expr) | calls_in(stmt.expr)
                     if not n.startswith("_") and n not in symbols}
            symbols.update(syn._resolve(names, self.ctx.run_namespace,
                                        self.ctx.namespace, stmt.source))
        check_statements(self._inlined(statements), CheckContext(symbols))
        bindings = self._bindings(clock)
        del bindings["dt"]
        return build_kernel(label, range_domain(0, syn.N), symbols, bindings,
                            self._lowered(statements))

    def operations(self) -> list[Operation]:
        self.check()
        syn = self.syn
        ops = []
        for summed in self.model.summed:
            ops.extend(self._summed_ops(summed))
        update = self.model.state_update
        if update is not None:
            name = f"{syn.name}_stateupdate"
            kernel = build_kernel(name, range_domain(0, syn.N), self.symbols,
                                  self._bindings(syn.clock),
                                  self._lowered(update.statements))
            ops.append(Operation(name, "groups", syn.order, syn.clock,
                                 kernel))
        for pathway in syn._pathways.values():
            ops.extend(self._pathway_ops(pathway))
        return ops

    def _summed_ops(self, summed) -> list[Operation]:
        syn, group, eq = self.syn, summed.group, summed.equation
        name = f"{syn.name}_summed_{eq.varname}"
        reset = build_kernel(
            f"{name}_reset", range_domain(group.start, group.stop), {},
            {summed.base: Binding(group._owner.key(summed.base))},
            (Statement(summed.base, "=", Const(0)),))
        total = build_kernel(
            name, range_domain(0, syn.N), self.symbols,
            self._bindings(syn.clock),
            self._lowered((Statement(eq.varname, "+=", eq.expr,
                                     eq.source),)))
        # Before the target group's state update (as in Brian), the sum
        # right after its zeroing; of several Synapses objects summing
        # into one variable, only the first zeroes it (see
        # Network._sorted_operations), so that their sums add up.
        order = group.order - 1
        return [Operation(f"{name}_reset", "groups", order, group.clock,
                          reset, resets=group._owner.key(summed.base)),
                Operation(name, "groups", order, group.clock, total)]

    def _queue(self, pathway) -> QueueSpec:
        """Delivery table (for this run) and ring (kept) of a pathway."""
        syn, group = self.syn, pathway.spike_group
        arrays, key = syn._owner.arrays, syn._owner.key
        steps = delay_steps(arrays[pathway.delay_name], group.clock.dt_)
        sources = arrays["i" if pathway.prepost == "pre" else "j"]
        table = delivery_table(sources, group.N, steps)
        ring, position = f"_queue_{pathway.name}", f"_queuepos_{pathway.name}"
        self._check_delays_kept(pathway, steps, arrays[ring])
        arrays[ring], arrays[position] = grown_ring(
            arrays[ring], arrays[position], table.ring_rows)
        offsets = key(f"_offsets_{pathway.name}")
        self.scratch[offsets] = table.offsets
        order = None
        if table.order is not None:
            order = key(f"_order_{pathway.name}")
            self.scratch[order] = table.order
        return QueueSpec(key(ring), key(position), offsets, order,
                         table.first_lag, table.lags)

    def _check_delays_kept(self, pathway, steps, ring) -> None:
        """Warn when delays changed while spikes were in flight: the ring
        keeps spike times, not arrival times, so such spikes arrive after
        the new delays."""
        kept = self.syn._owner.arrays[f"_delaysum_{pathway.name}"]
        # One number for uniform delays, so the checksum covers
        # (count, steps) then, and never an array made for it.
        checksum = zlib.crc32(np.ascontiguousarray(
            steps if np.ndim(steps) else [self.syn.N, steps]))
        before, kept[0] = int(kept[0]), checksum
        if before >= 0 and before != checksum and ring[:, -1].any():
            warnings.warn(
                f"{self.syn._text()}: the delays of pathway "
                f"{pathway.name!r} changed while spikes were in flight; "
                f"those spikes arrive after the new delays, counted from "
                f"their spike times (some may arrive twice or not at all)",
                stacklevel=4)

    def _pathway_ops(self, pathway) -> list[Operation]:
        syn, group = self.syn, pathway.spike_group
        spec = self._queue(pathway)
        name = f"{syn.name}_{pathway.name}"
        push = Kernel(f"{name}_push", ONCE, push=QueuePush(
            group.event_buffer(pathway.event), spec.ring, spec.position))
        body = self.model.event_update + self._lowered(pathway.statements)
        if self.model.needs_lastupdate:
            body += (Statement("lastupdate", "=", Name("t")),)
        deliver = build_kernel(name, queue_domain(spec, group.start,
                                                  group.stop),
                               self.symbols, self._bindings(group.clock),
                               body)
        return [Operation(f"{name}_push", pathway.when, pathway.order,
                          group.clock, push),
                Operation(name, pathway.when, pathway.order, group.clock,
                          deliver)]


def _stale_reads(statements, canonical: dict) -> list:
    """For each statement, the names it reads (``spelling -> canonical
    name``) that an earlier statement wrote under the other spelling only
    (``v_post`` after ``v += ...``), which Brian 2 reads unchanged."""
    written: dict = {}     # canonical name -> spellings it was written as
    out = []
    for s in statements:
        reads = {}
        for name in names_in(s.expr):
            canon = canonical.get(name, name)
            spellings = written.get(canon, set())
            if spellings and name not in spellings:
                reads[name] = canon
        out.append(reads)
        canon = canonical.get(s.target, s.target)
        written.setdefault(canon, set()).add(s.target)
    return out
