"""BinomialFunction: draws from a binomial distribution in model code."""

from __future__ import annotations

import itertools
import numbers

import numpy as np

from ranvier.lang.functions import FunctionSpec, dimensionless_rule
from ranvier.units import DIMENSIONLESS, get_dimensions

__all__ = ["BinomialFunction"]

_names = itertools.count()


# For compiled backends: n and p arrive as one-element arrays (see
# FunctionSpec.numba_data); Numba supports np.random.binomial.
def _numba_binomial(n, p):
    return np.random.binomial(n[0], p[0])


class BinomialFunction:
    """A function of no arguments returning the number of successes in
    ``n`` trials of probability ``p``, drawn independently at each call
    (one value per element when called in a per-neuron statement).

    Parameters
    ----------
    n : int
        Number of trials (not negative).
    p : float
        Probability of success of each trial, in ``[0, 1]``.
    approximate : bool
        Accepted for compatibility with Brian 2, which may draw from a
        normal or Poisson approximation; ranvier always draws exactly.
    name : str, optional
        The name in messages.

    Raises
    ------
    ValueError
        For ``n`` that is not a non-negative integer, or ``p`` outside
        ``[0, 1]``.
    TypeError
        For ``p`` with physical units.

    Examples
    --------
    >>> inputs = BinomialFunction(100, 0.01)
    >>> inputs.function_spec.result_kind
    'integer'
    """

    def __init__(self, n, p, approximate: bool = True,
                 name: str | None = None):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) \
                or n < 0:
            raise ValueError(f"BinomialFunction needs a non-negative integer "
                             f"number of trials n, got {n!r}")
        if get_dimensions(p) is not DIMENSIONLESS:
            raise TypeError(f"BinomialFunction needs a dimensionless "
                            f"probability p, got {p!r}")
        p = float(np.asarray(p))
        if not 0 <= p <= 1:
            raise ValueError(f"BinomialFunction needs a probability p in "
                             f"[0, 1], got {p}")
        self.n = int(n)
        self.p = p
        self.approximate = approximate
        count = next(_names)
        self.name = name or ("binomial" if count == 0
                             else f"binomial_{count}")
        self._spec = FunctionSpec(
            self.name, 0, dimensionless_rule(), "integer", self._draw,
            stateless=False, needs_size=True,
            numba_implementation=_numba_binomial,
            numba_data=((f"_binomial_{count}.n", np.array([self.n])),
                        (f"_binomial_{count}.p", np.array([self.p]))))

    def _draw(self, rng: np.random.Generator, size):
        return np.asarray(rng.binomial(self.n, self.p, size),
                          dtype=np.int64)[()]

    @property
    def function_spec(self) -> FunctionSpec:
        return self._spec

    def __repr__(self):
        return f"<BinomialFunction {self.name!r}: n={self.n}, p={self.p}>"
