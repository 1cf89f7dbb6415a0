"""Unit rules of NumPy's file writers, set operations, covariances,
polynomial fits and Fourier transforms (compared with Brian 2.9, which
runs them on SI values)."""

import io

import numpy as np

from ranvier.units import Hz, mV, ms, volt

VOLT = volt.dim
Q = np.array([1.0, 3.0, 2.0]) * mV
SI = np.array([0.001, 0.003, 0.002])


def test_writers_store_si_values():
    buffer = io.BytesIO()
    np.save(buffer, Q)
    buffer.seek(0)
    assert np.allclose(np.load(buffer), SI)
    text = io.StringIO()
    np.savetxt(text, Q)
    assert np.allclose(np.loadtxt(io.StringIO(text.getvalue())), SI)
    archive = io.BytesIO()
    np.savez(archive, v=Q, t=np.arange(3) * ms)
    archive.seek(0)
    loaded = np.load(archive)
    assert np.allclose(loaded["v"], SI)
    assert np.allclose(loaded["t"], [0, 0.001, 0.002])


def test_nan_arg_functions_give_indices():
    values = np.array([1.0, np.nan, 3.0]) * mV
    assert np.nanargmax(values) == 2
    assert np.nanargmin(values) == 0


def test_set_operations_keep_the_unit():
    union = np.union1d(Q, [4] * mV)
    assert union.dim is VOLT and np.allclose(union / mV, [1, 2, 3, 4])
    difference = np.setdiff1d(Q, Q[:1])
    assert difference.dim is VOLT and np.allclose(difference / mV, [2, 3])
    common, in_first, in_second = np.intersect1d(Q, Q[1:],
                                                 return_indices=True)
    assert common.dim is VOLT and np.allclose(common / mV, [2, 3])
    assert in_first.tolist() == [2, 1] and type(in_first) is np.ndarray
    assert np.setxor1d(Q, Q[:2]).dim is VOLT


def test_covariance_and_correlation():
    # Brian 2.9: np.cov(q) is 1e-06 (SI), np.corrcoef(q, q) all ones
    cov = np.cov(Q)
    assert cov.dim is VOLT ** 2 and np.isclose(np.asarray(cov), 1e-06)
    assert np.cov(Q, 2 * Q).dim is VOLT ** 2
    mixed = np.cov(Q, [10, 20, 30] * Hz)
    assert type(mixed) is np.ndarray
    assert np.allclose(mixed, np.cov(SI, [10, 20, 30]))
    assert np.allclose(np.corrcoef(Q, Q), 1)
    assert type(np.corrcoef(Q, Q)) is np.ndarray


def test_polyfit_gives_si_coefficients():
    # Brian 2.9: np.polyfit(np.arange(3.), [1, 3, 2]*mV, 1) is
    # [0.0005, 0.0015]
    coefficients = np.polyfit(np.arange(3.0), Q, 1)
    assert type(coefficients) is np.ndarray
    assert np.allclose(coefficients, [0.0005, 0.0015])


def test_fourier_transforms_keep_the_unit():
    # linear, so the unit carries over; values as Brian 2.9's SI result
    spectrum = np.fft.fft(Q)
    assert spectrum.dim is VOLT
    assert np.allclose(np.asarray(spectrum), np.fft.fft(SI))
    assert np.fft.rfft(Q).dim is VOLT
    assert np.allclose(np.asarray(np.fft.irfft(np.fft.rfft(Q), 3)), SI)
    assert np.fft.fftshift(Q).dim is VOLT
