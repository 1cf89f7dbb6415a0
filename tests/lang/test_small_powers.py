"""Small integer powers rewritten as products for kernels."""

import numpy as np
import pytest

from ranvier.lang.evaluate import evaluate
from ranvier.lang.parse import parse_expression
from ranvier.lang.printer import print_expr
from ranvier.lang.rewrite import small_powers_as_products


@pytest.mark.parametrize("text, floats, expected", [
    ("n**4", {"n"}, "n*n*(n*n)"),
    ("m**3 + n**2", set(), "m*m*m + n*n"),      # integer exponents: any type
    ("n**4.0", {"n"}, "n*n*(n*n)"),
    ("k**4.0", set(), "k**4.0"),        # int k: k**4.0 is a float, keep it
    ("n**5", {"n"}, "n**5"),
    ("(n + 1)**2", {"n"}, "(n + 1)**2"),     # not a name: not duplicated
    ("2**n", {"n"}, "2**n"),
    ("n**True", {"n"}, "n**True"),
])
def test_rewrites(text, floats, expected):
    rewritten = small_powers_as_products(parse_expression(text), floats)
    assert print_expr(rewritten) == expected


def test_products_agree_with_powers_to_rounding():
    values = {"n": np.linspace(-3, 3, 101), "k": np.arange(-5, 6)}
    for text in ("n**4", "n**3", "n**2", "k**3", "k**4"):
        tree = parse_expression(text)
        power = evaluate(tree, values)
        product = evaluate(small_powers_as_products(tree, {"n"}), values)
        assert product.dtype == power.dtype
        np.testing.assert_allclose(product, power, rtol=4e-16, atol=0)
