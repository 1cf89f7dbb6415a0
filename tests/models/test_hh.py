"""A Hodgkin-Huxley neuron (exponential Euler) against an independent
fine-step Runge-Kutta integration written here in plain NumPy."""

import numpy as np

from ranvier import (NeuronGroup, Network, SpikeMonitor, amp, farad, meter,
                     ms, mV, siemens)

HH = """
dv/dt = (I - gNa*m**3*h*(v - ENa) - gK*n**4*(v - EK) - gL*(v - EL))/C : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
alpha_m = 1/exprel(-(v + 40*mV)/(10*mV))/ms : hertz
beta_m = 4*exp(-(v + 65*mV)/(18*mV))/ms : hertz
alpha_h = 0.07*exp(-(v + 65*mV)/(20*mV))/ms : hertz
beta_h = 1/(1 + exp(-(v + 35*mV)/(10*mV)))/ms : hertz
alpha_n = 0.1/exprel(-(v + 55*mV)/(10*mV))/ms : hertz
beta_n = 0.125*exp(-(v + 65*mV)/(80*mV))/ms : hertz
I : amp/meter**2
"""

PARAMS = dict(C=1e-2 * farad / meter**2, gNa=1200 * siemens / meter**2,
              gK=360 * siemens / meter**2, gL=3 * siemens / meter**2,
              ENa=50 * mV, EK=-77 * mV, EL=-54.4 * mV)


def _rates(v):
    def exprel(x):
        return np.where(np.abs(x) < 1e-9, 1.0, np.expm1(x) / np.where(
            x == 0, 1.0, x))
    am = 1 / exprel(-(v + 40) / 10)
    bm = 4 * np.exp(-(v + 65) / 18)
    ah = 0.07 * np.exp(-(v + 65) / 20)
    bh = 1 / (1 + np.exp(-(v + 35) / 10))
    an = 0.1 / exprel(-(v + 55) / 10)
    bn = 0.125 * np.exp(-(v + 65) / 80)
    return am, bm, ah, bh, an, bn


def _derivative(y, current):
    v, m, h, n = y  # mV, ms, uA/cm^2 units
    am, bm, ah, bh, an, bn = _rates(v)
    dv = current - 120 * m**3 * h * (v - 50) - 36 * n**4 * (v + 77) - \
        0.3 * (v + 54.4)
    return np.array([dv, am * (1 - m) - bm * m, ah * (1 - h) - bh * h,
                     an * (1 - n) - bn * n])


def reference_spike_count(current, duration_ms, dt=0.002):
    y = np.array([-65.0, 0.05, 0.6, 0.32])
    count, above = 0, False
    for _ in range(int(round(duration_ms / dt))):
        k1 = _derivative(y, current)
        k2 = _derivative(y + dt / 2 * k1, current)
        k3 = _derivative(y + dt / 2 * k2, current)
        k4 = _derivative(y + dt * k3, current)
        y = y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        if y[0] > -20 and not above:
            count += 1
        above = y[0] > -20
    return count


def test_hh_spike_count_matches_reference():
    currents = [0.0, 3.0, 10.0, 20.0]  # uA/cm^2
    G = NeuronGroup(len(currents), HH, method="exponential_euler",
                    threshold="v > -20*mV", refractory="v > -20*mV",
                    dt=0.01 * ms, namespace=PARAMS)
    G.v = -65 * mV
    G.m, G.h, G.n = 0.05, 0.6, 0.32
    G.I = np.array(currents) * 1e-2 * amp / meter**2
    mon = SpikeMonitor(G)
    Network(G, mon).run(100 * ms)
    expected = [reference_spike_count(c, 100.0) for c in currents]
    assert expected[0] == 0 and expected[2] > 3  # the reference is sane
    assert list(mon.count) == expected
