"""Plots render headless with unit-aware labels."""

import matplotlib
matplotlib.use("Agg")

import numpy as np
from matplotlib import pyplot as plt

from ranvier import (NeuronGroup, Network, PopulationRateMonitor, SpikeMonitor,
                     StateMonitor, ms, mV, nS)
from ranvier.plot import (plot_rate, plot_raster, plot_state, plot_synapses,
                          plot_weights, raster_plot, scaled)


def test_scaled_picks_readable_units():
    values, unit = scaled([1, 2, 3] * mV)
    np.testing.assert_allclose(values, [1, 2, 3])
    assert unit == "mV"
    assert scaled(np.array([1.0, 2.0]))[1] == ""


def test_plots_render_with_unit_labels(tmp_path):
    G = NeuronGroup(20, "dv/dt = (20*mV - v)/(10*ms) : volt",
                    threshold="v > 15*mV", reset="v = 0*mV", method="exact")
    G.v = "15*mV*rand()"
    spikes, trace, rate = SpikeMonitor(G), StateMonitor(G, "v", record=[0, 1]), \
        PopulationRateMonitor(G)
    Network(G, spikes, trace, rate).run(50 * ms)
    fig, axes = plt.subplots(2, 3)
    raster_plot(spikes, axes=axes[0, 0])
    assert axes[0, 0].get_xlabel() == "time (ms)"
    plot_state(trace.t, trace.v, "v", axes=axes[0, 1])
    assert axes[0, 1].get_ylabel() == "v (mV)"
    assert len(axes[0, 1].lines) == 2
    plot_rate(rate.t, rate.smooth_rate("flat", width=5 * ms), axes=axes[0, 2])
    assert axes[0, 2].get_ylabel() == "rate (Hz)"
    plot_synapses([0, 1, 2], [2, 1, 0], axes=axes[1, 0])
    plot_weights(np.linspace(0, 2, 50) * nS, axes=axes[1, 1])
    assert axes[1, 1].get_xlabel() == "weight (nS)"
    plot_raster(spikes.i, spikes.t, axes=axes[1, 2], color="r")
    out = tmp_path / "plots.png"
    fig.savefig(out)
    plt.close(fig)
    assert out.read_bytes()[:4] == b"\x89PNG"
