"""Synapses.connect: every form, its statistics, and its errors."""

import time

import numpy as np
import pytest

from ranvier import NeuronGroup, Synapses, mV, seed
from ranvier.lang.errors import ModelNameError, ModelSyntaxError, \
    ModelUnitError


def groups(n_pre=20, n_post=30):
    pre = NeuronGroup(n_pre, "x : 1\nv : volt")
    post = NeuronGroup(n_post, "x : 1\nv : volt")
    pre.x = "i"
    post.x = "i"
    return pre, post


def pairs(S):
    return list(zip(S.i[:].tolist(), S.j[:].tolist()))


def within_binomial(count, trials, p, sds=5):
    mean, sd = trials * p, np.sqrt(trials * p * (1 - p))
    return abs(count - mean) <= sds * sd + 1


def test_all_to_all_and_conditions():
    pre, post = groups(4, 5)
    S = Synapses(pre, post)
    S.connect()
    assert pairs(S) == [(a, b) for a in range(4) for b in range(5)]
    R = Synapses(pre, pre)
    R.connect(condition="i != j")
    assert pairs(R) == [(a, b) for a in range(4) for b in range(4) if a != b]
    C = Synapses(pre, post)
    C.connect("x_post > 2*x_pre")     # variables of both groups
    assert pairs(C) == [(a, b) for a in range(4) for b in range(5)
                        if b > 2 * a]
    E = Synapses(pre, post)
    E.connect(False)
    assert E.N == 0


def test_constant_probability_statistics_and_speed():
    seed(11)
    pre, post = groups(4000, 4000)
    S = Synapses(pre, post)
    start = time.perf_counter()
    S.connect(p=0.02)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, elapsed
    assert within_binomial(S.N, 4000 * 4000, 0.02)
    assert S.i[:].dtype == np.int32 and S.j[:].dtype == np.int32
    # Rows and columns are used evenly: per-row counts are binomial.
    per_row = np.bincount(S.i[:], minlength=4000)
    assert abs(per_row.var() - 4000 * 0.02 * 0.98) < 0.15 * 78.4
    per_col = np.bincount(S.j[:], minlength=4000)
    assert abs(per_col.mean() - 80) < 1
    key = S.i[:].astype(np.int64) * 4000 + S.j[:]
    assert np.all(np.diff(key) > 0)   # sorted, no pair twice


def test_old_form_and_condition_with_probability():
    seed(3)
    pre, post = groups(300, 300)
    S = Synapses(pre, post)
    S.connect(True, p=0.1)
    assert within_binomial(S.N, 300 * 300, 0.1)
    T = Synapses(pre, post)
    T.connect("i < j", p=0.5)
    assert np.all(T.i[:] < T.j[:])
    assert within_binomial(T.N, 300 * 299 // 2, 0.5)
    D = Synapses(pre, post)
    D.connect(p=0.6)    # dense draws
    assert within_binomial(D.N, 300 * 300, 0.6)


def test_probability_expression_statistics():
    seed(5)
    pre, post = groups(200, 200)
    sigma = 20
    S = Synapses(pre, post)
    S.connect(p="exp(-(x_pre - x_post)**2/(2*sigma**2))")
    x = np.arange(200)
    p = np.exp(-(x[:, None] - x[None, :]) ** 2 / (2 * sigma ** 2))
    mean, sd = p.sum(), np.sqrt((p * (1 - p)).sum())
    assert abs(S.N - mean) < 5 * sd
    distance = np.abs(S.i[:] - S.j[:])
    assert np.mean(distance) < 2 * sigma
    # A probability of i alone: binomial counts per presynaptic neuron.
    R = Synapses(pre, post)
    R.connect(p="i/(N_pre - 1.0)")
    counts = np.bincount(R.i[:], minlength=200)
    expected = 200 * np.arange(200) / 199
    assert counts[0] == 0 and counts[-1] == 200
    assert abs(counts.sum() - expected.sum()) < 5 * np.sqrt(
        (expected * (1 - expected / 200)).sum())


def test_generator_syntax_is_exact():
    pre, post = groups(10, 10)
    S = Synapses(pre, post)
    S.connect(j="k for k in range(i-3, i+4) if k != i", skip_if_invalid=True)
    assert pairs(S) == [(a, b) for a in range(10)
                        for b in range(a - 3, a + 4) if b != a and 0 <= b < 10]
    N = Synapses(pre, post)
    N.connect(j="i+(-1)**k for k in range(2) if i>0 and i<N_pre-1")
    assert pairs(N) == [(a, a + d) for a in range(1, 9) for d in (1, -1)]
    O = Synapses(pre, post)
    O.connect(j="i")
    assert pairs(O) == [(a, a) for a in range(10)]
    F = Synapses(pre, post)
    F.connect(j="9 - i if i < 2 or x_post < 1")   # one target, if kept
    assert pairs(F) == [(0, 9), (1, 8), (9, 0)]
    R = Synapses(pre, post)
    R.connect(j="k for k in range(9, i, -2)")
    assert pairs(R) == [(a, b) for a in range(10) for b in range(9, a, -2)]
    P = Synapses(pre, post)
    P.connect(j="k for k in range(N_post) if x_post > 6")  # post variables
    assert pairs(P) == [(a, b) for a in range(10) for b in range(7, 10)]


def test_generator_sample():
    seed(8)
    pre, post = groups(500, 400)
    S = Synapses(pre, post)
    S.connect(j="k for k in sample(N_post, p=0.1)")
    assert within_binomial(S.N, 500 * 400, 0.1)
    F = Synapses(pre, post)
    F.connect(j="k for k in sample(100, 200, 2, size=5)")
    counts = np.bincount(F.i[:], minlength=500)
    assert np.all(counts == 5)
    assert np.all((F.j[:] >= 100) & (F.j[:] < 200) & (F.j[:] % 2 == 0))
    assert len(set(pairs(F))) == F.N
    H = Synapses(pre, post)
    H.connect(j="k for k in sample(N_post, p=0.9)")   # dense rows
    assert within_binomial(H.N, 500 * 400, 0.9)


def test_explicit_indices_numbers_and_accumulation():
    pre, post = groups(5, 6)
    S = Synapses(pre, post, multisynaptic_index="k")
    S.connect(i=[0, 1, 4], j=[5, 0, 2])
    S.connect(i=2, j=np.arange(3))
    S.connect(i=0, j=5, n=2)
    assert pairs(S) == [(0, 5), (1, 0), (4, 2), (2, 0), (2, 1), (2, 2),
                        (0, 5), (0, 5)]
    np.testing.assert_array_equal(S.k[:], [0, 0, 0, 0, 0, 0, 1, 2])
    T = Synapses(pre, post)
    T.connect(j="i", n="i")
    assert pairs(T) == [(a, a) for a in range(5) for _ in range(a)]
    U = Synapses(pre, post)
    U.connect(i=[0, 1, 2], j=[1, 1, 1], n=[2, 0, 1])
    assert pairs(U) == [(0, 1), (0, 1), (2, 1)]


def test_subgroups_use_relative_indices():
    G = NeuronGroup(10, "x : 1")
    G.x = "i"
    S = Synapses(G[2:5], G[6:10])
    S.connect(condition="x_post - x_pre > 4")
    assert pairs(S) == [(a, b) for a in range(3) for b in range(4)
                        if (b + 6) - (a + 2) > 4]
    np.testing.assert_array_equal(S.N_incoming_post, [0, 1, 2, 3])


ERRORS = [
    (dict(condition=3), TypeError, "condition must be a string"),
    (dict(p=1.5), ValueError, "probability in"),
    (dict(p=[0.1]), TypeError, "p must be a number"),
    (dict(n=-1), ValueError, "n must not be negative"),
    (dict(n=1.5), TypeError, "n must be an integer"),
    (dict(i=[0]), ValueError, "needs j="),
    (dict(condition="i != j", i=0, j=0), ValueError, "cannot be combined"),
    (dict(condition="k for k in range(3)"), ValueError, "connect\\(j="),
    (dict(j="k for k in range(3)", p=0.5), ValueError, "cannot be combined"),
    (dict(j=3), TypeError, "j must be a string"),
    (dict(i=[0, 9], j=[0, 0]), IndexError, "presynaptic index 9"),
    (dict(i=[0], j=[-1]), IndexError, "postsynaptic index -1"),
    (dict(i=[0.5], j=[0]), TypeError, "must be integers"),
    (dict(i=0, j=0, skip_if_invalid=True), ValueError, "generator"),
    (dict(j="k for k in range(i, i+7)"), IndexError, "skip_if_invalid"),
    (dict(j="k for k in range(0.5*i)"), ModelSyntaxError, "integer"),
    (dict(j="k for k in range(3) if v_post"), ModelSyntaxError, "boolean"),
    (dict(j="j + k for k in range(3)"), ModelNameError, "cannot use 'j'"),
    (dict(j="k for k in range(0, 3, 0)"), ValueError, "step"),
    (dict(j="k for k in sample(3, size=4)"), ValueError, "cannot draw"),
    (dict(condition="i + j"), ModelSyntaxError, "boolean"),
    (dict(condition="nonexistent > 0"), ModelNameError, "nonexistent"),
    (dict(condition="y_pre > 0"), ModelNameError, "no such variable"),
    (dict(p="1*mV"), ModelUnitError, "dimensionless"),
    (dict(n="v_post"), ModelUnitError, "dimensionless"),
    (dict(i=[0], j="i"), TypeError, "j must be indices too"),
    (dict(i=[0], j=[1], n="2"), TypeError, "n must be an integer or an "
                                            "array"),
    (dict(i=[[0]], j=[[1]]), ValueError, "one-dimensional"),
    (dict(i=[0], j=[1], n=[0.5]), TypeError, "n must be integers"),
    (dict(i=[0], j=[1], n=[-1]), ValueError, "n must not be negative"),
    (dict(condition=True, n="-1"), ValueError, "must not be negative"),
    (dict(j="k for k in sample(3, p=1*mV)"), ModelUnitError,
     "dimensionless"),
    (dict(j="k for k in range(j)"), ModelNameError, "cannot use 'j'"),
]


@pytest.mark.parametrize("kwargs, error, message", ERRORS)
def test_connect_errors(kwargs, error, message):
    pre, post = groups(5, 5)
    S = Synapses(pre, post)
    with pytest.raises(error, match=message):
        S.connect(**kwargs)
    assert S.N == 0


def test_error_marks_the_offending_name():
    pre, post = groups(5, 5)
    S = Synapses(pre, post)
    with pytest.raises(ModelNameError) as info:
        S.connect("x_pre > y_post")
    text = str(info.value)
    assert "y_post" in text and "^^^^^^" in text and "connect" in text


def test_too_many_synapses(monkeypatch):
    import ranvier.objects.synapses as module
    monkeypatch.setattr(module, "MAX_SYNAPSES", 10)
    pre, post = groups(4, 4)
    S = Synapses(pre, post)
    with pytest.raises(ValueError, match="exceed the maximum of 10"):
        S.connect()
    assert S.N == 0
