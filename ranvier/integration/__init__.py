"""Stage 2: differential equations to update statements.

Build an :class:`ODESystem` from the equations (subexpressions inlined)
and call :func:`integrate`; the :class:`StateUpdate` it returns holds the
statements that advance the state by one step ``dt``.
"""

from ranvier.integration.custom import ExplicitScheme
from ranvier.integration.explicit import (RungeKutta, euler, heun, milstein,
                                          rk2, rk4)
from ranvier.integration.linear import exact, exponential_euler
from ranvier.integration.methods import (DEFAULT_CHAIN, METHODS,
                                         choose_method, integrate,
                                         register_method)
from ranvier.integration.system import (ODESystem, StateUpdate,
                                        UnsupportedEquationsError,
                                        format_state_update,
                                        hold_when_refractory,
                                        is_noise_symbol)

__all__ = [
    "ODESystem", "StateUpdate", "UnsupportedEquationsError", "integrate",
    "choose_method", "METHODS", "DEFAULT_CHAIN", "hold_when_refractory",
    "format_state_update", "is_noise_symbol", "RungeKutta", "euler", "rk2",
    "rk4", "heun", "milstein", "exact", "exponential_euler",
    "ExplicitScheme", "register_method",
]
