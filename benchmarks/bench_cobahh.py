"""Hodgkin-Huxley network (COBAHH, benchmark 3 of Brette et al. 2007):
ranvier vs Brian 2.

Run ``python benchmarks/bench_cobahh.py [--neurons 4000] [--duration 1]``.
4000 Traub-Miles neurons (80 % excitatory), exponentially decaying
conductance synapses, random connections with probability 0.02,
exponential Euler with dt = 0.1 ms. The simulators, variants and table
are those of ``bench_cuba.py`` (see its docstring).
"""

from __future__ import annotations

from bench_cuba import parser, run_all

#: The model, in the language both simulators read.
MODEL = """
import json, time
N = {neurons}
area = 20000*umetre**2
Cm = 1*ufarad*cm**-2*area
gl = 5e-5*siemens*cm**-2*area
g_na = 100*msiemens*cm**-2*area
g_kd = 30*msiemens*cm**-2*area
El = -60*mV; EK = -90*mV; ENa = 50*mV; VT = -63*mV
Ee = 0*mV; Ei = -80*mV; taue = 5*ms; taui = 10*ms
we = 6*nS; wi = 67*nS
seed(3)
t0 = time.perf_counter()
P = NeuronGroup(N, '''
    dv/dt = (gl*(El - v) + ge*(Ee - v) + gi*(Ei - v)
             - g_na*m**3*h*(v - ENa) - g_kd*n**4*(v - EK))/Cm : volt
    dm/dt = alpha_m*(1 - m) - beta_m*m : 1
    dh/dt = alpha_h*(1 - h) - beta_h*h : 1
    dn/dt = alpha_n*(1 - n) - beta_n*n : 1
    dge/dt = -ge/taue : siemens
    dgi/dt = -gi/taui : siemens
    alpha_m = 0.32*(4*mV)/exprel((13*mV - v + VT)/(4*mV))/mV/ms : Hz
    beta_m = 0.28*(5*mV)/exprel((v - VT - 40*mV)/(5*mV))/mV/ms : Hz
    alpha_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms : Hz
    beta_h = 4/(1 + exp((40*mV - v + VT)/(5*mV)))/ms : Hz
    alpha_n = 0.032*(5*mV)/exprel((15*mV - v + VT)/(5*mV))/mV/ms : Hz
    beta_n = 0.5*exp((10*mV - v + VT)/(40*mV))/ms : Hz
    ''', threshold='v > -20*mV', refractory=3*ms,
    method='exponential_euler')
P.v = 'El + (5*randn() - 5)*mV'
P.ge = '(4 + 1.5*randn())*10*nS'
P.gi = '(20 + 12*randn())*10*nS'
Ne = int(0.8*N)
Ce = Synapses(P[:Ne], P, on_pre='ge += we')
Ci = Synapses(P[Ne:], P, on_pre='gi += wi')
Ce.connect(p=0.02*4000/N)
Ci.connect(p=0.02*4000/N)
M = SpikeMonitor(P)
t1 = time.perf_counter()
run({duration}*second)
t2 = time.perf_counter()
result = dict(build=t1 - t0, run=t2 - t1, spikes=int(M.num_spikes))
"""


def main(argv=None):
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--neurons", type=int, default=4000)
    p.add_argument("--duration", type=float, default=1.0)
    args = p.parse_args(argv)
    model = MODEL.format(neurons=args.neurons, duration=args.duration)
    run_all(model, args.duration,
            f"COBAHH, {args.neurons} neurons, {args.duration} s", args)


if __name__ == "__main__":
    main()
