"""Identifier resolution: model, namespace argument, calling code,
ranvier's units and functions."""

import warnings

import numpy as np
import pytest

from ranvier.lang.errors import ModelNameError
from ranvier.lang.functions import DEFAULT_FUNCTIONS
from ranvier.lang.namespace import (AmbiguousNameWarning, resolve_identifiers,
                                    to_symbol, user_namespace)
from ranvier.lang.symbols import Constant, Variable
from ranvier.units import mV, ms, volt, second

MODEL = {"v": Variable("v", volt.dim)}


def test_order_of_lookup():
    syms = resolve_identifiers(["v", "tau", "mV", "exp", "x"], MODEL,
                               namespace={"tau": 5 * ms},
                               caller={"tau": 5 * ms, "x": 2.0})
    assert syms["v"] is MODEL["v"]
    assert syms["tau"] == Constant("tau", 0.005, second.dim)
    assert syms["mV"].value == pytest.approx(1e-3)
    assert syms["exp"] is DEFAULT_FUNCTIONS["exp"]
    assert syms["x"] == Constant("x", 2.0)


def test_namespace_wins_over_caller_with_warning():
    with pytest.warns(AmbiguousNameWarning, match="'tau'.*namespace "
                                                  "argument.*calling code"):
        syms = resolve_identifiers(["tau"], MODEL, namespace={"tau": 5 * ms},
                                   caller={"tau": 7 * ms})
    assert syms["tau"].value == pytest.approx(0.005)


def test_user_definitions_shadow_units_silently():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        syms = resolve_identifiers(["EK"], MODEL, caller={"EK": -90 * mV})
    assert syms["EK"].value == pytest.approx(-0.09)


def test_model_variable_shadowing_namespace_warns():
    with pytest.warns(AmbiguousNameWarning, match="variable of the model"):
        resolve_identifiers(["v"], MODEL, namespace={"v": 1 * mV})


def test_unknown_and_unusable_values():
    with pytest.raises(ModelNameError, match="unknown identifier 'nope'"):
        resolve_identifiers(["nope"], MODEL)
    with pytest.raises(ModelNameError, match="refers to a str"):
        resolve_identifiers(["s"], MODEL, caller={"s": "text"})
    with pytest.raises(ModelNameError, match="array of shape"):
        resolve_identifiers(["a"], MODEL, caller={"a": np.ones(3) * mV})
    with pytest.raises(ModelNameError, match="complex"):
        to_symbol("z", 1j)


def test_value_kinds():
    assert to_symbol("b", True) == Constant("b", True)
    assert to_symbol("n", np.int64(3)) == Constant("n", 3)
    assert to_symbol("q", np.array(2.5) * mV).dim is volt.dim
    assert isinstance(to_symbol("n", np.int64(3)).value, int)


def test_user_namespace_skips_ranvier_frames():
    marker = object()
    assert user_namespace()["marker"] is marker
