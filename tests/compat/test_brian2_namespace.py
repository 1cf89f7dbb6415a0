"""The names `from brian2 import *` gives, under ranvier's install()."""

import io
import logging
import math
import sys

import numpy as np
import pytest

import ranvier
from ranvier.compat import brian2 as compat

#: Brian 2.9's star-import names that ranvier's own API lacked.
BRIAN_ONLY_NAMES = """
BrianLogger BrianObject BrianObjectException BrianPreference CodeRunner
Cylinder CythonCodeObject DEFAULT_CONSTANTS DEFAULT_FUNCTIONS DEFAULT_UNITS
ExplicitStateUpdater Expression Group ImportExport MagicError MagicNetwork
Morphology Nameable NumpyCodeObject PreferenceError Section Soma
SpatialNeuron SpikeSource StateUpdateMethod Statements Trackable
VariableOwner all_devices brian_prefs check_cache clear_cache codegen
declare_types devices equations euler exact exponential_euler exprel
get_local_namespace get_logger groups gsl_rk2 gsl_rk4 gsl_rk8pd gsl_rkck
gsl_rkf45 heun importexport in1d independent input is_scalar_type linear
linked_var logger memory milstein monitors numpy numpy_ only parsing
profiling_summary register_new_unit restore_initial_state rk2 rk4
scheduling_summary signal spatialneuron stateupdaters std_silent synapses
tests trapz units utils
""".split()


@pytest.fixture
def b2():
    """The star-import namespace of brian2, mapped to ranvier."""
    compat.install()
    namespace = {}
    exec("from brian2 import *", namespace)  # a fixed import line
    try:
        yield namespace
    finally:
        ranvier.prefs.reset()
        compat.uninstall()


def test_star_import_has_every_brian_name(b2):
    missing = [name for name in BRIAN_ONLY_NAMES if name not in b2]
    assert missing == []


def test_submodule_imports_resolve(b2):
    from brian2.core.functions import timestep
    from brian2.core.network import Network
    from brian2.devices import device_module
    from brian2.devices.device import reinit_devices, reset_device
    from brian2.units.constants import faraday_constant, zero_celsius
    from brian2.utils.logger import get_logger
    assert Network is ranvier.Network
    assert device_module.active_device is ranvier.device
    reinit_devices()
    reset_device()
    assert callable(get_logger)
    # index of the step holding t, as Brian's timestep(t, dt)
    assert timestep(0.3 * ranvier.ms, 0.1 * ranvier.ms) == 3
    assert float(zero_celsius) == 273.15
    assert b2["units"].constants.faraday_constant is faraday_constant


def test_physical_constants_are_consistent(b2):
    from brian2.units import constants as c
    from brian2.units import have_same_dimensions, joule, kelvin, mole
    # F = N_A e and R = N_A k to the precision of the CODATA 2014 set.
    assert float(c.faraday_constant) == pytest.approx(
        float(c.avogadro_constant * c.elementary_charge), rel=1e-8)
    assert float(c.gas_constant) == pytest.approx(
        float(c.avogadro_constant * c.boltzmann_constant), rel=1e-7)
    # mu_0 epsilon_0 c^2 = 1
    assert float(c.magnetic_constant * c.electric_constant
                 * 299792458.0 ** 2) == pytest.approx(1, rel=1e-9)
    assert have_same_dimensions(c.gas_constant, joule / (mole * kelvin))
    # Nernst factor RT/F at 36 degrees C, about 26.6 mV
    rt_f = c.gas_constant * (c.zero_celsius + 36 * kelvin) / c.faraday_constant
    assert float(rt_f) == pytest.approx(0.026643, rel=1e-4)


def test_method_objects_integrate_like_their_names(b2):
    ms = b2["ms"]
    results = {}
    for method in (b2["euler"], b2["rk4"], b2["exact"], b2["linear"]):
        group = ranvier.NeuronGroup(1, "dv/dt = -v/(10*ms) : 1",
                                    method=method, namespace={"ms": ms})
        group.v = 1
        net = ranvier.Network(group, backend="numpy")
        net.run(1 * ms, namespace={"ms": ms})
        results[str(method)] = float(group.v[0])
    assert b2["euler"] == "euler" and repr(b2["rk4"]).endswith("'rk4'>")
    # Euler: (1 - dt/tau)^10; the others match exp(-0.1) closely.
    assert results["euler"] == pytest.approx(0.99 ** 10, rel=1e-12)
    assert results["rk4"] == pytest.approx(math.exp(-0.1), rel=1e-10)
    assert results["exact"] == pytest.approx(math.exp(-0.1), rel=1e-12)
    assert results["linear"] == results["exact"]


def test_method_list_and_gsl_methods(b2):
    group = ranvier.NeuronGroup(1, "dv/dt = v**2/second : 1",
                                method=[b2["exact"], b2["heun"]],
                                namespace={"second": b2["second"]})
    assert group is not None
    with pytest.raises(NotImplementedError, match="GSL"):
        ranvier.NeuronGroup(1, "dv/dt = -v/second : 1",
                            method=b2["gsl_rk4"])


@pytest.mark.parametrize("name", ["SpatialNeuron", "Morphology", "Soma",
                                  "Cylinder", "Section", "ImportExport",
                                  "CodeRunner", "CythonCodeObject",
                                  "NumpyCodeObject", "StateUpdateMethod"])
def test_unbuilt_classes_raise_when_used(b2, name):
    with pytest.raises(NotImplementedError, match=name):
        b2[name]("x = 1")


def test_unbuilt_class_attributes_and_functions_raise(b2):
    with pytest.raises(NotImplementedError, match="Morphology.from_file"):
        b2["Morphology"].from_file("neuron.swc")
    with pytest.raises(TypeError, match="expected an ExplicitStateUpdater"):
        b2["StateUpdateMethod"].register("mine", object())
    with pytest.raises(NotImplementedError, match="custom_check"):
        b2["ExplicitStateUpdater"]("x_new = x", custom_check=len)
    with pytest.raises(NotImplementedError, match="declare_types"):
        b2["declare_types"](a="integer")
    with pytest.raises(NotImplementedError, match="apply_run_args"):
        b2["device"].apply_run_args()
    if b2["linked_var"] is not getattr(ranvier, "linked_var", None):
        with pytest.raises(NotImplementedError, match="linked_var"):
            b2["linked_var"](None, "v")


def test_numpy_helpers_removed_from_numpy(b2):
    assert b2["in1d"]([[1, 2], [3, 4]], [2, 3]).tolist() == \
        [False, True, True, False]
    assert b2["trapz"]([1, 2, 3]) == 4.0
    assert b2["trapz"]([0, 1], x=[0, 2]) == 1.0
    assert b2["numpy"] is np and b2["numpy_"] is np
    assert b2["signal"] is sys.modules["signal"]


def test_tables_are_read_only_views(b2):
    assert b2["DEFAULT_UNITS"]["mV"] is b2["mV"]
    assert b2["DEFAULT_CONSTANTS"]["pi"] == math.pi
    assert "exprel" in b2["DEFAULT_FUNCTIONS"]
    with pytest.raises(TypeError):
        b2["DEFAULT_UNITS"]["mV"] = 1


def test_is_scalar_type_as_brian(b2):
    is_scalar = b2["is_scalar_type"]
    mV = b2["mV"]
    # Observed under Brian 2.9: quantities and strings are not scalars.
    assert [is_scalar(3), is_scalar(np.array(3)), is_scalar(np.float32(2)),
            is_scalar(True)] == [True] * 4
    assert [is_scalar(3 * mV), is_scalar(np.array([3])), is_scalar("a"),
            is_scalar(np.ones(2) * mV)] == [False] * 4


def test_get_local_namespace_sees_caller(b2):
    def inner():
        local_value = 5  # noqa: F841
        return b2["get_local_namespace"](0)
    found = inner()
    assert found["local_value"] == 5
    assert "test_get_local_namespace_sees_caller" in found


def test_exprel_callable_from_python(b2):
    exprel = b2["exprel"]
    assert float(exprel(0.0)) == 1.0
    assert float(exprel(1e-3)) == pytest.approx(math.expm1(1e-3) / 1e-3,
                                                rel=1e-14)


def test_base_classes_and_isinstance(b2):
    ms = b2["ms"]
    group = ranvier.NeuronGroup(2, "v : 1", threshold="v > 1")
    monitor = ranvier.SpikeMonitor(group)
    poisson = ranvier.PoissonGroup(2, rates=10 * b2["Hz"])
    for obj in (group, monitor, poisson):
        assert isinstance(obj, b2["BrianObject"])
        assert isinstance(obj, b2["Nameable"])
        assert isinstance(obj, b2["Trackable"])
    assert isinstance(group, b2["Group"])
    assert isinstance(group, b2["VariableOwner"])
    assert isinstance(group, b2["SpikeSource"])
    assert isinstance(group[:1], b2["SpikeSource"])
    assert isinstance(poisson, b2["SpikeSource"])
    assert not isinstance(monitor, b2["SpikeSource"])
    assert isinstance(ranvier.magic_network(), b2["MagicNetwork"])
    assert b2["MagicNetwork"]() is ranvier.magic_network()
    assert issubclass(b2["MagicError"], RuntimeError)
    assert isinstance(1 * ms, ranvier.Quantity)


def test_expression_and_statements_are_code_strings(b2):
    group = ranvier.NeuronGroup(1, "v : 1",
                                threshold=b2["Expression"]("v > 1"),
                                reset=b2["Statements"]("v = 0"))
    assert b2["Expression"]("v > 1").code == "v > 1"
    assert group is not None
    with pytest.raises(TypeError, match="string"):
        b2["Expression"](3)


def test_brian_prefs_renamed_and_preference_error(b2):
    with pytest.raises(AttributeError, match="'prefs'"):
        b2["brian_prefs"].core
    with pytest.raises(b2["PreferenceError"], match="core.nonsense"):
        b2["prefs"].core.nonsense = 1
    with pytest.raises(b2["PreferenceError"]):
        b2["prefs"]["nosuchsection.key"] = 1


def test_register_preferences_and_restore_initial_state(b2):
    prefs, BrianPreference = b2["prefs"], b2["BrianPreference"]
    prefs.register_preferences(
        "mypackage", "my preferences",
        level=BrianPreference(3, "a level", validator=lambda v: v > 0))
    assert prefs.mypackage.level == 3
    prefs["mypackage.level"] = 4
    assert prefs.mypackage.level == 4
    with pytest.raises(b2["PreferenceError"], match="mypackage.level"):
        prefs.mypackage.level = -1
    with pytest.raises(b2["PreferenceError"], match="already"):
        prefs.register_preferences("mypackage", "again")
    prefs.codegen.target = "numpy"
    b2["defaultclock"].dt = 0.5 * b2["ms"]
    b2["restore_initial_state"]()
    assert prefs.codegen.target == "numba"
    assert float(b2["defaultclock"].dt) == pytest.approx(1e-4)
    assert not hasattr(prefs, "mypackage")


def test_scheduling_summary_lists_operations_in_order(b2):
    group = ranvier.NeuronGroup(2, "dv/dt = -v/(10*ms) : 1",  # noqa: F841
                                threshold="v > 1", reset="v = 0",
                                namespace={"ms": b2["ms"]})
    monitor = ranvier.SpikeMonitor(group)  # noqa: F841
    summary = b2["scheduling_summary"]()
    text = repr(summary)
    assert text == str(summary)
    slots = [line.split()[1] for line in text.splitlines()[1:]]
    assert slots == sorted(slots, key=["groups", "thresholds", "resets"]
                           .index)
    assert "groups" in slots and "resets" in slots
    net = ranvier.Network(group, monitor)
    assert str(b2["scheduling_summary"](net)) == net.scheduling_summary()


def test_cache_functions_use_ranvier_cache(b2, tmp_path, monkeypatch):
    monkeypatch.setenv("RANVIER_CACHE_DIR", str(tmp_path))
    folder = tmp_path / "numba"
    folder.mkdir()
    (folder / "kernel.py").write_text("x = 1\n")
    assert b2["check_cache"]("cython") == len("x = 1\n")
    b2["clear_cache"]("cython")
    assert not folder.exists()
    assert b2["check_cache"]("numba") == 0
    with pytest.raises(ValueError, match="numpy"):
        b2["clear_cache"]("numpy")


def test_register_new_unit_sets_display(b2):
    from ranvier.units import Unit, get_or_create_dimension
    dim = get_or_create_dimension(m=4, kg=3)
    unit = Unit(1.0, dim, "weirdunit", "wu")
    b2["register_new_unit"](unit)
    assert str(3 * unit) == "3. wu"
    with pytest.raises(TypeError, match="Unit"):
        b2["register_new_unit"](3 * b2["mV"])
    # A standard unit keeps its display.
    b2["register_new_unit"](b2["newton"] * b2["metre"])
    assert str(3 * b2["newton"] * b2["metre"]) == "3. J"


def test_std_silent_hides_output_unless_error(b2, capsys):
    with b2["std_silent"]():
        print("hidden")
    assert capsys.readouterr().out == ""
    with pytest.raises(ValueError):
        with b2["std_silent"]():
            print("shown on error")
            raise ValueError("boom")
    assert "shown on error" in capsys.readouterr().out


def test_brian_logger_levels_and_filters(b2):
    BrianLogger, get_logger = b2["BrianLogger"], b2["get_logger"]
    root = logging.getLogger("ranvier")
    saved_level, saved_handlers = root.level, list(root.handlers)
    try:
        BrianLogger.log_level_info()
        console = [h for h in root.handlers
                   if getattr(h, "_ranvier_console", False)][0]
        stream = io.StringIO()
        console.setStream(stream)
        get_logger("brian2.mymodule").info("first")
        get_logger("brian2.other").debug("not at info level")
        BrianLogger.suppress_hierarchy("brian2.mymodule")
        get_logger("brian2.mymodule.sub").info("suppressed")
        BrianLogger.suppress_name("quiet")
        get_logger("brian2.x.quiet").warn("suppressed too")
        log = get_logger("brian2.x")
        log.warn("once only", once=True)
        log.warn("once only", once=True)
        text = stream.getvalue()
        assert "first" in text and "[ranvier.mymodule]" in text
        assert "not at info level" not in text
        assert "suppressed" not in text
        assert text.count("once only") == 1
        BrianLogger.log_level_error()
        log.warn("hidden warning")
        assert "hidden warning" not in stream.getvalue()
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


def test_magic_network_is_an_object_as_in_brian(b2):
    ms = b2["ms"]
    ranvier.start_scope()
    group = ranvier.NeuronGroup(1, "v : 1")  # noqa: F841
    b2["run"](0.5 * ms)
    view = b2["magic_network"]
    assert float(view.t) == pytest.approx(5e-4)
    assert view() is ranvier.magic_network()
    assert isinstance(view, b2["MagicNetwork"])
    from brian2.core.magic import magic_network
    assert magic_network is view


def test_explicit_state_updater_as_method_and_by_name(b2):
    # Brian 2's documented way to add a method: describe it, register it,
    # use its name (here the midpoint rule on exponential decay).
    from ranvier.integration.methods import METHODS
    scheme = b2["ExplicitStateUpdater"]("""k = dt*f(x, t)
                                           x_new = x + dt*f(x + k/2, t)""")
    b2["StateUpdateMethod"].register("midpoint_for_test", scheme)
    try:
        ranvier.start_scope()
        eqs = "dv/dt = -v/(10*ms) : 1"
        G = ranvier.NeuronGroup(1, eqs, method="midpoint_for_test")
        H = ranvier.NeuronGroup(1, eqs, method=scheme)
        R = ranvier.NeuronGroup(1, eqs, method="rk2")
        for group in (G, H, R):
            group.v = 1
        ranvier.run(10 * ranvier.ms)
        # One midpoint step multiplies v by 1 - h + h**2/2 (h = dt/tau).
        expected = (1 - 0.01 + 0.01**2 / 2) ** 100
        assert G.v[0] == pytest.approx(expected, rel=1e-12)
        assert H.v[0] == G.v[0]
        assert R.v[0] == pytest.approx(expected, rel=1e-12)
    finally:
        METHODS.pop("midpoint_for_test", None)
