"""Make ``import brian2`` give ranvier.

``install()`` puts module objects named ``brian2``, ``brian2.only``,
``brian2.units`` (with ``allunits``, ``stdunits``,
``fundamentalunits``, ``constants``), ``brian2.devices.device``, and
the other submodules of :mod:`ranvier.compat.submodules`
(``brian2.core.functions``, ``brian2.utils.logger`` ...) into
``sys.modules``, each exposing ranvier's corresponding names, so an
unmodified Brian 2 script imports ranvier; ``brian`` (Brian 1) maps to
``ranvier.brian1``. The star import also gives the names of
:func:`ranvier.compat.submodules.extra_names` (logging, method objects,
base classes, and names for unbuilt features that raise
``NotImplementedError`` when used).
As with Brian 2, ``from brian2 import *`` also
brings NumPy's and matplotlib's pylab names when matplotlib is installed;
``brian2.only`` does not.

``install()`` also puts back on the ``numpy`` module the names newer
NumPy removed that have an exact modern equivalent (``np.in1d``,
``np.trapz``, ``np.product``, ``np.float_`` ...; see
:mod:`ranvier.compat.numpy_names`): Brian 2.9 runs on NumPy below 2.3,
so its scripts may use them. Names NumPy still has are never replaced,
and ``uninstall()`` removes exactly the ones added. The star import's
``sum`` (NumPy's, through pylab) also sums a generator, as NumPy < 2.4
did.
"""

from __future__ import annotations

import sys
import types

import ranvier
from ranvier import brian1, units
from ranvier.compat import device as device_module
from ranvier.compat import extras, numpy_names
from ranvier.compat.submodules import extra_names, submodules

__all__ = ["install", "uninstall", "MODULE_NAMES"]

_BASE_MODULES = ("brian", "brian2", "brian2.only", "brian2.units",
                 "brian2.units.allunits", "brian2.units.stdunits",
                 "brian2.units.fundamentalunits", "brian2.devices",
                 "brian2.devices.device")
#: Every module name install() puts into sys.modules.
MODULE_NAMES = _BASE_MODULES + tuple(sorted(submodules(extra_names())))
#: Names Brian 2 keeps with its units besides the units themselves.
_UNIT_EXTRAS = ("is_scalar_type", "register_new_unit")

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
    extra = extra_names()
    for name, value in extra.items():
        if not hasattr(only, name):
            setattr(only, name, value)
            only.__all__.append(name)
    main = types.ModuleType("brian2", "ranvier, under Brian 2's name")
    pylab = _pylab_names()
    # Later sources win: ranvier's own names over compat and pylab ones.
    for name, value in pylab.items():
        setattr(main, name, value)
    for name in only.__all__:
        setattr(main, name, getattr(only, name))
    main.__all__ = sorted(set(pylab) | set(only.__all__))
    # The star import's sum is NumPy's, which NumPy 2.4 stopped letting
    # sum a generator (Brian 2's scripts do, on older NumPy).
    main.sum = numpy_names.star_sum
    # Brian 2's magic_network is an object (magic_network.t); the view
    # is also callable, so ranvier-style magic_network() keeps working.
    main.magic_network = only.magic_network = extras.magic_network_view
    main.__version__ = BRIAN2_VERSION
    main.__path__ = []  # a package, so submodule imports resolve
    main.only = only
    return main


def install() -> None:
    """Make ``brian2`` (and its common submodules) import as ranvier."""
    if sys.modules.get("brian2") is not None and \
            getattr(sys.modules["brian2"], "__ranvier__", False):
        return
    numpy_names.install()
    main = _package()
    main.__ranvier__ = True
    unit_modules = _unit_modules()
    devices = _module("brian2.devices.device", device_module,
                      device_module.__all__, "Brian 2's device API")
    devices_pkg = types.ModuleType("brian2.devices")
    devices_pkg.__path__ = []
    devices_pkg.device = devices
    devices_pkg.device_module = devices
    devices_pkg.all_devices = device_module.all_devices
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
    _add_submodules(main)


def _unit_modules() -> dict:
    modules = {}
    for name in _BASE_MODULES:
        if not name.startswith("brian2.units"):
            continue
        module = _module(name, units, units.__all__,
                         "ranvier.units under Brian 2's name")
        for extra in _UNIT_EXTRAS:
            setattr(module, extra, getattr(extras, extra))
        module.__all__ = list(units.__all__) + list(_UNIT_EXTRAS)
        modules[name] = module
    modules["brian2.units"].__path__ = []
    return modules


def _add_submodules(main: types.ModuleType) -> None:
    """Register the other submodules and make each an attribute of its
    parent, as importing them would."""
    modules = submodules(vars(main))
    sys.modules.update(modules)
    for name in sorted(modules):
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, modules[name])
    # Brian 2's star import hands out its subpackages too (`units`,
    # `input` ...), so `units.constants` works after it.
    children = {name.split(".")[1] for name in MODULE_NAMES
                if name.startswith("brian2.")}
    main.__all__ = sorted(set(main.__all__) | children)


def uninstall() -> None:
    """Remove what :func:`install` put into ``sys.modules`` and the
    names it added to ``numpy``."""
    if not getattr(sys.modules.get("brian2"), "__ranvier__", False):
        return
    numpy_names.uninstall()
    for name in MODULE_NAMES:
        sys.modules.pop(name, None)
