"""Model equations: parsing, units and flags, substitution, combination."""

import pytest
from hypothesis import given, settings, strategies as st

from ranvier.lang.equations import (NEURON_GROUP_FLAGS, SYNAPSES_FLAGS,
                                    XI_DIMENSION, Equations, SingleEquation,
                                    as_equations, parse_equations)
from ranvier.lang.errors import ModelError, ModelNameError, ModelSyntaxError
from ranvier.lang.parse import parse_expression
from ranvier.lang.printer import print_expr
from ranvier.lang.tree import BinOp, Call, Const, Name, Span, Unary
from ranvier.units import ALL_UNITS, get_dimensions
from ranvier.units.dimensions import DIMENSIONLESS, get_or_create_dimension

VOLT = get_dimensions(ALL_UNITS["volt"])
SECOND = get_or_create_dimension(s=1)
ms = ALL_UNITS["ms"]
mV = ALL_UNITS["mV"]

HH = """
# A conductance-based neuron
dv/dt = (gl*(El - v) - g_na*(m*m*m)*h*(v - ENa)
         - g_kd*(n*n*n*n)*(v - EK) + I)/Cm : volt  # the membrane
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v - VT - 40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms : Hz
beta_h = 4./(1 + exp((40*mV - v + VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV - v + VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV - v + VT)/(40*mV))/ms : Hz
I : amp (constant)
"""


def marked(error):
    source, span = error.source, error.span
    return source.text[source.offset + span.start:source.offset + span.end]


def refused(text, cls=ModelSyntaxError, **substitutions):
    with pytest.raises(cls) as info:
        Equations(text, **substitutions)
    return info.value


# -- the three forms ---------------------------------------------------------------

def test_a_full_model():
    eqs = Equations(HH)
    assert eqs.names == ("v", "m", "n", "h", "alpha_m", "beta_m", "alpha_h",
                         "beta_h", "alpha_n", "beta_n", "I")
    assert eqs.diff_eq_names == ("v", "m", "n", "h")
    assert eqs.subexpr_names[:2] == ("alpha_m", "beta_m")
    assert eqs.parameter_names == ("I",)
    assert eqs["v"].dim is VOLT
    assert eqs["m"].dim is DIMENSIONLESS
    assert eqs["alpha_m"].dim is DIMENSIONLESS / SECOND
    assert eqs["I"].flags == {"constant"}
    assert {"gl", "El", "g_na", "ENa", "EK", "Cm", "VT", "mV", "ms"} <= \
        eqs.identifiers
    assert "exprel" not in eqs.identifiers  # functions are not identifiers
    assert not eqs.is_stochastic


def test_single_equation_fields_and_source():
    text = "x : 1\n  dv/dt = -(v - El)/tau : volt (unless refractory)\n"
    eq = Equations(text)["v"]
    assert eq.kind == "differential"
    assert eq.varname == "v"
    assert eq.expr == parse_expression("-(v - El)/tau")
    assert (eq.dim, eq.dtype, eq.unit_text) == (VOLT, "float", "volt")
    assert eq.flags == frozenset({"unless refractory"})
    assert eq.source.line == 2
    assert eq.source.offset == text.index("dv/dt")
    start = eq.source.offset
    assert text[start + eq.name_span.start:start + eq.name_span.end] == "v"
    tau = eq.expr.right
    assert text[start + tau.span.start:start + tau.span.end] == "tau"
    assert text[start + eq.unit_span.start:start + eq.unit_span.end] == "volt"


SIEMENS = get_dimensions(ALL_UNITS["siemens"])
METRE = get_or_create_dimension(m=1)
AMP = get_or_create_dimension(A=1)


@pytest.mark.parametrize("unit, dim", [
    ("1", DIMENSIONLESS),
    ("volt", VOLT),
    ("siemens/meter**2", SIEMENS / METRE ** 2),
    ("amp/meter**2", AMP / METRE ** 2),
    ("radian", DIMENSIONLESS),
    ("volt**2", VOLT ** 2),
    ("1/second", DIMENSIONLESS / SECOND),
    ("Hz", DIMENSIONLESS / SECOND),
    ("second**-0.5", SECOND ** -0.5),
    ("metre ** (1/2)", METRE ** 0.5),
    ("(siemens*metre)", SIEMENS * METRE),
    ("1/(siemens*metre)", DIMENSIONLESS / (SIEMENS * METRE)),
    ("mmolar", get_or_create_dimension(m=-3, mol=1)),
])
def test_units(unit, dim):
    eq = Equations(f"x : {unit}")["x"]
    assert eq.dim is dim
    assert eq.dtype == "float"
    assert eq.unit_text == unit


@pytest.mark.parametrize("type_name", ["boolean", "integer"])
def test_types(type_name):
    eqs = Equations(f"flag : {type_name}\nb = v > 0 : {type_name}\nv : 1")
    assert eqs["flag"].dtype == type_name
    assert eqs["b"].dtype == type_name
    assert eqs["flag"].dim is DIMENSIONLESS


def test_comments_blank_lines_and_continuations():
    eqs = Equations("""

        # nothing here
        dv/dt = (a +   # first part
                 b)/tau : volt   # second

        a = (1 *
             (2 + 3)) : volt
    """)
    assert eqs["v"].expr == parse_expression("(a + b)/tau")
    assert eqs["a"].expr == parse_expression("1*(2 + 3)")


def test_empty_equations():
    eqs = Equations("  # nothing\n")
    assert len(eqs) == 0 and eqs.names == () and str(eqs) == ""


def test_flags_with_spaces():
    eq = Equations("x = 2*y : 1 ( constant   over dt , shared )\ny : 1")["x"]
    assert eq.flags == {"constant over dt", "shared"}


@pytest.mark.parametrize("line, flags", [
    ("dv/dt = -v/tau : volt (unless refractory)", {"unless refractory"}),
    ("dv/dt = -v/tau : volt (event-driven)", {"event-driven"}),
    ("dv/dt = -v/tau : volt (clock-driven)", {"clock-driven"}),
    ("v = 2*w : volt (shared, constant over dt)",
     {"shared", "constant over dt"}),
    ("v_post = 2*w : volt (summed)", {"summed"}),
    ("v : volt (constant, shared)", {"constant", "shared"}),
    ("v : volt (linked)", {"linked"}),
])
def test_flags_each_kind_accepts(line, flags):
    (eq,) = Equations(line)
    assert eq.flags == flags


# -- errors while parsing -----------------------------------------------------------

@pytest.mark.parametrize("text, words, mark", [
    ("v = 1", "missing ': unit'", "v = 1"),
    ("v :", "missing the unit", ":"),
    ("v : (constant)", "missing the unit", ":"),
    (": volt", "missing the variable name before ':'", ":"),
    ("= 1 : volt", "missing the variable name before '='", "="),
    ("v = : volt", "missing the expression", "="),
    ("dv/dt : volt", "has no right-hand side", "dv/dt"),
    ("v w : volt", "expected 'name : unit'", "v w"),
    ("f(v) = 1 : volt", "expected a variable name or 'dx/dt'", "f(v)"),
    ("v += 1 : volt", "expected '=' in a definition, found '+='", "+="),
    ("v : foo", "unknown unit 'foo'", "foo"),
    ("v : mV", "the unit 'mV' is scaled", "mV"),
    ("v : 2*volt", "is scaled", "2*volt"),
    ("v : volt + volt", "a unit is made of", "volt + volt"),
    ("v : volt**x", "exponent of a unit must be a number", "x"),
    ("v : boolean*volt", "'boolean' is a type", "boolean"),
    ("v : volt (foo)", "unknown flag 'foo'", "foo"),
    ("v : volt constant", "flags go in parentheses after the unit, as in "
                          "'volt (constant)'", "volt constant"),
    ("v : volt (constant, constant)", "given twice", "constant"),
    ("v : volt (constant,)", "empty flag", ")"),
    ("v : volt (summed)", "cannot be used on a parameter", "summed"),
    ("v = w : volt (constant)", "cannot be used on a subexpression",
     "constant"),
    ("dv/dt = w : volt (shared)", "cannot be used on a differential",
     "shared"),
    ("dv/dt = w : volt (event-driven, clock-driven)", "exclude each other",
     "clock-driven"),
    ("dv/dt = w : integer", "floating point variable", "integer"),
    ("dv/dt = w.x : volt", "attribute access", "w.x"),
    ("dv/dt = (w : volt", "'(' is never closed", "("),
    ("v = 'a' : volt", "strings are not allowed", "'a'"),
    ("v = w == 1 = 2 : 1", "'=' cannot be used", "="),
])
def test_line_errors(text, words, mark):
    error = refused("x : 1\n" + text)
    assert words in error.message
    assert marked(error) == mark
    assert f"line 2: {text}" in str(error)


@pytest.mark.parametrize("name, words", [
    ("t", "reserved"), ("dt", "reserved"), ("i", "reserved"),
    ("N", "reserved"), ("xi", "white noise"), ("xi_1", "white noise"),
    ("_x", "starting with '_'"), ("x_pre", "'_pre' or '_post'"),
    ("x_post", "'_pre' or '_post'"), ("volt", "name of a unit"),
    ("pi", "name of a constant"), ("exp", "name of a function"),
    ("not_refractory", "reserved"), ("lambda", "keyword"),
])
def test_reserved_names(name, words):
    error = refused(f"{name} : 1")
    assert f"'{name}' cannot be defined" in error.message
    assert words in error.message
    assert marked(error) == name


def test_reserved_name_in_differential_marks_the_name():
    error = refused("dt_ = 1 : 1\nddt/dt = 1 : 1")
    assert marked(error) == "dt"


def test_defined_twice():
    error = refused("v : volt\nw : 1\nv = w*volt : volt")
    assert "'v' is defined twice (first as 'v : volt')" in error.message
    assert "line 3" in str(error)


def test_subexpression_cycle_is_listed():
    error = refused("a = b + 1 : 1\nb = c : 1\nc = a : 1\nd = a : 1")
    assert "cycle: a -> b -> c -> a" in error.message
    error = refused("a = a + 1 : 1")
    assert "cycle: a -> a" in error.message


def test_noise_rules():
    error = refused("dv/dt = xi : 1\ndw/dt = xi : 1")
    assert "'xi' is used in the equations of 'v' and 'w'" in error.message
    # As in Brian 2, a named noise may be carried by a subexpression (into
    # the differential equations using it), a bare 'xi' may not.
    error = refused("I = xi : 1")
    assert "bare noise 'xi'" in error.message
    assert Equations("I = xi_1 : 1").noisy_subexpressions == {"I": "xi_1"}
    eqs = Equations("dv/dt = xi_1 + xi_2 : 1\ndw/dt = xi_1 + xi: 1")
    assert eqs.stochastic_variables == {"xi", "xi_1", "xi_2"}
    assert eqs.is_stochastic
    assert not eqs.identifiers
    assert XI_DIMENSION ** 2 is DIMENSIONLESS / SECOND


def test_error_in_continued_expression_shows_its_line():
    error = refused("dv/dt = (a +\n   b.c)/tau : volt")
    assert "line 2: b.c)/tau : volt" in str(error)
    assert marked(error) == "b.c"


def test_owner_in_errors():
    with pytest.raises(ModelSyntaxError) as info:
        parse_equations("v : foo", "NeuronGroup 'cells'")
    assert str(info.value).startswith("In NeuronGroup 'cells': unknown unit")


# -- flags in context ----------------------------------------------------------------

NEURON_FLAGS = NEURON_GROUP_FLAGS


def test_check_flags_accepts_allowed_flags():
    Equations("dv/dt = -v/tau : volt (unless refractory)\n"
              "tau : second (constant)").check_flags(NEURON_FLAGS, "G")


def test_check_flags_names_flag_variable_and_line():
    eqs = Equations("v : volt\nI_post = 2*v : volt (summed)")
    with pytest.raises(ModelSyntaxError) as info:
        eqs.check_flags(NEURON_FLAGS, "NeuronGroup 'cells'")
    error = info.value
    assert error.message.startswith(
        "the flag 'summed' of the subexpression 'I_post' is not allowed here")
    assert "allowed: 'shared', 'constant over dt'" in error.message
    assert str(error).startswith("In NeuronGroup 'cells': ")
    assert "line 2: I_post = 2*v : volt (summed)" in str(error)
    assert marked(error) == "summed"


def test_synapse_flags():
    eqs = Equations("dw/dt = -w/tau : 1 (clock-driven)\n"
                    "I_post = w : 1 (summed)")
    eqs.check_flags(SYNAPSES_FLAGS, "Synapses 's'")
    with pytest.raises(ModelSyntaxError, match="'unless refractory' of the "
                                               "differential equation 'v'"):
        Equations("dv/dt = -v/tau : 1 (unless refractory)").check_flags(
            SYNAPSES_FLAGS, "Synapses 's'")


def test_check_flags_incompatible():
    eqs = Equations("v : volt (linked, shared)")
    with pytest.raises(ModelSyntaxError, match="'linked' and 'shared'"):
        eqs.check_flags(NEURON_FLAGS, "G", incompatible=[{"linked",
                                                          "shared"}])


# -- substitution ----------------------------------------------------------------------

def test_renaming_by_substitution():
    eqs = Equations("dx/dt = -x/tau : volt", x="v", tau="tau_m")
    assert eqs.names == ("v",)
    assert eqs["v"].expr == parse_expression("-v/tau_m")
    assert str(eqs) == "dv/dt = -v/tau_m : volt"
    assert eqs.identifiers == {"tau_m"}


def test_substituting_a_quantity_keeps_a_named_constant():
    eqs = Equations("dx/dt = -x/tau : volt", tau=20 * ms)
    assert eqs["x"].expr == parse_expression("-x/tau")
    assert set(eqs.constants) == {"tau"}
    assert get_dimensions(eqs.constants["tau"]) is SECOND
    assert "tau" not in eqs.identifiers
    assert str(eqs).startswith("dx/dt = -x/tau : volt\n# tau = ")


def test_substituting_numbers_gives_constants_in_the_tree():
    eqs = Equations("dx/dt = -x/tau + a + b: 1", tau=5, a=0.5, b=True)
    assert eqs["x"].expr == BinOp("+", BinOp("+", BinOp(
        "/", parse_expression("-x"), Const(5)), Const(0.5)), Const(True))
    assert type(eqs["x"].expr.right.value) is bool
    assert not eqs.constants


def test_substituting_an_expression_inlines_it_where_the_name_was():
    text = "dv/dt = (I - v)/tau : volt"
    eqs = Equations(text, I="2*nA*ohm")
    assert eqs["v"].expr == parse_expression("(2*nA*ohm - v)/tau")
    inlined = eqs["v"].expr.left.left
    assert inlined.span == Span(9, 10)  # where 'I' was written
    assert "nA" in eqs.identifiers and "I" not in eqs.identifiers


@pytest.mark.parametrize("substitution, cls, words", [
    ({"y": "z"}, ModelNameError, "cannot substitute 'y'"),
    ({"x": 5}, ModelNameError, "cannot replace 'x' by a value"),
    ({"x": "2*w"}, ModelNameError, "the equations define it"),
    ({"xi": "xi_2"}, ModelNameError, "the noise"),
    ({"tau": "a.b"}, ModelSyntaxError, "attribute access"),
    ({"x": "t"}, ModelSyntaxError, "'t' cannot be defined"),
])
def test_bad_substitutions(substitution, cls, words):
    error = refused("dx/dt = -x/tau + xi : volt", cls, **substitution)
    assert words in str(error)


def test_substitution_values_must_be_scalars():
    with pytest.raises(TypeError, match="real scalar"):
        Equations("dx/dt = -x/tau : 1", tau=[1, 2])


def test_renaming_onto_an_existing_name_is_a_duplicate():
    error = refused("dx/dt = -x/tau : 1\ny : 1", x="y")
    assert "'y' is defined twice" in error.message


# -- combination -----------------------------------------------------------------------

def test_adding_equations_and_strings():
    membrane = Equations("dv/dt = -(v + I)/tau : volt")
    both = membrane + Equations("I = sin(2*pi*freq*t)*volt : volt\n"
                                "freq : Hz")
    assert both.names == ("v", "I", "freq")
    assert (membrane + "I : volt").names == ("v", "I")
    assert ("I : volt" + membrane).names == ("I", "v")
    assert membrane.names == ("v",)  # unchanged


def test_adding_a_variable_twice_is_an_error():
    with pytest.raises(ModelSyntaxError, match="'v' is defined twice"):
        Equations("v : volt") + Equations("v = 2*volt : volt")


def test_adding_with_clashing_constants_renames_one():
    left = Equations("dx/dt = -x/tau : 1", tau=10 * ms)
    right = Equations("dy/dt = -y/tau : 1", tau=20 * ms)
    same = Equations("dz/dt = -z/tau : 1", tau=10 * ms)
    both = left + right
    assert both["x"].expr == parse_expression("-x/tau")
    assert both["y"].expr == parse_expression("-y/tau_1")
    assert float(both.constants["tau_1"] / ms) == pytest.approx(20)
    assert set((left + same).constants) == {"tau"}


def test_adding_constant_next_to_a_free_name_renames_the_constant():
    left = Equations("dx/dt = -x/tau : 1", tau=10 * ms)
    right = Equations("dy/dt = -y/tau : 1")
    both = left + right
    assert both["y"].expr == parse_expression("-y/tau")
    assert both["x"].expr == parse_expression("-x/tau_1")
    assert "tau" in both.identifiers and "tau_1" not in both.identifiers
    reverse = right + left
    assert reverse["x"].expr == parse_expression("-x/tau_1")


def test_equations_are_immutable_values():
    eqs = Equations("v : volt")
    with pytest.raises(AttributeError, match="immutable"):
        eqs._equations = ()
    assert eqs == Equations("  v : volt  # same")
    assert hash(eqs) == hash(Equations("v:volt"))
    assert eqs != Equations("v : 1")
    assert Equations(eqs) == eqs
    assert Equations(list(eqs)) == eqs


def test_pickle_and_copy():
    import copy
    import pickle
    eqs = Equations("dv/dt = -v/tau : volt (unless refractory)\nw : 1",
                    tau=10 * ms)
    for clone in (pickle.loads(pickle.dumps(eqs)), copy.deepcopy(eqs),
                  copy.copy(eqs)):
        assert clone == eqs
        assert clone["v"].source.line == 1
        assert set(clone.constants) == {"tau"}


def test_lookup_iteration_and_text():
    text = "v : volt\nw = 2*v : volt"
    eqs = Equations(text)
    assert [e.varname for e in eqs] == ["v", "w"]
    assert "w" in eqs and "x" not in eqs
    assert isinstance(eqs["w"], SingleEquation)
    with pytest.raises(KeyError):
        eqs["x"]
    assert eqs.text == text
    assert eqs.dimensions == {"v": VOLT, "w": VOLT}


def test_str_reprints_and_parses_back():
    eqs = Equations(HH)
    again = Equations(str(eqs))
    assert again == eqs
    assert str(again) == str(eqs)
    assert repr(eqs).startswith("Equations('dv/dt = ")


def test_with_owner_and_as_equations():
    eqs = Equations("v : volt")
    owned = as_equations(eqs, "NeuronGroup 'g'")
    assert owned["v"].source.owner == "NeuronGroup 'g'"
    assert eqs["v"].source.owner == ""
    assert as_equations("v : volt", "G")["v"].source.owner == "G"
    with pytest.raises(TypeError):
        as_equations(3)


# -- derived forms ---------------------------------------------------------------------

def test_ordered_subexpressions():
    eqs = Equations("a = b + c : 1\nb = c*2 : 1\nc = x : 1\nd = 1 : 1\n"
                    "x : 1")
    assert [e.varname for e in eqs.ordered_subexpressions()] == \
        ["c", "b", "a", "d"]


def test_substituted_inlines_recursively_except_constant_over_dt():
    eqs = Equations("""
        dv/dt = (I + J - v)/tau : 1
        I = 2*g : 1
        g = w**2 : 1
        J = rand() : 1 (constant over dt)
        w : 1
    """)
    full = eqs.substituted(eqs["v"].expr)
    assert full == parse_expression("(2*w**2 + J - v)/tau")
    assert eqs.substituted(Name("x")) == Name("x")


def test_all_errors_are_model_errors():
    for cls in (ModelSyntaxError, ModelNameError):
        assert issubclass(cls, ModelError)


# -- round trips ------------------------------------------------------------------

_leaves = st.one_of(st.sampled_from(["a", "b", "v", "tau", "w"]).map(Name),
                    st.integers(0, 100).map(Const),
                    st.floats(0, 1e6, allow_nan=False).map(Const))
_trees = st.recursive(_leaves, lambda inner: st.one_of(
    st.tuples(st.sampled_from(["-", "+"]), inner).map(lambda t: Unary(*t)),
    st.tuples(st.sampled_from(["+", "-", "*", "/", "**"]), inner, inner)
    .map(lambda t: BinOp(*t)),
    st.lists(inner, max_size=2).map(lambda args: Call("f", tuple(args)))),
    max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(_trees, _trees)
def test_str_round_trip_of_random_equations(rhs, sub):
    eqs = Equations(f"dv/dt = {print_expr(rhs)} : volt (unless refractory)\n"
                    f"s = ({print_expr(sub)})*volt : volt\n"
                    f"w : 1 (constant, shared)")
    again = Equations(str(eqs))
    assert again == eqs
    assert again["v"].expr == rhs


def test_spatial_neuron_flag_is_named_as_not_built():
    from ranvier.lang.errors import ModelFeatureError
    with pytest.raises(NotImplementedError) as info:
        Equations("I_inj : amp (point current)")
    assert isinstance(info.value, ModelFeatureError)
    text = str(info.value)
    assert "'point current' belongs to multicompartment neurons" in text
    assert "^^^^^^^^^^^^^" in text
