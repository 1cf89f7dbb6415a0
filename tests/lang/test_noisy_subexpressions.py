"""White noise inside subexpressions, at the level of the equations.

Brian 2.9 accepts a named noise (``xi_pop``) in a subexpression and
substitutes it into the differential equations using it; it refuses a
bare ``xi`` there and a noisy subexpression flagged ``shared``.
"""

import pytest

from ranvier.lang.equations import Equations
from ranvier.lang.errors import ModelSyntaxError

OU = """dv/dt = (E - v)/tau + noise/C : volt
noise = mu + sigma*sqrt(noise_dt)*xi_pop : amp
"""


def marked(error):
    source, span = error.source, error.span
    return source.text[source.offset + span.start:source.offset + span.end]


def test_a_named_noise_in_a_subexpression_is_accepted():
    eqs = Equations(OU)
    assert eqs.stochastic_variables == {"xi_pop"}
    assert eqs.is_stochastic
    assert eqs.noisy_subexpressions == {"noise": "xi_pop"}


def test_substitution_makes_the_differential_equation_stochastic():
    eqs = Equations(OU)
    rhs = eqs.substituted(eqs["v"].expr)
    assert "xi_pop" in str(eqs) and "xi_pop" in repr(rhs)


def test_noise_carried_through_several_subexpressions():
    eqs = Equations("dv/dt = -v/tau + twice/C : volt\n"
                    "twice = 2*noise : amp\n"
                    "noise = sigma*xi_a : amp\n"
                    "quiet = 3*v : volt")
    assert eqs.noisy_subexpressions == {"noise": "xi_a", "twice": "xi_a"}


def test_a_bare_xi_in_a_subexpression_is_refused():
    with pytest.raises(ModelSyntaxError) as info:
        Equations("dv/dt = -v/tau + noise/C : volt\n"
                  "noise = sigma*xi : amp")
    error = info.value
    assert "bare noise 'xi'" in error.message
    assert "xi_noise" in error.message
    assert marked(error) == "noise"
    assert "line 2" in str(error)


@pytest.mark.parametrize("flag", ["shared", "constant over dt"])
def test_a_noisy_subexpression_cannot_be_computed_once(flag):
    with pytest.raises(ModelSyntaxError) as info:
        Equations(f"dv/dt = -v/tau + noise/C : volt\n"
                  f"noise = sigma*xi_n : amp ({flag})")
    error = info.value
    assert f"cannot be '{flag}'" in error.message
    assert "carries the white noise 'xi_n'" in error.message
    assert marked(error) == flag


def test_the_flag_rule_follows_subexpressions():
    with pytest.raises(ModelSyntaxError, match="'outer' carries the white "
                                               "noise 'xi_n'"):
        Equations("dv/dt = -v/tau + outer/C : volt\n"
                  "outer = 2*inner : amp (constant over dt)\n"
                  "inner = sigma*xi_n : amp")


def test_a_summed_noisy_subexpression_is_refused():
    with pytest.raises(ModelSyntaxError, match="cannot be 'summed'"):
        Equations("I_post = sigma*xi_n : amp (summed)")


def test_an_unused_noisy_subexpression_is_allowed():
    # Brian 2 accepts it (it has no effect).
    eqs = Equations("dv/dt = -v/tau : volt\nnoise = sigma*xi_n : amp")
    assert eqs.noisy_subexpressions == {"noise": "xi_n"}
