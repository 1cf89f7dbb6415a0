"""Random functions: the backends draw from different streams, so they
agree statistically; a seeded Numba run repeats exactly.

Bounds are six standard errors of the estimate, so a correct backend
fails about once in 10^8 runs.
"""

import numpy as np
import pytest
from backend_helpers import run, simple_kernel

SIZE = 200_000


def random_state():
    return {"u": np.zeros(SIZE), "g": np.zeros(SIZE), "p": np.zeros(SIZE,
                                                                     np.int64),
            "lam": np.where(np.arange(SIZE) % 2 == 0, 0.5, 6.0),
            "u32": np.zeros(SIZE, np.float32)}


def random_kernel():
    code = "u = rand()\ng = randn()\np = poisson(lam)\nu32 = rand() * 2"
    return simple_kernel("draws", code, random_state())


def _within(sample, mean, variance, what):
    error = 6 * np.sqrt(variance / len(sample))
    assert abs(sample.mean() - mean) < error, what
    # The variance estimate's standard error, for these distributions, is
    # below 2*variance/sqrt(n) (with a margin for the Poisson tail).
    assert abs(sample.var() - variance) < 6 * 2 * variance / \
        np.sqrt(len(sample)), what


def test_uniform_normal_and_poisson_statistics(backend):
    state = run(backend.name, [random_kernel()], random_state(), seed=3)
    u, g, p = state["u"], state["g"], state["p"]
    assert u.min() >= 0 and u.max() < 1
    _within(u, 0.5, 1 / 12, "rand")
    _within(g, 0.0, 1.0, "randn")
    _within(p[::2].astype(float), 0.5, 0.5, "poisson(0.5)")
    _within(p[1::2].astype(float), 6.0, 6.0, "poisson(6)")
    _within(state["u32"].astype(float), 1.0, 4 / 12, "2*rand() as float32")
    # Draws are independent between elements and calls.
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 6 / np.sqrt(SIZE)
    assert abs(np.corrcoef(u, g)[0, 1]) < 6 / np.sqrt(SIZE)


@pytest.mark.parametrize("backend_name", ["numpy", "numba"])
def test_seeded_runs_repeat_and_seeds_matter(backend_name):
    first = run(backend_name, [random_kernel()], random_state(), seed=7)
    again = run(backend_name, [random_kernel()], random_state(), seed=7)
    other = run(backend_name, [random_kernel()], random_state(), seed=8)
    for name in ("u", "g", "p"):
        np.testing.assert_array_equal(first[name], again[name])
    assert not np.array_equal(first["u"], other["u"])
