"""get_dimensions, get_unit, fail_for_dimension_mismatch, check_units ..."""

import numpy as np
import pytest

from ranvier.units import (DIMENSIONLESS, DimensionMismatchError, Mohm,
                           Quantity, check_units, cm, fail_for_dimension_mismatch,
                           get_dimensions, get_or_create_dimension, get_unit,
                           have_same_dimensions, hertz, is_dimensionless,
                           kilogram, mM, mmolar, ms, mV, nA, nS, pA, second,
                           umetre2, volt)

VOLT = volt.dim


class _HasDim:
    """Stands for a state-variable view: anything with a ``dim``."""

    dim = VOLT


def test_get_dimensions():
    assert get_dimensions(3 * mV) is VOLT
    assert get_dimensions(mV) is VOLT
    assert get_dimensions(VOLT) is VOLT
    assert get_dimensions(3) is DIMENSIONLESS
    assert get_dimensions(2.5) is DIMENSIONLESS
    assert get_dimensions(np.float32(1)) is DIMENSIONLESS
    assert get_dimensions(np.arange(3)) is DIMENSIONLESS
    assert get_dimensions([1, 2]) is DIMENSIONLESS
    assert get_dimensions([1 * mV, 2 * mV]) is VOLT
    assert get_dimensions(True) is DIMENSIONLESS
    assert get_dimensions(_HasDim()) is VOLT


def test_get_dimensions_errors():
    for bad in ("volt", None, object(), ["a", "b"], {}, {1, 2},
                [[1, 2], [3]], (x for x in range(2)), range):
        with pytest.raises(TypeError, match="has no physical dimensions: "
                                            "expected a number, an array or "
                                            "a sequence of numbers, or a "
                                            "quantity"):
            get_dimensions(bad)
    with pytest.raises(DimensionMismatchError, match="different units"):
        get_dimensions([1 * mV, 2 * ms])


def test_sequences_of_numbers_are_dimensionless():
    # Brian 2.9: get_dimensions(range(0, 100)), of a list, a tuple or a
    # nested list of numbers, and of an empty list, is dimensionless
    for seq in (range(0, 100), range(0), [1, 2], (1, 2.5), [[1, 2], [3, 4]],
                [], (True, False)):
        assert get_dimensions(seq) is DIMENSIONLESS
        assert is_dimensionless(seq)
        assert have_same_dimensions(seq, 1)
    assert not have_same_dimensions(range(3), 3 * mV)
    fail_for_dimension_mismatch(range(3))
    with pytest.raises(DimensionMismatchError):
        fail_for_dimension_mismatch(range(3), 1 * mV)


def test_have_same_dimensions_and_is_dimensionless():
    assert have_same_dimensions(3 * mV, volt)
    assert not have_same_dimensions(3 * mV, 3 * ms)
    assert have_same_dimensions(3, np.ones(2))
    assert is_dimensionless(3)
    assert is_dimensionless(Quantity(2.0))
    assert is_dimensionless(mV / volt)
    assert not is_dimensionless(mV)


def test_get_unit():
    assert get_unit(3 * mV) is volt
    assert get_unit(VOLT) is volt
    assert get_unit(nS * mV) is get_unit(pA)
    assert str(get_unit(pA)) == "A"
    assert get_unit(mM) is mmolar
    assert get_unit(5 * umetre2) is get_unit(cm ** 2)
    assert repr(get_unit(cm ** 2)) == "metre2"
    assert get_unit(1 / (3 * ms)) is hertz
    assert get_unit(2 * kilogram) is kilogram


def test_get_unit_of_unnamed_and_dimensionless():
    odd = get_unit(nS / cm ** 2)
    assert repr(odd) == "metre ** -4 * kilogram ** -1 * second ** 3 * amp ** 2"
    assert str(odd) == "m^-4 kg^-1 s^3 A^2"
    assert float(np.asarray(odd)) == 1.0
    assert get_unit(nS / cm ** 2) is odd
    assert float(np.asarray(get_unit(3))) == 1.0
    assert get_unit(3).dim is DIMENSIONLESS


def test_fail_for_dimension_mismatch_passes():
    assert fail_for_dimension_mismatch(3 * mV, volt) == (VOLT, VOLT)
    assert fail_for_dimension_mismatch(3) == (DIMENSIONLESS, DIMENSIONLESS)
    assert fail_for_dimension_mismatch(mV / volt) == (DIMENSIONLESS,) * 2


def test_fail_for_dimension_mismatch_messages():
    with pytest.raises(DimensionMismatchError,
                       match=r"Units do not match: 3\. mV and 2\. ms "
                             r"\(volt vs\. second\)") as info:
        fail_for_dimension_mismatch(3 * mV, 2 * ms)
    assert info.value.dims == (VOLT, second.dim)
    with pytest.raises(DimensionMismatchError,
                       match=r"Expected a dimensionless value, got 3\. mV "
                             r"\(unit: volt\)"):
        fail_for_dimension_mismatch(3 * mV)
    with pytest.raises(DimensionMismatchError,
                       match=r"Threshold -50\. mV vs\. time 2\. ms "
                             r"\(volt vs\. second\)"):
        fail_for_dimension_mismatch(3 * mV, 2 * ms,
                                    "Threshold {thr} vs. time {t}",
                                    thr=-50 * mV, t=2 * ms)
    with pytest.raises(DimensionMismatchError, match="Bad: volt"):
        fail_for_dimension_mismatch(3 * mV, 2 * ms, "Bad: {d}", d=VOLT)


# -- check_units -------------------------------------------------------------
@check_units(v=mV, r=Mohm, result=nA)
def _current(v, r):
    return v / r


@check_units(x=1, flag=bool, anything=None, result=1)
def _ratio(x, flag=False, anything=None):
    return x * 2 if flag else x


def test_check_units_accepts_correct_arguments():
    assert np.isclose(_current(10 * mV, 100 * Mohm) / pA, 100)
    assert np.isclose(_current(v=1 * volt, r=1 * Mohm) / nA, 1000)
    assert _ratio(3, flag=True, anything="text") == 6
    assert _ratio(mV / volt) == pytest.approx(1e-3)
    assert _ratio(np.ones(2), np.bool_(False)).tolist() == [1, 1]
    assert _current.__name__ == "_current"
    assert _current._orig_func(1, 2) == 0.5


def test_check_units_argument_errors():
    with pytest.raises(DimensionMismatchError,
                       match=r"Argument 'v' of _current\(\) must have units of "
                             r"volt, got 10\. ms \(second vs\. volt\)"):
        _current(10 * ms, 100 * Mohm)
    with pytest.raises(DimensionMismatchError,
                       match=r"Argument 'r' of _current\(\) must have units of "
                             r"ohm, got 5"):
        _current(1 * mV, 5)
    with pytest.raises(DimensionMismatchError,
                       match=r"Argument 'x' of _ratio\(\) must have no units "
                             r"\(dimensionless\), got 3\. mV"):
        _ratio(3 * mV)
    with pytest.raises(TypeError,
                       match=r"Argument 'flag' of _ratio\(\) must be a boolean, "
                             "got 1"):
        _ratio(3, 1)
    with pytest.raises(TypeError,
                       match=r"Argument 'x' of _ratio\(\) must have no units "
                             r"\(dimensionless\), got 'text'"):
        _ratio("text")


def test_check_units_result_errors():
    @check_units(result=volt)
    def wrong():
        return 3 * ms

    with pytest.raises(DimensionMismatchError,
                       match=r"The result of wrong\(\) must have units of "
                             r"volt, got 3\. ms"):
        wrong()


def test_check_units_skips_none_values():
    @check_units(t=second)
    def run(t=None):
        return t

    assert run() is None
    assert run(None) is None


def test_check_units_varargs_and_kwargs():
    @check_units(values=mV, extra=ms)
    def collect(*values, **options):
        return len(values), options

    assert collect(1 * mV, 2 * mV, extra=3 * ms) == (2, {"extra": 3 * ms})
    with pytest.raises(DimensionMismatchError, match="Argument 'values'"):
        collect(1 * mV, 2 * ms)
    with pytest.raises(DimensionMismatchError, match="Argument 'extra'"):
        collect(extra=3 * mV)


def test_check_units_decoration_errors():
    with pytest.raises(TypeError, match=r"check_units: f\(\) has no argument\(s\) "
                                        "'y'"):
        @check_units(y=mV)
        def f(x):
            return x
    with pytest.raises(TypeError, match="check_units: the unit for argument 'x' "
                                        r"of g\(\) must be a unit such as mV, 1 "
                                        r"\(dimensionless\), bool or None, not 'mV'"):
        @check_units(x="mV")
        def g(x):
            return x
    with pytest.raises(TypeError, match=r"the unit for the result of h\(\)"):
        @check_units(result=2)
        def h():
            return 1


def test_check_units_records_units_for_model_functions():
    assert _current._arg_names == ["v", "r"]
    assert _current._arg_units == [mV, Mohm]
    assert _current._return_unit is nA


def test_check_units_accepts_dimensions():
    @check_units(x=get_or_create_dimension(s=1))
    def f(x):
        return x

    assert f(2 * ms).dim is second.dim
    with pytest.raises(DimensionMismatchError, match="units of second"):
        f(2 * mV)
