"""Time one LIF state update (4000 neurons) on the NumPy and Numba
backends: per-step cost, and the Numba backend's compile and cache-load
times.

Run: ``python benchmarks/bench_kernels.py [--neurons N] [--steps S]``.
The kernel cache goes to a fresh temporary folder, so the first prepare
compiles and the second loads from the cache.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

import numpy as np

from ranvier.backends import get_backend
from ranvier.ir.kernel import Access, Kernel, events_domain, range_domain
from ranvier.lang.parse import parse_condition, parse_statements


@dataclass
class Op:
    clock: object
    kernel: Kernel
    callable: object = None


CLOCK = object()


def lif_kernels(n: int) -> list:
    """Update with threshold, and reset on the threshold's events."""
    update = Kernel(
        "lif", range_domain(0, n),
        (Access("v", "v", write=True), Access("ge", "ge", write=True),
         Access("gi", "gi", write=True), Access("dt", "dt", "scalar")),
        (("taum", 0.02), ("taue", 0.005), ("taui", 0.01), ("El", -0.06),
         ("Ee", 0.0), ("Ei", -0.08)),
        parse_statements(
            "_v = v + dt*((El - v) + ge*(Ee - v) + gi*(Ei - v))/taum\n"
            "ge = ge*exp(-dt/taue)\n"
            "gi = gi*exp(-dt/taui)\n"
            "v = _v"),
        parse_condition("v > -0.05"), "spikes")
    reset = Kernel("reset", events_domain("spikes", 0, n),
                   (Access("v", "v", write=True),), (("Vr", -0.06),),
                   parse_statements("v = Vr"))
    return [update, reset]


def state(n: int, dtype=np.float64) -> dict:
    rng = np.random.default_rng(0)
    return {"v": rng.uniform(-0.06, -0.05, n).astype(dtype),
            "ge": rng.uniform(0, 0.5, n).astype(dtype),
            "gi": rng.uniform(0, 0.5, n).astype(dtype),
            "dt": np.array([1e-4]), "spikes": np.zeros(n + 1, np.int32)}


def per_step(backend: str, kernels, arrays, steps: int) -> float:
    """Seconds per step, after one warm-up step."""
    runner = get_backend(backend).prepare([Op(CLOCK, k) for k in kernels],
                                          arrays, np.random.default_rng(0))
    ticking = {id(CLOCK)}
    runner.step(ticking)
    start = time.perf_counter()
    for _ in range(steps):
        runner.step(ticking)
    return (time.perf_counter() - start) / steps


def prepare_seconds(n: int) -> float:
    """Time to prepare the Numba runner and take its first step in a new
    process (compiled code may be built or loaded lazily, at the first
    call)."""
    code = ("import time, numpy as np, sys; sys.path.insert(0, %r);"
            "import bench_kernels as b; k = b.lif_kernels(%d);"
            "t = time.perf_counter(); r = b.get_backend('numba').prepare("
            "[b.Op(b.CLOCK, x) for x in k], b.state(%d), "
            "np.random.default_rng(0)); r.step({id(b.CLOCK)}); "
            "print(time.perf_counter() - t)"
            % (os.path.dirname(os.path.abspath(__file__)), n, n))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, check=True)
    return float(out.stdout.split()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neurons", type=int, default=4000)
    parser.add_argument("--steps", type=int, default=2000)
    args = parser.parse_args(argv)
    os.environ["RANVIER_CACHE_DIR"] = tempfile.mkdtemp(prefix="ranvier-")
    n, steps = args.neurons, args.steps
    print(f"compile (new process, empty cache): {prepare_seconds(n):.2f} s")
    print(f"load (new process, from the cache): {prepare_seconds(n):.2f} s")
    for dtype in (np.float64, np.float32):
        for label, kernels in (("update+threshold", lif_kernels(n)[:1]),
                               ("update+threshold+reset", lif_kernels(n))):
            times = {b: per_step(b, kernels, state(n, dtype), steps)
                     for b in ("numpy", "numba")}
            print(f"{np.dtype(dtype).name:8s} {label:24s} "
                  f"numpy {times['numpy'] * 1e6:7.1f} us/step   "
                  f"numba {times['numba'] * 1e6:6.1f} us/step   "
                  f"x{times['numpy'] / times['numba']:.1f}")


if __name__ == "__main__":
    main()
