"""The harness that runs a Brian 2 script under both simulators."""

import math
import os
import sys
import textwrap
from pathlib import Path

import pytest

from ranvier.compat import compare, summary_driver

SCRIPT = textwrap.dedent('''
    from brian2 import *
    G = NeuronGroup(4, 'dv/dt = (2 - v)/(10*ms) : 1', threshold='v > 1',
                    reset='v = 0', method='exact', refractory=1*ms)
    S = Synapses(G, G, on_pre='v += 0')
    S.connect(condition='i != j')
    spikes = SpikeMonitor(G)
    trace = StateMonitor(G, 'v', record=[0])
    rate = PopulationRateMonitor(G)
    run(100*ms)
''')

REFERENCE = Path(__file__).resolve().parents[2] / ".venv-ref" / "bin" / "python"


def test_summary_of_a_script_run_on_ranvier(tmp_path, monkeypatch):
    script = tmp_path / "small.py"
    script.write_text(SCRIPT)
    monkeypatch.setenv("RANVIER_CACHE_DIR",
                       os.environ.get("RANVIER_CACHE_DIR", str(tmp_path)))
    result = compare.run_script(str(script), sys.executable, ranvier=True)
    assert result.ok, result.error
    summary = result.summary
    # Drive 2, threshold 1, tau 10 ms: period 10 ms * ln 2 = 6.93 ms,
    # so 14 spikes in 100 ms for each of 4 neurons.
    assert summary["spikes.num_spikes"] == 4 * 14
    assert summary["spikes.active_fraction"] == 1.0
    assert summary["S.N"] == 12
    # The population rate averaged over the run is the spike rate.
    assert summary["rate.rate.mean"] == pytest.approx(56 / 4 / 0.1)
    assert 0 < summary["trace.v.mean"] < 1
    # Final states of groups: with 0.1 ms steps v first exceeds 1 after 70
    # steps, so the neurons spiked at 7, 14, ..., 98 ms and are 2 ms past
    # their last reset: v = 2*(1 - exp(-0.2)).
    assert summary["G.final.v.mean"] == pytest.approx(
        2 * (1 - math.exp(-0.2)), rel=1e-6)
    assert summary["G.final.v.std"] == pytest.approx(0, abs=1e-9)
    # As Brian 2 lists them with a refractory period (which does not
    # hold v here: no '(unless refractory)').
    assert summary["G.final.lastspike.mean"] == pytest.approx(0.0979)
    assert summary["G.final.not_refractory.mean"] == 1.0


def test_a_failing_script_reports_its_error(tmp_path):
    script = tmp_path / "broken.py"
    script.write_text("from brian2 import *\nG = NeuronGroup(1, 'dv/dt = v : 1')\n"
                      "run(1*ms)\n")
    result = compare.run_script(str(script), sys.executable, ranvier=True)
    assert not result.ok
    assert "dimension" in result.error.lower() or "unit" in result.error.lower()


def test_summarise_records_errors_instead_of_stopping():
    class StateMonitor:  # a look-alike whose variable cannot be read
        record_variables = ["v"]

        @property
        def v(self):
            raise RuntimeError("gone")

    class SpikeMonitor:
        count = [0, 3, 1]

    out = summary_driver.summarise({"bad": StateMonitor(),
                                    "good": SpikeMonitor(), "_x": 1})
    assert out == {"good.num_spikes": 4.0, "good.active_fraction": 2 / 3}


def test_verdicts():
    rows = dict((r[0], r[1:]) for r in compare.compare_summaries(
        {"a.num_spikes": [1000.0], "b.mean": [1.0, 1.2, 0.8],
         "c.mean": [1.0], "only.ours": [2.0]},
        {"a.num_spikes": [1080.0], "b.mean": [1.5, 1.3, 1.7],
         "c.mean": [1.2], "only.theirs": [2.0]}))
    # 80 spikes apart, Poisson scatter of the difference sqrt(2080) = 46:
    # within four of it.
    assert rows["a.num_spikes"][3] == "ok"
    # Means 1.0 and 1.5, standard errors 0.115 each: 3.1 of the combined
    # 0.163, within four.
    assert rows["b.mean"][3] == "ok"
    assert rows["b.mean"][0] == pytest.approx(1.0)
    # Single deterministic runs 17 % apart.
    assert rows["c.mean"][3] == "DIFFERS"
    assert rows["c.mean"][2] == pytest.approx(0.2 / 1.2)
    assert rows["only.ours"][3] == "missing"
    assert math.isnan(rows["only.theirs"][2])


def test_means_near_zero_are_judged_against_their_spread():
    rows = dict((r[0], r[1:]) for r in compare.compare_summaries(
        {"I.mean": [1e-18], "I.std": [2e-3], "J.mean": [0.0],
         "J.std": [1.0]},
        {"I.mean": [-1e-18], "I.std": [2e-3], "J.mean": [0.2],
         "J.std": [1.0]}))
    assert rows["I.mean"][3] == "ok"        # both zero to rounding
    assert rows["J.mean"][3] == "DIFFERS"   # a fifth of the spread apart


@pytest.mark.skipif(not REFERENCE.exists(),
                    reason="needs Brian 2 in .venv-ref (not in CI)")
def test_agrees_with_brian2(tmp_path):
    script = tmp_path / "small_both.py"
    script.write_text(SCRIPT)
    assert compare.main([str(script), "--brian-python", str(REFERENCE)]) == 0


def test_example_report_rows_and_markdown(tmp_path, monkeypatch):
    from ranvier.compat import example_report
    folder = tmp_path / "examples"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "small.py").write_text(SCRIPT)
    (folder / "skipped.py").write_text("raise SystemExit(3)\n")
    monkeypatch.setenv("RANVIER_CACHE_DIR",
                       os.environ.get("RANVIER_CACHE_DIR", str(tmp_path)))
    out = tmp_path / "report.md"
    # Without Brian 2 installed, this interpreter stands in for it and
    # fails to import brian2: the report says so instead of stopping.
    example_report.main([str(folder), "--brian-python", sys.executable,
                         "--out", str(out), "--skip", "skipped*"])
    text = out.read_text()
    assert "| sub/small.py | ran (" in text
    assert "skipped.py" not in text
    row = __import__("json").loads(out.with_suffix(".json").read_text())[
        "sub/small.py"]
    assert row["ranvier_ok"] and not row["brian_ok"]
    assert "brian2" in row["brian_error"]


def test_unseeded_runs_ignore_the_scripts_seed(tmp_path, monkeypatch):
    script = tmp_path / "seeded.py"
    script.write_text(textwrap.dedent('''
        from brian2 import *
        seed(4)
        np.random.seed(4)
        G = NeuronGroup(50, 'v : 1')
        G.v = 'rand()'
        G.v += np.random.rand(50)
    '''))
    monkeypatch.setenv("RANVIER_CACHE_DIR",
                       os.environ.get("RANVIER_CACHE_DIR", str(tmp_path)))

    def mean_v():
        result = compare.run_script(str(script), sys.executable, ranvier=True)
        assert result.ok, result.error
        return result.summary["G.final.v.mean"]

    assert mean_v() == mean_v()
    parser = compare.argparse.ArgumentParser()
    compare.add_simulator_arguments(parser, timeout=60)
    monkeypatch.delenv(summary_driver.UNSEEDED, raising=False)
    args = parser.parse_args(["--brian-python", "python", "--unseeded"])
    compare.apply_simulator_arguments(args)
    try:
        assert mean_v() != mean_v()
    finally:
        os.environ.pop(summary_driver.UNSEEDED, None)
