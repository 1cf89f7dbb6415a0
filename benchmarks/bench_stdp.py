"""Spike-timing-dependent plasticity (after Song, Miller & Abbott 2000):
ranvier vs Brian 2.

Run ``python benchmarks/bench_stdp.py [--inputs 1000] [--duration 10]``.
1000 Poisson inputs at 15 Hz drive one conductance-based integrate-and-
fire neuron through plastic synapses with additive, all-to-all STDP
(weights clipped to [0, g_max]). Little work per step, so this measures
the cost of a step more than arithmetic throughput. The simulators,
variants and table are those of ``bench_cuba.py`` (see its docstring);
the spike column counts the output neuron's spikes.
"""

from __future__ import annotations

from bench_cuba import parser, run_all

#: The model, in the language both simulators read.
MODEL = """
import json, time
N = {inputs}
tau_m = 10*ms; V_rest = -74*mV; V_reset = -60*mV; V_th = -54*mV
E_ex = 0*mV; tau_ex = 5*ms
g_max = 0.01; taupre = 20*ms; taupost = 20*ms
A_plus = 0.01*g_max; A_minus = -1.05*A_plus
seed(2000)
t0 = time.perf_counter()
inputs = PoissonGroup(N, rates=15*Hz)
neuron = NeuronGroup(1, '''dv/dt = (g_ex*(E_ex - v) + V_rest - v)/tau_m : volt
                           dg_ex/dt = -g_ex/tau_ex : 1''',
                     threshold='v > V_th', reset='v = V_reset',
                     method='euler')
neuron.v = V_rest
S = Synapses(inputs, neuron,
             '''w : 1
                dapre/dt = -apre/taupre : 1 (event-driven)
                dapost/dt = -apost/taupost : 1 (event-driven)''',
             on_pre='''g_ex_post += w
                       apre += A_plus
                       w = clip(w + apost, 0, g_max)''',
             on_post='''apost += A_minus
                        w = clip(w + apre, 0, g_max)''')
S.connect()
S.w = 'rand()*g_max'
M = SpikeMonitor(neuron)
t1 = time.perf_counter()
run({duration}*second)
t2 = time.perf_counter()
result = dict(build=t1 - t0, run=t2 - t1, spikes=int(M.num_spikes))
"""


def main(argv=None):
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--inputs", type=int, default=1000)
    p.add_argument("--duration", type=float, default=10.0)
    args = p.parse_args(argv)
    model = MODEL.format(inputs=args.inputs, duration=args.duration)
    run_all(model, args.duration,
            f"STDP, {args.inputs} inputs, {args.duration} s", args)


if __name__ == "__main__":
    main()
