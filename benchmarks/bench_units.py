"""Overhead of ranvier quantities over plain NumPy on large arrays.

Run ``python benchmarks/bench_units.py``. For each operation on arrays of
10^6 float64 values it prints the median time with plain NumPy, with
ranvier quantities, and their ratio. If a Brian 2 environment exists at
``.venv-ref`` (``python3 -m venv .venv-ref && .venv-ref/bin/pip install
brian2 'numpy<2.3'``), the same operations are timed there too, in a
subprocess, and its ratios are printed alongside.
"""

from __future__ import annotations

import json
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
#: quantities (a, b in mV; g in nS; i in mV*nS, so a*g+i is consistent).
OPERATIONS = {
    "a*g+i": "a * g + i",
    "a/b": "a / b",
    "a<b": "a < b",
    "a+=b": "a.__iadd__(b)",
    "sum(a)": "np.sum(a)",
    "a.mean()": "a.mean()",
    "sqrt(a)": "np.sqrt(a)",
    "a[::2]": "a[::2]",
    "3*mV (scalar)": "3.0 * mV",
}


def operands(units) -> dict:
    """The names the expressions use; ``units`` is None for plain NumPy or
    a module with mV and nS (ranvier.units, brian2.units)."""
    rng = np.random.default_rng(0)
    x, y, z, w = (rng.random(N) + 1 for _ in range(4))
    if units is None:
        return {"a": x, "b": y, "g": z, "i": w, "mV": 0.001, "np": np}
    mV, nS = units.mV, units.nS
    return {"a": x * mV, "b": y * mV, "g": z * nS, "i": w * mV * nS,
            "mV": mV, "np": np}


def time_all(units) -> dict[str, float]:
    """Median seconds per operation with ``units`` (None: plain NumPy)."""
    env = operands(units)
    times = {}
    for name, expr in OPERATIONS.items():
        number = 2000 if "scalar" in name else 10
        runs = timeit.repeat(expr, globals=env, number=number, repeat=REPEATS)
        times[name] = float(np.median(runs)) / number
    return times


def reference_times():
    """Plain and Brian 2 timings from the reference environment, or None."""
    if not REFERENCE_PYTHON.exists():
        return None
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); "
            "import json, numpy, bench_units as b, brian2.units as u; "
            "print(json.dumps({'numpy': b.time_all(None), "
            "'units': b.time_all(u), 'version': numpy.__version__}))")
    done = subprocess.run([str(REFERENCE_PYTHON), "-c", code],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fmt(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f} ms" if seconds > 1e-4 else \
        f"{seconds * 1e6:8.2f} us"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import ranvier.units as units

    plain = time_all(None)
    ours = time_all(units)
    ref = reference_times()
    print(f"numpy {np.__version__}, N = {N}, median of {REPEATS} repeats")
    head = f"{'operation':15} {'numpy':>11} {'ranvier':>11} {'ratio':>6}"
    if ref:
        head += (f" | {'numpy':>11} {'brian2':>11} {'ratio':>6}"
                 f"  (brian2 env: numpy {ref['version']})")
    print(head)
    for name in OPERATIONS:
        line = (f"{name:15} {_fmt(plain[name])} {_fmt(ours[name])} "
                f"{ours[name] / plain[name]:6.2f}")
        if ref:
            r_np, r_b = ref["numpy"][name], ref["units"][name]
            line += f" | {_fmt(r_np)} {_fmt(r_b)} {r_b / r_np:6.2f}"
        print(line)


if __name__ == "__main__":
    main()
