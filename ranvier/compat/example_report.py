"""Run a folder of Brian 2 scripts under both simulators; write a report.

``python -m ranvier.compat.example_report FOLDER --brian-python PATH
--out REPORT.md [--timeout S] [--skip PATTERN ...]``

Each ``*.py`` file under ``FOLDER`` (sorted, recursively) is run with
:func:`ranvier.compat.compare.run_script` by ranvier and by Brian 2, and
the report gets one row per script: whether each simulator ran it, how
long it took, how many recorded quantities were compared and how many
agreed, the largest relative difference, and the first error. The
per-quantity rows are kept in a JSON file next to the report.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import sys
from pathlib import Path

from ranvier.compat.compare import (add_simulator_arguments,
                                    apply_simulator_arguments,
                                    compare_summaries, run_script)

__all__ = ["script_row", "main"]


def _lists(summary: dict) -> dict:
    return {k: [v] for k, v in summary.items()}


def script_row(script: Path, brian_python: str, timeout: float,
               rtol: float) -> dict:
    """Run ``script`` under both simulators; the report's row for it."""
    ours = run_script(str(script), sys.executable, True, timeout)
    theirs = run_script(str(script), brian_python, False, timeout)
    rows = compare_summaries(_lists(ours.summary), _lists(theirs.summary),
                             rtol) if ours.ok and theirs.ok else []
    compared = [r for r in rows if r[4] != "missing"]
    return {
        "ranvier_ok": ours.ok, "brian_ok": theirs.ok,
        "ranvier_seconds": ours.seconds, "brian_seconds": theirs.seconds,
        "ranvier_error": ours.error, "brian_error": theirs.error,
        "compared": len(compared),
        "agree": sum(r[4] == "ok" for r in compared),
        "max_rel": max((r[3] for r in compared), default=math.nan),
        "rows": rows,
    }


def _cell_error(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first.replace("|", "\\|")[:140]


def _markdown(results: dict) -> str:
    lines = ["| script | ranvier | Brian 2 | agree / compared | "
             "largest rel. diff | first error |",
             "|---|---|---|---|---|---|"]
    for name, r in results.items():
        def status(ok, seconds):
            return f"ran ({seconds:.1f} s)" if ok else "failed"
        agree = f"{r['agree']} / {r['compared']}" if r["compared"] else "-"
        rel = f"{r['max_rel']:.3g}" if r["compared"] else "-"
        error = r["ranvier_error"] or r["brian_error"]
        lines.append(f"| {name} | {status(r['ranvier_ok'], r['ranvier_seconds'])} "
                     f"| {status(r['brian_ok'], r['brian_seconds'])} | {agree} "
                     f"| {rel} | {_cell_error(error)} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ranvier.compat.example_report",
        description="Run every Brian 2 script in a folder under both "
                    "simulators and write a markdown report.")
    parser.add_argument("folder")
    add_simulator_arguments(parser, timeout=300.0)
    parser.add_argument("--out", required=True)
    parser.add_argument("--skip", nargs="*", default=[],
                        help="glob patterns of scripts to leave out")
    args = parser.parse_args(argv)
    apply_simulator_arguments(args)
    folder = Path(args.folder)
    results = {}
    for script in sorted(folder.rglob("*.py")):
        name = str(script.relative_to(folder))
        if any(fnmatch.fnmatch(name, pattern) for pattern in args.skip):
            continue
        results[name] = script_row(script, args.brian_python, args.timeout,
                                   args.rtol)
        print(f"{name}: ranvier {results[name]['ranvier_ok']}, "
              f"Brian {results[name]['brian_ok']}, "
              f"{results[name]['agree']}/{results[name]['compared']} agree",
              flush=True)
        out = Path(args.out)
        out.write_text(_markdown(results))
        out.with_suffix(".json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
