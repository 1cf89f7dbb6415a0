"""Run one Brian 2 script and print a summary of what it recorded.

``python summary_driver.py [--ranvier] SCRIPT.py [ARGS...]``

This file is self-contained on purpose: :mod:`ranvier.compat.compare`
runs it with Brian 2's own interpreter too, where ranvier is not
installed. With ``--ranvier`` the script's ``import brian2`` resolves to
ranvier. After the script ends, every monitor and group left in its
global variables is summarised by duck typing (the attribute names are
the same in both simulators), and one line ``SUMMARY <json>`` is printed
last. Values are plain floats in SI units.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import time

import numpy as np

MARK = "SUMMARY "


def _si(value) -> np.ndarray:
    """The numbers of a quantity in SI units, as a float array."""
    return np.asarray(value, dtype=float)


def _stats(prefix: str, values, out: dict) -> None:
    values = _si(values)
    if values.size == 0 or not np.all(np.isfinite(values)):
        return
    out[prefix + ".mean"] = float(values.mean())
    out[prefix + ".std"] = float(values.std())


def _spike_monitor(name: str, mon, out: dict) -> None:
    count = _si(mon.count)
    out[f"{name}.num_spikes"] = float(count.sum())
    if count.size:
        out[f"{name}.active_fraction"] = float(np.mean(count > 0))


def _state_monitor(name: str, mon, out: dict) -> None:
    for var in getattr(mon, "record_variables", ()):
        try:
            values = getattr(mon, var)
        except Exception:  # a variable this monitor cannot give back
            continue
        _stats(f"{name}.{var}", values, out)


def _rate_monitor(name: str, mon, out: dict) -> None:
    rate = _si(mon.rate)
    if rate.size:
        out[f"{name}.rate.mean"] = float(rate.mean())


def _readable(obj, name: str) -> bool:
    try:
        getattr(obj, name)
    except Exception:  # not a variable of this object
        return False
    return True


def _final_state(name: str, obj, out: dict, neurons: bool = False) -> None:
    """Mean and spread of each state variable at the end of the script
    (the weights a plasticity rule left, say)."""
    equations = getattr(obj, "equations", None)
    names = set(getattr(equations, "diff_eq_names", ())) | \
        set(getattr(equations, "parameter_names", ()))
    # Brian 2 keeps a Synapses object's event-driven equations apart.
    names |= set(getattr(getattr(obj, "event_driven", None),
                         "diff_eq_names", ()))
    # Brian 2 lists these among a neuron group's parameters when there is
    # a refractory period; ranvier keeps them outside the equations.
    # (Synapses read them from their target: not their own.)
    names |= {n for n in ("lastspike", "not_refractory")
              if neurons and _readable(obj, n)}
    for var in sorted(names):
        try:
            values = getattr(obj, var)[:]
        except Exception:  # a variable that cannot be read as a whole
            continue
        if var == "lastspike":
            # Neurons that never spiked hold a large negative time, which
            # would make the mean count them rather than measure anything.
            values = _si(values)
            values = values[values > -1.0]
        _stats(f"{name}.final.{var}", values, out)


def _synapses(name: str, syn, out: dict) -> None:
    out[f"{name}.N"] = float(len(syn))
    _final_state(name, syn, out)


def summarise(namespace: dict) -> dict:
    """Statistics of the monitors and synapses in ``namespace``."""
    out: dict = {}
    for name, obj in sorted(namespace.items()):
        if name.startswith("_"):
            continue
        kind = type(obj).__name__
        try:
            if kind in ("SpikeMonitor", "EventMonitor"):
                _spike_monitor(name, obj, out)
            elif kind == "StateMonitor":
                _state_monitor(name, obj, out)
            elif kind == "PopulationRateMonitor":
                _rate_monitor(name, obj, out)
            elif kind == "Synapses":
                _synapses(name, obj, out)
            elif kind == "NeuronGroup":
                _final_state(name, obj, out, neurons=True)
        except Exception as error:  # summarise what can be; say what not
            out[f"{name}.error"] = f"{type(error).__name__}: {error}"
    return out


#: Set (to anything) in the environment, the script's seed() and
#: np.random.seed() calls do nothing: each run then draws new random
#: numbers, so repeated runs show the scatter a seeded script hides.
UNSEEDED = "RANVIER_COMPARE_UNSEEDED"


def _no_seed(*args, **kwargs) -> None:
    """Stands in for seed() when comparing without fixed seeds."""


def _unseed() -> None:
    import brian2  # Brian 2, or ranvier's stand-in after install()
    import numpy
    brian2.seed = _no_seed
    numpy.random.seed = _no_seed


def main(argv: list[str]) -> int:
    use_ranvier = argv[:1] == ["--ranvier"]
    if use_ranvier:
        argv = argv[1:]
        from ranvier.compat.brian2 import install
        install()
    script = os.path.abspath(argv[0])
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.argv = [script] + argv[1:]
    # The script's folder replaces this file's: this folder holds
    # ranvier's own `brian2.py`, which must not shadow the real Brian 2.
    sys.path[0] = os.path.dirname(script)
    os.chdir(os.path.dirname(script))
    if os.environ.get(UNSEEDED):
        _unseed()
    start = time.perf_counter()
    namespace = runpy.run_path(script, run_name="__main__")
    summary = summarise(namespace)
    summary["_seconds"] = time.perf_counter() - start
    print(MARK + json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
