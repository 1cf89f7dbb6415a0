"""Brian 2's device API, accepted so standalone scripts run unchanged.

ranvier has no separate standalone mode: its compiled backend runs inside
the Python process. ``set_device('cpp_standalone', ...)`` is therefore
accepted, selects the compiled backend, and says so once; ``device.build()``
has nothing left to do, because every ``run()`` has already run.
"""

from __future__ import annotations

import warnings

from ranvier.objects import defaults

__all__ = ["set_device", "get_device", "reset_device", "reinit_devices",
           "device", "all_devices", "active_device", "StandaloneNote"]

_KNOWN = ("runtime", "cpp_standalone", "cuda_standalone", "genn")


class StandaloneNote(UserWarning):
    """Said once when a script asks for a standalone device."""


class Device:
    """Stands in for Brian 2's current device."""

    def __init__(self):
        self.name = "runtime"
        self.build_options: dict = {}
        self._noted = False

    def build(self, **options) -> None:
        """Accepted for compatibility: runs have already happened."""
        self.build_options.update(options)

    def reinit(self) -> None:
        """Accepted for compatibility; nothing to reset."""

    def activate(self, **options) -> None:
        self.build_options.update(options)

    def run(self, directory=None, results_directory=None, with_output=True,
            run_args=None) -> None:
        """Not built: re-running a built standalone simulation.

        Brian 2 runs its compiled program again, from the initial values
        the script set, with ``run_args`` changing some of them. ranvier
        has no separate program: each ``run()`` happens when the script
        calls it and is not kept for replaying.
        """
        raise NotImplementedError(
            "device.run(run_args=...): re-running a built standalone "
            "simulation with changed initial values is not available in "
            "ranvier; loop over Network.store()/restore() with the new "
            "values and call run() again")

    def apply_run_args(self) -> None:
        """Not built (see :meth:`run`)."""
        raise NotImplementedError(
            "device.apply_run_args: standalone run_args are not available "
            "in ranvier")

    def __repr__(self):
        return f"<ranvier stand-in for Brian 2 device {self.name!r}>"


device = Device()


def set_device(name: str, build_on_run: bool = True, **options) -> None:
    """Accept Brian 2's ``set_device``.

    Parameters
    ----------
    name : str
        ``'runtime'`` keeps the configured backend; a standalone device
        (``'cpp_standalone'``, ``'cuda_standalone'``, ``'genn'``) runs with
        ranvier's compiled backend instead, inside this process.
    build_on_run : bool
        Accepted; ranvier always runs at ``run()``.
    **options
        Accepted and kept (``directory``, ``debug``, ...); they have no
        effect.
    """
    if name not in _KNOWN:
        raise ValueError(f"unknown device {name!r}; Brian 2 devices are "
                         f"{', '.join(_KNOWN)}")
    device.name = name
    device.build_options = dict(options, build_on_run=build_on_run)
    if name == "runtime":
        return
    defaults.prefs.codegen.target = "numba"
    if not device._noted:
        device._noted = True
        warnings.warn(f"set_device({name!r}): ranvier runs this script "
                      f"with its compiled backend in this process; "
                      f"device.build() has nothing left to do",
                      StandaloneNote, stacklevel=2)


def get_device() -> Device:
    return device


def reset_device(name: str = "runtime") -> None:
    set_device(name)


def reinit_devices() -> None:
    """Forget what earlier standalone builds set up (Brian 2 resets every
    device); here, the device's build options."""
    device.build_options = {}
    device.reinit()


#: Brian 2's devices by name; all of them are this one stand-in.
all_devices = {name: device for name in ("runtime", "cpp_standalone")}

#: The device in use, as Brian 2's ``device_module.active_device``.
active_device = device
