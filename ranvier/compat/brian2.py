"""Make ``import brian2`` give ranvier.

``install()`` puts module objects named ``brian2``, ``brian2.only``,
``brian2.units`` (with ``allunits``, ``stdunits``,
``fundamentalunits``) and ``brian2.devices.device`` into ``sys.modules``,
each exposing ranvier's corresponding names, so an unmodified Brian 2
script imports ranvier; ``brian`` (Brian 1) maps to ``ranvier.brian1``.
As with Brian 2, ``from brian2 import *`` also
brings NumPy's and matplotlib's pylab names when matplotlib is installed;
``brian2.only`` does not.
"""

from __future__ import annotations

import sys
import types

import ranvier
from ranvier import brian1, units
from ranvier.compat import device as device_module

__all__ = ["install", "uninstall", "MODULE_NAMES"]

MODULE_NAMES = ("brian", "brian2", "brian2.only", "brian2.units",
                "brian2.units.allunits", "brian2.units.stdunits",
                "brian2.units.fundamentalunits", "brian2.devices",
                "brian2.devices.device")

#: Brian 2 version this layer follows.
BRIAN2_VERSION = "2.9.0"


def _module(name: str, source, names, doc: str) -> types.ModuleType:
    module = types.ModuleType(name, doc)
    for attr in names:
        setattr(module, attr, getattr(source, attr))
    module.__all__ = list(names)
    return module


def _pylab_names() -> dict:
    """pylab's namespace (NumPy and matplotlib.pyplot), if available."""
    try:
        from matplotlib import pylab
    except ImportError:
        return {}
    return {name: getattr(pylab, name) for name in dir(pylab)
            if not name.startswith("_")}


def _package() -> types.ModuleType:
    device_names = ["set_device", "get_device", "reset_device", "device"]
    only = _module("brian2.only", ranvier, ranvier.__all__,
                   "ranvier, under Brian 2's name, without pylab")
    for name in device_names:
        setattr(only, name, getattr(device_module, name))
    only.__all__ = list(ranvier.__all__) + device_names
    main = types.ModuleType("brian2", "ranvier, under Brian 2's name")
    pylab = _pylab_names()
    for name, value in pylab.items():
        setattr(main, name, value)
    for name in only.__all__:
        setattr(main, name, getattr(only, name))
    main.__all__ = sorted(set(pylab) | set(only.__all__))
    main.__version__ = BRIAN2_VERSION
    main.__path__ = []  # a package, so submodule imports resolve
    main.only = only
    return main


def install() -> None:
    """Make ``brian2`` (and its common submodules) import as ranvier."""
    if sys.modules.get("brian2") is not None and \
            getattr(sys.modules["brian2"], "__ranvier__", False):
        return
    main = _package()
    main.__ranvier__ = True
    unit_names = units.__all__
    unit_modules = {
        name: _module(name, units, unit_names, "ranvier.units under "
                                                "Brian 2's name")
        for name in MODULE_NAMES if name.startswith("brian2.units")}
    unit_modules["brian2.units"].__path__ = []
    devices = _module("brian2.devices.device", device_module,
                      device_module.__all__, "Brian 2's device API")
    devices_pkg = types.ModuleType("brian2.devices")
    devices_pkg.__path__ = []
    devices_pkg.device = devices
    sys.modules["brian"] = brian1
    sys.modules["brian2"] = main
    sys.modules["brian2.only"] = main.only
    sys.modules.update(unit_modules)
    sys.modules["brian2.devices"] = devices_pkg
    sys.modules["brian2.devices.device"] = devices
    main.units = unit_modules["brian2.units"]
    main.devices = devices_pkg
    for name in ("allunits", "stdunits", "fundamentalunits"):
        setattr(main.units, name, unit_modules[f"brian2.units.{name}"])


def uninstall() -> None:
    """Remove what :func:`install` put into ``sys.modules``."""
    if not getattr(sys.modules.get("brian2"), "__ranvier__", False):
        return
    for name in MODULE_NAMES:
        sys.modules.pop(name, None)
