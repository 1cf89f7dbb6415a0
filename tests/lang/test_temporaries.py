"""Temporaries in blocks of statements: the renaming pass on its own.

The rules follow Brian 2.9's answers for the same reset code: a name
assigned that is not a model variable is local to the block from its
first assignment on; reading it earlier, or updating it with ``+=``
before it has a value, is an error.
"""

import pytest

from ranvier.lang.errors import ModelNameError
from ranvier.lang.parse import parse_expression, parse_statements
from ranvier.lang.temporaries import (UnusedTemporaryWarning,
                                      bind_temporaries, temporary_name)
from ranvier.lang.tree import Name, walk

MODEL = {"v", "w", "t", "dt", "i", "N", "s"}


def bound(code, model=MODEL):
    return bind_temporaries(parse_statements(code, owner="test reset"),
                            model)


def marked(error):
    source, span = error.source, error.span
    return source.text[source.offset + span.start:source.offset + span.end]


def test_a_block_without_temporaries_is_unchanged():
    statements = parse_statements("v = 2*w\nw += v")
    assert bind_temporaries(statements, MODEL) == statements


def test_a_temporary_is_renamed_where_assigned_and_read():
    out = bound("w_minus = A*(v - theta)\nw = clip(w - w_minus, 0, wmax)")
    assert [s.target for s in out] == ["_tmp_w_minus", "w"]
    assert out[0].expr == parse_expression("A*(v - theta)")
    assert out[1].expr == parse_expression(
        "clip(w - _tmp_w_minus, 0, wmax)")


def test_spans_and_sources_are_kept():
    (first, second) = bound("x = 2*v\nv = x + 1")
    source = second.source
    node = second.expr.left
    assert source.text[source.offset + node.span.start:
                       source.offset + node.span.end] == "x"
    assert source.line == 2
    assert first.target_span == parse_statements("x = 2*v")[0].target_span


def test_a_temporary_may_be_updated_after_its_first_assignment():
    out = bound("x = v\nx += w\nx = 2*x\nv = x")
    assert [(s.target, s.op) for s in out] == [
        ("_tmp_x", "="), ("_tmp_x", "+="), ("_tmp_x", "="), ("v", "=")]
    assert out[2].expr == parse_expression("2*_tmp_x")


def test_a_temporary_hides_a_namespace_name_after_its_assignment():
    # Brian 2: with a global tau, 'tau = 1*mV; v = tau' gives v = 1 mV.
    out = bound("tau = 1*ms\nv = v*tau/ms")
    assert out[1].expr == parse_expression("v*_tmp_tau/ms")


def test_underscore_names_and_model_variables_are_left_alone():
    out = bound("_x = 2*v\nv = _x\ns = 3")
    assert [s.target for s in out] == ["_x", "v", "s"]


def test_the_internal_name_avoids_names_in_use():
    out = bound("x = 1\n_tmp_x = 2\nv = x + _tmp_x")
    assert out[0].target == "_tmp_x_"
    assert out[2].expr == parse_expression("_tmp_x_ + _tmp_x")
    assert temporary_name("a", {"_tmp_a", "_tmp_a_"}) == "_tmp_a__"


def test_reading_a_temporary_before_it_is_assigned_is_an_error():
    with pytest.raises(ModelNameError) as info:
        bound("v = x_t\nx_t = 1*mV")
    error = info.value
    assert "'x_t' is used before it is assigned" in error.message
    assert "first assigned on line 2" in error.message
    assert marked(error) == "x_t"
    assert "line 1: v = x_t" in str(error)
    assert "test reset" in str(error)


def test_reading_a_temporary_in_its_own_first_assignment_is_an_error():
    with pytest.raises(ModelNameError, match="first assigned on this line"):
        bound("x_t = x_t + 1*mV\nv = x_t")


def test_augmented_assignment_of_an_undefined_name_is_an_error():
    with pytest.raises(ModelNameError) as info:
        bound("v = 0*mV\nx_t += 1*mV\nv = x_t")
    error = info.value
    assert "'x_t' is not a variable of the model" in error.message
    assert "'+='" in error.message and "x_t = ..." in error.message
    assert marked(error) == "x_t"
    assert "line 2: x_t += 1*mV" in str(error)


@pytest.mark.parametrize("op", ["-=", "*=", "/="])
def test_every_augmented_operator_needs_a_value(op):
    with pytest.raises(ModelNameError, match=f"'{op}'"):
        bound(f"y {op} 2")


def test_temporaries_of_one_block_are_not_seen_by_another():
    bound("x = 1\nv = x")
    with pytest.raises(ModelNameError):
        bound("v = x\nx = 1")


def test_no_temporary_name_is_left_in_a_bound_block():
    out = bound("a = v\nb = a*2\nc = a + b\nv = c - a")
    names = {n.id for s in out for n in walk(s.expr) if isinstance(n, Name)}
    names |= {s.target for s in out}
    assert names == {"v", "_tmp_a", "_tmp_b", "_tmp_c"}


def test_a_temporary_nothing_reads_is_warned_about():
    # Brian 2 accepts it silently; it is most likely a misspelt variable.
    with pytest.warns(UnusedTemporaryWarning, match="'vv' is not a variable "
                                                    "of the model") as info:
        out = bound("vv = 0*mV")
    assert "never reads it" in str(info[0].message)
    assert "test reset" in str(info[0].message)
    assert out[0].target == "_tmp_vv"


def test_no_warning_when_every_temporary_is_read(recwarn):
    bound("x = v\nv = 2*x")
    assert not [w for w in recwarn if w.category is UnusedTemporaryWarning]
