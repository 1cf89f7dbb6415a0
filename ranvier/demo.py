"""The main demo, run by ``make demo``: ``python -m ranvier.demo``.

It shows physical units at work, then simulates 4000 leaky
integrate-and-fire neurons with noisy input (no synapses yet: the
connected seed network of the README follows with the Synapses stage),
writes a raster plot and prints a one-line summary.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from ranvier import (DimensionMismatchError, NeuronGroup, Network,
                     SpikeMonitor, mV, ms, nA, Mohm, second, seed, volt)

MODEL = ("dv/dt = (-(v - E_L) + I_const + sigma*sqrt(2*tau_m)*xi)/tau_m "
         ": volt (unless refractory)")
PARAMS = {"E_L": -60 * mV, "I_const": 9 * mV, "sigma": 4 * mV,
          "tau_m": 20 * ms, "V_th": -50 * mV}


def units_tour() -> None:
    """Print a few unit computations, including a caught unit error."""
    print("Units:")
    print(f"  1 nA * 50 Mohm          = {(1 * nA) * (50 * Mohm)}")
    print(f"  -0.06 volt              = {-0.06 * volt}")
    print(f"  20 ms in seconds        = {float(20 * ms / second)}")
    try:
        _ = 3 * mV + 2 * second
    except DimensionMismatchError as err:
        print(f"  3 mV + 2 s              -> DimensionMismatchError: {err}")


def simulate(n: int, duration):
    """Simulate ``n`` uncoupled noisy LIF neurons; return the monitor."""
    group = NeuronGroup(n, MODEL, threshold="v > V_th", reset="v = E_L",
                        refractory=2 * ms, method="euler", namespace=PARAMS)
    group.v = "E_L + 10*mV*rand()"
    spikes = SpikeMonitor(group)
    Network(group, spikes).run(duration)
    return spikes


def raster(spikes, filename: str) -> None:
    """Write a raster plot of the recorded spikes."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(spikes.t_ * 1e3, spikes.i, ",k")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("neuron index")
    ax.set_title("4000 uncoupled noisy LIF neurons (ranvier, NumPy backend)")
    fig.tight_layout()
    fig.savefig(filename, dpi=100)
    plt.close(fig)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neurons", type=int, default=4000)
    parser.add_argument("--duration-ms", type=float, default=1000.0)
    parser.add_argument("--output", default="demo_raster.png")
    args = parser.parse_args(argv)
    units_tour()
    seed(2026)
    start = time.perf_counter()
    spikes = simulate(args.neurons, args.duration_ms * ms)
    elapsed = time.perf_counter() - start
    raster(spikes, args.output)
    duration_s = args.duration_ms / 1000
    rate = spikes.num_spikes / (args.neurons * duration_s)
    print(f"Simulated {args.neurons} neurons for {duration_s:g} s in "
          f"{elapsed:.1f} s: {spikes.num_spikes} spikes, mean rate "
          f"{rate:.1f} Hz; raster plot in {args.output}")


if __name__ == "__main__":
    main()
