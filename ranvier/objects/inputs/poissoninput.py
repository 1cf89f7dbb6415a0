"""PoissonInput: the summed effect of many Poisson inputs on a variable,
without simulating them one by one."""

from __future__ import annotations

import numbers

import numpy as np

from ranvier.ir.kernel import range_domain
from ranvier.lang.binomial import BinomialFunction
from ranvier.lang.parse import parse_expression
from ranvier.lang.symbols import Constant, Variable, describe_dim
from ranvier.lang.tree import BinOp, Call, Name, Source, Statement
from ranvier.lang.units_check import (CheckContext, check_expression,
                                      check_statements)
from ranvier.objects.base import BuildContext, Operation, SimObject
from ranvier.objects.inputs.code import names_of, resolve_in_group
from ranvier.objects.lowering import build_kernel
from ranvier.units import (DimensionMismatchError, Quantity, get_dimensions,
                           Hz)

__all__ = ["PoissonInput"]

# Names of the kernel's own function and constant; '__' names cannot be
# written in model code, so they never clash with the user's.
_BINOMIAL = "__poissoninput_binomial"
_WEIGHT = "__poissoninput_weight"


class PoissonInput(SimObject):
    """Adds to a variable of each target neuron the input of ``N``
    independent Poisson spike trains of rate ``rate``, each spike adding
    ``weight``.

    In each time step, every target neuron gets ``k*weight`` with ``k``
    drawn from a binomial distribution of ``N`` trials and probability
    ``rate*dt`` (the number of the ``N`` inputs that spike in the step):
    one draw per neuron and step, whatever ``N``.

    Parameters
    ----------
    target : NeuronGroup or Subgroup
        The group receiving the input.
    target_var : str
        The variable to add to (a state variable or parameter).
    N : int
        The number of inputs per target neuron (an integer-valued float
        is accepted).
    rate : Quantity
        The rate of each input.
    weight : Quantity or str
        What each input spike adds: a value with the units of
        ``target_var``, or an expression of the target's variables.
    when : str
        Schedule slot (default ``'synapses'``).
    order : int

    Raises
    ------
    ValueError
        For an unknown or read-only ``target_var``, a bad ``N``, or a
        negative rate.
    DimensionMismatchError
        For a rate that is no rate, or a weight without the units of
        ``target_var`` (for an expression: a ``ModelUnitError`` at run
        time, marking it).
    NotImplementedError
        For a rate given as an expression.
    """

    _name_base = "poissoninput"

    def __init__(self, target, target_var: str, N, rate, weight,
                 when: str = "synapses", order: int = 0, name=None):
        super().__init__(clock=target.clock, when=when, order=order,
                         name=name)
        self.target = target
        self.target_var = target_var
        self._record = self._check_target_var(target, target_var)
        # Integer-valued floats (Brunel_2000.py: N = 0.1*C_E inputs) are
        # accepted; fractional ones refused, not truncated.
        if isinstance(N, bool) or not isinstance(N, numbers.Real) or \
                not np.isfinite(N) or N != int(N) or N < 1:
            raise ValueError(f"{self._text()}: N must be a positive number "
                             f"of inputs, got {N!r}")
        self.N = int(N)
        self._rate = self._checked_rate(rate)
        self._weight_text, self._weight = self._checked_weight(weight)

    def _text(self) -> str:
        return f"PoissonInput {self.name!r}"

    def _check_target_var(self, target, var: str):
        owner = target._owner
        if var in owner.subexpressions:
            raise ValueError(f"{self._text()}: '{var}' is a subexpression of "
                             f"{target.name!r}; the input needs a state "
                             f"variable or parameter to add to")
        record = owner.records.get(var)
        if record is None or var.startswith("_") or var == "lastspike":
            raise ValueError(f"{self._text()}: {target.name!r} has no "
                             f"variable '{var}' to add to")
        if record.read_only or record.dtype != "float":
            what = "constant" if record.read_only else record.dtype
            raise ValueError(f"{self._text()}: the variable '{var}' of "
                             f"{target.name!r} is {what}; the input needs a "
                             f"writable float variable")
        return record

    def _checked_rate(self, rate) -> float:
        if isinstance(rate, str):
            raise NotImplementedError(
                f"{self._text()}: a rate given as an expression is not "
                f"supported yet; give a Quantity")
        dim = get_dimensions(rate)
        if dim is not Hz.dim:
            raise DimensionMismatchError(f"{self._text()}: the rate must be "
                                         f"in units of Hz", dim)
        if np.ndim(rate) != 0:
            raise ValueError(f"{self._text()}: the rate must be one value "
                             f"(every input has the same rate)")
        value = float(np.asarray(rate))
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"{self._text()}: the rate must be a finite, "
                             f"non-negative rate, got {value} Hz")
        return value

    def _checked_weight(self, weight):
        if isinstance(weight, str):
            source = Source(weight, owner=f"{self._text()} weight")
            return weight, parse_expression(weight, source)
        dim = get_dimensions(weight)
        if dim is not self._record.dim:
            raise DimensionMismatchError(
                f"{self._text()}: the weight must have the units of "
                f"'{self.target_var}' ({describe_dim(self._record.dim)}), "
                f"got {describe_dim(dim)}", dim, self._record.dim)
        if np.ndim(weight) != 0:
            raise ValueError(f"{self._text()}: the weight must be one value "
                             f"or an expression")
        value = float(np.asarray(weight.view(np.ndarray)
                                 if isinstance(weight, Quantity) else weight))
        return None, value

    # -- properties -----------------------------------------------------------
    @property
    def rate(self) -> Quantity:
        return Quantity.with_dimensions(self._rate, Hz.dim)

    @property
    def weight(self):
        if self._weight_text is not None:
            return self._weight_text
        return Quantity.with_dimensions(self._weight, self._record.dim)

    # -- lowering -------------------------------------------------------------
    def contained_objects(self):
        return [self.target]

    def binomial(self) -> BinomialFunction:
        """The binomial function of the next run (``p = rate*dt``).

        Raises
        ------
        ValueError
            When ``rate*dt`` exceeds 1.
        """
        p = self._rate * self.clock.dt_
        if p > 1:
            raise ValueError(f"{self._text()}: rate*dt = {p:g} is above 1; "
                             f"lower the rate or the time step")
        return BinomialFunction(self.N, p, name=f"{self.name}_binomial")

    def operations(self, ctx: BuildContext) -> list[Operation]:
        target = self.target
        if self._weight_text is not None:
            weight = target._inline(self._weight)
            symbols = resolve_in_group(target, names_of(weight), ctx)
            self._check_weight(symbols)
        else:
            weight = Name(_WEIGHT)
            symbols = dict(target._model_symbols())
            symbols[_WEIGHT] = Constant(_WEIGHT, self._weight,
                                        self._record.dim)
        symbols[_BINOMIAL] = self.binomial().function_spec
        body = (Statement(self.target_var, "+=",
                          BinOp("*", Call(_BINOMIAL, ()), weight)),)
        check_statements(body, CheckContext(symbols))
        label = f"{self.name}_update"
        kernel = build_kernel(label, range_domain(target.start, target.stop),
                              symbols, target._bindings(), body)
        return [Operation(label, self.when, self.order, self.clock, kernel)]

    def _check_weight(self, symbols) -> None:
        """Check the weight as written (subexpressions not inlined), so
        that an error marks the user's text."""
        checked = dict(symbols)
        for name, eq in self.target._owner.subexpressions.items():
            checked[name] = Variable(name, eq.dim, eq.dtype, read_only=True)
        source = Source(self._weight_text, owner=f"{self._text()} weight")
        check_expression(self._weight, CheckContext(checked, source),
                         self._record.dim, "weight")

    def __repr__(self):
        return (f"<PoissonInput {self.name!r}: {self.N} inputs at "
                f"{self._rate} Hz to {self.target.name}.{self.target_var}>")
