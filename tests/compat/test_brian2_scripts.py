"""Unmodified Brian 2 scripts run on ranvier."""

import os
import subprocess
import sys
import textwrap

import pytest

from ranvier.compat import brian2 as compat

SCRIPT = textwrap.dedent('''
    from brian2 import *
    from brian2.units.allunits import mvolt
    import brian2

    tau = 10*ms
    G = NeuronGroup(3, 'dv/dt = (1.2 - v)/tau : 1', threshold='v > 1',
                    reset='v = 0', method='exact')
    M = SpikeMonitor(G)
    run(100*ms)
    print("spikes", M.num_spikes, "version", brian2.__version__)
    print("units", 3*mvolt == 3*mV, "pylab", callable(plot))
''')


def test_python_m_ranvier_runs_brian2_script(tmp_path):
    script = tmp_path / "brian_script.py"
    script.write_text(SCRIPT)
    done = subprocess.run([sys.executable, "-m", "ranvier", str(script)],
                          capture_output=True, text=True,
                          env={"MPLBACKEND": "Agg", "PATH": "",
                               "RANVIER_CACHE_DIR":
                                   os.environ.get("RANVIER_CACHE_DIR",
                                                  str(tmp_path / "cache"))})
    assert done.returncode == 0, done.stderr
    # 1.2 drive, tau 10 ms: period tau*ln(6) = 17.9 ms -> 5 spikes each.
    assert "spikes 15 version 2.9.0" in done.stdout
    assert "units True pylab True" in done.stdout


def test_install_maps_modules_and_device():
    compat.install()
    try:
        import brian2
        from brian2.units.fundamentalunits import DimensionMismatchError
        from brian2 import set_device, device, ms
        import ranvier
        assert brian2.NeuronGroup is ranvier.NeuronGroup
        assert DimensionMismatchError is ranvier.DimensionMismatchError
        with pytest.warns(compat.device_module.StandaloneNote,
                          match="compiled backend"):
            set_device("cpp_standalone", directory="unused")
        device.build(directory="unused")
        assert ranvier.prefs.codegen.target == "numba"
        with pytest.raises(ValueError, match="unknown device"):
            set_device("quantum")
    finally:
        ranvier.prefs.codegen.target = "numpy"
        compat.device_module.device.name = "runtime"
        compat.uninstall()
    assert "brian2" not in sys.modules


def test_usage_message(capsys):
    from ranvier.__main__ import main
    assert main([]) == 2
    assert "usage" in capsys.readouterr().out


def test_script_imports_modules_next_to_it(tmp_path, monkeypatch):
    # As `python script.py`: Brian 2's examples import helpers (such as
    # plot_utils) from their own folder.
    from ranvier.__main__ import main
    (tmp_path / "helper_next_to_script.py").write_text("VALUE = 42\n")
    out = tmp_path / "out.txt"
    script = tmp_path / "script.py"
    script.write_text("import helper_next_to_script as h\n"
                      "from brian2 import ms\n"
                      f"open({str(out)!r}, 'w').write(str(h.VALUE * ms))\n")
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    try:
        assert main([str(script)]) == 0
    finally:
        compat.uninstall()
        sys.modules.pop("helper_next_to_script", None)
    assert out.read_text() == "42. ms"
