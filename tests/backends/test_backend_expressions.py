"""Property test: random expression trees compute the same on both
backends, bitwise.

Trees mix every supported dtype with the operators and the deterministic
functions whose results are exactly rounded in both backends (so any
difference is a real disagreement, not a last-bit one of a libm). Each
example compiles one kernel, so the number of examples is kept small;
each kernel holds several trees.
"""

import numpy as np
from backend_helpers import assert_same_state, run_both, simple_kernel
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ranvier.lang.evaluate import evaluate
from ranvier.lang.printer import print_expr
from ranvier.lang.tree import (COMPARE_OPS, BinOp, BoolOp, Call, Compare,
                               Const, Name, Unary, walk)

VALUES = [0.0, -0.0, 1.0, -1.0, 2.5, -7.25, 0.1, 3.0, -3.0, 1e300, -1e-300,
          np.inf, -np.inf, np.nan, 1e16, 0.5]
with np.errstate(over="ignore"):
    _FLOAT32 = np.array(VALUES).astype(np.float32)
INPUTS = {
    "xf": np.array(VALUES), "yf": np.roll(VALUES, 5),
    "xs": np.roll(_FLOAT32, 3),
    "xi": np.array([0, 1, -1, 2, -2, 7, -7, 3, -3, 100, -100, 2**62, -2**63,
                    2**63 - 1, 5, -5]),
    "xj": np.arange(-8, 8, dtype=np.int32) * 3,
    "xb": np.arange(16) % 3 == 0,
}

leaves = st.one_of(
    st.sampled_from([Name(n) for n in INPUTS]),
    st.builds(Const, st.integers(-5, 5)),
    st.builds(Const, st.sampled_from([0.0, -0.0, 0.5, 2.0, -3.25, 1e-8,
                                      float("inf")])),
    st.builds(Const, st.booleans()),
)


def _extend(children):
    pair = (children, children)
    return st.one_of(
        st.builds(BinOp, st.sampled_from(["+", "-", "*", "/", "//", "%"]),
                  *pair),
        st.builds(Unary, st.sampled_from(["-", "+", "not"]), children),
        st.builds(lambda op, a, b: Compare((op,), (a, b)),
                  st.sampled_from(COMPARE_OPS), *pair),
        st.builds(lambda op, a, b: BoolOp(op, (a, b)),
                  st.sampled_from(["and", "or"]), *pair),
        st.builds(lambda f, a: Call(f, (a,)),
                  st.sampled_from(["abs", "floor", "ceil", "sign", "sqrt"]),
                  children),
        st.builds(lambda a, b, c: Call("clip", (a, b, c)), children,
                  children, children),
    )


expressions = st.recursive(leaves, _extend, max_leaves=8)


def _reference_dtype(expr):
    """The dtype NumPy gives ``expr``; None when a part of it fails or is
    float16 (``sqrt(True)``), which the Numba backend refuses."""
    dtypes = []
    with np.errstate(all="ignore"):
        for node in walk(expr):
            try:
                dtypes.append(np.asarray(evaluate(node, INPUTS)).dtype)
            except TypeError:       # e.g. sign() of a boolean
                return None
    return None if np.float16 in dtypes else dtypes[0]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(expressions, min_size=3, max_size=3))
def test_random_expressions_agree_bitwise(exprs):
    dtypes = [_reference_dtype(e) for e in exprs]
    assume(all(d is not None for d in dtypes))
    arrays = dict(INPUTS)
    lines = []
    for k, (expr, dtype) in enumerate(zip(exprs, dtypes)):
        arrays[f"out{k}"] = np.zeros(16, dtype)
        lines.append(f"out{k} = {print_expr(expr)}")
    kernel = simple_kernel("random_exprs", "\n".join(lines), arrays)
    ref, got = run_both([kernel], arrays)
    assert_same_state(ref, got)
