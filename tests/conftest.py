"""Settings for the whole test session.

- Compiled code goes to a cache folder private to the session
  (``RANVIER_CACHE_DIR``), so tests never read or leave compiled code in
  the user's cache.
- Tests run on the NumPy backend unless they ask for another: compiling
  every network of the suite would take longer than CI allows.
- The ``backend`` fixture runs a test once per backend (it selects the
  backend for the objects layer and returns it). The tests in the
  folders listed in :data:`BOTH_BACKENDS` all run that way, whether they
  ask for the fixture or not.
"""

import os

import pytest

from ranvier import prefs
from ranvier.backends import BACKEND_NAMES, get_backend

#: Test folders whose every test runs under every backend (unless it
#: asks for the fixture itself): the simulation core, synapses, inputs
#: and whole models. The Numba runs cost about a fifth of the suite's
#: time, most of it in reference computations the models tests repeat;
#: compiling is cheap, as kernels are shared by many tests.
BOTH_BACKENDS = ("objects", "synapses", "inputs", "models")

_TESTS = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(scope="session", autouse=True)
def kernel_cache_dir(tmp_path_factory):
    """A fresh ``RANVIER_CACHE_DIR`` for this session."""
    folder = tmp_path_factory.mktemp("ranvier-cache")
    old = os.environ.get("RANVIER_CACHE_DIR")
    os.environ["RANVIER_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("RANVIER_CACHE_DIR", None)
    else:
        os.environ["RANVIER_CACHE_DIR"] = old


@pytest.fixture(autouse=True)
def numpy_by_default():
    """Each test starts on the NumPy backend; its choice is undone."""
    old = prefs.codegen.target
    prefs.codegen.target = "numpy"
    yield
    prefs.codegen.target = old


@pytest.fixture(params=BACKEND_NAMES)
def backend(request, numpy_by_default):
    """Each backend in turn (the NumPy reference first), selected for the
    objects layer as well."""
    if request.param == "numba":
        pytest.importorskip("numba")
    prefs.codegen.target = request.param
    return get_backend(request.param)


def pytest_generate_tests(metafunc):
    folder = os.path.relpath(str(metafunc.definition.path), _TESTS)
    folder = folder.split(os.sep)[0]
    if folder in BOTH_BACKENDS and "backend" not in metafunc.fixturenames:
        # Adding the name makes pytest set the fixture up for the test.
        metafunc.fixturenames.append("backend")
        metafunc.parametrize("backend", BACKEND_NAMES, indirect=True)
