"""NumPy names removed by newer NumPy, put back while Brian 2 scripts run
under ranvier.compat.brian2.install()."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from ranvier.compat import brian2 as compat
from ranvier.compat import numpy_names


@pytest.fixture
def installed():
    was_installed = getattr(sys.modules.get("brian2"), "__ranvier__", False)
    compat.install()
    yield
    if not was_installed:
        compat.uninstall()


def missing_before():
    return [n for n in numpy_names.removed_names()
            if n not in numpy_names.installed_names() and not hasattr(np, n)]


def test_install_adds_only_missing_names_and_uninstall_removes_them():
    if getattr(sys.modules.get("brian2"), "__ranvier__", False):
        pytest.skip("another test left the compatibility layer installed")
    present = {n: getattr(np, n) for n in numpy_names.removed_names()
               if hasattr(np, n)}
    missing = missing_before()
    compat.install()
    try:
        assert sorted(numpy_names.installed_names()) == sorted(missing)
        for name in missing:
            assert hasattr(np, name)
        # Names the installed NumPy still has are NumPy's own.
        for name, value in present.items():
            assert getattr(np, name) is value
    finally:
        compat.uninstall()
    assert numpy_names.installed_names() == []
    for name in missing:
        assert not hasattr(np, name)
    for name, value in present.items():
        assert getattr(np, name) is value


def test_uninstall_leaves_a_name_the_script_replaced():
    missing = missing_before()
    if not missing:
        pytest.skip("this NumPy has every old name")
    name = missing[0]
    numpy_names.install()
    mine = object()
    setattr(np, name, mine)
    numpy_names.uninstall()
    try:
        assert getattr(np, name) is mine
    finally:
        delattr(np, name)


def test_values_match_numpy_semantics(installed):
    a = np.array([[3, 1], [2, 5]])
    # in1d flattens its first argument (NumPy 1.x/2.2 behaviour).
    assert np.in1d(a, [1, 5]).tolist() == [False, True, False, True]
    assert np.in1d(a, [1, 5], invert=True).tolist() == [True, False, True,
                                                        False]
    assert np.trapz([1, 2, 3]) == 4.0
    assert np.trapz([0, 1, 4], x=[0, 1, 3]) == pytest.approx(0.5 + 5.0)
    assert np.product([2, 3, 4]) == 24
    assert np.cumproduct([2, 3, 4]).tolist() == [2, 6, 24]
    assert np.alltrue([True, False]) is np.False_
    assert np.sometrue([True, False]) is np.True_
    assert np.round_(2.567, 1) == pytest.approx(2.6)
    assert np.msort(a).tolist() == [[2, 1], [3, 5]]
    assert np.asfarray([1, 2]).dtype == np.float64
    assert np.asfarray([1, 2], dtype=np.int32).dtype == np.float64
    assert np.asfarray([1, 2], dtype=np.float32).dtype == np.float32
    assert np.Inf == np.inf and np.NINF == -np.inf and np.isnan(np.NaN)
    assert np.copysign(1, np.NZERO) == -1.0 and np.PZERO == 0.0
    assert np.float_ is np.float64 and np.complex_ is np.complex128
    assert np.string_ is np.bytes_ and np.unicode_ is np.str_
    assert np.int0 is np.intp and np.bool8 is np.bool_


def test_names_without_exact_equivalent_stay_missing(installed):
    # find_common_type's promotion rules are not result_type's.
    if not hasattr(np, "find_common_type"):
        assert "find_common_type" not in numpy_names.installed_names()
        with pytest.raises(AttributeError):
            np.find_common_type


def test_old_names_work_on_quantities(installed):
    from ranvier import ms, mV
    v = np.array([1.0, 2.0, 3.0]) * mV
    area = np.trapz(v, dx=1 * ms)
    assert float(area / (mV * ms)) == pytest.approx(4.0)
    assert np.in1d(np.array([1, 2, 3]) * ms, [2] * ms).tolist() == \
        [False, True, False]


def test_brian2_script_using_np_in1d_runs(tmp_path):
    script = tmp_path / "uses_in1d.py"
    script.write_text(textwrap.dedent("""
        import numpy as np
        from brian2 import *
        G = NeuronGroup(4, 'v : 1')
        G.v = 'i'
        keep = np.in1d(np.arange(4), [1, 3])
        print(int(np.sum(G.v[keep])), np.trapz([1, 1]), np.float_(2))
    """))
    result = subprocess.run([sys.executable, "-m", "ranvier", str(script)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["4", "1.0", "2.0"]


def test_star_import_sum_takes_generators_as_older_numpy(installed):
    import brian2
    from ranvier import ms
    # NumPy 2.2 (Brian 2.9's) summed a generator with Python's sum and
    # warned; NumPy 2.4 raises TypeError.
    with pytest.warns(DeprecationWarning, match="generator"):
        total = brian2.sum(t for t in [1 * ms, 2 * ms])
    assert float(total / ms) == pytest.approx(3.0)
    out = np.zeros(())
    with pytest.warns(DeprecationWarning):
        assert brian2.sum((x for x in [1.0, 2.5]), out=out) is out
    assert float(out) == 3.5
    # Everything else is NumPy's sum.
    assert brian2.sum(np.ones((2, 3)), axis=0).tolist() == [2.0, 2.0, 2.0]
    assert float(brian2.sum(np.array([1.0, 2.0]) * ms) / ms) == 3.0
    assert "sum" in brian2.__all__
