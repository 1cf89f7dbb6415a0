"""The main demo, run by ``make demo``: ``python -m ranvier.demo``.

It shows physical units at work, then runs the seed network (4000
leaky integrate-and-fire neurons, 80% excitatory and 20% inhibitory,
randomly connected with probability 0.02, for one second of biological
time), writes a raster plot and prints a one-line summary.
"""

from __future__ import annotations

import argparse
import time

from ranvier import (DimensionMismatchError, NeuronGroup, Network,
                     SpikeMonitor, Synapses, mV, ms, nA, Mohm, second, seed,
                     volt)

MODEL = """dv/dt = (-(v-E_L) + I_const + g_e + g_i)/tau_m : volt
dg_e/dt = -g_e/tau_e : volt
dg_i/dt = -g_i/tau_i : volt"""
PARAMS = {"tau_m": 20 * ms, "tau_e": 5 * ms, "tau_i": 10 * ms,
          "V_th": -50 * mV, "E_L": -60 * mV, "I_const": 11 * mV,
          "w_e": 1.62 * mV, "w_i": 9 * mV}


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
    """Run the seed network with ``n`` neurons; return the spike monitor."""
    P = NeuronGroup(n, MODEL, threshold="v>V_th", reset="v=E_L",
                    namespace=PARAMS)
    P.v = "E_L+10*mV*rand()"
    n_exc = int(0.8 * n)
    Pe, Pi = P[:n_exc], P[n_exc:]
    Ce = Synapses(Pe, P, on_pre="g_e+=w_e", namespace=PARAMS)
    Ci = Synapses(Pi, P, on_pre="g_i-=w_i", namespace=PARAMS)
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)
    spikes = SpikeMonitor(P)
    Network(P, Ce, Ci, spikes).run(duration)
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
    ax.set_title(f"Seed network: {spikes.source.N} LIF neurons, p=0.02 "
                 f"(ranvier)")
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
