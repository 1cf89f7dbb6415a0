"""Parsing expressions, statements and conditions into trees."""

import pytest

from ranvier.lang.errors import ModelError, ModelSyntaxError
from ranvier.lang.parse import (MAX_DEPTH, parse_condition, parse_expression,
                                parse_statements)
from ranvier.lang.tree import (BinOp, BoolOp, Call, Compare, Const, Name,
                               Source, Span, Statement, Unary, walk)


def marked(source, span):
    """The text a span covers in its source."""
    return source.text[source.offset + span.start:source.offset + span.end]


def refused(func, text, *args):
    with pytest.raises(ModelSyntaxError) as info:
        func(text, *args)
    return info.value


def caret_line(error):
    """The '^^^' line under the shown source line, stripped."""
    lines = str(error).split("\n")
    return lines[-1].strip()


# -- expressions: what is accepted ----------------------------------------------

@pytest.mark.parametrize("text, tree", [
    ("1", Const(1)),
    ("2.5e-3", Const(0.0025)),
    ("1_000", Const(1000)),
    ("True", Const(True)),
    ("False", Const(False)),
    ("v", Name("v")),
    ("_x1", Name("_x1")),
    ("-v", Unary("-", Name("v"))),
    ("+v", Unary("+", Name("v"))),
    ("not b", Unary("not", Name("b"))),
    ("a + b*c", BinOp("+", Name("a"), BinOp("*", Name("b"), Name("c")))),
    ("a - b - c", BinOp("-", BinOp("-", Name("a"), Name("b")), Name("c"))),
    ("a // b % c", BinOp("%", BinOp("//", Name("a"), Name("b")), Name("c"))),
    ("a / b", BinOp("/", Name("a"), Name("b"))),
    ("-x**2", Unary("-", BinOp("**", Name("x"), Const(2)))),
    ("2**-1", BinOp("**", Const(2), Unary("-", Const(1)))),
    ("a**b**c", BinOp("**", Name("a"), BinOp("**", Name("b"), Name("c")))),
    ("a < b", Compare(("<",), (Name("a"), Name("b")))),
    ("a < b <= c != d", Compare(("<", "<=", "!="),
                                (Name("a"), Name("b"), Name("c"), Name("d")))),
    ("a >= b", Compare((">=",), (Name("a"), Name("b")))),
    ("a == b", Compare(("==",), (Name("a"), Name("b")))),
    ("a > b", Compare((">",), (Name("a"), Name("b")))),
    ("a and b and c", BoolOp("and", (Name("a"), Name("b"), Name("c")))),
    ("a or b and c", BoolOp("or", (Name("a"),
                                   BoolOp("and", (Name("b"), Name("c")))))),
    ("f()", Call("f", ())),
    ("clip(v, 0, 1)", Call("clip", (Name("v"), Const(0), Const(1)))),
    ("  v", Name("v")),
    ("(a +\n b)", BinOp("+", Name("a"), Name("b"))),
    ("(a +\r\n b)", BinOp("+", Name("a"), Name("b"))),
    ("a +\\\n b", BinOp("+", Name("a"), Name("b"))),
    ("v # a comment", Name("v")),
    ("1e999", Const(float("inf"))),
])
def test_accepted_expressions(text, tree):
    assert parse_expression(text) == tree


def test_constant_types_are_kept():
    assert type(parse_expression("1").value) is int
    assert type(parse_expression("1.0").value) is float
    assert type(parse_expression("True").value) is bool


def test_every_node_has_a_span_covering_its_text():
    text = "  exp(-(v - El)/tau) * (a <= 3) + (not b and c)"
    expr = parse_expression(text)
    source = Source(text)
    covered = {marked(source, node.span) for node in walk(expr)}
    assert {"exp(-(v - El)/tau)", "-(v - El)", "v - El", "El", "tau",
            "a <= 3", "not b and c", "not b", "c", "3"} <= covered
    assert marked(source, expr.span) == text.strip()


def test_spans_count_characters_not_bytes():
    text = "(1 # ünïcödé\n + abc) + é_is_not_here_but_ü_is"
    error = refused(parse_expression, text)
    assert marked(error.source, error.span) == "é_is_not_here_but_ü_is"
    text = "(1 # ünïcödé\n + abc)"
    expr = parse_expression(text)
    assert marked(Source(text), expr.right.span) == "abc"
    error = refused(parse_expression, "(1 # ünïcödé\n + a.b)")
    assert marked(error.source, error.span) == "a.b"


def test_spans_on_later_lines_of_multiline_text():
    text = "(a +\n   bcd *\n   efg)"
    expr = parse_expression(text)
    source = Source(text)
    assert marked(source, expr.right.left.span) == "bcd"
    assert marked(source, expr.right.right.span) == "efg"


def test_spans_are_relative_to_the_given_source_offset():
    whole = "dv/dt = -v/tau : volt"
    source = Source(whole, 1, 8, "NeuronGroup 'g'")
    expr = parse_expression("-v/tau", source)
    assert marked(source, expr.right.span) == "tau"


# -- expressions: what is refused -------------------------------------------------

@pytest.mark.parametrize("text, words, mark", [
    ("a.b", "attribute access", "a.b"),
    ("().__class__", "attribute access", "().__class__"),
    ("__import__('os')", "'__import__'", "__import__"),
    ("__import__('os').system('x')", "attribute access",
     "__import__('os').system"),
    ("lambda: 1", "lambda", "lambda: 1"),
    ("[x for x in y]", "comprehensions", "[x for x in y]"),
    ("{x for x in y}", "comprehensions", "{x for x in y}"),
    ("{x: 1 for x in y}", "comprehensions", "{x: 1 for x in y}"),
    ("sum(x for x in y)", "generator expressions", "(x for x in y)"),
    ("'abc'", "strings", "'abc'"),
    ("b'abc'", "bytes", "b'abc'"),
    ("f'{x}'", "f-strings", "f'{x}'"),
    ("a[0]", "subscripts", "a[0]"),
    ("a[1:2]", "subscripts", "a[1:2]"),
    ("*a", "starred expressions", "*"),
    ("f(*a)", "starred expressions", "*a"),
    ("f(**k)", "'**' argument unpacking", "**k"),
    ("(x := 1)", "assignment expressions", "x := 1"),
    ("f(x=1)", "keyword arguments ('x=...')", "x=1"),
    ("{}", "dictionaries", "{}"),
    ("{1}", "sets", "{1}"),
    ("[1, 2]", "lists", "[1, 2]"),
    ("1, 2", "tuples", "1, 2"),
    ("a if b else c", "conditional expressions", "a if b else c"),
    ("a & b", "'&'", "&"),
    ("a | b", "'|'", "|"),
    ("a ^ 2", "'^'", "^"),
    ("~a", "'~'", "~a"),
    ("a << 2", "'<<'", "<<"),
    ("a >> 2", "'>>'", ">>"),
    ("a @ b", "'@'", "@"),
    ("a is b", "'is'", "is"),
    ("a is not b", "'is not'", "is not"),
    ("a in b", "'in'", "in"),
    ("a not in b", "'not in'", "not in"),
    ("__x + 1", "names starting with '__'", "__x"),
    ("__f(1)", "names starting with '__'", "__f"),
    ("a.f(1)", "attribute access", "a.f"),
    ("f(1)(2)", "only functions named directly", "f(1)"),
    ("None", "'None'", "None"),
    ("...", "'...'", "..."),
    ("1j", "complex numbers", "1j"),
    ("τ + 1", "non-ASCII", "τ"),
    ("await x", "'await'", "await x"),
])
def test_refused_constructs_are_named_and_marked(text, words, mark):
    error = refused(parse_expression, text)
    assert words in error.message
    assert marked(error.source, error.span) == mark
    assert "^" * len(mark) in str(error)


def test_bitwise_message_points_to_logic_operators():
    assert "use 'and'" in refused(parse_expression, "a & b").message
    assert "use 'or'" in refused(parse_expression, "a | b").message
    assert "use 'not'" in refused(parse_expression, "~a").message
    assert "'**' for a power" in refused(parse_expression, "a ^ 2").message


@pytest.mark.parametrize("text, message, mark", [
    ("1 +", "ends too early", "+"),
    ("(a", "'(' was never closed", "("),
    ("a)", "unmatched ')'", ")"),
    ("1 2", "invalid syntax", "2"),
    ("a = 1", "did you mean '=='", "="),
    ("", "expected an expression", ""),
    ("   ", "expected an expression", "   "),
    ("a\n+b", "invalid syntax", "+"),
    ("a $ b", "invalid syntax", "$"),
    ("ab\x00", "null byte", "\x00"),
    ("a + \ud800", "lone surrogate", "\ud800"),
])
def test_syntax_errors_are_model_errors_with_position(text, message, mark):
    error = refused(parse_expression, text)
    assert message in error.message
    if mark:
        assert marked(error.source, error.span) == mark


def test_syntax_error_on_a_later_line_shows_that_line():
    error = refused(parse_expression, "(a +\n b +\n $ )")
    assert "line 3: $ )" in str(error)
    assert caret_line(error) == "^"


def test_too_deep_nesting_is_refused():
    error = refused(parse_expression, "-" * (MAX_DEPTH + 5) + "1")
    assert "nests more than" in error.message
    parse_expression("-" * (MAX_DEPTH - 5) + "1")
    error = refused(parse_expression, "-" * 200_000 + "1")
    assert "nested too deeply" in error.message or "nests" in error.message


def test_error_shows_owner_and_marks_inside_a_larger_source():
    whole = "x = 1\ndv/dt = (a + b.c)/tau : volt"
    source = Source(whole, 2, whole.index("(a"), "NeuronGroup 'g'")
    error = refused(parse_expression, "(a + b.c)/tau", source)
    text = str(error)
    assert text.startswith("In NeuronGroup 'g': attribute access")
    assert "line 2: dv/dt = (a + b.c)/tau : volt" in text
    assert text.split("\n")[-1] == " " * (len("  line 2: ") + 13) + "^^^"


# -- statements ------------------------------------------------------------------

def test_statements_one_per_line_and_separated_by_semicolons():
    text = """
        v = v_reset   # back to rest
        w += b; x -= 1
        y *= 2;z /= (a +
                     b)
    """
    statements = parse_statements(text, "NeuronGroup 'g' reset")
    assert [(s.target, s.op) for s in statements] == [
        ("v", "="), ("w", "+="), ("x", "-="), ("y", "*="), ("z", "/=")]
    assert statements[0] == Statement("v", "=", Name("v_reset"))
    assert statements[4].expr == BinOp("+", Name("a"), Name("b"))
    assert [s.source.line for s in statements] == [2, 3, 3, 4, 4]
    for statement in statements:
        source = statement.source
        assert source.owner == "NeuronGroup 'g' reset"
        assert marked(source, statement.target_span) == statement.target
    assert marked(statements[4].source, statements[4].expr.span) == \
        "a +\n                     b"
    assert marked(statements[1].source, statements[1].expr.span) == "b"


def test_statement_spans_point_into_the_block():
    text = "v = 0\n  w += a*exp(-b)"
    second = parse_statements(text)[1]
    assert second.source.offset == text.index("w +=")
    call = second.expr.right
    assert marked(second.source, call.span) == "exp(-b)"


def test_empty_blocks_and_comments_give_no_statements():
    assert parse_statements("") == ()
    assert parse_statements("\n  # nothing\n ; \n") == ()


def test_statement_comparisons_are_not_assignments():
    (statement,) = parse_statements("b = v >= 3")
    assert statement.expr == Compare((">=",), (Name("v"), Const(3)))
    (statement,) = parse_statements("b = v != 3")
    assert statement.op == "="


@pytest.mark.parametrize("text, words, mark", [
    ("a.b = 1", "assignment to an attribute", "a.b"),
    ("a[0] = 1", "assignment to a subscript", "a[0]"),
    ("a, b = 1, 2", "several targets", "a, b"),
    ("a = b = 1", "only one assignment per statement", "="),
    ("x **= 2", "'**=' is not supported", "**="),
    ("x //= 2", "'//=' is not supported", "//="),
    ("x %= 2", "'%=' is not supported", "%="),
    ("x := 2", "':=' is not a statement", ":="),
    ("v > 3", "expression on its own does nothing", "v > 3"),
    ("f(v)", "expression on its own does nothing", "f(v)"),
    ("= 3", "missing the variable", "="),
    ("x =  ", "missing the expression after '='", "="),
    ("True = 1", "keyword 'True'", "True"),
    ("__x = 1", "names starting with '__'", "__x"),
    ("2 = x", "cannot assign to '2'", "2"),
    ("v = a.b", "attribute access", "a.b"),
    ("v = f(x=1)", "keyword arguments", "x=1"),
])
def test_bad_statements(text, words, mark):
    error = refused(parse_statements, "v = 0\n  " + text, "reset")
    assert words in error.message
    assert marked(error.source, error.span) == mark
    assert str(error).startswith("In reset: ")
    assert f"line 2: {text.strip()}" in str(error)


def test_unclosed_bracket_in_a_block_is_marked():
    error = refused(parse_statements, "v = 0\nw = (1 +\n 2\n")
    assert "'(' is never closed" in error.message
    assert marked(error.source, error.span) == "("
    assert "line 2" in str(error)


def test_error_in_a_continued_statement_shows_the_right_line():
    error = refused(parse_statements, "v = (1 +\n   a.b)")
    assert "line 2: a.b)" in str(error)
    assert caret_line(error) == "^^^"


# -- conditions ------------------------------------------------------------------

def test_condition():
    expr = parse_condition("  v > v_th  # spike", "NeuronGroup 'g' threshold")
    assert expr == Compare((">",), (Name("v"), Name("v_th")))
    assert expr.span == Span(2, 2 + len("v > v_th"))
    assert marked(Source("  v > v_th  # spike"), expr.operands[1].span) == \
        "v_th"


def test_multiline_condition_in_brackets():
    assert parse_condition("(v > 1 and\n w < 2)") == BoolOp(
        "and", (Compare((">",), (Name("v"), Const(1))),
                Compare(("<",), (Name("w"), Const(2)))))


@pytest.mark.parametrize("text, words, mark", [
    ("v = 1", "cannot assign", "="),
    ("v > 1\nw > 2", "second line", "w > 2"),
    ("v > 1; w", "invalid syntax", ";"),
    ("a.b > 1", "attribute access", "a.b"),
])
def test_bad_conditions(text, words, mark):
    error = refused(parse_condition, text, "threshold")
    assert words in error.message
    assert marked(error.source, error.span) == mark


def test_empty_condition():
    for text in ("", "  ", "# only a comment"):
        error = refused(parse_condition, text)
        assert "empty" in error.message


def test_all_errors_are_model_errors():
    assert issubclass(ModelSyntaxError, ModelError)
