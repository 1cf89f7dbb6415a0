"""The examples in the docstrings of ranvier.units run and are right."""

import doctest
import importlib

import pytest

MODULES = ["quantity", "unit", "helpers", "array_functions", "dimensions"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"ranvier.units.{name}")
    failures, tried = doctest.testmod(module, verbose=False)
    assert failures == 0
    if name != "dimensions":
        assert tried > 0
