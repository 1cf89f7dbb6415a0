"""Overhead of ranvier quantities over plain NumPy on large arrays.

Run ``python benchmarks/bench_units.py``. For each operation on arrays of
10^6 float64 values it prints the median time with plain NumPy and with
ranvier quantities, and their ratio. If a Brian 2 environment exists at
``.venv-ref`` (``python3 -m venv .venv-ref && .venv-ref/bin/pip install
brian2 'numpy<2.3'``), Brian 2's quantities are timed there as well, with
that environment's NumPy as their baseline.

Every (library, operation) pair runs in a fresh process, so one
measurement does not inherit the heap left by another; within it, plain
and unit-aware runs alternate, so both see the same machine load. Each
table is
printed twice: with glibc's default allocator settings, where freeing a
large array can hand its pages back to the system so that the next one
pays for page faults again, and with that trimming switched off
(``MALLOC_TRIM_THRESHOLD_``), which isolates the cost of the unit layer.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import timeit
from pathlib import Path

import numpy as np

N = 1_000_000
REPEATS = 15
ROOT = Path(__file__).resolve().parent.parent
REFERENCE_PYTHON = ROOT / ".venv-ref" / "bin" / "python"

#: name -> expression. The same text runs on plain arrays and on
#: quantities (a, b, h in mV; g in nS; i in mV*nS, so a*g+i is consistent).
#: Plain NumPy reuses the temporary of a*g for "+ i" (temporary elision,
#: which it only does for exact ndarrays); in a*g+h*g it cannot either.
OPERATIONS = {
    "a*g+i": "a * g + i",
    "a*g+h*g": "a * g + h * g",
    "a/b": "a / b",
    "a<b": "a < b",
    "a+=b": "a.__iadd__(b)",
    "sum(a)": "np.sum(a)",
    "a.mean()": "a.mean()",
    "sqrt(a)": "np.sqrt(a)",
    "a[::2]": "a[::2]",
    "3*mV (scalar)": "3.0 * mV",
}

#: library -> module with mV and nS
LIBRARIES = {"ranvier": "ranvier.units", "brian2": "brian2.units"}

ALLOCATORS = {
    "glibc defaults": {},
    "no heap trimming": {"MALLOC_TRIM_THRESHOLD_": str(2 ** 40),
                         "MALLOC_MMAP_THRESHOLD_": str(2 ** 30)},
}


def operands(units) -> dict:
    """The names the expressions use; ``units`` is None for plain NumPy or
    a module with mV and nS."""
    rng = np.random.default_rng(0)
    x, y, z, w, v = (rng.random(N) + 1 for _ in range(5))
    if units is None:
        return {"a": x, "b": y, "g": z, "i": w, "h": v, "mV": 0.001, "np": np}
    mV, nS = units.mV, units.nS
    return {"a": x * mV, "b": y * mV, "g": z * nS, "i": w * mV * nS,
            "h": v * mV, "mV": mV, "np": np}


def time_operation(library: str, name: str) -> dict[str, float]:
    """Median seconds of one operation on plain arrays and on quantities
    of ``library``, timed in alternation so that both see the same load."""
    plain_env = operands(None)
    units_env = operands(importlib.import_module(LIBRARIES[library]))
    expr = OPERATIONS[name]
    number = 2000 if "scalar" in name else 10
    times = {"numpy": [], "units": []}
    for env in (plain_env, units_env):  # warm up
        timeit.timeit(expr, globals=env, number=number)
    for _ in range(REPEATS):
        for key, env in (("numpy", plain_env), ("units", units_env)):
            times[key].append(timeit.timeit(expr, globals=env, number=number))
    return {key: float(np.median(runs)) / number for key, runs in times.items()}


def _measure(python: Path, library: str, name: str, env: dict) -> dict:
    done = subprocess.run(
        [str(python), __file__, "--worker", library, name],
        capture_output=True, text=True, check=True, cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fmt(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f} ms" if seconds > 1e-4 else \
        f"{seconds * 1e6:8.2f} us"


def _table(env: dict, with_brian: bool) -> None:
    head = f"{'operation':15} {'numpy':>11} {'ranvier':>11} {'ratio':>6}"
    if with_brian:
        head += f" | {'numpy':>11} {'brian2':>11} {'ratio':>6}"
    print(head)
    for name in OPERATIONS:
        ours = _measure(Path(sys.executable), "ranvier", name, env)
        line = (f"{name:15} {_fmt(ours['numpy'])} {_fmt(ours['units'])} "
                f"{ours['units'] / ours['numpy']:6.2f}")
        if with_brian:
            ref = _measure(REFERENCE_PYTHON, "brian2", name, env)
            line += (f" | {_fmt(ref['numpy'])} {_fmt(ref['units'])} "
                     f"{ref['units'] / ref['numpy']:6.2f}")
        print(line, flush=True)


def main() -> None:
    with_brian = REFERENCE_PYTHON.exists()
    print(f"N = {N}, median of {REPEATS} repeats, one process per measurement")
    print(f"ranvier: numpy {np.__version__}")
    if with_brian:
        version = _measure(REFERENCE_PYTHON, "version", "", {})["numpy"]
        print(f"brian2 (.venv-ref): numpy {version}")
    for label, env in ALLOCATORS.items():
        print(f"\n{label}")
        _table(env, with_brian)


def _worker(library: str, name: str) -> None:
    if library == "version":
        print(json.dumps({"numpy": np.__version__}))
        return
    print(json.dumps(time_operation(library, name)))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        _worker(sys.argv[2], sys.argv[3])
    else:
        main()
