"""Choosing a backend: the preference (Numba by default), a network's
own ``backend``, and what ``inspect()`` shows for each."""

import pytest

from ranvier import Network, NeuronGroup, SpikeMonitor, ms, prefs
from ranvier.backends import get_backend, resolve_backend
from ranvier.backends.numpy.runner import NumpyBackend
from ranvier.objects.defaults import Prefs


class Keeping(NumpyBackend):
    """The NumPy backend, remembering that it ran."""

    ran = False

    def prepare(self, *args, **kwargs):
        self.ran = True
        return super().prepare(*args, **kwargs)


def small_network(**kwargs):
    G = NeuronGroup(3, "dv/dt = (2 - v)/(10*ms) : 1", threshold="v > 1",
                    reset="v = 0", method="exact")
    return Network(G, SpikeMonitor(G), **kwargs)


def test_numba_is_the_default_target():
    assert Prefs().codegen.target == "numba"
    assert Prefs().backend_name() == "numba"


def test_a_network_backend_overrides_the_preference():
    prefs.codegen.target = "numba"
    backend = Keeping()
    net = small_network(backend=backend)
    net.run(1 * ms)
    assert backend.ran
    net.backend = "numpy"
    net.run(1 * ms)


def test_backends_by_name_and_errors():
    assert isinstance(resolve_backend(None, "numpy"), NumpyBackend)
    assert isinstance(resolve_backend("numpy", "numba"), NumpyBackend)
    with pytest.raises(ValueError, match="unknown backend 'fortran'"):
        get_backend("fortran")
    with pytest.raises(TypeError, match="prepare method"):
        small_network(backend=42).run(1 * ms)


def test_inspect_shows_the_source_of_the_chosen_backend():
    pytest.importorskip("numba")
    compiled = small_network(backend="numba").inspect()
    assert "def kernel(a_" in compiled and "a_v[k] = " in compiled
    assert "generates this kernel's source when" not in compiled
    assert "no generated source" in small_network(backend="numpy").inspect()
