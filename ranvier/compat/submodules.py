"""The names ``from brian2 import *`` gives beyond ranvier's public API,
and the Brian 2 submodules scripts import (``brian2.core.functions``,
``brian2.units.constants``, ``brian2.utils.logger`` ...).

Each submodule is a plain module object holding the ranvier (or compat)
objects Brian 2 keeps there; :mod:`ranvier.compat.brian2` puts them into
``sys.modules``.
"""

from __future__ import annotations

import signal
import types

import numpy

import ranvier
from ranvier import magic
from ranvier.compat import brian_logging, constants, extras, methods, unbuilt
from ranvier.compat import device as device_api
from ranvier.lang import functions as _functions
from ranvier.objects import defaults

__all__ = ["extra_names", "submodules", "linked_var_fallback"]


def linked_var_fallback(*args, **kwargs):
    """Stands for ``linked_var`` until ranvier provides it."""
    raise NotImplementedError("linked_var: linked variables are not "
                              "available in this version of ranvier")


def _exprel():
    # The Python-callable exprel; ranvier's public one wins when present.
    return getattr(ranvier, "exprel", None) or _functions.exprel


def _linked_var():
    return getattr(ranvier, "linked_var", None) or linked_var_fallback


def extra_names() -> dict:
    """Brian 2's star-import names that ranvier's ``__all__`` lacks (the
    submodule names come from :func:`submodules`)."""
    names = {name: getattr(extras, name) for name in extras.__all__
             if name not in ("SchedulingSummary", "magic_network_view")}
    names.update(methods.METHOD_OBJECTS)
    names.update(unbuilt.UNBUILT_CLASSES)
    names.update(
        BrianLogger=brian_logging.BrianLogger,
        get_logger=brian_logging.get_logger, logger=brian_logging.logger,
        std_silent=brian_logging.std_silent,
        ExplicitStateUpdater=methods.ExplicitStateUpdater,
        StateUpdateMethod=methods.StateUpdateMethod,
        declare_types=unbuilt.declare_types,
        profiling_summary=magic.profiling_summary,
        PreferenceError=defaults.PreferenceError,
        BrianPreference=defaults.BrianPreference,
        all_devices=device_api.all_devices,
        exprel=_exprel(), linked_var=_linked_var(),
        numpy=numpy, numpy_=numpy, signal=signal)
    return names


def _mod(name: str, doc: str, **contents) -> types.ModuleType:
    module = types.ModuleType(name, doc)
    for attr, value in contents.items():
        setattr(module, attr, value)
    module.__all__ = [n for n in contents if not n.startswith("_")]
    return module


def _package(name: str, doc: str, children: dict) -> types.ModuleType:
    """A package module whose children are also its attributes."""
    module = _mod(name, doc)
    module.__path__ = []
    for child_name, child in children.items():
        setattr(module, child_name.rsplit(".", 1)[-1], child)
    return module


def _core(names: dict) -> dict[str, types.ModuleType]:
    net = ranvier.Network
    children = {
        "base": _mod("brian2.core.base", "base classes",
                     BrianObject=names["BrianObject"],
                     BrianObjectException=names["BrianObjectException"]),
        "clocks": _mod("brian2.core.clocks", "clocks", Clock=ranvier.Clock,
                       defaultclock=ranvier.defaultclock),
        "functions": _mod(
            "brian2.core.functions", "functions usable in model code",
            Function=ranvier.Function, implementation=ranvier.implementation,
            DEFAULT_FUNCTIONS=names["DEFAULT_FUNCTIONS"],
            DEFAULT_CONSTANTS=names["DEFAULT_CONSTANTS"],
            declare_types=names["declare_types"], exprel=names["exprel"],
            timestep=_functions.timestep),
        "magic": _mod("brian2.core.magic", "the magic run()",
                      run=magic.run, stop=magic.stop, store=magic.store,
                      restore=magic.restore, collect=magic.collect,
                      start_scope=magic.start_scope,
                      magic_network=extras.magic_network_view,
                      MagicNetwork=names["MagicNetwork"],
                      MagicError=names["MagicError"]),
        "names": _mod("brian2.core.names", "names",
                      Nameable=names["Nameable"]),
        "namespace": _mod("brian2.core.namespace", "namespaces",
                          get_local_namespace=names["get_local_namespace"],
                          DEFAULT_UNITS=names["DEFAULT_UNITS"]),
        "network": _mod("brian2.core.network", "networks", Network=net,
                        scheduling_summary=names["scheduling_summary"],
                        profiling_summary=names["profiling_summary"]),
        "operations": _mod("brian2.core.operations", "network operations",
                           NetworkOperation=ranvier.NetworkOperation,
                           network_operation=ranvier.network_operation),
        "preferences": _mod("brian2.core.preferences", "preferences",
                            prefs=ranvier.prefs,
                            PreferenceError=names["PreferenceError"],
                            BrianPreference=names["BrianPreference"]),
        "spikesource": _mod("brian2.core.spikesource", "spike sources",
                            SpikeSource=names["SpikeSource"]),
        "tracking": _mod("brian2.core.tracking", "instance tracking",
                         Trackable=names["Trackable"]),
        "variables": _mod("brian2.core.variables", "variables",
                          linked_var=names["linked_var"]),
    }
    out = {f"brian2.core.{k}": v for k, v in children.items()}
    out["brian2.core"] = _package("brian2.core", "Brian 2's core, on "
                                  "ranvier", children)
    return out


def _logging() -> dict[str, types.ModuleType]:
    logger_mod = _mod("brian2.utils.logger", "logging",
                      BrianLogger=brian_logging.BrianLogger,
                      get_logger=brian_logging.get_logger,
                      std_silent=brian_logging.std_silent,
                      logger=brian_logging.logger)
    return {"brian2.utils.logger": logger_mod,
            "brian2.utils": _package("brian2.utils", "utilities",
                                     {"logger": logger_mod})}


def _topical(names: dict) -> dict[str, types.ModuleType]:
    """Brian 2's subpackages named in its star import, each with the
    objects it defines."""
    r = ranvier
    contents = {
        "codegen": {}, "memory": {}, "parsing": {}, "tests": {},
        "equations": dict(Equations=r.Equations,
                          Expression=names["Expression"],
                          Statements=names["Statements"]),
        "groups": dict(NeuronGroup=r.NeuronGroup, Subgroup=r.Subgroup,
                       Group=names["Group"],
                       VariableOwner=names["VariableOwner"],
                       CodeRunner=names["CodeRunner"]),
        "importexport": dict(ImportExport=names["ImportExport"]),
        "input": dict(PoissonGroup=r.PoissonGroup,
                      PoissonInput=r.PoissonInput,
                      SpikeGeneratorGroup=r.SpikeGeneratorGroup,
                      TimedArray=r.TimedArray),
        "monitors": dict(SpikeMonitor=r.SpikeMonitor,
                         EventMonitor=r.EventMonitor,
                         StateMonitor=r.StateMonitor,
                         PopulationRateMonitor=r.PopulationRateMonitor),
        "spatialneuron": {k: names[k] for k in (
            "SpatialNeuron", "Morphology", "Soma", "Cylinder", "Section")},
        "stateupdaters": dict(
            methods.METHOD_OBJECTS,
            ExplicitStateUpdater=names["ExplicitStateUpdater"],
            StateUpdateMethod=names["StateUpdateMethod"]),
        "synapses": dict(Synapses=r.Synapses),
    }
    return {f"brian2.{name}": _mod(f"brian2.{name}", f"Brian 2's {name} "
                                   f"names, on ranvier", **items)
            for name, items in contents.items()}


def submodules(names: dict) -> dict[str, types.ModuleType]:
    """Module objects by full name (``brian2.core.functions`` ...), built
    from ``names`` (the package's namespace)."""
    out = {}
    out.update(_core(names))
    out.update(_logging())
    out.update(_topical(names))
    out["brian2.units.constants"] = _mod(
        "brian2.units.constants", constants.__doc__,
        **{n: getattr(constants, n) for n in constants.__all__})
    return out
