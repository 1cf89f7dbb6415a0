"""Unit rules of NumPy's histogram functions (registered on import).

Bin edges have the unit of the values they bin; counts have the unit of
the weights (divided by the units of the values with ``density=True``).

Bin edges and ranges given as plain numbers for values with a unit are
read as SI values, as Brian 2 reads them: its scripts often write
``np.histogram(spikes.t, bins=np.arange(0, 1, 0.01))``. Edges given that
way come back as plain numbers, like the ones passed in. Edges or ranges
in another unit than the values are an error.
"""

from __future__ import annotations

import numpy as np

from ranvier.units.array_functions import (_as_quantity, _common, _implements,
                                           _name)
from ranvier.units.dimensions import (DIMENSIONLESS, DimensionMismatchError,
                                      readable_dimension)
from ranvier.units.formatting import short_str
from ranvier.units.quantity import dim_of, plain, with_dim

__all__: list = []


def _edge_count(bins) -> bool:
    """True for bins given as a number of bins or a NumPy rule name."""
    return isinstance(bins, (int, np.integer, str))


def _axis_bins(func, dim, bins):
    """``bins`` for values in ``dim`` as plain numbers, and the unit the
    edges come back in."""
    if _edge_count(bins):
        return bins, dim
    bins = _as_quantity(bins)
    bins_dim = dim_of(bins)
    if bins_dim is dim or bins_dim is DIMENSIONLESS:
        return plain(bins), bins_dim
    raise DimensionMismatchError(
        f"{_name(func)}() needs its bin edges in the units of the values "
        f"({readable_dimension(dim)}) or as plain SI numbers, got "
        f"{short_str(plain(bins), bins_dim)}", dim, bins_dim)


def _axis_range(func, dim, range_):
    """``range_`` (low, high) for values in ``dim`` as plain SI numbers."""
    if range_ is None:
        return None
    limits = list(range_)
    range_dim = _common(func, limits, "range limits")
    if range_dim is not dim and range_dim is not DIMENSIONLESS:
        raise DimensionMismatchError(
            f"{_name(func)}() needs its range in the units of the values "
            f"({readable_dimension(dim)}) or as plain SI numbers, got "
            f"{readable_dimension(range_dim)}", dim, range_dim)
    return tuple(plain(_as_quantity(x)) for x in limits)


def _count_dim(weights, density, value_dims):
    dim = dim_of(weights)
    if density:
        for value_dim in value_dims:
            dim = dim / value_dim
    return dim


@_implements(np.histogram)
def _histogram(a, bins=10, range=None, density=None, weights=None):
    a = _as_quantity(a)
    dim = dim_of(a)
    bins, edge_dim = _axis_bins(np.histogram, dim, bins)
    range_ = _axis_range(np.histogram, dim, range)
    counts, edges = np.histogram(plain(a), bins, range_, density, plain(weights))
    return (with_dim(counts, _count_dim(weights, density, [dim])),
            with_dim(edges, edge_dim))


@_implements(np.histogram_bin_edges)
def _histogram_bin_edges(a, bins=10, range=None, weights=None):
    a = _as_quantity(a)
    dim = dim_of(a)
    bins, edge_dim = _axis_bins(np.histogram_bin_edges, dim, bins)
    range_ = _axis_range(np.histogram_bin_edges, dim, range)
    edges = np.histogram_bin_edges(plain(a), bins, range_, plain(weights))
    return with_dim(edges, edge_dim)


def _sample_columns(sample):
    """The values of a ``histogramdd`` sample without units, and the unit
    of each axis: an (N, D) array has one unit, a sequence of D arrays one
    unit per array."""
    if isinstance(sample, np.ndarray):
        axes = 1 if sample.ndim < 2 else sample.shape[1]
        return plain(sample), [dim_of(sample)] * axes
    columns = [_as_quantity(column) for column in sample]
    return [plain(c) for c in columns], [dim_of(c) for c in columns]


def _per_axis(value, axes: int):
    """``value`` (a bin count or a sequence with one entry per axis) as a
    list with one entry per axis, or None when it fits neither (NumPy then
    reports the mistake)."""
    if _edge_count(value):
        return [value] * axes
    if len(value) == axes:
        return list(value)
    return None


def _histogram_nd(func, sample, bins, range_, density, weights):
    """Counts and a list of edges, one per axis, for histogram2d/dd."""
    columns, dims = _sample_columns(sample)
    per_axis = _per_axis(bins, len(dims))
    if per_axis is None:
        plain_bins, edge_dims = plain(_as_quantity(bins)), dims
    else:
        pairs = [_axis_bins(func, d, b) for d, b in zip(dims, per_axis)]
        plain_bins = [p[0] for p in pairs]
        edge_dims = [p[1] for p in pairs]
    if range_ is not None:
        range_ = [_axis_range(func, d, r) for d, r in zip(dims, range_)]
    counts, edges = np.histogramdd(columns, plain_bins, range_,
                                   density=density, weights=plain(weights))
    edges = [with_dim(e, d) for e, d in zip(edges, edge_dims)]
    return with_dim(counts, _count_dim(weights, density, dims)), edges


@_implements(np.histogramdd)
def _histogramdd(sample, bins=10, range=None, density=None, weights=None):
    return _histogram_nd(np.histogramdd, sample, bins, range, density, weights)


@_implements(np.histogram2d)
def _histogram2d(x, y, bins=10, range=None, density=None, weights=None):
    # As NumPy: bins are one count or edge array for both axes, or a pair.
    if not _edge_count(bins) and len(bins) != 2:
        bins = [bins, bins]
    counts, (x_edges, y_edges) = _histogram_nd(
        np.histogram2d, [x, y], bins, range, density, weights)
    return counts, x_edges, y_edges
