"""Brian 2's profiling API through the compatibility layer: run(...,
profile=True), magic_network.profiling_info, profiling_summary."""

import subprocess
import sys
import textwrap


def test_brian2_script_profiles_its_run(tmp_path):
    # The calls of Brian 2's examples (Wang_2002, float_32_64_benchmark).
    script = tmp_path / "profiled.py"
    script.write_text(textwrap.dedent("""
        from brian2 import *
        from brian2.core.network import profiling_summary as from_module
        G = NeuronGroup(200, 'dv/dt = (1.2 - v)/(10*ms) : 1',
                        threshold='v > 1', reset='v = 0', name='cells')
        mon = SpikeMonitor(G)
        run(20*ms, profile=True)
        info = magic_network.profiling_info
        total = sum(t for name, t in info)
        assert all(t > 0*second for name, t in info)
        summary = profiling_summary(show=2)
        assert len(summary.names) == 2
        assert from_module is profiling_summary
        print(len(info), total > 0*second, sorted(n for n, _ in info)[0])
        print(profiling_summary(magic_network))
    """))
    result = subprocess.run([sys.executable, "-W", "ignore", "-m", "ranvier",
                             str(script)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "4 True cells_resetter"
    assert lines[1:3] == ["Profiling summary", "================="]
    assert len([ln for ln in lines[3:] if ln.strip()]) == 4
    assert all(ln.rstrip().endswith("%") for ln in lines[3:] if ln.strip())
