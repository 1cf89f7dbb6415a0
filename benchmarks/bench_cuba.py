"""The seed network (CUBA, current-based synapses): ranvier vs Brian 2.

Run ``python benchmarks/bench_cuba.py [--neurons 4000] [--duration 1]``.
The same model script runs under ranvier (each available backend) and,
when a Brian 2 environment exists at ``.venv-ref``, under Brian 2's
``numpy``, ``cython`` and ``cpp_standalone`` targets. Every run happens in
a fresh process; the table shows the median over ``--repeats`` runs of the
time spent in ``run()`` (for ``cpp_standalone``: compile and run, and the
simulation alone as Brian reports it), the spike count, and the ratio to
the best Brian 2 figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
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
extra = {{}}
{after}
print("RESULT " + json.dumps(dict(build=t1 - t0, run=t2 - t1,
                                  spikes=int(M.num_spikes), **extra)))
"""

RANVIER_HEAD = "from ranvier import *\nprefs.codegen.target = {target!r}\n"
BRIAN_HEAD = {
    "numpy": "from brian2 import *\nprefs.codegen.target = 'numpy'\n",
    "cython": "from brian2 import *\nprefs.codegen.target = 'cython'\n",
    "cpp_standalone": ("from brian2 import *\n"
                       "set_device('cpp_standalone', directory={dir!r})\n"),
}
BRIAN_AFTER = {
    "cpp_standalone": "extra['simulation'] = device._last_run_time",
}


def run_once(python: str, script: str) -> dict:
    """Run one script in a fresh process and return its RESULT line."""
    done = subprocess.run([python, "-c", script], capture_output=True,
                          text=True, cwd=ROOT)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"benchmark run failed:\n{done.stderr[-3000:]}")


def measure(label, python, head, after, args) -> dict | None:
    results = []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            script = head.format(dir=tmp, target=label.split()[-1]) + \
                MODEL.format(neurons=args.neurons, duration=args.duration,
                             after=after)
            try:
                results.append(run_once(python, script))
            except RuntimeError as err:
                print(f"{label}: {err}", file=sys.stderr)
                return None
    summary = {key: statistics.median(r[key] for r in results)
               for key in results[0]}
    summary["label"] = label
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neurons", type=int, default=4000)
    parser.add_argument("--duration", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--ranvier-targets", default="numpy,numba")
    parser.add_argument("--brian-targets",
                        default="numpy,cython,cpp_standalone")
    args = parser.parse_args(argv)
    rows = []
    for target in args.ranvier_targets.split(","):
        rows.append(measure(f"ranvier {target}", sys.executable,
                            RANVIER_HEAD, "", args))
    brian = []
    if REFERENCE_PYTHON.exists():
        for target in args.brian_targets.split(","):
            brian.append(measure(f"brian2 {target}", str(REFERENCE_PYTHON),
                                 BRIAN_HEAD[target],
                                 BRIAN_AFTER.get(target, ""), args))
    rows = [r for r in rows + brian if r is not None]
    best = min((r["run"] for r in rows if r["label"].startswith("brian2")),
               default=None)
    print(f"CUBA, {args.neurons} neurons, {args.duration} s, median of "
          f"{args.repeats}")
    print(f"| simulator | run() s | build s | spikes | ratio to best Brian 2 |")
    print("|---|---|---|---|---|")
    for r in rows:
        ratio = f"{r['run'] / best:.2f}" if best else "n/a"
        sim = f" (simulation {r['simulation']:.3f} s)" \
            if "simulation" in r else ""
        print(f"| {r['label']} | {r['run']:.3f}{sim} | {r['build']:.3f} | "
              f"{r['spikes']} | {ratio} |")


if __name__ == "__main__":
    main()
