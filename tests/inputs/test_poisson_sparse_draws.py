"""Poisson groups with small spike probabilities per step.

The compiled backend finds their spikes with geometric gaps (and thinning
for unequal rates) instead of one draw per neuron; these tests check the
result is still each neuron spiking independently with probability
``rate*dt`` per step, on both backends.
"""

import numpy as np
import pytest

from ranvier import Hz, Network, PoissonGroup, SpikeMonitor, ms, second, seed

DT = 0.1e-3


def _counts(backend, rates, n, duration):
    seed(11)
    group = PoissonGroup(n, rates=rates)
    mon = SpikeMonitor(group)
    Network(group, mon).run(duration)
    return group, mon


def _within(observed, expected, sigmas=5.0):
    return abs(observed - expected) <= sigmas * np.sqrt(expected) + 1


def test_equal_rates_counts_and_intervals(backend):
    n, duration = 400, 2 * second
    group, mon = _counts(backend, 25 * Hz, n, duration)
    assert _within(mon.num_spikes, n * 25 * 2)
    # Within one neuron, intervals in steps are geometric with p = 0.0025:
    # mean 1/p, variance (1-p)/p**2.
    p = 25 * DT
    steps = np.round(np.asarray(mon.t / second) / DT).astype(int)
    gaps = np.concatenate([np.diff(steps[mon.i == k]) for k in range(n)])
    assert gaps.min() >= 1
    assert np.mean(gaps) == pytest.approx(1 / p, rel=0.05)
    assert np.var(gaps) == pytest.approx((1 - p) / p**2, rel=0.1)
    # Neurons are independent: no two neurons' counts are correlated with
    # the neuron index (a skipping bug favours low or high indices).
    counts = mon.count
    halves = counts[: n // 2].sum(), counts[n // 2:].sum()
    assert abs(halves[0] - halves[1]) <= 5 * np.sqrt(sum(halves))


def test_unequal_rates_are_thinned_correctly(backend):
    n, duration = 400, 2 * second
    rates = "(i % 4) * 40*Hz"
    group, mon = _counts(backend, rates, n, duration)
    for k, rate in enumerate([0, 40, 80, 120]):
        observed = mon.count[k::4].sum()
        expected = rate * 2 * n / 4
        assert _within(observed, expected), (k, observed, expected)
    assert mon.count[0::4].sum() == 0


def test_large_probabilities_take_the_dense_draws(backend):
    # 2 kHz at 0.1 ms: p = 0.2 per step, above the sparse threshold.
    group, mon = _counts(backend, 2000 * Hz, 50, 200 * ms)
    assert _within(mon.num_spikes, 2000 * 0.2 * 50)
    steps = np.round(np.asarray(mon.t / second) / DT).astype(int)
    pairs = set(zip(mon.i.tolist(), steps.tolist()))
    assert len(pairs) == mon.num_spikes     # at most one spike per step


def test_rates_changed_between_runs(backend):
    seed(5)
    group = PoissonGroup(300, rates=10 * Hz)
    mon = SpikeMonitor(group)
    net = Network(group, mon)
    net.run(1 * second)
    first = mon.num_spikes
    group.rates = np.where(np.arange(300) < 150, 0, 60) * Hz
    net.run(1 * second)
    assert _within(first, 300 * 10)
    later = mon.count - np.bincount(mon.i[:first], minlength=300)
    assert later[:150].sum() == 0
    assert _within(later[150:].sum(), 150 * 60)


@pytest.mark.parametrize("start, stop, p", [(0, 1, 0.08), (2, 5, 0.05),
                                            (0, 40, 0.004)])
def test_sparse_events_stay_inside_the_range(start, stop, p):
    # A kernel like a Poisson group's threshold, on the compiled backend,
    # checked step by step: every event lies in [start, stop), and each
    # element has its event with probability p.
    from ranvier.backends import get_backend
    from ranvier.ir.kernel import Kernel, range_domain
    from ranvier.lang.parse import parse_condition
    from ranvier.objects.clock import Clock

    clock = Clock(0.1 * ms)

    class Op:
        def __init__(self, kernel):
            self.name, self.kernel, self.callable = kernel.name, kernel, None
            self.clock = clock

    kernel = Kernel("draws", range_domain(start, stop), (), (("p", p),),
                    (), parse_condition("rand() < p"), "events")
    arrays = {"events": np.zeros(stop + 2, np.int32)}
    runner = get_backend("numba").prepare([Op(kernel)], arrays,
                                          np.random.default_rng(0))
    steps, counts = 5000, np.zeros(stop + 2, int)
    for _ in range(steps):
        runner.step({id(clock)})
        found = arrays["events"][:arrays["events"][-1]]
        assert np.all((found >= start) & (found < stop))
        counts[found] += 1
    expected = steps * p
    for k in range(start, stop):
        assert abs(counts[k] - expected) <= 5 * np.sqrt(expected) + 1
