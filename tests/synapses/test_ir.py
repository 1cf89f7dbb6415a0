"""IR semantics the Synapses stage adds: ``queue`` domains, queue pushes,
and kernels whose elements depend on each other (indirect writes).

The NumPy backend vectorises these; the tests compare it with a direct
element-by-element reading of the definitions in ``ranvier.ir.kernel``.
"""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from ranvier.backends.numpy.kernels import queue_elements, run_kernel
from ranvier.ir.kernel import (ONCE, Access, Kernel, QueuePush, QueueSpec,
                               queue_domain, range_domain)
from ranvier.lang.evaluate import execute
from ranvier.lang.parse import parse_statements

RNG = np.random.default_rng(0)


def sequential(kernel, arrays, elements):
    """The definition: one element after the other, each seeing the writes
    of those before it."""
    for k in elements:
        values = dict(kernel.constants)
        for acc in kernel.accesses:
            if acc.kind == "element":
                values[acc.local] = arrays[acc.array][k]
            elif acc.kind == "indirect":
                values[acc.local] = arrays[acc.array][arrays[acc.via][k]]
            elif acc.kind == "scalar":
                values[acc.local] = arrays[acc.array][0]
        execute(kernel.body, values)
        for acc in kernel.accesses:
            if not acc.write:
                continue
            if acc.kind == "element":
                arrays[acc.array][k] = values[acc.local]
            elif acc.kind == "indirect":
                arrays[acc.array][arrays[acc.via][k]] = values[acc.local]


def kernel_for(code, accesses, n):
    body = parse_statements(code)
    written = {s.target for s in body}
    accesses = tuple(Access(a.local, a.array, a.kind, a.via,
                            write=a.local in written) for a in accesses)
    return Kernel("k", range_domain(0, n), accesses, (), body)


ACCESSES = (Access("w", "w"), Access("u", "u"),
            Access("x_post", "x", "indirect", "post"),
            Access("y_post", "y", "indirect", "post"),
            Access("x_pre", "x", "indirect", "pre"))

BODIES = [
    "x_post += w",                      # accumulation: ufunc.at
    "x_post -= 2*w",
    "x_post = 0.5*x_post + w",          # rounds, one index array
    "x_post += w\ny_post = y_post*0.9 + x_post",
    "u = x_post\nx_post = x_post + 1",  # each sees the count so far
    "x_post = x_post + x_pre + w",      # rounds through two index arrays
    "x_post += w\nx_post *= 0.5",       # two statements on one target
]


@settings(max_examples=60, deadline=None)
@given(body=st.sampled_from(BODIES),
       post=st.lists(st.integers(0, 4), min_size=1, max_size=40),
       seed=st.integers(0, 1000))
def test_dependent_elements_match_sequential_definition(body, post, seed):
    rng = np.random.default_rng(seed)
    n = len(post)
    arrays = {"w": rng.random(n), "u": np.zeros(n),
              "x": rng.random(5), "y": rng.random(5),
              "post": np.array(post), "pre": rng.integers(0, 5, n)}
    kernel = kernel_for(body, ACCESSES, n)
    expected = {k: v.copy() for k, v in arrays.items()}
    sequential(kernel, expected, range(n))
    run_kernel(kernel, arrays, RNG)
    for name in ("x", "y", "u"):
        np.testing.assert_allclose(arrays[name], expected[name], rtol=1e-12,
                                   err_msg=f"{name} after {body!r}")


def test_hundred_synapses_onto_one_neuron_all_count():
    n = 100
    arrays = {"w": np.arange(1.0, n + 1), "u": np.zeros(n), "x": np.zeros(1),
              "y": np.zeros(1), "post": np.zeros(n, int),
              "pre": np.zeros(n, int)}
    run_kernel(kernel_for("x_post += w", ACCESSES, n), arrays, RNG)
    assert arrays["x"][0] == n * (n + 1) / 2
    arrays["x"][0] = 0
    run_kernel(kernel_for("x_post = x_post + w", ACCESSES, n), arrays, RNG)
    assert arrays["x"][0] == n * (n + 1) / 2
    run_kernel(kernel_for("u = x_post\nx_post = x_post + 1", ACCESSES, n),
               arrays, RNG)
    np.testing.assert_array_equal(arrays["u"], n * (n + 1) / 2 + np.arange(n))


def reference_queue(spec, start, stop, arrays):
    """QueueSpec's docstring, as a loop."""
    ring = arrays[spec.ring]
    rows = ring.shape[0]
    out = []
    for c in range(spec.lags - 1, -1, -1):
        s = spec.first_lag + c
        if s >= rows:
            continue
        row = ring[(arrays[spec.position][0] - s) % rows]
        for n in row[: row[-1]]:
            if start <= n < stop:
                b = (n - start) * spec.lags + c
                for q in range(arrays[spec.offsets][b],
                               arrays[spec.offsets][b + 1]):
                    out.append(arrays[spec.order][q] if spec.order else q)
    return out


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), lags=st.integers(1, 4),
       first=st.integers(0, 3), rows=st.integers(1, 8),
       ordered=st.booleans())
def test_queue_elements_follow_definition(seed, lags, first, rows, ordered):
    rng = np.random.default_rng(seed)
    n_neurons, start, stop = 6, 1, 5
    ring = np.zeros((rows, n_neurons + 1), np.int32)
    for r in range(rows):
        spikes = np.flatnonzero(rng.random(n_neurons) < 0.4)
        ring[r, : len(spikes)] = spikes
        ring[r, -1] = len(spikes)
    blocks = (stop - start) * lags
    offsets = np.concatenate([[0], np.cumsum(rng.integers(0, 3, blocks))])
    arrays = {"ring": ring, "pos": np.array([rng.integers(0, rows)]),
              "offsets": offsets,
              "order": rng.permutation(max(offsets[-1], 1)).astype(np.int32)}
    spec = QueueSpec("ring", "pos", "offsets", "order" if ordered else None,
                     first, lags)
    domain = queue_domain(spec, start, stop)
    np.testing.assert_array_equal(queue_elements(domain, arrays),
                                  reference_queue(spec, start, stop, arrays))


def test_push_records_events_in_the_next_row():
    arrays = {"ring": np.zeros((3, 5), np.int32), "pos": np.array([2]),
              "spikes": np.array([1, 3, 0, 0, 2], np.int32)}
    kernel = Kernel("push", ONCE, push=QueuePush("spikes", "ring", "pos"))
    run_kernel(kernel, arrays, RNG)
    assert arrays["pos"][0] == 0
    np.testing.assert_array_equal(arrays["ring"][0], [1, 3, 0, 0, 2])
    arrays["spikes"][-1] = 0
    run_kernel(kernel, arrays, RNG)
    assert arrays["pos"][0] == 1 and arrays["ring"][1, -1] == 0


def test_repeated_synapse_in_queue_sees_its_own_earlier_update():
    # One synapse delivered twice in a step (delays changed in flight).
    arrays = {"ring": np.array([[0, 0, 1], [0, 0, 1]], np.int32),
              "pos": np.array([1]), "offsets": np.array([0, 1, 2]),
              "order": np.array([0, 0], np.int32), "w": np.array([1.0])}
    spec = QueueSpec("ring", "pos", "offsets", "order", 0, 2)
    body = parse_statements("w = 2*w")
    kernel = Kernel("k", queue_domain(spec, 0, 2),
                    (Access("w", "w", write=True),), (), body)
    run_kernel(kernel, arrays, RNG)
    assert arrays["w"][0] == 4.0


def test_ir_validation_messages():
    spec = QueueSpec("r", "p", "o", None)
    with pytest.raises(ValueError, match="QueueSpec"):
        queue_domain(None, 0, 1)
    with pytest.raises(ValueError, match="queue push runs once"):
        Kernel("k", range_domain(0, 1), push=QueuePush("e", "r", "p"))
    assert "synapses arriving" in queue_domain(spec, 0, 3).text()


def test_conditions_on_dependent_elements_are_not_supported():
    from ranvier.lang.parse import parse_condition
    arrays = {"w": np.ones(3), "u": np.zeros(3), "x": np.zeros(2),
              "y": np.zeros(2), "post": np.array([0, 0, 1]),
              "pre": np.zeros(3, int), "out": np.zeros(4, np.int32)}
    base = kernel_for("x_post = x_post + w", ACCESSES, 3)
    kernel = Kernel("k", base.domain, base.accesses, (), base.body,
                    parse_condition("w > 0"), "out")
    with pytest.raises(NotImplementedError, match="event conditions"):
        run_kernel(kernel, arrays, RNG)
