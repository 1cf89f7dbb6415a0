"""The fused run loop: whole networks give bitwise the same results as
the Numba backend's step-by-step loop (stage 1) and, where the model is
deterministic, as the NumPy backend; clocks tick as the plan says; the
loop returns to Python for Python operations, full buffers, reports and
``stop()``."""

import numpy as np
import pytest

from ranvier import (Network, NeuronGroup, PoissonGroup,
                     PopulationRateMonitor, SpikeGeneratorGroup, SpikeMonitor,
                     StateMonitor, Synapses, TimedArray, ms, mV,
                     network_operation, second, seed)
from ranvier.backends.numpy.runner import NumpyBackend
from ranvier.backends.plan import RunPlan, run_stepwise
from ranvier.ir.buffers import RecordBuffer
from ranvier.ir.kernel import (ONCE, Access, Kernel, Record, events_domain,
                               indices_domain, range_domain,
                               scheduled_domain)
from ranvier.lang.parse import parse_condition, parse_statements
from ranvier.lang.tree import Name
from ranvier.units import Hz

numba_backend = pytest.importorskip("ranvier.backends.numba")
fused_module = pytest.importorskip("ranvier.backends.numba.fused")
NumbaBackend = numba_backend.NumbaBackend

BACKENDS = {"numpy": lambda: "numpy",
            "stepwise": lambda: NumbaBackend(fused=False),
            "fused": lambda: NumbaBackend()}


def run_on(build, backend_label, duration, **kwargs):
    """Build a network with ``build`` and run it on one backend; return
    the recorded arrays."""
    seed(7)
    net, results = build()
    net.backend = BACKENDS[backend_label]()
    net.run(duration, **kwargs)
    return net, {name: np.array(value()) for name, value in results.items()}


def assert_same(ref, got, labels, rtol=0.0):
    """Same arrays, bitwise, or floats within ``rtol``."""
    assert ref.keys() == got.keys()
    for name in ref:
        a, b = ref[name], got[name]
        assert a.dtype == b.dtype and a.shape == b.shape, (labels, name)
        if rtol and a.dtype.kind == "f":
            np.testing.assert_allclose(b, a, rtol=rtol, atol=0,
                                       err_msg=f"{labels} {name}")
        else:
            assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), \
                (labels, name)


def check_backends(build, duration, against_numpy=True):
    """The fused loop gives the step-by-step loop's results bitwise, and
    the NumPy backend's (floats to an ulp or so: NumPy computes ``exp``
    with its own SIMD code, Numba with the C library)."""
    results = {label: run_on(build, label, duration)[1]
               for label in BACKENDS}
    assert_same(results["stepwise"], results["fused"], "stepwise/fused")
    if against_numpy:
        assert_same(results["numpy"], results["fused"], "numpy/fused",
                    rtol=1e-13)
    return results


# -- whole networks --------------------------------------------------------

def seed_network():
    """The README's network, small: random initial values (drawn from the
    NumPy generator, the same on every backend), deterministic run."""
    N = 400
    P = NeuronGroup(N, """dv/dt = (11*mV - (v + 60*mV) + ge + gi)/tau : volt
                          dge/dt = -ge/(5*ms) : volt
                          dgi/dt = -gi/(10*ms) : volt""",
                    threshold="v > -50*mV", reset="v = -60*mV",
                    method="exact", namespace={"tau": 20 * ms})
    P.v = "-60*mV + 10*mV*rand()"
    Ce = Synapses(P[:320], P, on_pre="ge += 1.62*mV")
    Ci = Synapses(P[320:], P, on_pre="gi -= 9*mV")
    Ce.connect(p=0.1)
    Ci.connect(p=0.1)
    spikes = SpikeMonitor(P)
    trace = StateMonitor(P, ("v", "ge"), record=[0, 5, 399])
    return Network(P, Ce, Ci, spikes, trace), {
        "i": lambda: spikes.i, "t": lambda: spikes.t_,
        "v": lambda: trace.v_, "ge": lambda: trace.ge_,
        "trace_t": lambda: trace.t_, "count": lambda: spikes.count}


def test_seed_network(kernel_cache_dir):
    results = check_backends(seed_network, 60 * ms)
    assert len(results["fused"]["i"]) > 100


def clocks_network():
    """Three clocks whose steps coincide only sometimes (0.1, 0.25 and
    0.3 ms), monitors at several slots and orders on their own clocks."""
    G = NeuronGroup(5, """dv/dt = (2*mV*(i + 1) - v)/(3*ms) : volt
                          x : 1""", threshold="v > 1.5*mV",
                    reset="v = 0*mV", method="euler")
    H = NeuronGroup(3, "dw/dt = -w/(2*ms) + 1/ms : 1", dt=0.25 * ms,
                    method="euler")
    G.run_regularly("x += 1 + t/ms", dt=0.3 * ms, when="end")
    H.run_regularly("w = w*0.5", dt=0.3 * ms, when="start")
    early = StateMonitor(G, ("v", "x"), record=True, when="start")
    late = StateMonitor(G, "v", record=[1, 3], when="end", order=2,
                        dt=0.25 * ms)
    slow = StateMonitor(H, "w", record=True, dt=0.3 * ms, when="thresholds")
    spikes = SpikeMonitor(G, when="after_resets", order=-1)
    return Network(G, H, early, late, slow, spikes), {
        "early_v": lambda: early.v_, "early_x": lambda: early.x,
        "early_t": lambda: early.t_, "late_v": lambda: late.v_,
        "late_t": lambda: late.t_, "slow_w": lambda: slow.w,
        "slow_t": lambda: slow.t_, "i": lambda: spikes.i,
        "t": lambda: spikes.t_, "x": lambda: np.asarray(G.x)}


def test_multiple_clocks_and_monitor_slots():
    results = check_backends(clocks_network, 7.7 * ms)
    # 0.3 ms steps before 7.7 ms: 26 of them, at 0, 0.3, ..., 7.5 ms.
    np.testing.assert_allclose(results["fused"]["slow_t"],
                               np.arange(26) * 0.3e-3)
    assert len(results["fused"]["late_t"]) == 31


def inputs_network():
    """A spike generator driving synapses with delays, a summed variable
    and a TimedArray input."""
    times = np.arange(0, 12, 0.35) * ms
    source = SpikeGeneratorGroup(7, np.arange(len(times)) % 7, times)
    drive = TimedArray(np.linspace(0, 2, 30) * mV, dt=0.5 * ms)
    target = NeuronGroup(5, """dv/dt = (drive(t) - v + I)/(4*ms) : volt
                               I : volt
                               total : 1""",
                         threshold="v > 0.8*mV", reset="v = 0*mV",
                         refractory=0.5 * ms, method="exponential_euler",
                         namespace={"drive": drive})
    fast = Synapses(source, target, """w : volt
                                       total_post = w/mV : 1 (summed)""",
                    on_pre="v_post += w")
    fast.connect(p=1.0)
    fast.w = "0.05*mV*(i + 2*j)"
    fast.delay = "(i % 4)*0.3*ms"
    back = Synapses(target, source, "c : 1", on_pre="c += 1")
    back.connect(j="i")
    back.delay = 1 * ms
    spikes = SpikeMonitor(target)
    inputs = SpikeMonitor(source)
    trace = StateMonitor(target, ("v", "total"), record=True)
    return Network(source, target, fast, back, spikes, inputs, trace), {
        "i": lambda: spikes.i, "t": lambda: spikes.t_,
        "in_i": lambda: inputs.i, "v": lambda: trace.v_,
        "total": lambda: trace.total, "c": lambda: np.asarray(back.c)}


def test_spike_generator_delays_and_summed_variables():
    results = check_backends(inputs_network, 15 * ms)
    assert len(results["fused"]["i"]) > 5
    assert results["fused"]["c"].sum() > 0


def poisson_network():
    """Random numbers drawn during the run: Numba's stream, the same for
    both of its loops."""
    P = PoissonGroup(300, rates=80 * Hz)
    G = NeuronGroup(20, "dv/dt = -v/(5*ms) + 0.1*xi/sqrt(ms) : 1",
                    method="euler")
    S = Synapses(P, G, on_pre="v += 0.1")
    S.connect(p=0.2)
    spikes = SpikeMonitor(P)
    trace = StateMonitor(G, "v", record=True)
    return Network(P, G, S, spikes, trace), {
        "i": lambda: spikes.i, "v": lambda: trace.v}


def test_random_networks_repeat_exactly_on_both_numba_loops():
    check_backends(poisson_network, 30 * ms, against_numpy=False)


def test_two_runs_equal_one_run():
    def build_and_run(durations):
        seed(7)
        net, results = seed_network()
        net.backend = NumbaBackend()
        for duration in durations:
            net.run(duration)
        return {name: np.array(value()) for name, value in results.items()}
    assert_same(build_and_run([20 * ms, 17 * ms]),
                build_and_run([37 * ms]), "split runs")


# -- returning to Python ---------------------------------------------------

def netop_network():
    G = NeuronGroup(4, "dv/dt = (1 - v)/(2*ms) : 1", threshold="v > 0.6",
                    reset="v = 0", method="exact")
    rate = PopulationRateMonitor(G)
    seen = []

    @network_operation(dt=0.5 * ms, when="thresholds", order=5)
    def kick():
        # Runs between the thresholder and the resetter (order 5 is
        # before 'resets'); sees the state of this step.
        seen.append((float(G.t / ms), float(np.asarray(G.v)[0])))
        G.v[1] = 0.5

    net = Network(G, rate, kick)

    @network_operation(dt=0.1 * ms)
    def clock_check():
        seen.append((float(net.t / ms), -1.0))

    net.add(clock_check)
    return net, {"seen": lambda: np.array(seen), "rate": lambda: rate.rate,
                 "v": lambda: np.asarray(G.v)}


def test_python_operations_see_their_step():
    check_backends(netop_network, 6.3 * ms)


def test_stop_from_a_network_operation_ends_that_step():
    def build():
        net, results = netop_network()

        @network_operation(dt=0.3 * ms, when="groups")
        def stopper(t):
            if t >= 2 * ms:
                net.stop()
        net.add(stopper)
        results["t"] = lambda: np.array([float(net.t_)])
        return net, results
    results = check_backends(build, 10 * ms)
    # Stopped at 2.1 ms: the clocks of that step move on (0.1 ms steps to
    # 2.2 ms, 0.5 ms steps to 2.5 ms, 0.3 ms to 2.4 ms): the earliest.
    assert results["fused"]["t"][0] == pytest.approx(2.2e-3)


def test_record_buffers_grow_inside_the_loop(monkeypatch):
    """Buffers start small: the driver returns for room many times, and
    the rows are the ones recorded step by step."""
    calls = []
    original = fused_module.FusedLoop._make_room

    def counting(self, *args):
        calls.append(args[0])
        return original(self, *args)
    monkeypatch.setattr(fused_module.FusedLoop, "_make_room", counting)
    check_backends(seed_network, 40 * ms)
    assert calls


def test_chunks_report_progress_and_honour_stop(monkeypatch):
    """With chunks of one step, the reporter and stop() are consulted
    after every step, as the Python loop does."""
    monkeypatch.setattr(fused_module, "FIRST_CHUNK", 1)
    monkeypatch.setattr(fused_module, "CHUNK_SECONDS", 0.0)
    outcome = {}
    for label in BACKENDS:
        reports = []
        seed(7)
        net, results = seed_network()
        net.backend = BACKENDS[label]()

        def report(elapsed, completed, start, duration):
            reports.append(completed)
            if completed >= 0.5:
                net.stop()
        net.run(10 * ms, report=report, report_period=1e-9 * second)
        outcome[label] = (net.t_, len(reports), results["v"]())
    # The step at 5 ms completes half the run; the run ends after it.
    (t_end,) = {t for t, _, _ in outcome.values()}
    assert t_end == pytest.approx(5.1e-3)
    assert len({n for _, n, _ in outcome.values()}) == 1
    np.testing.assert_array_equal(outcome["stepwise"][2],
                                  outcome["fused"][2])


def test_errors_in_compiled_code_name_the_kernel():
    table = TimedArray([[1, 2], [3, 4]] * mV, dt=1 * ms)
    G = NeuronGroup(3, "v : volt", name="reader")
    G.run_regularly("v = table(t, i)")
    net = Network(G, backend="numba")
    with pytest.raises(IndexError, match="in kernel 'reader_run_regularly"
                                         ".*which calls table"):
        net.run(1 * ms, namespace={"table": table})


# -- the plan ---------------------------------------------------------------

class FakeClock:
    def __init__(self, dt, name):
        self.dt_, self.name, self.timestep = dt, name, 0
        self.arrays = {f"{name}.t": np.zeros(1), f"{name}.dt": np.zeros(1)}

    def state_arrays(self):
        return self.arrays


class Reporter:
    def __init__(self):
        self.times = []

    def update(self, now):
        self.times.append(now)


def reference_ticks(dts, t_end):
    """The tie rule as the network applied it before the plan existed."""
    steps = [0] * len(dts)
    ends = [int(np.floor(t_end / dt + 1e-9)) for dt in dts]
    ticks = []
    while True:
        pending = [k for k in range(len(dts)) if steps[k] < ends[k]]
        if not pending:
            return ticks
        now = min(steps[k] * dts[k] for k in pending)
        ticking = [k for k in pending if abs(steps[k] * dts[k] - now)
                   <= 1e-9 * max(dts[k], abs(now))]
        ticks.append((now, tuple(ticking)))
        for k in ticking:
            steps[k] += 1


@pytest.mark.parametrize("dts", [(1e-4,), (1e-4, 3e-4), (1e-4, 2.5e-4, 3e-4),
                                 (0.1e-3, 0.7e-3 / 3), (1e-3, 1e-4 / 3)])
def test_plan_ticks_clocks_by_the_tie_rule(dts):
    t_end = 0.0173
    clocks = [FakeClock(dt, f"c{k}") for k, dt in enumerate(dts)]
    plan = RunPlan(clocks, [int(np.floor(t_end / dt + 1e-9)) for dt in dts])
    Op = type("Op", (), {})
    ops = []
    for clock in clocks:
        op = Op()
        op.clock = clock
        ops.append(op)
    ticks = []

    def record(op):
        ticks.append((plan.now, plan.index(op.clock)))
    run_stepwise(plan, ops, record, Reporter(), lambda: False)
    expected = [(now, k) for now, ticking in reference_ticks(dts, t_end)
                for k in ticking]
    assert ticks == expected
    assert plan.finished()


@pytest.mark.parametrize("dts", [(1e-4, 2.5e-4, 3e-4), (1e-3, 1e-4 / 3)])
def test_driver_ticks_clocks_by_the_tie_rule(dts):
    """The compiled driver's clock selection, seen by Python operations
    (one per clock, after a compiled kernel that counts the steps)."""
    t_end = 0.0173
    clocks = [FakeClock(dt, f"c{k}") for k, dt in enumerate(dts)]
    plan = RunPlan(clocks, [int(np.floor(t_end / dt + 1e-9)) for dt in dts])
    count = Kernel("count", range_domain(0, 1),
                   (Access("n", "n", write=True),), (),
                   parse_statements("n += 1"))
    arrays = {"n": np.zeros(1, np.int64)}
    for clock in clocks:
        arrays.update(clock.state_arrays())
    ticks = []
    ops = [Op("count", clocks[0], count)]
    for k, clock in enumerate(clocks):
        ops.append(Op(f"see{k}", clock, callable=lambda k=k: ticks.append(
            (plan.now, k, arrays[f"c{k}.t"][0] - clocks[k].timestep *
             clocks[k].dt_))))
    runner = NumbaBackend().prepare(ops, arrays, np.random.default_rng(0))
    runner.run(plan, Reporter(), lambda: False)
    assert runner.loop is not None
    expected = [(now, k) for now, ticking in reference_ticks(dts, t_end)
                for k in ticking]
    assert [(now, k) for now, k, _ in ticks] == expected
    # Each clock's t array and step are those of the tick.
    assert not any(error for _, _, error in ticks)
    assert arrays["n"][0] == plan.end[0] and plan.finished()


# -- the generated driver -----------------------------------------------

GOLDEN_DRIVER = '''\
"""Generated by ranvier's Numba backend; do not edit."""

import numpy as np

# Bound to the compiled kernels before compiling.
k0 = None
k1 = None
k2 = None


def run_steps(ctrl, steps, ends, dts, ticking, now, lengths, a_t, a_dt, a_t_2, a_dt_2, a_v, a_spikes, c0, r_record_i, r_record_t):
    resume = ctrl[0]
    budget = ctrl[1]
    done = 0
    while True:
        if resume == 0:
            if done >= budget:
                ctrl[0] = 0
                ctrl[2] = done
                return 1
            found = False
            t_min = 0.0
            for c in range(steps.shape[0]):
                if steps[c] < ends[c]:
                    t_c = steps[c] * dts[c]
                    if not found or t_c < t_min:
                        t_min = t_c
                    found = True
            if not found:
                ctrl[0] = 0
                ctrl[2] = done
                return 0
            for c in range(steps.shape[0]):
                ticking[c] = steps[c] < ends[c] and abs(steps[c] * dts[c] - t_min) <= 1e-09 * max(dts[c], abs(t_min))
            now[0] = t_min
            if ticking[0]:
                a_t[0] = steps[0] * dts[0]
                a_dt[0] = dts[0]
            if ticking[1]:
                a_t_2[0] = steps[1] * dts[1]
                a_dt_2[0] = dts[1]
        if resume <= 0 and ticking[0]:
            ctrl[4] = 0
            k0(a_v, a_dt, a_spikes, c0)
        if resume <= 1 and ticking[0]:
            ctrl[4] = 1
            rows = a_spikes[a_spikes.shape[0] - 1]
            if lengths[0] + rows > r_record_i.shape[0]:
                ctrl[0] = 1
                ctrl[2] = done
                ctrl[3] = 1
                return 2
            lengths[0] += k1(a_spikes, a_t, lengths[0], r_record_i, r_record_t)
        if resume <= 2 and ticking[0]:
            ctrl[4] = 2
            k2(a_spikes, a_v)
        if resume <= 3 and ticking[1]:
            ctrl[0] = 4
            ctrl[2] = done
            ctrl[3] = 3
            return 3
        for c in range(steps.shape[0]):
            if ticking[c]:
                steps[c] += 1
        resume = 0
        done += 1
'''


class Op:
    def __init__(self, name, clock, kernel=None, callable=None):
        self.name, self.clock = name, clock
        self.kernel, self.callable = kernel, callable


def test_golden_driver_of_two_clocks_a_record_and_a_python_operation():
    """A threshold kernel, a monitor and a reset on a fast clock, a Python
    operation on a slow one: the driver's source, and what it does."""
    fast, slow = FakeClock(1e-4, "fast"), FakeClock(3e-4, "slow")
    lif = Kernel("lif", range_domain(0, 4),
                 (Access("v", "g.v", write=True),
                  Access("dt", "fast.dt", "scalar")),
                 (("tau", 0.01),), parse_statements("v += dt*(1.5 - v)/tau"),
                 parse_condition("v > 1"), "g.spikes")
    reset = Kernel("reset", events_domain("g.spikes", 0, 4),
                   (Access("v", "g.v", write=True),), (),
                   parse_statements("v = 0"))
    monitor = Kernel("monitor", events_domain("g.spikes", 0, 4),
                     (Access("t", "fast.t", "scalar"),
                      Access("i", None, "index")), (), (),
                     record=Record("m.record", (("i", Name("i")),
                                                ("t", Name("t")))))
    arrays = {"g.v": np.zeros(4), "g.spikes": np.zeros(5, np.int32),
              "m.record": RecordBuffer({"i": (np.int32, 0),
                                        "t": (np.float64, 0)}, capacity=1),
              **fast.state_arrays(), **slow.state_arrays()}
    seen = []
    ops = [Op("lif", fast, lif), Op("monitor", fast, monitor),
           Op("reset", fast, reset),
           Op("python", slow, callable=lambda: seen.append(
               (fast.timestep, slow.timestep)))]
    plan = RunPlan([fast, slow], [300, 100])
    runner = NumbaBackend().prepare(ops, arrays, np.random.default_rng(0))
    runner.run(plan, Reporter(), lambda: False)
    assert runner.loop.source == GOLDEN_DRIVER
    # The slow clock ticks with every third fast step.
    assert seen == [(3 * k, k) for k in range(100)]
    # The same neuron four times, stepped here in Python floats.
    v, times = 0.0, []
    for step in range(300):
        v = v + 1e-4 * (1.5 - v) / 0.01
        if v > 1:
            times.append(step * 1e-4)
            v = 0.0
    record = arrays["m.record"]
    assert len(times) == 2      # v crosses 1 after 10 ms ln 3 = 11 ms
    np.testing.assert_array_equal(record.view("i"), [0, 1, 2, 3] * 2)
    np.testing.assert_array_equal(record.view("t"), np.repeat(times, 4))
    np.testing.assert_array_equal(arrays["fast.t"], [299 * 1e-4])


def test_records_of_every_bounded_domain_grow_inside_the_driver():
    """Per-element records over scheduled, indices, range and once
    domains, and a per-step record, from one-row buffers: the driver
    bounds each step's rows, Python grows the buffers, and the rows are
    the NumPy backend's."""
    def record(name, domain, columns, per_element=True):
        return Kernel(name, domain, (Access("t", "c.t", "scalar"),
                                     Access("x", "x"),
                                     Access("i", None, "index")), (), (),
                      record=Record(f"{name}.rec", columns, per_element))
    x_i = (("x", Name("x")), ("i", Name("i")))
    kernels = [
        Kernel("tick", ONCE, (Access("key", "key", "scalar", write=True),),
               (), parse_statements("key = key + 1")),
        record("sched", scheduled_domain("who", "when", "key", 0, 6), x_i),
        record("some", indices_domain("which"), x_i),
        record("all", range_domain(2, 6), x_i),
        Kernel("once", ONCE, (Access("t", "c.t", "scalar"),), (), (),
               record=Record("once.rec", (("t", Name("t")),), False)),
        record("trace", indices_domain("which"), (("x", Name("x")),),
               per_element=False)]

    def state():
        clock = FakeClock(1e-4, "c")
        columns = {"x": (np.float64, 0), "i": (np.int32, 0)}
        arrays = {"x": np.arange(6) * 1.5, "key": np.array([-1]),
                  "when": np.array([0, 0, 2, 3, 3, 3, 7]),
                  "who": np.array([1, 4, 0, 2, 3, 5, 1], np.int32),
                  "which": np.array([5, 0, 5], np.int32),
                  "once.rec": RecordBuffer({"t": (np.float64, 0)}, 1),
                  "trace.rec": RecordBuffer({"x": (np.float64, 3)}, 1),
                  **clock.state_arrays()}
        for name in ("sched", "some", "all"):
            arrays[f"{name}.rec"] = RecordBuffer(columns, 1)
        return clock, arrays

    results = {}
    for label in ("numpy", "fused"):
        clock, arrays = state()
        ops = [Op(k.name, clock, k) for k in kernels]
        plan = RunPlan([clock], [9])
        backend = NumbaBackend() if label == "fused" else NumpyBackend()
        runner = backend.prepare(ops, arrays, np.random.default_rng(0))
        runner.run(plan, Reporter(), lambda: False)
        if label == "fused":
            assert runner.loop is not None
        results[label] = {f"{name}.{column}": arrays[name].view(column)
                          for name in arrays if name.endswith(".rec")
                          for column in arrays[name].columns}
    assert_same(results["numpy"], results["fused"], "numpy/fused")
    assert len(results["fused"]["sched.rec.i"]) == 7
    assert len(results["fused"]["all.rec.i"]) == 9 * 4
