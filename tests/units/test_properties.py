"""Property tests of the unit algebra (hypothesis)."""

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ranvier.units import (ALL_UNITS, DIMENSIONLESS, Dimension, Quantity,
                           get_unit, in_unit, mV, ms, uV, us)
from ranvier.units.registry import best_display_unit, display_family

settings.register_profile("units", max_examples=60, deadline=None)
settings.load_profile("units")

exponents = st.integers(min_value=-4, max_value=4)
dimensions = st.tuples(*[exponents] * 7).map(Dimension)
values = st.floats(min_value=1e-6, max_value=1e6) | \
    st.floats(min_value=-1e6, max_value=-1e-6)
named_units = st.sampled_from(sorted(
    (u for u in set(ALL_UNITS.values()) if u.dim is not DIMENSIONLESS),
    key=repr))
ENGINEERING = [u for u in set(ALL_UNITS.values())
               if u.exp10 is not None and u.exp10 % 3 == 0
               and u.dim is not DIMENSIONLESS]


@given(dimensions, dimensions, dimensions)
def test_dimension_product_is_associative(a, b, c):
    assert (a * b) * c is a * (b * c)


@given(dimensions, dimensions)
def test_dimension_product_is_commutative(a, b):
    assert a * b is b * a


@given(dimensions, dimensions)
def test_division_undoes_multiplication(a, b):
    assert (a * b) / b is a
    assert a / a is DIMENSIONLESS


@given(dimensions, st.integers(min_value=-3, max_value=3))
def test_integer_power_is_repeated_product(a, n):
    product = DIMENSIONLESS
    for _ in range(abs(n)):
        product = product * a
    assert a ** n is (product if n >= 0 else DIMENSIONLESS / product)


@given(dimensions)
def test_square_root_halves_exponents(a):
    assert (a ** 0.5) ** 2 is a
    assert tuple(2 * e for e in (a ** 0.5).exponents) == a.exponents


@given(values, named_units)
def test_multiplying_and_dividing_by_a_unit_round_trips(x, unit):
    assert np.isclose((x * unit) / unit, x, rtol=1e-13, atol=0)


@given(st.lists(values, min_size=1, max_size=20), named_units)
def test_arrays_round_trip(xs, unit):
    q = np.array(xs) * unit
    assert q.dim is unit.dim
    np.testing.assert_allclose(q / unit, xs, rtol=1e-13)


@given(values, named_units)
def test_in_unit_round_trips(x, unit):
    text = in_unit(x * unit, unit, precision=17)
    number, shown = text.split(" ", 1)
    assert shown == str(unit)
    assert np.isclose(float(number), x, rtol=1e-12, atol=0)


@given(values, named_units)
def test_conversion_through_the_coherent_unit(x, unit):
    q = x * unit
    base = get_unit(q)
    assert base.dim is q.dim
    assert np.isclose(q / base / (unit / base), x, rtol=1e-13, atol=0)


@given(values)
def test_prefixes_compare_exactly_to_float_tolerance(x):
    assert np.isclose((x * mV) / (1000 * x * uV), 1, rtol=1e-15, atol=0)
    assert np.isclose((x * ms) / (1000 * x * us), 1, rtol=1e-15, atol=0)
    assert np.isclose(x * ms, 1000 * x * us, rtol=1e-15)


@given(st.floats(min_value=1e-3, max_value=1e3), st.floats(min_value=0.01,
                                                           max_value=0.9))
def test_ordering_across_prefixes(x, margin):
    assert x * ms < (1 + margin) * x * ms
    assert x * ms < (1 + margin) * 1000 * x * us
    assert x * ms > (1 - margin) * 1000 * x * us
    assert 1 * mV == 1000 * uV
    assert 1 * ms < 1.1 * ms


@given(st.lists(values, min_size=1, max_size=8), named_units)
def test_repr_evaluates_back(xs, unit):
    namespace = {}
    exec("from ranvier.units import *", namespace)
    q = np.array(xs) * unit
    again = eval(repr(q), namespace)
    assert again.dim is q.dim
    np.testing.assert_allclose(np.asarray(again), np.asarray(q), rtol=1e-14)


@given(values, st.sampled_from(ENGINEERING))
def test_display_picks_the_largest_unit_not_above_the_value(x, unit):
    q = x * unit
    chosen = best_display_unit(q.dim, np.asarray(q))
    if chosen is None:  # no named unit (gray, m^2 s^-2): base units
        assert str(q).endswith(" " + q.dim.base_str())
        return
    exps = [u.exp10 for u in display_family(q.dim)]
    shown = abs(float(np.asarray(q)) / 10.0 ** chosen.exp10)
    bigger = [e for e in exps if e > chosen.exp10]
    if chosen.exp10 != min(exps):
        assert shown >= 1 - 1e-9
    if bigger:
        assert shown < 10.0 ** (min(bigger) - chosen.exp10) * (1 + 1e-9)
    assert re.match(r"^-?[0-9.e+-]+ \S+$", str(q))


@given(values, values, named_units)
def test_addition_commutes_and_keeps_units(x, y, unit):
    a, b = x * unit, y * unit
    assert (a + b).dim is unit.dim
    assert np.isclose((a + b) / unit, (b + a) / unit, rtol=1e-15, atol=0)


@given(values, dimensions)
def test_with_dimensions_and_get_dimensions_agree(x, dim):
    q = Quantity.with_dimensions(x, dim)
    assert q.dim is dim
