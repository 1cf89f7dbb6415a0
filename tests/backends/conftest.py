"""Fixtures of the backend conformance suite.

``backend`` runs a test once per backend. Compiled kernels go to a cache
folder private to the test session (through ``RANVIER_CACHE_DIR``), so
tests never read or leave compiled code in the user's cache.
"""

import os

import pytest

from ranvier.backends import get_backend

BACKEND_NAMES = ("numpy", "numba")


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


@pytest.fixture(params=BACKEND_NAMES)
def backend(request):
    """Each backend in turn (the NumPy reference first)."""
    if request.param == "numba":
        pytest.importorskip("numba")
    return get_backend(request.param)
