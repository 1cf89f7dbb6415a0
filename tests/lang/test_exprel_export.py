"""``exprel`` as Brian 2 scripts use it: in model code on every backend,
and as a Python function from ``from ranvier import *``."""

import numpy as np
import pytest

import ranvier
from ranvier import NeuronGroup, Network, exprel, mV, ms, nvolt
from ranvier.units.dimensions import DimensionMismatchError

#: Values around 0 (where exp(x) - 1 loses every digit), both signs, and
#: far from 0 where overflow and underflow show.
POINTS = np.array([0.0, 1e-300, -1e-300, 1e-12, -1e-12, 3e-9, -3e-9, 1e-5,
                   -1e-5, 0.3, -0.3, 1.0, -1.0, 20.0, -20.0, 700.0, -700.0])


def reference(x):
    """expm1(x)/x, which is exact to rounding away from 0; 1 at 0."""
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(x == 0, 1.0, np.expm1(x) / np.where(x == 0, 1, x))


def test_star_import_gives_exprel():
    namespace = {}
    exec("from ranvier import *", namespace)  # the user's star import
    assert namespace["exprel"] is exprel
    assert "exprel" in ranvier.__all__


def test_python_exprel_matches_expm1_and_the_limit():
    np.testing.assert_allclose(exprel(POINTS), reference(POINTS),
                               rtol=1e-15)
    assert exprel(0) == 1.0
    assert exprel(0.0) == 1.0
    # The Taylor series 1 + x/2 + x**2/6 near 0.
    x = 1e-7
    assert exprel(x) == pytest.approx(1 + x / 2 + x * x / 6, rel=1e-15)


def test_python_exprel_keeps_the_shape_and_scalars():
    assert isinstance(exprel(0.5), np.floating)
    assert exprel(np.zeros((2, 3))).shape == (2, 3)
    assert exprel([0.0, 1.0]).tolist() == [1.0, pytest.approx(np.e - 1)]


def test_python_exprel_accepts_dimensionless_quantities():
    assert exprel(3 * mV / mV) == pytest.approx(reference(3.0), rel=1e-15)
    assert exprel(5 * ms / ms) == pytest.approx(reference(5.0), rel=1e-15)


def test_python_exprel_refuses_units():
    # Brian 2 raises DimensionMismatchError too.
    with pytest.raises(DimensionMismatchError, match="dimensionless"):
        exprel(3 * mV)


def test_exprel_in_model_code_matches_expm1(backend):
    group = NeuronGroup(len(POINTS), "x : 1\ny : 1")
    group.x = POINTS
    group.run_regularly("y = exprel(x)")
    Network(group).run(0.1 * ms)
    np.testing.assert_allclose(np.asarray(group.y), reference(POINTS),
                               rtol=1e-15)
    assert np.asarray(group.y)[0] == 1.0


def test_exprel_keeps_a_rate_finite_at_its_singular_point(backend):
    # The HH opening rate 0.32/mV*(-50*mV - v)/(exp((-50*mV - v)/(4*mV)) - 1)
    # has a removable singularity at v = -50 mV, where it equals 1.28/ms.
    eqs = """v : volt
    alpha : Hz
    alpha_improved = 0.32*(mV**-1)*4*mV/exprel((-50*mV - v)/(4*mV))/ms : Hz
    """
    group = NeuronGroup(5, eqs)
    offsets = np.array([-1e-6, -1e-9, 0.0, 1e-9, 1e-6]) * mV
    group.v = -50 * mV + offsets
    group.run_regularly("alpha = alpha_improved")
    Network(group).run(0.1 * ms)
    u = -np.asarray(offsets / (4 * mV))
    expected = 1.28 / reference(u) * 1e3  # in Hz
    np.testing.assert_allclose(np.asarray(group.alpha), expected, rtol=1e-13)
    np.testing.assert_allclose(np.asarray(group.alpha_improved), expected,
                               rtol=1e-13)
    assert np.asarray(group.alpha)[2] == pytest.approx(1280.0, rel=1e-15)
    assert (group.v[0] + 50 * mV) / nvolt == pytest.approx(-1.0)
