"""The seed network (CUBA, current-based synapses): ranvier vs Brian 2.

Run ``python benchmarks/bench_cuba.py [--neurons 4000] [--duration 1]``.
This file also holds the harness ``bench_cobahh.py`` and
``bench_stdp.py`` use: one model script, written once, runs in a fresh
process for each simulator and repetition:

- ranvier on the NumPy backend, and on the Numba backend twice: with an
  empty compile cache (the first run of a model, compilation included)
  and with the cache that run left (every later run);
- Brian 2, when an environment exists at ``.venv-ref``: its ``numpy``
  target, its ``cython`` target with an empty and with a warm cache, and
  ``cpp_standalone`` in a fresh folder (code generation, C++ build and
  run) and again in the folder of an earlier build (only what changed is
  rebuilt), with the simulation time the binary reports.

The table shows medians over ``--repeats`` runs of the time spent in
``run()`` (what a script waits for: it includes importing and
initialising the compiler and loading or building compiled code), the
time of a second ``run()`` of the same length in the same process (the
simulation alone, as far as Python can time it; for ``cpp_standalone``,
which runs once, the simulation time its binary reports), the whole
process's wall time, and the ratios of the first and the second figure
to the best Brian 2 figure of the same kind.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_PYTHON = ROOT / ".venv-ref" / "bin" / "python"

#: The model, identical for both simulators apart from the first lines.
MODEL = """
import json, time
N = {neurons}
tau_m = 20*ms; tau_e = 5*ms; tau_i = 10*ms
V_th = -50*mV; E_L = -60*mV; I_const = 11*mV
w_e = 1.62*mV; w_i = 9*mV
seed(4)
t0 = time.perf_counter()
P = NeuronGroup(N, model='''dv/dt = (-(v-E_L) + I_const + g_e + g_i)/tau_m : volt
                            dg_e/dt = -g_e/tau_e : volt
                            dg_i/dt = -g_i/tau_i : volt''',
                threshold='v>V_th', reset='v=E_L', method='exact')
P.v = 'E_L+10*mV*rand()'
Pe = P[:int(0.8*N)]; Pi = P[int(0.8*N):]
Ce = Synapses(Pe, P, on_pre='g_e+=w_e'); Ci = Synapses(Pi, P, on_pre='g_i-=w_i')
Ce.connect(p=0.02*4000/N); Ci.connect(p=0.02*4000/N)
M = SpikeMonitor(P)
t1 = time.perf_counter()
run({duration}*second)
t2 = time.perf_counter()
result = dict(build=t1 - t0, run=t2 - t1, spikes=int(M.num_spikes))
"""

#: Printed by every script after its model.
RESULT = 'print("RESULT " + json.dumps(result))\n'
#: Times a second run of the same length (``{duration}`` in seconds).
AGAIN = ("t3 = time.perf_counter()\nrun({duration}*second)\n"
         "result['again'] = time.perf_counter() - t3\n")

RANVIER_HEAD = "from ranvier import *\nprefs.codegen.target = {target!r}\n"
#: The Numba backend calling its compiled kernels from a Python loop over
#: steps (``--ranvier-targets numba-stepwise``), to compare loops.
STEPWISE_HEAD = ("from ranvier import *\n"
                 "from ranvier.backends.numba import NumbaBackend\n"
                 "magic_network().backend = NumbaBackend(fused=False)\n")
BRIAN_HEAD = {
    "numpy": "from brian2 import *\nprefs.codegen.target = 'numpy'\n",
    "cython": ("from brian2 import *\nprefs.codegen.target = 'cython'\n"
               "prefs.codegen.runtime.cython.cache_dir = {cache!r}\n"),
    "cpp_standalone": ("from brian2 import *\n"
                       "set_device('cpp_standalone', directory={cache!r})\n"),
}
BRIAN_AFTER = "result['again'] = device._last_run_time\n"


@dataclass
class Variant:
    """One simulator setting to time.

    ``cache`` is None (nothing cached), ``'fresh'`` (an empty folder for
    each run) or ``'warm'`` (one folder, filled by an untimed run first);
    the folder goes to ``{cache}`` in the head, and to
    ``RANVIER_CACHE_DIR``.
    """

    label: str
    python: str
    head: str
    after: str = AGAIN
    cache: str | None = None
    brian: bool = False
    results: list = field(default_factory=list)


def variants(ranvier_targets, brian_targets) -> list:
    """The variants the command line asks for, ranvier's first."""
    out = []
    for target in ranvier_targets:
        head = RANVIER_HEAD.format(target=target)
        if target == "numba-stepwise":
            out.append(Variant("ranvier numba, step-by-step loop, cache "
                               "warm", sys.executable, STEPWISE_HEAD,
                               cache="warm"))
        elif target == "numba":
            out.append(Variant("ranvier numba, first run", sys.executable,
                               head, cache="fresh"))
            out.append(Variant("ranvier numba, cache warm", sys.executable,
                               head, cache="warm"))
        else:
            out.append(Variant(f"ranvier {target}", sys.executable, head))
    if not REFERENCE_PYTHON.exists():
        return out
    python = str(REFERENCE_PYTHON)
    for target in filter(None, brian_targets):
        head = BRIAN_HEAD[target]
        if target == "numpy":
            out.append(Variant("brian2 numpy", python, head, brian=True))
        elif target == "cython":
            out.append(Variant("brian2 cython, first run", python, head,
                               cache="fresh", brian=True))
            out.append(Variant("brian2 cython, cache warm", python, head,
                               cache="warm", brian=True))
        else:
            out.append(Variant("brian2 cpp_standalone, fresh build", python,
                               head, BRIAN_AFTER, "fresh", True))
            out.append(Variant("brian2 cpp_standalone, rebuild", python,
                               head, BRIAN_AFTER, "warm", True))
    return out


def run_script(python: str, script: str, cache: str | None) -> dict:
    """Run one script in a fresh process; its RESULT and wall time."""
    env = dict(os.environ)
    if cache is not None:
        env["RANVIER_CACHE_DIR"] = cache
    start = time.perf_counter()
    done = subprocess.run([python, "-c", script], capture_output=True,
                          text=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - start
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line[len("RESULT "):]), process=wall)
    raise RuntimeError(f"benchmark run failed:\n{done.stderr[-3000:]}")


def measure(variant: Variant, model: str, duration: float,
            repeats: int) -> dict | None:
    """Median of each figure over ``repeats`` runs (None on failure)."""
    after = variant.after.format(duration=duration)
    with tempfile.TemporaryDirectory() as warm:
        script = variant.head.format(cache=warm) + model + after + RESULT
        try:
            if variant.cache == "warm":
                run_script(variant.python, script, warm)    # fills it
            for _ in range(repeats):
                if variant.cache == "fresh":
                    with tempfile.TemporaryDirectory() as fresh:
                        fresh_script = variant.head.format(cache=fresh) + \
                            model + after + RESULT
                        variant.results.append(run_script(
                            variant.python, fresh_script, fresh))
                else:
                    variant.results.append(run_script(
                        variant.python, script, warm))
        except RuntimeError as err:
            print(f"{variant.label}: {err}", file=sys.stderr)
            return None
    summary = {key: statistics.median(r[key] for r in variant.results)
               for key in variant.results[0]}
    summary["label"] = variant.label
    summary["brian"] = variant.brian
    return summary


def table(rows: list, title: str) -> str:
    """The results as a Markdown table."""
    brian = [r for r in rows if r["brian"]]
    best = min((r["run"] for r in brian), default=None)
    best_again = min((r["again"] for r in brian), default=None)
    lines = [title, "",
             "| simulator | run() s | second run() s | process s | "
             "build s | spikes | ratio run() | ratio second run() |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = f"{r['run'] / best:.2f}" if best else "n/a"
        again = f"{r['again'] / best_again:.2f}" if best_again else "n/a"
        lines.append(f"| {r['label']} | {r['run']:.3f} | {r['again']:.3f} | "
                     f"{r['process']:.2f} | {r['build']:.3f} | "
                     f"{r['spikes']} | {ratio} | {again} |")
    return "\n".join(lines)


def parser(description: str) -> argparse.ArgumentParser:
    """The options every benchmark script takes."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--ranvier-targets", default="numpy,numba",
                   help="numpy, numba, numba-stepwise (comma-separated)")
    p.add_argument("--brian-targets", default="numpy,cython,cpp_standalone")
    return p


def run_all(model: str, duration: float, title: str, args) -> None:
    """Time every variant on ``model`` (which runs for ``duration``
    seconds) and print the table."""
    rows = []
    for variant in variants(args.ranvier_targets.split(","),
                            args.brian_targets.split(",")):
        summary = measure(variant, model, duration, args.repeats)
        if summary is not None:
            rows.append(summary)
            print(f"  {variant.label}: run() {summary['run']:.3f} s",
                  file=sys.stderr)
    print(table(rows, f"{title}, median of {args.repeats}"))


def main(argv=None):
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--neurons", type=int, default=4000)
    p.add_argument("--duration", type=float, default=1.0)
    args = p.parse_args(argv)
    model = MODEL.format(neurons=args.neurons, duration=args.duration)
    run_all(model, args.duration,
            f"CUBA, {args.neurons} neurons, {args.duration} s", args)


if __name__ == "__main__":
    main()
