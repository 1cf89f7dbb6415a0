"""The examples in the docstrings of the input and user-function modules
run and are right."""

import doctest
import importlib

import pytest

MODULES = ["ranvier.lang.user_functions", "ranvier.lang.timed_array",
           "ranvier.lang.binomial"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failures, tried = doctest.testmod(importlib.import_module(name))
    assert failures == 0 and tried > 0
