"""Golden snapshots of the IR's text form: a change to how models lower
into kernels shows up here as a readable diff."""

import numpy as np
import pytest

from ranvier import NeuronGroup, Network, SpikeMonitor, ms
from ranvier.backends.numpy.kernels import run_kernel
from ranvier.ir.buffers import RecordBuffer
from ranvier.ir.kernel import (Access, Domain, Kernel, Record, ONCE,
                               events_domain, range_domain)
from ranvier.lang.parse import parse_expression, parse_statements

GOLDEN_LIF = """\
== golden_stateupdate (when=groups, order=0, dt=100. us)
kernel golden_stateupdate
  domain: range [0, 4)
  access: I -> golden.I[k] (read)
  access: dt -> defaultclock.dt[0] (read)
  access: v -> golden.v[k] (write)
  constant: tau = 0.01
  functions: exprel
  body:
    _v_new = v + (-dt/tau*v + I*dt/tau)*exprel(-dt/tau)
    v = _v_new

== golden_spike_thresholder (when=thresholds, order=0, dt=100. us)
kernel golden_spike_thresholder
  domain: range [0, 4)
  access: v -> golden.v[k] (read)
  condition: v > 1
  events -> golden._spikespace

== golden_spikes (when=thresholds, order=1, dt=100. us)
kernel golden_spikes
  domain: events in golden._spikespace within [0, 4)
  access: count -> golden_spikes.count[k] (write)
  access: i = element index
  access: t -> defaultclock.t[0] (read)
  body:
    count += 1
  record -> golden_spikes.record (per element):
    i = i
    t = t

== golden_resetter (when=resets, order=0, dt=100. us)
kernel golden_resetter
  domain: events in golden._spikespace within [0, 4)
  access: v -> golden.v[k] (write)
  body:
    v = 0"""


def _without_sources(text):
    return "\n".join(line for line in text.splitlines()
                     if "generated source" not in line
                     and "(interpreted by" not in line)


def test_lif_lowering_matches_golden_text():
    G = NeuronGroup(4, "dv/dt = (I - v)/tau : 1\nI : 1", threshold="v > 1",
                    reset="v = 0", method="exact", name="golden",
                    namespace={"tau": 10 * ms})
    M = SpikeMonitor(G, name="golden_spikes")
    assert _without_sources(Network(G, M).inspect()) == GOLDEN_LIF


def test_domain_and_kernel_validation():
    with pytest.raises(ValueError, match="unknown domain"):
        Domain("everywhere")
    with pytest.raises(ValueError, match="indices"):
        Domain("events")
    with pytest.raises(ValueError, match="indirect"):
        Access("v", "g.v", "indirect")
    with pytest.raises(ValueError, match="condition"):
        Kernel("k", ONCE, events_out="buf")
    with pytest.raises(ValueError, match="twice"):
        Kernel("k", ONCE, (Access("a", "x", "scalar"),), (("a", 1),))


def test_numpy_kernel_semantics_on_plain_arrays():
    arrays = {"v": np.array([0.0, 1.0, 2.0, 3.0]),
              "out": np.zeros(5, np.int32),
              "rec": RecordBuffer({"v": (np.float64, 0)})}
    body = parse_statements("_x = v*2\nv = _x + i")
    kernel = Kernel("k", range_domain(1, 4),
                    (Access("v", "v", write=True), Access("i", None, "index")),
                    body=body, condition=parse_expression("v > 4"),
                    events_out="out",
                    record=Record("rec", (("v", parse_expression("v")),)))
    run_kernel(kernel, arrays, np.random.default_rng(0))
    np.testing.assert_array_equal(arrays["v"], [0, 2, 5, 8])
    assert list(arrays["out"][:arrays["out"][-1]]) == [2, 3]
    np.testing.assert_array_equal(arrays["rec"].view("v"), [2, 5, 8])
    # An events domain only visits listed elements inside its range.
    reset = Kernel("r", events_domain("out", 3, 4),
                   (Access("v", "v", write=True),),
                   body=parse_statements("v = 0"))
    run_kernel(reset, arrays, np.random.default_rng(0))
    np.testing.assert_array_equal(arrays["v"], [0, 2, 5, 0])
