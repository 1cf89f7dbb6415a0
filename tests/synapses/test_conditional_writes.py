"""Synaptic writes to variables flagged ``(unless refractory)`` take
effect only outside the refractory period (Brian 2's conditional
writes); the reset still writes."""

import numpy as np
import pytest

from ranvier import (NeuronGroup, SpikeGeneratorGroup, StateMonitor,
                     Synapses, ms, run, start_scope)


def _kicked(flag, refractory=1 * ms):
    # A kick of 1.2 at 0.5 ms makes the neuron spike (reset to -1 and
    # refractory until 1.6 ms); a second kick arrives at 1.0 ms.
    start_scope()
    G = NeuronGroup(1, f"""dv/dt = -v/(10*ms) : 1 {flag}
                           dg/dt = -g/(10*ms) : 1""",
                    threshold="v > 1", reset="v = -1", method="exact",
                    refractory=refractory)
    inp = SpikeGeneratorGroup(1, [0, 0], [0.5 * ms, 1.0 * ms])
    S = Synapses(inp, G, on_pre="v_post += 1.2\ng_post += 1")
    S.connect()
    M = StateMonitor(G, ["v", "g"], record=0)
    run(2 * ms)
    return M


def test_input_during_refractoriness_is_dropped(backend):
    M = _kicked("(unless refractory)")
    v = M.v[0]
    # Held at the reset value through the refractory period, 0.7-1.6 ms,
    # the second kick included; then it decays.
    np.testing.assert_array_equal(v[7:17], -1)
    assert v[17] == pytest.approx(-np.exp(-0.01), rel=1e-12)
    # g has no flag: both kicks count.
    assert M.g[0][11] == pytest.approx(1 + np.exp(-0.05), rel=1e-12)


def test_without_the_flag_or_a_refractory_period_input_counts(backend):
    for flag, refractory in (("", 1 * ms), ("(unless refractory)", False)):
        M = _kicked(flag, refractory)
        # The second kick lands on the reset (and decayed) value.
        assert M.v[0][11] > 0


def test_presynaptic_writes_follow_the_presynaptic_neuron(backend):
    start_scope()
    G = NeuronGroup(2, """dv/dt = -v/(10*ms) : 1 (unless refractory)
                          fire : 1""",
                    threshold="fire > 0", reset="fire = 0", method="exact",
                    refractory=5 * ms)
    S = Synapses(G, G, on_post="v_pre += 1")
    S.connect(i=0, j=1)
    G.fire = [1, 0]
    run(0.2 * ms)
    G.fire = [0, 1]         # neuron 0 is refractory when 1 spikes
    run(0.2 * ms)
    assert G.v[0] == 0
    G.fire = [1, 0]
    run(0.1 * ms)
    G.fire = [0, 1]
    run(10 * ms)            # ... until it is not
    G.fire = [0, 1]
    run(0.1 * ms)
    assert G.v[0] > 0.9


def test_run_regularly_writes_conditionally_too(backend):
    start_scope()
    G = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1 (unless refractory)",
                    threshold="v > 1", reset="v = -1", method="exact",
                    refractory=1 * ms)
    G.v = 2
    G.run_regularly("v += 0.5", dt=0.3 * ms)
    M = StateMonitor(G, "v", record=0)
    run(1.5 * ms)
    # Spike in the first step; the runs at 0.3, 0.6 and 0.9 ms fall in
    # the refractory period and change nothing; the one at 1.2 ms counts
    # (and runs before the monitor records, as in Brian 2).
    np.testing.assert_array_equal(M.v[0][1:11], -1)
    assert M.v[0][12] == pytest.approx(-np.exp(-0.02) + 0.5, rel=1e-12)


def test_the_internal_select_cannot_be_named_in_model_code():
    from ranvier.lang.errors import ModelNameError
    start_scope()
    G = NeuronGroup(1, "v : 1")
    G.run_regularly("v = _select(True, 1, 2)")
    with pytest.raises(ModelNameError, match="unknown function '_select'"):
        run(0.1 * ms)
