"""The generator syntax of connect(j=...): parsing into trees and its
errors, which mark the part of the string at fault."""

import pytest

from ranvier.lang.errors import ModelSyntaxError
from ranvier.lang.printer import print_expr
from ranvier.objects.connect_syntax import is_generator, parse_generator


def shown(expr):
    return None if expr is None else print_expr(expr)


@pytest.mark.parametrize("text, parts", [
    ("k for k in range(i-3, i+4) if k != i",
     ("k", "k", "range", ["i - 3", "i + 4"], None, None, "k != i")),
    ("k for k in sample(N_post, p=0.1)",
     ("k", "k", "sample", ["N_post"], "0.1", None, None)),
    ("i + (-1)**k for k in range(2) if i > 0 and i < N_pre - 1",
     ("i + (-1)**k", "k", "range", ["2"], None, None,
      "i > 0 and i < N_pre - 1")),
    ("2*m for m in sample(10, 20, 2, size=3)",
     ("2*m", "m", "sample", ["10", "20", "2"], None, "3", None)),
    ("k for k in range(f(i, 2), N_post)",
     ("k", "k", "range", ["f(i, 2)", "N_post"], None, None, None)),
])
def test_parse_generator(text, parts):
    g = parse_generator(text, "S")
    got = (shown(g.element), g.variable, g.iterator,
           [shown(a) for a in g.args], shown(g.p), shown(g.size),
           shown(g.condition))
    assert got == parts


def test_is_generator_only_counts_for_outside_brackets():
    assert is_generator("k for k in range(3)")
    assert not is_generator("i != j")
    assert not is_generator("f(format) > 2")


ERRORS = [
    ("k for k in foo(3)", "must be range", "foo(3)"),
    ("k for i in range(3)", "other than i and j", " i "),
    ("k for k in range(1, 2, 3, 4)", "1 to 3 positional", "range"),
    ("k for k in sample(3)", "either p= ", "sample(3)"),
    ("k for k in sample(3, p=0.1, size=2)", "either p=", "sample"),
    ("k for k in range(3) if", "condition of the generator", ""),
    ("k for k in range(3) extra", "to end the iterator", "range"),
    ("k for k in sample(3, q=2)", "no argument 'q'", "sample"),
    ("k for k in range(3, p=2)", "no argument 'p'", "range"),
    ("k for k range(3)", "expected 'in'", "for"),
    (" for k in range(3)", "element of the generator", ""),
    ("k for k in range(3", "to end the iterator", "range"),
    ("k for k in sample(p=0.1, 3)", "before p= or size=", "3"),
    ("k for k in sample(3, p=0.1, p=0.2)", "given twice", "p=0.2"),
    ("k for k in range(3) for m in range(2)", "only one 'for'", "for"),
    ("k for k in range(3) if k ==", "ends too early", "=="),
    ("k.x for k in range(3)", "attribute", "k.x"),
    ("no generator", "expected a generator", "no generator"),
]


@pytest.mark.parametrize("text, message, marked", ERRORS)
def test_generator_errors_mark_the_part_at_fault(text, message, marked):
    with pytest.raises(ModelSyntaxError, match=message) as info:
        parse_generator(text, "Synapses 'S' connect j")
    shown_text = str(info.value)
    assert "Synapses 'S' connect j" in shown_text and "^" in shown_text
    lines = shown_text.splitlines()
    line, carets = lines[-2], lines[-1]
    start = carets.index("^")
    underlined = line[start:start + carets.count("^")]
    assert marked.strip() in underlined or underlined.strip() in marked
