"""Indirect access through a chain of index arrays (``array[b[a[k]]]``,
synapses reading a linked variable of their target): the same states on
both backends, equal to element-by-element Python loops."""

import numpy as np
import pytest
from backend_helpers import assert_same_state, run_both

from ranvier.ir.kernel import Access, Kernel, range_domain
from ranvier.lang.parse import parse_statements


def chained_state():
    return {
        "v": np.array([1.0, 2.0, 4.0, 8.0, 16.0]),     # the link target
        "link": np.array([4, 4, 0, 2], np.int32),      # linking group -> v
        "post": np.array([0, 3, 1, 0, 2, 3], np.int32),  # synapse -> group
        "w": np.linspace(0.5, 3.0, 6),
    }


def test_access_text_and_chain():
    acc = Access("x_post", "v", "indirect", via=("post", "link"))
    assert acc.chain == ("post", "link")
    assert acc.text() == "x_post -> v[link[post[k]]] (read)"
    assert Access("v_pre", "v", "indirect", via="pre").chain == ("pre",)
    with pytest.raises(ValueError, match="at least one"):
        Access("x", "v", "indirect", via=())


def test_chained_reads():
    kernel = Kernel("read", range_domain(0, 6),
                    (Access("x_post", "v", "indirect", via=("post", "link")),
                     Access("w", "w", write=True)),
                    (), parse_statements("w = x_post + w"))
    state = chained_state()
    ref, got = run_both([kernel], state)
    assert_same_state(ref, got)
    np.testing.assert_array_equal(
        ref["w"], state["v"][state["link"][state["post"]]] + state["w"])


@pytest.mark.parametrize("code", [
    "x_post += w",                      # accumulation
    "x_post = x_post * 0.5 + w",        # element after element
])
def test_chained_writes_run_element_after_element(code):
    kernel = Kernel("write", range_domain(0, 6),
                    (Access("x_post", "v", "indirect", via=("post", "link"),
                            write=True),
                     Access("w", "w")),
                    (), parse_statements(code))
    state = chained_state()
    ref, got = run_both([kernel], state, steps=2)
    assert_same_state(ref, got)
    expected = state["v"].copy()
    for _ in range(2):
        for k in range(6):
            where = state["link"][state["post"][k]]
            if "+=" in code:
                expected[where] += state["w"][k]
            else:
                expected[where] = expected[where] * 0.5 + state["w"][k]
    np.testing.assert_allclose(ref["v"], expected, rtol=1e-15)
