"""Exact moments of binomial samples, for tolerances in the input tests.

Imported by name (``from input_stats import ...``): pytest puts this folder
on ``sys.path``. Every bound is ``SIGMAS`` standard deviations of the
statistic under the null hypothesis that the simulator draws what it
should: a correct simulator fails one comparison with probability below
1e-6.
"""

import math

SIGMAS = 5


def binomial_moments(n, p):
    """Mean, variance and fourth central moment of Binomial(n, p)."""
    q = 1 - p
    var = n * p * q
    return n * p, var, var * (1 + 3 * (n - 2) * p * q)


def mean_sd(n, p, samples):
    """Standard deviation of the mean of ``samples`` Binomial(n, p)."""
    return math.sqrt(n * p * (1 - p) / samples)


def variance_sd(n, p, samples):
    """Standard deviation of the unbiased sample variance of ``samples``
    draws of Binomial(n, p): Var(s^2) = (mu4 - sigma^4 (m-3)/(m-1)) / m."""
    _, var, mu4 = binomial_moments(n, p)
    m = samples
    return math.sqrt((mu4 - var ** 2 * (m - 3) / (m - 1)) / m)


def assert_close(observed, expected, sd, what):
    """``observed`` lies within SIGMAS standard deviations of ``expected``."""
    assert abs(observed - expected) <= SIGMAS * sd, (
        f"{what}: observed {observed}, expected {expected} +- "
        f"{SIGMAS}*{sd:.4g}")
