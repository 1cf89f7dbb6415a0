"""``v`` and ``v_post`` in one block of synaptic code: each spelling is
read as it was when the block started unless the block wrote that same
spelling (Brian 2's behaviour, which its Clopath et al. 2010 example
relies on)."""

import numpy as np

from ranvier import NeuronGroup, Synapses, mV, ms, run, start_scope


def _post_spike(code):
    start_scope()
    G = NeuronGroup(2, """u : volt
                          fire : 1""", threshold="fire > 0",
                    reset="fire = 0")
    S = Synapses(G, G, """w : 1
                          w2 : 1""", on_post=code)
    S.connect(i=0, j=1)
    G.u = [0, -70] * mV
    G.fire = [0, 1]
    run(0.1 * ms)
    return G, S


def test_other_spelling_reads_the_value_before_the_write(backend):
    G, S = _post_spike("""u += 10*mV
                          w = u_post/mV + 70
                          w2 = u/mV + 70""")
    assert G.u[1] / mV == -60
    # u_post was not written under that name: the value at the start.
    assert S.w[0] == 0
    # u was: the value after the increment.
    assert np.isclose(S.w2[0], 10)


def test_same_spelling_reads_its_own_write(backend):
    G, S = _post_spike("""u_post += 10*mV
                          w = u_post/mV + 70""")
    assert np.isclose(S.w[0], 10)
