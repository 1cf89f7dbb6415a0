"""Brian 2's device API, accepted so standalone scripts run unchanged.

ranvier has no separate standalone mode: its compiled backend runs inside
the Python process. ``set_device('cpp_standalone', ...)`` is therefore
accepted, selects the compiled backend, and says so once; ``device.build()``
has nothing left to do, because every ``run()`` has already run.
"""

from __future__ import annotations

import warnings

from ranvier.objects import defaults

__all__ = ["set_device", "get_device", "reset_device", "device",
           "StandaloneNote"]

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
