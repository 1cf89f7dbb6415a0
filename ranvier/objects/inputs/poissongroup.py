"""PoissonGroup: independent Poisson spike trains at given rates."""

from __future__ import annotations

import numpy as np

from ranvier.ir.kernel import range_domain
from ranvier.lang.equations import Equations, SingleEquation
from ranvier.lang.parse import parse_expression
from ranvier.lang.symbols import Variable
from ranvier.lang.tree import BinOp, Call, Compare, Name, Source
from ranvier.lang.units_check import CheckContext, check_expression
from ranvier.objects import defaults
from ranvier.objects.base import BuildContext, Operation
from ranvier.objects.group import Group, VariableOwner
from ranvier.objects.inputs.code import (SpikeSource, check_count,
                                         names_of, resolve_in_group)
from ranvier.objects.lowering import build_kernel
from ranvier.units import DimensionMismatchError, Quantity, get_dimensions, \
    Hz

__all__ = ["PoissonGroup"]

_HZ = Hz.dim


class PoissonGroup(SpikeSource, Group):
    """Neurons firing as independent Poisson processes.

    In each time step, neuron ``i`` spikes with probability
    ``rates[i]*dt`` (one uniform draw per neuron and step), so the number
    of spikes of a neuron in ``n`` steps is binomial with mean
    ``n*rate*dt``, and Poisson in the limit of small ``dt``.

    Parameters
    ----------
    N : int
        Number of neurons.
    rates : Quantity or str
        One rate for all, an array of ``N`` rates, or an expression of
        ``t`` and ``i`` (e.g. ``'(1 + sin(2*pi*5*Hz*t))*10*Hz'``) evaluated
        at each step.
    dt : Quantity, optional
    clock : Clock, optional
    when : str
        Schedule slot (default ``'thresholds'``).
    order : int
    name : str, optional
    namespace : dict, optional
        Values of identifiers in a rates expression.

    Raises
    ------
    ValueError
        For a bad ``N``, a rates array of the wrong length or negative
        rates.
    DimensionMismatchError
        For rates that are not rates.

    Notes
    -----
    ``P.rates`` reads the rates (evaluating an expression at the current
    time) and, for rates given as numbers, sets them. Slicing (``P[:10]``)
    gives subgroups usable wherever the group is.
    """

    _name_base = "poissongroup"

    def __init__(self, N, rates, dt=None, clock=None, when="thresholds",
                 order=0, name=None, namespace=None):
        N = check_count(N, "PoissonGroup")
        if namespace is not None and not isinstance(namespace, dict):
            raise TypeError("namespace must be a dictionary")
        super().__init__(dt=dt, clock=clock, when=when, order=order,
                         name=name)
        self.namespace = dict(namespace or {})
        self.start, self.stop = 0, N
        self._owner = VariableOwner(self.name)
        self.equations = self._make_rates(rates)
        # One slot per neuron plus the count: see ranvier.ir.kernel.
        self._owner.arrays["_spikespace"] = np.zeros(N + 1, np.int32)
        self._frozen = True

    def _make_rates(self, rates) -> Equations:
        owner_text = f"PoissonGroup {self.name!r}"
        if isinstance(rates, str):
            source = Source(rates, owner=f"{owner_text} rates")
            expr = parse_expression(rates, source)
            eq = SingleEquation("subexpression", "rates", expr, _HZ, "float",
                                "Hz", source=source)
            self._owner.subexpressions["rates"] = eq
            return Equations([eq])
        values = self._checked_rates(rates, owner_text)
        self._owner.add_array(Variable("rates", _HZ), self.stop,
                              defaults.float_dtype())
        self._owner.arrays["rates"][:] = values
        return Equations([SingleEquation("parameter", "rates", None, _HZ,
                                         "float", "Hz")])

    def _checked_rates(self, rates, owner_text) -> np.ndarray:
        dim = get_dimensions(rates)
        if dim is not _HZ:
            raise DimensionMismatchError(
                f"{owner_text}: rates must be given in units of Hz (or as "
                f"an expression string)", dim)
        values = np.asarray(rates.view(np.ndarray) if isinstance(
            rates, Quantity) else rates, dtype=float)
        if values.ndim > 1 or (values.ndim == 1 and len(values) != self.N):
            raise ValueError(f"{owner_text}: rates must be one rate or "
                             f"{self.N} rates, got shape {values.shape}")
        if np.any(values < 0):
            raise ValueError(f"{owner_text}: rates must not be negative")
        return values

    # -- a group with a 'spike' event -----------------------------------------

    # -- lowering -------------------------------------------------------------
    def operations(self, ctx: BuildContext) -> list[Operation]:
        eq = self.equations["rates"]
        # The parsed expression itself, not an inlined copy: its spans mark
        # errors in the text the user wrote.
        rates = Name("rates") if eq.expr is None else eq.expr
        symbols = resolve_in_group(self, names_of(rates) | {"rand"}, ctx)
        check_expression(rates, CheckContext(symbols, eq.source), _HZ,
                         "rates")
        # P(spike in a step) = rates*dt, with one uniform draw per neuron.
        condition = Compare(("<",), (Call("rand", ()),
                                     BinOp("*", rates, Name("dt"))))
        label = f"{self.name}_thresholder"
        kernel = build_kernel(label, range_domain(self.start, self.stop),
                              symbols, self._bindings(), (), condition,
                              self.event_buffer("spike"))
        return [Operation(label, self.when, self.order, self.clock, kernel)]

    def __repr__(self):
        return f"<PoissonGroup {self.name!r} of {self.N} neurons>"
