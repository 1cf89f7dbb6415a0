"""Run a Brian 2 script with Brian 2 and with ranvier, and compare.

``python -m ranvier.compat.compare SCRIPT.py --brian-python PATH``

Each simulator runs the unmodified script in a fresh process (through
:mod:`ranvier.compat.summary_driver`); the statistics of the monitors and
synapses the script leaves in its global variables are printed side by
side with their relative difference. Spike counts are also judged against
their Poisson scatter: two independent runs of a stochastic network
differ by about ``sqrt(count)``, so a difference of a few of those is
agreement, not error.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ranvier.compat import summary_driver

__all__ = ["RunResult", "run_script", "run_repeated", "compare_summaries",
           "add_simulator_arguments", "apply_simulator_arguments", "main"]

DRIVER = Path(summary_driver.__file__)


@dataclass
class RunResult:
    """What one simulator made of a script."""

    ok: bool
    summary: dict
    seconds: float
    error: str = ""


def run_script(script: str, python: str, ranvier: bool,
               timeout: float = 600.0) -> RunResult:
    """Run ``script`` under ``python`` and return its summary."""
    command = [python, str(DRIVER)] + (["--ranvier"] if ranvier else []) \
        + [os.path.abspath(script)]
    env = dict(os.environ, MPLBACKEND="Agg")
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return RunResult(False, {}, timeout, f"timed out after {timeout} s")
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(summary_driver.MARK):
            summary = json.loads(line[len(summary_driver.MARK):])
            return RunResult(True, summary, summary.pop("_seconds", math.nan))
    return RunResult(False, {}, math.nan, _exception_text(done.stderr))


_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")


def _exception_text(stderr: str) -> str:
    """The exception at the end of a traceback, with its message lines."""
    lines = stderr.rstrip().splitlines()
    for k in range(len(lines) - 1, -1, -1):
        if _EXCEPTION_LINE.match(lines[k]):
            return "\n".join(lines[k:])
    return lines[-1] if lines else "no output"


def run_repeated(script: str, python: str, ranvier: bool, repeats: int,
                 timeout: float = 600.0) -> RunResult:
    """Run ``script`` ``repeats`` times; the summary holds lists of values."""
    runs = [run_script(script, python, ranvier, timeout)
            for _ in range(repeats)]
    failed = [r for r in runs if not r.ok]
    if failed:
        return RunResult(False, {}, math.nan, failed[0].error)
    keys = set().union(*(r.summary for r in runs))
    summary = {k: [r.summary.get(k) for r in runs] for k in keys}
    seconds = statistics.median(r.seconds for r in runs)
    return RunResult(True, summary, seconds)


def _spread(values: list) -> tuple:
    """Mean and standard error of the mean (0 for one value)."""
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, 0.0
    return mean, statistics.stdev(values) / math.sqrt(len(values))


def _verdict(key: str, ours: list, theirs: list, rtol: float,
             spread: float = 0.0) -> tuple:
    (a, sa), (b, sb) = _spread(ours), _spread(theirs)
    scale = max(abs(a), abs(b))
    rel = abs(a - b) / scale if scale else 0.0
    if rel <= rtol:
        return a, b, rel, "ok"
    # A mean near zero (a current that averages out) is judged against the
    # spread of the values it averages, not against itself.
    if abs(a - b) <= rtol * spread:
        return a, b, rel, "ok"
    # Runs with different random numbers scatter: four standard errors
    # of the difference of the means is agreement.
    if sa or sb:
        if abs(a - b) <= 4 * math.hypot(sa, sb):
            return a, b, rel, "ok"
    elif key.endswith(".num_spikes") and \
            abs(a - b) <= 4 * math.sqrt((a + b) / len(ours)):
        # One run each: the counts' own Poisson scatter.
        return a, b, rel, "ok"
    return a, b, rel, "DIFFERS"


def compare_summaries(ours: dict, theirs: dict, rtol: float = 0.05) -> list:
    """Rows ``(key, ours, theirs, relative difference, verdict)``.

    ``ours`` and ``theirs`` map each quantity to the list of its values
    over repeated runs; the rows hold their means. A mean also agrees when
    the difference is within ``rtol`` of the spread (``.std``) of the
    values it averages. Keys present in only
    one summary get the verdict ``'missing'``.
    """
    rows = []
    for key in sorted(set(ours) | set(theirs)):
        a, b = ours.get(key), theirs.get(key)
        if not _numbers(a) or not _numbers(b):
            rows.append((key, _first(a), _first(b), math.nan, "missing"))
            continue
        rows.append((key,) + _verdict(key, a, b, rtol,
                                      _std_of(key, ours, theirs)))
    return rows


def _std_of(key: str, ours: dict, theirs: dict) -> float:
    """For ``X.mean``, the larger mean spread ``X.std`` of the two."""
    if not key.endswith(".mean"):
        return 0.0
    partner = key[:-len(".mean")] + ".std"
    spreads = [statistics.fmean(d[partner]) for d in (ours, theirs)
               if _numbers(d.get(partner))]
    return max(spreads, default=0.0)


def _numbers(values) -> bool:
    return bool(values) and all(isinstance(v, float) for v in values)


def _first(values):
    return values[0] if values else None


def _print(rows, ours: RunResult, theirs: RunResult) -> None:
    print(f"{'quantity':40s} {'ranvier':>14s} {'Brian 2':>14s} "
          f"{'rel.diff':>9s}  verdict")
    for key, a, b, rel, verdict in rows:
        fa = f"{a:14.6g}" if isinstance(a, float) else f"{'-':>14s}"
        fb = f"{b:14.6g}" if isinstance(b, float) else f"{'-':>14s}"
        print(f"{key:40s} {fa} {fb} {rel:9.3g}  {verdict}")
    print(f"time: ranvier {ours.seconds:.2f} s, Brian 2 {theirs.seconds:.2f} s")


def add_simulator_arguments(parser, timeout: float) -> None:
    """The options every comparing command takes."""
    parser.add_argument("--brian-python", required=True,
                        help="a Python interpreter with brian2 installed")
    parser.add_argument("--timeout", type=float, default=timeout,
                        help="seconds one run of a script may take")
    parser.add_argument("--rtol", type=float, default=0.05,
                        help="relative difference that counts as agreement")
    parser.add_argument("--unseeded", action="store_true",
                        help="make the script's seed() calls do nothing, "
                             "so that repeated runs differ")


def apply_simulator_arguments(args) -> None:
    """Act on the options of :func:`add_simulator_arguments` that change
    how the scripts run."""
    if args.unseeded:
        os.environ[summary_driver.UNSEEDED] = "1"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ranvier.compat.compare",
        description="Run a Brian 2 script with Brian 2 and with ranvier "
                    "and compare what it recorded.")
    parser.add_argument("script")
    add_simulator_arguments(parser, timeout=600.0)
    parser.add_argument("--repeats", type=int, default=1,
                        help="runs per simulator (for stochastic scripts)")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args(argv)
    apply_simulator_arguments(args)
    ours = run_repeated(args.script, sys.executable, True, args.repeats,
                        args.timeout)
    theirs = run_repeated(args.script, args.brian_python, False,
                          args.repeats, args.timeout)
    for label, result in (("ranvier", ours), ("Brian 2", theirs)):
        if not result.ok:
            print(f"{label} failed: {result.error}")
    rows = compare_summaries(ours.summary, theirs.summary, args.rtol)
    if ours.ok and theirs.ok:
        _print(rows, ours, theirs)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "script": args.script, "ranvier_ok": ours.ok,
            "brian_ok": theirs.ok, "ranvier_error": ours.error,
            "brian_error": theirs.error, "ranvier_seconds": ours.seconds,
            "brian_seconds": theirs.seconds, "rows": rows}))
    agree = ours.ok and theirs.ok and all(r[4] == "ok" for r in rows)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
