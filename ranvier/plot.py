"""Plotting recorded activity with matplotlib (the ``plot`` extra).

Axis labels carry units: a quantity is shown in a readable unit chosen
from its values (``ms``, ``mV``, ``Hz`` ...), never as bare SI numbers.

Each function draws into ``axes`` when given, otherwise into the current
axes, and returns the axes.
"""

from __future__ import annotations

import numpy as np

from ranvier.units import DIMENSIONLESS, Quantity, get_dimensions
from ranvier.units.registry import best_display_unit

try:
    from matplotlib import pyplot as plt
except ImportError as err:  # pragma: no cover - depends on the install
    raise ImportError("ranvier.plot needs matplotlib: install ranvier with "
                      "the 'plot' extra (pip install ranvier[plot])") from err

__all__ = ["plot_raster", "raster_plot", "plot_state", "plot_rate",
           "plot_synapses", "plot_weights", "scaled"]


def scaled(values):
    """Split values into plain numbers and the unit they are shown in.

    Returns ``(numbers, unit_text)``: a quantity is expressed in the
    readable unit its values suggest (``ms``, ``mV``); plain numbers come
    back unchanged with an empty unit text.
    """
    dim = get_dimensions(values)
    raw = np.asarray(values.view(np.ndarray) if isinstance(values, Quantity)
                     else values, dtype=float)
    if dim is DIMENSIONLESS:
        return raw, ""
    unit = best_display_unit(dim, raw)
    if unit is None:
        return raw, dim.base_str()
    return raw / 10.0 ** unit.exp10, unit.dispname


def _label(name: str, unit: str) -> str:
    return f"{name} ({unit})" if unit else name


def _axes(axes):
    return axes if axes is not None else plt.gca()


def plot_raster(indices, times, axes=None, **style):
    """Dots at (time, index) for each spike."""
    ax = _axes(axes)
    t, unit = scaled(times)
    style.setdefault("marker", ".")
    style.setdefault("markersize", 2)
    style.setdefault("color", "k")
    ax.plot(t, np.asarray(indices), linestyle="none", **style)
    ax.set_xlabel(_label("time", unit))
    ax.set_ylabel("neuron index")
    return ax


def raster_plot(monitor, axes=None, **style):
    """Raster plot of a spike monitor, as Brian 1's ``raster_plot(M)``."""
    return plot_raster(monitor.i, monitor.t, axes=axes, **style)


def plot_state(times, values, var_name: str = "value", axes=None, **style):
    """Traces over time; ``values`` has shape (traces, times) or (times,)."""
    ax = _axes(axes)
    t, t_unit = scaled(times)
    v, v_unit = scaled(values)
    ax.plot(t, np.atleast_2d(v).T, **style)
    ax.set_xlabel(_label("time", t_unit))
    ax.set_ylabel(_label(var_name, v_unit))
    return ax


def plot_rate(times, rate, axes=None, **style):
    """A population rate over time."""
    ax = plot_state(times, rate, "rate", axes=axes, **style)
    return ax


def plot_synapses(i, j, axes=None, **style):
    """Connectivity as a scatter of (presynaptic, postsynaptic) indices."""
    ax = _axes(axes)
    style.setdefault("marker", ".")
    style.setdefault("markersize", 2)
    ax.plot(np.asarray(i), np.asarray(j), linestyle="none", **style)
    ax.set_xlabel("presynaptic index")
    ax.set_ylabel("postsynaptic index")
    return ax


def plot_weights(weights, bins: int = 40, axes=None, **style):
    """Histogram of synaptic weights."""
    ax = _axes(axes)
    w, unit = scaled(weights)
    ax.hist(w, bins=bins, **style)
    ax.set_xlabel(_label("weight", unit))
    ax.set_ylabel("number of synapses")
    return ax
