"""Fuzzing the parsers: whatever the text, the only errors are ModelErrors.

A user's typo must never surface as a Python ``SyntaxError``,
``IndexError`` or ``RecursionError`` from deep inside the parser, and no
construct outside the model language may get through.
"""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ranvier.lang.equations import Equations
from ranvier.lang.errors import ModelError, ModelSyntaxError
from ranvier.lang.parse import (parse_condition, parse_expression,
                                parse_statements)
from ranvier.lang.printer import print_expr, print_statement
from ranvier.lang.tree import Source

TOKENS = [
    "a", "b", "v", "x", "tau", "xi", "xi_1", "t", "dt", "_a", "__a", "é",
    "1", "0", "2.5", "1e3", "1e999", "0x1f", "1_0", "1j", "True", "None",
    "+", "-", "*", "/", "//", "%", "**", "&", "|", "^", "~", "<<", "@",
    "<", "<=", "==", "!=", ">", "and", "or", "not", "is", "in", "if",
    "else", "lambda", "for", "yield", "await", "import", "__import__",
    "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "=", "+=", "**=",
    ":=", "'s'", '"', "'", "#", "\\", "\n", "\r\n", " ", "\t", "\x00",
    "dv/dt", "volt", "second", "mV", "boolean", "(constant)", "(summed)",
    "(unless refractory)", "exp(", "f(x=1)", "*a",
]

token_text = st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join)
glued_text = st.lists(st.sampled_from(TOKENS), max_size=25).map("".join)
any_text = st.text(max_size=60)
texts = st.one_of(token_text, glued_text, any_text)

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def only_model_errors(func, *args, **kwargs):
    """Run ``func``; a ModelError is fine (and must print), nothing else."""
    try:
        return func(*args, **kwargs)
    except ModelError as error:
        assert str(error)
        return None


@FUZZ
@given(texts)
def test_parse_expression_raises_only_model_errors(text):
    expr = only_model_errors(parse_expression, text)
    if expr is not None:
        assert parse_expression(print_expr(expr)) == expr


@FUZZ
@given(texts)
def test_parse_statements_raises_only_model_errors(text):
    statements = only_model_errors(parse_statements, text, "fuzz")
    for statement in statements or ():
        (again,) = parse_statements(print_statement(statement))
        assert again == statement


@FUZZ
@given(texts)
def test_parse_condition_raises_only_model_errors(text):
    only_model_errors(parse_condition, text, "fuzz")


@FUZZ
@given(texts)
def test_equations_raise_only_model_errors(text):
    eqs = only_model_errors(Equations, text)
    if eqs is not None:
        assert Equations(str(eqs)) == eqs


@FUZZ
@given(st.lists(st.sampled_from(TOKENS + ["dx/dt", "=", ":", "1", "volt",
                                          "\n", "x", "y", "(", ")"]),
                max_size=30).map(" ".join))
def test_equation_shaped_text_raises_only_model_errors(text):
    only_model_errors(Equations, "dx/dt = " + text)
    only_model_errors(Equations, "x : " + text)


@FUZZ
@given(texts)
def test_substituted_text_raises_only_model_errors(text):
    only_model_errors(Equations, "dx/dt = -x/tau : 1", tau=text)


@FUZZ
@given(texts, st.integers(0, 5))
def test_expressions_inside_a_larger_source(text, line):
    whole = "\n" * line + "v = " + text
    source = Source(whole, line + 1, whole.index("v = ") + 4, "fuzz")
    only_model_errors(parse_expression, text, source)


# -- explicit security cases -------------------------------------------------------

@pytest.mark.parametrize("text, construct", [
    ("__import__('os').system('x')", "attribute access"),
    ("__import__('os')", "names starting with '__'"),
    ("().__class__", "attribute access"),
    ("().__class__.__bases__[0].__subclasses__()", "attribute access"),
    ("lambda: 1", "lambda"),
    ("[x for x in y]", "comprehensions"),
    ("'abc'", "strings"),
    ("a.b", "attribute access"),
    ("a[0]", "subscripts"),
    ("*a", "starred"),
    ("(x := 1)", "assignment expressions"),
    ("f(x=1)", "keyword arguments"),
    ("eval('1')", "strings"),
    ("exec", None),
    ("open(x)", None),
    ("f(*args)", "starred"),
    ("f(**kwargs)", "'**' argument unpacking"),
    ("globals()['x']", "subscripts"),
    ("__builtins__", "names starting with '__'"),
])
def test_dangerous_code_is_refused_or_inert(text, construct):
    """Refused with the construct named; plain names and calls that get
    through are only trees (nothing is evaluated), resolved later against
    the registered functions."""
    if construct is None:
        parse_expression(text)
        return
    for parse in (parse_expression, parse_condition):
        with pytest.raises(ModelSyntaxError) as info:
            parse(text)
        assert construct in info.value.message
    with pytest.raises(ModelSyntaxError) as info:
        parse_statements(f"v = {text}")
    assert construct in info.value.message
    with pytest.raises(ModelSyntaxError) as info:
        Equations(f"v = {text} : 1")
    assert construct in info.value.message
