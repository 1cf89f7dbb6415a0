"""Brian-style conveniences: magic run(), start_scope(), defaultclock,
seed(), prefs."""

import numpy as np
import pytest

from ranvier import (NeuronGroup, StateMonitor, defaultclock,
                     ms, mV, network_operation, prefs, run, seed,
                     start_scope, stop, float32, float64)


@pytest.fixture(autouse=True)
def fresh_scope():
    start_scope()
    defaultclock.dt = 0.1 * ms
    yield
    defaultclock.dt = 0.1 * ms
    prefs.core.default_float_dtype = float64


def test_run_collects_visible_objects_and_continues():
    tau = 10 * ms
    G = NeuronGroup(1, "dv/dt = -v/tau : volt")
    G.v = 1 * mV
    mon = StateMonitor(G, "v", record=0)
    run(1 * ms)
    run(1 * ms)
    assert len(mon.t) == 20
    np.testing.assert_allclose(mon.t_ * 1e3, np.arange(20) * 0.1, atol=1e-9)
    assert float(G.v_[0]) == pytest.approx(1e-3 * np.exp(-0.2), rel=1e-9)


def test_start_scope_forgets_older_objects():
    G = NeuronGroup(1, "v : 1")
    start_scope()
    H = NeuronGroup(1, "dv/dt = 1/second : 1")
    run(1 * ms)
    assert H.v[0] == pytest.approx(1e-3)
    with pytest.raises(RuntimeError, match="no simulated objects"):
        def inner():
            run(1 * ms)
        start_scope()
        inner()


def test_defaultclock_dt_applies_to_new_objects():
    defaultclock.dt = 0.5 * ms
    G = NeuronGroup(1, "dv/dt = 1/second : 1")
    mon = StateMonitor(G, "v", record=0)
    run(2 * ms)
    assert len(mon.t) == 4


def test_seed_makes_string_initialisation_reproducible():
    G = NeuronGroup(5, "v : volt")
    seed(11)
    G.v = "rand()*mV"
    first = G.v_.copy()
    seed(11)
    G.v = "rand()*mV"
    np.testing.assert_array_equal(first, G.v_)
    with pytest.raises(ValueError, match="seed"):
        seed(-1)


def test_stop_ends_run_early():
    G = NeuronGroup(1, "dv/dt = 1/second : 1")

    @network_operation(dt=1 * ms)
    def halt(t):
        if t >= 3 * ms:
            stop()
    run(10 * ms)
    assert G.v[0] == pytest.approx(3.1e-3)


def test_prefs_float_dtype_and_target():
    prefs.core.default_float_dtype = float32
    G = NeuronGroup(2, "v : volt")
    assert G.v_.dtype == np.float32
    with pytest.raises(ValueError, match="float32 or float64"):
        prefs.core.default_float_dtype = np.int32
    prefs["codegen.target"] = "numpy"
    assert prefs.codegen.target == "numpy"
    with pytest.raises(ValueError, match="codegen.target"):
        prefs.codegen.target = "fortran"
    with pytest.raises(AttributeError, match="no preference"):
        prefs.core.nonsense = 1


def test_brian_only_prefs_are_accepted():
    prefs.codegen.cpp.extra_compile_args_gcc = ["-O3"]
    prefs["devices.cpp_standalone.openmp_threads"] = 2
    prefs.logging.file_log = False
    assert prefs.codegen.cpp.extra_compile_args_gcc == ["-O3"]
    with pytest.raises(AttributeError, match="no preference 'prefs.bogus'"):
        prefs.bogus = 1


def test_magic_store_and_restore():
    from ranvier import store, restore
    G = NeuronGroup(1, "dv/dt = 1/second : 1")
    store("before")
    run(1 * ms)
    assert G.v[0] == pytest.approx(1e-3)
    restore("before")
    assert G.v[0] == 0


def test_seed_also_seeds_numpy_global_functions():
    seed(3)
    first = np.random.rand(3)
    seed(3)
    np.testing.assert_array_equal(first, np.random.rand(3))
