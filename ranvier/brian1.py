"""The constructs of Brian 1's front-page example, mapped onto ranvier.

``from ranvier.brian1 import *`` (or ``from brian import *`` under
``python -m ranvier``) gives what that example uses:

- ``NeuronGroup(N, eqs, threshold=-50*mV, reset=-60*mV)``: a threshold or
  reset given as a value applies to the first variable of the equations;
- ``P.subgroup(n)``: the next ``n`` neurons not yet taken by an earlier
  call;
- ``Connection(source, target, 'ge', weight=..., sparseness=...)``: random
  connections that add ``weight`` to ``ge`` of the target at each spike;
- ``SpikeMonitor(P)`` with ``M[i]``, the spike times of neuron ``i``;
- ``raster_plot(M)``, ``show()``, NumPy's ``rand`` and the units.

Anything else of Brian 1 is not provided.
"""

from __future__ import annotations

import numbers

from numpy.random import rand

import ranvier
from ranvier import *  # noqa: F401,F403  (units, run, ...)
from ranvier.objects.neurongroup import NeuronGroup as _NeuronGroup
from ranvier.objects.monitors import SpikeMonitor as _SpikeMonitor
from ranvier.units import Quantity

__all__ = [name for name in ranvier.__all__
           if name not in ("NeuronGroup", "SpikeMonitor")] + [
    "NeuronGroup", "Connection", "SpikeMonitor", "raster_plot", "show",
    "rand"]


def _first_variable(equations) -> str:
    for eq in equations:
        if eq.kind != "subexpression":
            return eq.varname
    raise ValueError("the equations define no variable a threshold or reset "
                     "could apply to")


class NeuronGroup(_NeuronGroup):
    """Brian 1's NeuronGroup: threshold and reset may be plain values.

    A value (e.g. ``-50*mV``) compares with or sets the first variable of
    the equations; a string works as in ranvier.
    """

    def __init__(self, N, model, threshold=None, reset=None, **kwargs):
        first = None
        namespace = dict(kwargs.pop("namespace", None) or {})
        if isinstance(threshold, (Quantity, numbers.Number)) or \
                isinstance(reset, (Quantity, numbers.Number)):
            first = _first_variable(ranvier.Equations(model))
        if isinstance(threshold, (Quantity, numbers.Number)):
            namespace["threshold_value"] = threshold
            threshold = f"{first} > threshold_value"
        if isinstance(reset, (Quantity, numbers.Number)):
            namespace["reset_value"] = reset
            reset = f"{first} = reset_value"
        super().__init__(N, model, threshold=threshold, reset=reset,
                         namespace=namespace, **kwargs)
        object.__setattr__(self, "_next_free", 0)

    def subgroup(self, n: int):
        """The next ``n`` neurons not taken by an earlier call."""
        start = self._next_free
        if n < 1 or start + n > self.N:
            raise ValueError(f"cannot take {n} more neurons from "
                             f"{self.name!r}: {self.N - start} are left")
        object.__setattr__(self, "_next_free", start + n)
        return self[start:start + n]


class SpikeMonitor(_SpikeMonitor):
    """Brian 1's SpikeMonitor: ``M[i]`` gives neuron ``i``'s spike times."""

    def __getitem__(self, i):
        return self.spike_trains()[i]


def Connection(source, target, state: str, weight, sparseness: float = 1.0,
               delay=None):
    """Random connections adding ``weight`` to ``state`` of the target at
    each presynaptic spike; each pair is connected with probability
    ``sparseness``. Returns the underlying ``Synapses``."""
    synapses = ranvier.Synapses(source, target, on_pre=f"{state} += w_conn",
                                namespace={"w_conn": weight}, delay=delay)
    synapses.connect(p=sparseness)
    return synapses


def raster_plot(monitor, **style):
    """Raster plot of a spike monitor (needs matplotlib)."""
    from ranvier.plot import raster_plot as _raster
    return _raster(monitor, **style)


def show():
    """Show the figures (matplotlib's ``show``)."""
    from matplotlib import pyplot
    pyplot.show()
