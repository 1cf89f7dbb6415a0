"""Pair-based STDP with event-driven traces against the analytic rule."""

import numpy as np
import pytest

from ranvier import (Network, SpikeGeneratorGroup, Synapses, ms)

TAU_PRE = TAU_POST = 20 * ms
A_PRE, A_POST = 0.01, -0.0105

MODEL = """w : 1
           dapre/dt = -apre/taupre : 1 (event-driven)
           dapost/dt = -apost/taupost : 1 (event-driven)"""
ON_PRE = """apre += Apre
            w = w + apost"""
ON_POST = """apost += Apost
             w = w + apre"""
NAMESPACE = {"taupre": TAU_PRE, "taupost": TAU_POST, "Apre": A_PRE,
             "Apost": A_POST}


def rule(dt_ms):
    """The weight change of one pre/post pair, post - pre = dt."""
    tau = float(TAU_PRE / ms)
    return np.where(dt_ms >= 0, A_PRE * np.exp(-dt_ms / tau),
                    A_POST * np.exp(dt_ms / tau))


def stdp_run(pre_times, post_times, duration):
    """One synapse per (pre, post) neuron pair k; spike times in ms,
    given as lists (one list of times per pair)."""
    K = len(pre_times)
    flat = lambda times: (np.concatenate([[k] * len(t) for k, t in
                                          enumerate(times)]).astype(int),
                          np.concatenate(times) * ms)
    pre = SpikeGeneratorGroup(K, *flat(pre_times))
    post = SpikeGeneratorGroup(K, *flat(post_times))
    S = Synapses(pre, post, MODEL, on_pre=ON_PRE, on_post=ON_POST,
                 namespace=NAMESPACE)
    S.connect(j="i")
    Network(pre, post, S).run(duration)
    return np.asarray(S.w)


@pytest.mark.parametrize("dt_ms", [-60.0, -20.0, -7.3, -0.1, 0.1, 2.5, 20.0,
                                   45.0])
def test_single_pair_matches_rule(dt_ms):
    t_pre = 80.0
    w = stdp_run([[t_pre]], [[t_pre + dt_ms]], 200 * ms)
    assert w[0] == pytest.approx(float(rule(np.array(dt_ms))), rel=1e-9)


def test_many_pairs_at_once_and_the_window_shape():
    dts = np.round(np.linspace(-80, 80, 33), 1)
    w = stdp_run([[100.0]] * len(dts), [[100.0 + d] for d in dts], 250 * ms)
    np.testing.assert_allclose(w, rule(dts), rtol=1e-9)
    assert np.all(w[dts > 0] > 0) and np.all(w[dts < 0] < 0)
    # Potentiation decays with the delay, depression with the advance.
    assert np.all(np.diff(w[dts > 0]) < 0)
    assert np.all(np.diff(w[dts < 0]) < 0)


def test_spike_trains_sum_over_all_pairs():
    rng = np.random.default_rng(7)
    pre = [np.round(np.sort(rng.uniform(1, 150, 6)), 1) for _ in range(5)]
    post = [np.round(np.sort(rng.uniform(1, 150, 5)), 1) for _ in range(5)]
    for k in range(5):   # one spike per step and neuron
        pre[k] = np.unique(pre[k])
        post[k] = np.unique(post[k])
    w = stdp_run(pre, post, 200 * ms)
    expected = [rule(np.subtract.outer(b, a)).sum()
                for a, b in zip(pre, post)]
    np.testing.assert_allclose(w, expected, rtol=1e-9)
