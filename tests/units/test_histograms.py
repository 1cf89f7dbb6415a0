"""Unit rules of np.histogram, histogram_bin_edges, histogram2d and
histogramdd."""

import numpy as np
import pytest

from ranvier.units import DimensionMismatchError, mV, ms, nA, volt

VOLT = volt.dim
Q = np.array([3.0, 1.0, 2.0]) * mV
TIMES = np.array([1.0, 2.0, 3.0, 7.0]) * ms
INDICES = np.array([0, 1, 1, 2])


def test_histogram():
    counts, edges = np.histogram(Q, bins=2)
    assert type(counts) is np.ndarray and counts.sum() == 3
    assert edges.dim is VOLT
    counts, edges = np.histogram(Q, bins=np.array([0, 2, 4]) * mV)
    assert counts.tolist() == [1, 2]
    assert edges.dim is VOLT
    counts, _ = np.histogram(Q, bins=2, range=(0 * mV, 4 * mV))
    assert counts.tolist() == [1, 2]
    counts, _ = np.histogram(Q, bins=2, range=(0, 4 * mV))
    assert counts.tolist() == [1, 2]
    density, _ = np.histogram(Q, bins=2, density=True)
    assert density.dim is VOLT ** -1
    weighted, _ = np.histogram(Q, bins=2, weights=np.ones(3) * nA)
    assert weighted.dim is nA.dim
    assert np.histogram_bin_edges(Q, bins=2).dim is VOLT


def test_plain_bins_and_ranges_are_si_values():
    # Brian 2.9: np.histogram(t, bins=[0, 0.005, 0.01]) for times in ms
    # counts [3, 1] and gives the edges back as plain numbers
    counts, edges = np.histogram(TIMES, bins=[0, 0.005, 0.01])
    assert counts.tolist() == [3, 1]
    assert type(edges) is np.ndarray
    assert np.allclose(edges, [0, 0.005, 0.01])
    # a plain range is in SI units too (Brian 2.9: counts [3, 0, 1])
    counts, edges = np.histogram(TIMES, bins=3, range=(0, 0.01))
    assert counts.tolist() == [3, 0, 1]
    assert edges.dim is ms.dim
    assert np.allclose(np.asarray(edges), [0, 0.01 / 3, 0.02 / 3, 0.01])
    edges = np.histogram_bin_edges(TIMES, bins=[0, 0.01])
    assert type(edges) is np.ndarray


def test_histogram_errors():
    with pytest.raises(DimensionMismatchError,
                       match=r"np.histogram\(\) needs its bin edges in the "
                             r"units of the values \(volt\) or as plain SI "
                             r"numbers, got \[0\. 1\. 2\.\] ms"):
        np.histogram(Q, bins=np.arange(3) * ms)
    with pytest.raises(DimensionMismatchError,
                       match=r"np.histogram\(\) needs its range in the units "
                             r"of the values \(volt\)"):
        np.histogram(Q, bins=2, range=(0 * ms, 4 * ms))
    with pytest.raises(DimensionMismatchError,
                       match=r"np.histogram\(\) needs its range limits in the "
                             "same units"):
        np.histogram(Q, bins=2, range=(1 * mV, 4 * ms))


def test_histogram2d_as_in_brian2():
    # counts as Brian 2.9 gives them for the same call (bins in SI numbers
    # for the times and a range of indices)
    edges_s = [0, 0.002, 0.004, 0.006, 0.008]
    counts, t_edges, i_edges = np.histogram2d(TIMES, INDICES,
                                              bins=[edges_s, range(4)])
    assert counts.tolist() == [[1, 0, 0], [0, 2, 0], [0, 0, 0], [0, 0, 1]]
    assert type(t_edges) is np.ndarray and type(i_edges) is np.ndarray
    # the same bins in ms keep the unit of the time edges
    counts_ms, t_edges, _ = np.histogram2d(
        TIMES, INDICES, bins=[np.arange(0, 10, 2) * ms, range(4)])
    assert counts_ms.tolist() == counts.tolist()
    assert t_edges.dim is ms.dim
    assert np.allclose(t_edges / ms, [0, 2, 4, 6, 8])


def test_histogram2d_counts_ranges_and_weights():
    counts, t_edges, i_edges = np.histogram2d(
        TIMES, INDICES, bins=2, range=[[0 * ms, 8 * ms], [0, 2]])
    assert counts.tolist() == [[1, 2], [0, 1]]
    assert t_edges.dim is ms.dim and type(i_edges) is np.ndarray
    weighted = np.histogram2d(TIMES, INDICES, bins=2,
                              weights=np.ones(4) * nA)[0]
    assert weighted.dim is nA.dim and np.isclose(weighted.sum() / nA, 4)
    density = np.histogram2d(TIMES, INDICES * mV, bins=2, density=True)[0]
    assert density.dim is (ms.dim * VOLT) ** -1
    assert np.isclose(np.sum(density * (3 * ms) * (1 * mV)), 1)
    # one edge array for both axes
    both = np.histogram2d(TIMES / ms, INDICES, bins=[0, 2, 4, 8])[0]
    assert both.shape == (3, 3) and both.sum() == 4
    with pytest.raises(DimensionMismatchError, match="np.histogram2d"):
        np.histogram2d(TIMES, INDICES, bins=[np.arange(3) * mV, 3])


def test_histogramdd():
    # an (N, D) quantity has one unit for every axis
    sample = np.column_stack([TIMES / ms, INDICES]) * ms
    counts, edges = np.histogramdd(sample, bins=(2, 2))
    assert counts.tolist() == [[1, 2], [0, 1]]
    assert all(e.dim is ms.dim for e in edges)
    # a sequence of arrays has one unit per array
    counts, edges = np.histogramdd((TIMES, INDICES), bins=2)
    assert counts.tolist() == [[1, 2], [0, 1]]
    assert edges[0].dim is ms.dim and type(edges[1]) is np.ndarray
    with pytest.raises(DimensionMismatchError, match="np.histogramdd"):
        np.histogramdd((TIMES, INDICES), bins=[np.arange(3) * mV, 2])
