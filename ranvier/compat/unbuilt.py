"""Brian 2 names for features ranvier does not build.

A script that only imports them (``from brian2 import *``) runs; using
one -- constructing it, calling it or reaching for one of its class
attributes such as ``Morphology.from_file`` -- raises
``NotImplementedError`` naming the feature, never a ``NameError`` and
never a silent substitute.
"""

from __future__ import annotations

__all__ = ["UNBUILT_CLASSES", "declare_types", "unbuilt_class"]


class _UnbuiltMeta(type):
    """Makes every public class attribute of an unbuilt class raise."""

    def __getattr__(cls, attr):
        if attr.startswith("_"):
            raise AttributeError(attr)
        raise NotImplementedError(f"{cls.__name__}.{attr}: "
                                  f"{cls._feature} is not available in "
                                  f"ranvier")


def unbuilt_class(name: str, feature: str) -> type:
    """A class named ``name`` whose use raises ``NotImplementedError``
    saying that ``feature`` is not available."""

    def __new__(cls, *args, **kwargs):
        raise NotImplementedError(f"{name}: {feature} is not available in "
                                  f"ranvier")

    return _UnbuiltMeta(name, (), {"__new__": __new__, "_feature": feature,
                                   "__doc__": f"Not built: {feature}."})


_MORPHOLOGY = "multicompartment neurons (SpatialNeuron and morphologies)"

#: name -> class, for everything in this module that is a class in Brian 2.
UNBUILT_CLASSES = {
    "SpatialNeuron": unbuilt_class("SpatialNeuron", _MORPHOLOGY),
    "Morphology": unbuilt_class("Morphology", _MORPHOLOGY),
    "Soma": unbuilt_class("Soma", _MORPHOLOGY),
    "Cylinder": unbuilt_class("Cylinder", _MORPHOLOGY),
    "Section": unbuilt_class("Section", _MORPHOLOGY),
    "ImportExport": unbuilt_class(
        "ImportExport", "Brian 2's import/export plug-ins (export with "
        "get_states()/set_states() or Network.store instead)"),
    "CodeRunner": unbuilt_class(
        "CodeRunner", "Brian 2's code-runner objects (ranvier lowers "
        "objects to IR kernels; see Network.inspect())"),
    "CythonCodeObject": unbuilt_class(
        "CythonCodeObject", "the Cython code target (prefs.codegen.target "
        "= 'cython' selects ranvier's compiled Numba backend)"),
    "NumpyCodeObject": unbuilt_class(
        "NumpyCodeObject", "Brian 2's code objects (prefs.codegen.target "
        "= 'numpy' selects ranvier's NumPy backend)"),
}


def declare_types(**types):
    """Not built: ranvier takes argument and result types as
    ``Function(f, arg_types=[...], return_type=...)``."""
    raise NotImplementedError(
        "declare_types: declaring types with a decorator is not available "
        "in ranvier; give Function(f, arg_units=..., return_unit=..., "
        "arg_types=[...], return_type=...) instead")
