"""PoissonGroup: spike statistics against the binomial distribution of
per-step Bernoulli draws, time-varying rates, subgroups, errors."""

import numpy as np
import pytest

from input_stats import assert_close, mean_sd, variance_sd
from ranvier import (Hz, ModelNameError, ModelSyntaxError, ModelUnitError,
                     Network, PoissonGroup, SpikeMonitor, TimedArray, ms,
                     mV, pi, second, seed, start_scope, run)
from ranvier.objects.base import BuildContext
from ranvier.units import DimensionMismatchError


def spike_counts(P, duration, level=1):
    """Spikes per neuron and per step of one run of ``P``."""
    mon = SpikeMonitor(P)
    Network(P, mon).run(duration, level=level)
    steps = int(round(float(duration / P.clock.dt)))
    step = np.round(mon.t_ / P.clock.dt_).astype(int)
    per_neuron = np.bincount(mon.i, minlength=P.N)
    per_step = np.bincount(step, minlength=steps)
    return per_neuron, per_step, mon


@pytest.mark.parametrize("seed_value, rate, dt, n_steps", [
    (1, 40 * Hz, 0.1 * ms, 2000),
    (2, 40 * Hz, 0.1 * ms, 2000),
    (3, 40 * Hz, 0.1 * ms, 2000),
    # p = 0.2: the variance (32) is clearly binomial, not Poisson (40).
    (4, 200 * Hz, 1 * ms, 200),
])
def test_counts_are_binomial(seed_value, rate, dt, n_steps):
    seed(seed_value)
    N = 2000
    P = PoissonGroup(N, rate, dt=dt)
    counts, per_step, _ = spike_counts(P, n_steps * dt)
    p = float(rate * dt)
    assert_close(counts.mean(), n_steps * p, mean_sd(n_steps, p, N),
                 "mean count per neuron")
    assert_close(counts.var(ddof=1), n_steps * p * (1 - p),
                 variance_sd(n_steps, p, N), "variance of counts")
    # Per step, the number of spiking neurons is Binomial(N, p).
    assert_close(per_step.var(ddof=1), N * p * (1 - p),
                 variance_sd(N, p, n_steps), "variance per step")


def test_time_varying_rate_follows_the_expression():
    seed(11)
    N, dt, n_steps = 2000, 0.1 * ms, 4000
    P = PoissonGroup(N, "(1 + sin(2*pi*5*Hz*t))*20*Hz", dt=dt)
    assert pi  # found by name resolution in this frame
    _, per_step, _ = spike_counts(P, n_steps * dt)
    t = np.arange(n_steps) * float(dt / second)
    p = (1 + np.sin(2 * np.pi * 5 * t)) * 20 * float(dt / second)
    # 16 bins of 25 ms: expectations from ~0.2 to ~7.5 spikes per neuron.
    for k in range(16):
        part = slice(250 * k, 250 * (k + 1))
        expected = N * p[part].sum()
        sd = np.sqrt(N * (p[part] * (1 - p[part])).sum())
        assert_close(per_step[part].sum(), expected, sd, f"bin {k}")


def test_rates_expression_of_the_index():
    seed(12)
    N, dt, n_steps = 40, 0.1 * ms, 2000
    P = PoissonGroup(N, "i*25*Hz", dt=dt)
    counts, _, _ = spike_counts(P, n_steps * dt)
    assert counts[0] == 0
    for i in range(1, N):
        p = i * 25 * 1e-4
        assert_close(counts[i], n_steps * p, mean_sd(n_steps, p, 1),
                     f"neuron {i}")


def test_timed_array_rates_switch_at_exact_steps():
    # p = rate*dt = 1 spikes every step, p = 0 never: the steps between
    # the array's boundaries (0.5 ms and 1 ms) spike, the others do not.
    stim = TimedArray([0, 10000, 0] * Hz, dt=0.5 * ms)
    P = PoissonGroup(5, "stim(t)", dt=0.1 * ms)
    counts, per_step, _ = spike_counts(P, 1.5 * ms)
    np.testing.assert_array_equal(per_step, [0] * 5 + [5] * 5 + [0] * 5)
    np.testing.assert_array_equal(counts, [5] * 5)


def test_rates_as_array_and_the_rates_variable():
    seed(13)
    rates = np.array([0.0, 10000.0, 0.0, 10000.0]) * Hz
    P = PoissonGroup(4, rates, dt=0.1 * ms)
    np.testing.assert_array_equal(P.rates / Hz, rates / Hz)
    counts, _, _ = spike_counts(P, 1 * ms)
    np.testing.assert_array_equal(counts, [0, 10, 0, 10])
    P.rates = 0 * Hz
    P.rates[2] = 10000 * Hz
    counts, _, _ = spike_counts(P, 1 * ms)
    np.testing.assert_array_equal(counts, [0, 0, 10, 0])


def test_rates_of_an_expression_are_read_at_the_current_time():
    P = PoissonGroup(3, "(1 + t/ms)*i*Hz", dt=0.5 * ms)
    np.testing.assert_allclose(P.rates / Hz, [0, 1, 2])
    Network(P).run(1 * ms)
    np.testing.assert_allclose(P.rates / Hz, [0, 2, 4])
    with pytest.raises(ModelNameError, match="read-only"):
        P.rates = 3 * Hz


def test_subgroups_see_their_slice():
    seed(14)
    P = PoissonGroup(50, "i*200*Hz", dt=0.1 * ms)
    sub = P[20:30]
    all_spikes, in_sub = SpikeMonitor(P), SpikeMonitor(sub)
    Network(P, all_spikes, in_sub).run(5 * ms)
    chosen = (all_spikes.i >= 20) & (all_spikes.i < 30)
    assert chosen.sum() > 50
    np.testing.assert_array_equal(in_sub.i, all_spikes.i[chosen] - 20)
    np.testing.assert_array_equal(in_sub.t_, all_spikes.t_[chosen])
    assert len(sub) == 10 and sub[2:4].N == 2
    Q = PoissonGroup(5, np.arange(5) * Hz)
    np.testing.assert_array_equal(Q[1:3].rates / Hz, [1, 2])
    np.testing.assert_array_equal(Q[1:4][1:].rates / Hz, [2, 3])


def test_monitor_records_rates_at_spikes():
    seed(15)
    P = PoissonGroup(10, np.arange(10) * 500 * Hz, dt=0.1 * ms)
    mon = SpikeMonitor(P, variables="rates")
    Network(P, mon).run(2 * ms)
    assert mon.num_spikes > 10
    np.testing.assert_array_equal(mon.rates, np.asarray(P.rates)[mon.i] * Hz)


def test_namespace_and_magic_run():
    start_scope()
    seed(16)
    P = PoissonGroup(3, "level", namespace={"level": 10000 * Hz}, dt=0.1 * ms)
    mon = SpikeMonitor(P)
    run(0.3 * ms)
    assert mon.num_spikes == 9
    assert repr(P) == f"<PoissonGroup {P.name!r} of 3 neurons>"
    assert P.events == ("spike",)


def test_schedule_slot():
    P = PoissonGroup(2, 1 * Hz, when="start", order=3)
    op, = P.operations(BuildContext())
    assert (op.when, op.order) == ("start", 3)
    assert op.kernel.events_out == P.event_buffer("spike")


# -- errors -------------------------------------------------------------------

@pytest.mark.parametrize("N", [0, -3, 2.5, True, "10"])
def test_bad_size(N):
    with pytest.raises(ValueError, match="positive integer number"):
        PoissonGroup(N, 10 * Hz)


def test_bad_rates():
    with pytest.raises(DimensionMismatchError, match="rates must be given in "
                       "units of Hz"):
        PoissonGroup(3, 10 * mV)
    with pytest.raises(DimensionMismatchError, match="units of Hz"):
        PoissonGroup(3, 10)
    with pytest.raises(ValueError, match="one rate or 3 rates, got shape"):
        PoissonGroup(3, [1, 2] * Hz)
    with pytest.raises(ValueError, match="must not be negative"):
        PoissonGroup(3, -1 * Hz)
    with pytest.raises(TypeError, match="namespace must be a dictionary"):
        PoissonGroup(3, 1 * Hz, namespace=[1])


def test_rates_expression_errors():
    with pytest.raises(ModelSyntaxError):
        PoissonGroup(3, "10*Hz +")
    P = PoissonGroup(3, "10*mV", dt=0.1 * ms)
    with pytest.raises(ModelUnitError, match="the rates should have units "
                       "of hertz, got volt") as info:
        Network(P).run(0.1 * ms)
    assert "rates" in str(info.value) and "^^^^^" in str(info.value)
    Q = PoissonGroup(3, "unknown_rate", dt=0.1 * ms)
    with pytest.raises(ModelNameError, match="unknown identifier "
                       "'unknown_rate'"):
        Network(Q).run(0.1 * ms)


def test_bad_subgroups():
    P = PoissonGroup(10, 1 * Hz)
    with pytest.raises(TypeError, match="made by slicing"):
        P["i > 3"]
    with pytest.raises(IndexError, match="contiguous"):
        P[::2]
    with pytest.raises(IndexError, match="empty subgroup"):
        P[5:5]
