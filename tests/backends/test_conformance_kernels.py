"""Kernel structure: every domain and access kind, conditions and event
buffers, recording, temporaries and the per-element view of the state.

Each test builds kernels by hand, runs them on copies of one state with
the NumPy and the Numba backend, and asserts identical states (bitwise).
"""

import numpy as np
import pytest
from backend_helpers import (CLOCK, Op, assert_same_state, run, run_both,
                             simple_kernel)

from ranvier.backends import get_backend
from ranvier.ir.buffers import RecordBuffer
from ranvier.ir.kernel import (ONCE, Access, Kernel, Record, events_domain,
                               indices_domain, range_domain)
from ranvier.lang.parse import (parse_condition, parse_expression,
                                parse_statements)
from ranvier.lang.tree import Name

N = 12


def neuron_state(dtype=np.float64):
    rng = np.random.default_rng(42)
    return {
        "v": rng.uniform(-70, -45, N).astype(dtype),
        "ge": rng.uniform(0, 30, N).astype(dtype),
        "count": np.zeros(N, np.int64),
        "flag": np.zeros(N, bool),
        "t": np.array([0.0]), "dt": np.array([0.1]),
        "spikes": np.zeros(N + 1, np.int32),
    }


def lif_kernel(start=0, stop=N, name="lif"):
    accesses = (Access("v", "v", write=True), Access("ge", "ge", write=True),
                Access("dt", "dt", "scalar"), Access("t", "t", "scalar"),
                Access("i", None, "index"),
                Access("flag", "flag", write=True))
    body = parse_statements(
        "_dv = (v_rest - v + ge) / tau\n"
        "v += dt * _dv\n"
        "ge *= 0.99\n"
        "flag = v > -55 + i * 0.5 or t > 100")
    return Kernel(name, range_domain(start, stop), accesses,
                  (("tau", 10.0), ("v_rest", -60)), body,
                  parse_condition("v > -52 + i * 0.2"), "spikes")


def reset_kernel(start=0, stop=N):
    accesses = (Access("v", "v", write=True), Access("i", None, "index"),
                Access("count", "count", write=True))
    return Kernel("reset", events_domain("spikes", start, stop), accesses,
                  (("v_reset", -65.0),),
                  parse_statements("v = v_reset - i\ncount += 1"))


def clock_kernel():
    return Kernel("clock", ONCE, (Access("t", "t", "scalar", write=True),
                                  Access("dt", "dt", "scalar")), (),
                  parse_statements("t = t + dt"))


def test_range_domain_with_condition_writes_events_in_order():
    ref, got = run_both([lif_kernel()], neuron_state())
    assert_same_state(ref, got)
    assert ref["spikes"][-1] > 0


@pytest.mark.parametrize("start, stop", [(0, N), (3, 9), (5, 5)])
def test_subgroup_ranges_and_event_domains(start, stop):
    kernels = [lif_kernel(start, stop), reset_kernel(start, stop),
               clock_kernel()]
    ref, got = run_both(kernels, neuron_state(), steps=30)
    assert_same_state(ref, got)


def test_event_domain_filters_a_subrange_of_the_buffer():
    state = neuron_state()
    state["spikes"][:5] = [0, 2, 4, 7, 11]
    state["spikes"][-1] = 5
    ref, got = run_both([reset_kernel(2, 8)], state)
    assert_same_state(ref, got)
    assert ref["count"].tolist() == [0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0]


@pytest.mark.parametrize("dtype", [np.int64, np.float64])
def test_every_element_adds_to_a_scalar(dtype):
    # A count over the events of a step (a population rate monitor): the
    # increments of all elements add up, in element order.
    state = neuron_state()
    state["spikes"][:5] = [0, 2, 4, 7, 11]
    state["spikes"][-1] = 5
    state["total"] = np.array([10], dtype)
    kernel = Kernel("count", events_domain("spikes", 2, 12),
                    (Access("total", "total", "scalar", write=True),
                     Access("v", "v")), (),
                    parse_statements("total += v * 0 + 1.5"
                                     if dtype is np.float64 else
                                     "total += 2"))
    ref, got = run_both([kernel], state, steps=2)
    assert_same_state(ref, got)
    assert ref["total"][0] == 10 + 2 * 4 * (1.5 if dtype is np.float64 else 2)


def test_empty_domains_clear_the_event_count():
    state = neuron_state()
    state["spikes"][-1] = 0
    state["spikes2"] = np.full(N + 1, 7, np.int32)
    kernel = Kernel("none", events_domain("spikes", 0, N),
                    (Access("v", "v"),), (), (),
                    parse_condition("v > -100"), "spikes2")
    ref, got = run_both([kernel], state)
    assert_same_state(ref, got)
    assert ref["spikes2"][-1] == 0


def test_once_domain_scalars_and_condition():
    state = neuron_state()
    state["n"] = np.array([3], np.int32)
    state["tick"] = np.zeros(2, np.int32)
    kernel = Kernel(
        "once", ONCE, (Access("t", "t", "scalar", write=True),
                       Access("dt", "dt", "scalar"),
                       Access("n", "n", "scalar", write=True)), (),
        parse_statements("t += dt\nn = n * 2 + 1"),
        parse_condition("n % 7 == 0"), "tick")
    ref, got = run_both([kernel], state, steps=3)
    assert_same_state(ref, got)
    assert ref["n"][0] == 31 and ref["tick"].tolist() == [0, 0]


def test_indices_domain_visits_repeats_with_the_old_values():
    state = neuron_state()
    state["which"] = np.array([5, 1, 1, 7, 0])
    kernel = Kernel("bump", indices_domain("which"),
                    (Access("count", "count", write=True),
                     Access("v", "v", write=True), Access("i", None, "index")),
                    (), parse_statements("count += 1\nv = v + i"))
    ref, got = run_both([kernel], state)
    assert_same_state(ref, got)
    assert ref["count"][1] == 1


def test_indirect_reads_see_the_state_before_the_kernel():
    """An element's write must not leak into another element's read."""
    state = neuron_state()
    state["pre"] = np.array([3, 0, 0, 11, 5, 2, 2, 1, 9, 4, 10, 6])
    kernel = Kernel("couple", range_domain(0, N),
                    (Access("v", "v", write=True),
                     Access("v_pre", "v", "indirect", via="pre"),
                     Access("ge_pre", "ge", "indirect", via="pre")),
                    (), parse_statements("v = v_pre + ge_pre"))
    ref, got = run_both([kernel], state)
    assert_same_state(ref, got)
    np.testing.assert_array_equal(
        ref["v"], state["v"][state["pre"]] + state["ge"][state["pre"]])


def test_two_names_for_one_array_read_the_old_values():
    state = neuron_state()
    kernel = Kernel("alias", range_domain(0, N),
                    (Access("v", "v", write=True), Access("w", "v"),
                     Access("s", "v", "scalar")),
                    (), parse_statements("v = v * 2\nv = v + w + s"))
    ref, got = run_both([kernel], state)
    assert_same_state(ref, got)


def test_temporaries_change_type_and_augmented_assignments():
    state = neuron_state()
    state["x"] = np.arange(N) - 4
    state["y"] = np.zeros(N, np.int32)
    state["z"] = np.zeros(N)
    code = ("_a = x\n_a += 1\n_a *= 2.5\n_a /= 2\ny = _a // 1\n"
            "_b = x > 0\n_b = _b + _b\nz = _b + _a\nz -= 0.5\n"
            "x = x * 3\nx = x // 2\nx -= y\ny += x % 3\nfree = z * 2\n")
    kernel = simple_kernel("temps", code, state, condition="free > 1",
                           events_out="spikes", scalars=("t", "dt"))
    ref, got = run_both([kernel], state)
    assert_same_state(ref, got)


def test_scalar_written_per_element_keeps_its_uncast_value():
    """A scalar is replaced by the statement's value (the array casts it
    only when stored); an element variable holds the cast value."""
    state = {"n": np.array([3], np.int32), "x": np.zeros(4),
             "k": np.zeros(4, np.int32), "m": np.zeros(4)}
    code = "n = n + 0.5\nx = n * 2\nk = 2.5 * 3\nm = k / 2"
    kernel = simple_kernel("scalar_types", code, state, scalars=("n",),
                           size=4)
    ref, got = run_both([kernel], state)
    assert_same_state(ref, got)
    assert ref["x"][0] == 7.0 and ref["n"][0] == 3 and ref["m"][0] == 3.5


def test_read_only_accesses_are_not_stored():
    state = neuron_state()
    kernel = Kernel("local", range_domain(0, N),
                    (Access("v", "v"), Access("ge", "ge", write=True)), (),
                    parse_statements("v = v * 0\nge = v + 1"))
    ref, got = run_both([kernel], state)
    assert_same_state(ref, got)
    np.testing.assert_array_equal(ref["v"], neuron_state()["v"])


def _spike_monitor():
    accesses = (Access("i", None, "index"), Access("t", "t", "scalar"),
                Access("v", "v"))
    record = Record("mon", (("i", Name("i")), ("t", Name("t")),
                           ("v", Name("v")),
                           ("v2", parse_expression("v * 2 > -120"))), True)
    return Kernel("spikemon", events_domain("spikes", 2, N), accesses, (),
                  (), record=record)


def _state_monitor():
    accesses = (Access("t", "t", "scalar"), Access("v", "v"),
                Access("ge", "ge"), Access("i", None, "index"))
    record = Record("trace", (("t", Name("t")), ("v", Name("v")),
                              ("g", parse_expression("ge + i"))), False)
    return Kernel("statemon", indices_domain("which"), accesses, (), (),
                  record=record)


def monitored_state(dtype=np.float64):
    state = neuron_state(dtype)
    state["which"] = np.array([0, 4, 7])
    state["mon"] = RecordBuffer({"i": (np.int32, 0), "t": (np.float64, 0),
                                 "v": (dtype, 0), "v2": (bool, 0)},
                                capacity=2)
    state["trace"] = RecordBuffer({"t": (np.float64, 0), "v": (dtype, 3),
                                   "g": (np.float32, 3)}, capacity=1)
    return state


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_monitors_record_per_event_and_per_step(dtype):
    kernels = [_state_monitor(), lif_kernel(), _spike_monitor(),
               reset_kernel(), clock_kernel()]
    ref, got = run_both(kernels, monitored_state(dtype), steps=40)
    assert_same_state(ref, got)
    assert ref["mon"].length > 2 and ref["trace"].length == 40
    assert got["trace"].columns["v"].dtype == dtype


def test_float32_state_stays_float32():
    state = neuron_state(np.float32)
    ref, got = run_both([lif_kernel(), reset_kernel()], state, steps=20)
    assert_same_state(ref, got)
    assert got["v"].dtype == np.float32


def test_only_ticking_operations_run_and_callables_are_called():
    state = neuron_state()
    calls = []
    other = object()
    ops = [Op(CLOCK, clock_kernel()), Op(other, lif_kernel()),
           Op(CLOCK, callable=lambda: calls.append(state["t"][0]))]
    runner = get_backend("numba").prepare(ops, state,
                                          np.random.default_rng(0))
    for _ in range(3):
        runner.step({id(CLOCK)})
    np.testing.assert_allclose(calls, [0.1, 0.2, 0.3])
    np.testing.assert_array_equal(state["v"], neuron_state()["v"])


@pytest.mark.parametrize("code", [
    "v_post += w * 2",                       # accumulation (ufunc.at)
    "v_post = v_post * 0.5 + w\nw += 1",     # in rounds, reading back
    "v_post -= w\nge_post = ge_post + v_post",
])
def test_indirect_writes_run_element_after_element(code):
    """Synapses onto the same neuron all count, in synapse order."""
    state = neuron_state()
    state["post"] = np.array([3, 3, 0, 7, 3, 0, 11, 7])
    state["w"] = np.linspace(0.5, 4, 8)
    kernel = Kernel("synapses", range_domain(0, 8),
                    (Access("v_post", "v", "indirect", via="post",
                            write=True),
                     Access("ge_post", "ge", "indirect", via="post",
                            write=True),
                     Access("w", "w", write=True)),
                    (), parse_statements(code))
    ref, got = run_both([kernel], state, steps=3)
    assert_same_state(ref, got)
    assert not np.array_equal(ref["v"], neuron_state()["v"])


def test_model_names_that_the_generated_code_uses_itself():
    """Variables called like the generated code's own names (np, h, k,
    j, the parameters' a_ prefix) are renamed, not confused."""
    names = ("np", "h", "k", "j", "n_events", "a_np", "row0", "source")
    state = {name: np.arange(4.0) + n for n, name in enumerate(names)}
    state["out"] = np.zeros(4)
    state["spikes"] = np.zeros(5, np.int32)
    code = "out = " + " + ".join(f"{n}*{k + 1}" for k, n in enumerate(names))
    kernel = simple_kernel("names", code + "\nnp = h + k", state,
                           condition="out > j * 30", events_out="spikes")
    ref, got = run_both([kernel], state)
    assert_same_state(ref, got)


def test_random_draws_in_a_once_kernel_and_a_record(backend):
    state = {"x": np.zeros(1), "t": np.zeros(1), "which": np.arange(5),
             "v": np.arange(5.0),
             "rec": RecordBuffer({"noise": (np.float64, 5)})}
    once = Kernel("draw", ONCE, (Access("x", "x", "scalar", write=True),),
                  (), parse_statements("x = rand()"))
    record = Kernel("noisy", indices_domain("which"), (Access("v", "v"),),
                    (), (), record=Record("rec", (
                        ("noise", parse_expression("v + randn()")),), False))
    run(backend.name, [once, record], state, steps=3)
    assert 0 <= state["x"][0] < 1
    rows = state["rec"].view("noise")
    assert rows.shape == (3, 5) and len(np.unique(rows - np.arange(5))) == 15
