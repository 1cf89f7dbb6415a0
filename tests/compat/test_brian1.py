"""Brian 1's front-page example runs with ranvier.brian1."""

import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest

from ranvier import start_scope


def test_front_page_example(tmp_path):
    start_scope()
    from ranvier.brian1 import (NeuronGroup, Connection, SpikeMonitor, run,
                                raster_plot, rand, mV, ms, second)
    eqs = '''
    dv/dt = (ge+gi-(v+49*mV))/(20*ms) : volt
    dge/dt = -ge/(5*ms) : volt
    dgi/dt = -gi/(10*ms) : volt
    '''
    P = NeuronGroup(4000, eqs, threshold=-50*mV, reset=-60*mV)
    P.v = -60*mV+10*mV*rand(len(P))
    Pe = P.subgroup(3200)
    Pi = P.subgroup(800)
    Ce = Connection(Pe, P, 'ge', weight=1.62*mV, sparseness=0.02)
    Ci = Connection(Pi, P, 'gi', weight=-9*mV, sparseness=0.02)
    M = SpikeMonitor(P)
    run(0.25*second)
    rate = M.num_spikes / (4000 * 0.25)
    assert 2 < rate < 60
    first = next(i for i in range(4000) if len(M[i]) > 0)
    assert np.all(np.diff(np.asarray(M[first])) > 0)
    ax = raster_plot(M)
    assert ax.get_xlabel().startswith("time")
    with pytest.raises(ValueError, match="left"):
        P.subgroup(1)
    assert 0.015 < len(Ce) / (3200 * 4000) < 0.025
    assert 0.015 < len(Ci) / (800 * 4000) < 0.025
