"""Definitions that continue over several lines (checked against what
Brian 2.9 accepts and refuses for the same strings)."""

import pytest

from ranvier.lang.equations import Equations
from ranvier.lang.errors import ModelSyntaxError
from ranvier.lang.parse import parse_expression


def refused(text):
    with pytest.raises(ModelSyntaxError) as info:
        Equations(text)
    return info.value


def marked(error):
    source, span = error.source, error.span
    return source.text[source.offset + span.start:source.offset + span.end]


def expr_of(eqs, name):
    return eqs[name].expr


@pytest.mark.parametrize("text, name, joined", [
    # a trailing operator outside brackets
    ("J = -F/2*(1 + tanh(x)) *\n   y : 1", "J", "-F/2*(1 + tanh(x))*y"),
    ("dy/dt = -y/tau + a +\n        b*xi : volt", "y", "-y/tau + a + b*xi"),
    # a trailing operator inside brackets, then an operator leading a line
    ("dv/dt = -v/tau + (a +\n      b)*R/tau\n     + c*R/tau : volt", "v",
     "-v/tau + (a + b)*R/tau + c*R/tau"),
    # an operator at the start of the next line
    ("x = a\n    - b : 1", "x", "a - b"),
    ("x = a\n  * b : 1", "x", "a*b"),
    ("b = x > 1 and\n    y > 2 : boolean", "b", "x > 1 and y > 2"),
    ("b = x > 1\n    or y > 2 : boolean", "b", "x > 1 or y > 2"),
    # a comment after the operator does not stop the continuation
    ("x = a +  # the first part\n    b : 1", "x", "a + b"),
    # the assignment itself may end the line
    ("x =\n  a + b : 1", "x", "a + b"),
    # over three lines, with Windows line ends
    ("x = a *\r\n  b +\r\n  c : 1", "x", "a*b + c"),
    # a backslash still continues a line
    ("x = a \\\n  + b : 1", "x", "a + b"),
])
def test_a_definition_continues(text, name, joined):
    eqs = Equations(text)
    assert eqs.names == (name,)
    assert expr_of(eqs, name) == parse_expression(joined)


def test_flags_and_following_definitions_after_a_continuation():
    eqs = Equations("x = 2 *\n  y : 1 (shared)\ny : 1\n"
                    "dv/dt = -v/tau +\n   x/tau : 1 (unless refractory)")
    assert eqs.names == ("x", "y", "v")
    assert eqs["x"].flags == {"shared"}
    assert eqs["v"].flags == {"unless refractory"}
    assert expr_of(eqs, "v") == parse_expression("-v/tau + x/tau")


def test_a_unit_after_a_continuation_is_read():
    eqs = Equations("I = g *\n  (E - v) : amp")
    assert str(eqs["I"]) == "I = g*(E - v) : amp"


def test_a_definition_ends_without_a_sign_of_continuing():
    # Brian 2 joins these lines into 'dv/dt = -v/tau w : 1' and fails; the
    # first line is reported here as the one missing its unit.
    error = refused("dv/dt = -v/tau\nw : 1")
    assert "missing ': unit'" in error.message
    assert "continues on the next line only after an operator" in \
        error.message
    assert marked(error) == "dv/dt = -v/tau"
    assert "line 1: dv/dt = -v/tau" in str(error)


def test_a_blank_line_ends_a_definition():
    # As in Brian 2, a blank line is never part of a definition.
    error = refused("x = 1 +\n\n  2 : 1")
    assert "missing ': unit'" in error.message
    assert "not after a blank line" in error.message
    assert "line 1: x = 1 +" in str(error)
    error = refused("x = 1\n\n  *2 : 1")
    assert "line 1: x = 1" in str(error)


def test_a_missing_unit_on_a_later_line_is_reported_there():
    error = refused("a : 1\n\nx = 1\ny : 1")
    assert marked(error) == "x = 1"
    assert "line 3: x = 1" in str(error)


def test_an_error_on_a_continuation_line_names_that_line():
    error = refused("a : 1\nx = 2 *\n  3 +\n  (4 +\n  y ** ) : 1")
    assert "line 5: y ** ) : 1" in str(error)
    error = refused("x = a +\n  b +\n  foo.bar : 1")
    assert "attribute access" in error.message
    assert marked(error) == "foo.bar"
    assert "line 3: foo.bar : 1" in str(error)


def test_names_after_a_continuation_are_marked_on_their_line():
    eqs = Equations("a : 1\nx = a +\n    bb : 1")
    node = eqs["x"].expr.right
    source = eqs["x"].source
    assert source.text[source.offset + node.span.start:
                       source.offset + node.span.end] == "bb"
