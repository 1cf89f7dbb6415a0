"""Checking ``method_options=`` of groups against what the chosen
integration method takes."""

from __future__ import annotations

__all__ = ["check_method_options"]

#: Options each method accepts, with their type. Brian 2's ``exact``
#: (alias ``linear``) takes ``simplify`` (whether SymPy simplifies the
#: solution); ranvier's result does not depend on it. Brian 2's explicit
#: and exponential Euler methods take no options.
_OPTIONS = {"exact": {"simplify": bool}, "linear": {"simplify": bool}}


def _is_gsl(method) -> bool:
    return isinstance(method, str) and method.startswith("gsl")


def _allowed(method) -> dict:
    if method is None:
        return _OPTIONS["exact"]   # the automatic choice tries exact first
    if isinstance(method, str):
        return _OPTIONS.get(method, {})
    if isinstance(method, (list, tuple)):
        allowed = {}
        for m in method:
            allowed.update(_allowed(m) if isinstance(m, str) else {})
        return allowed
    return {}


def check_method_options(method, options, owner: str) -> None:
    """Refuse options the method does not take.

    Parameters
    ----------
    method : None, str, callable or sequence
        The ``method=`` argument of the group.
    options : dict or None
        The ``method_options=`` argument.
    owner : str
        The group, for messages.

    Raises
    ------
    TypeError
        When ``options`` is not a dictionary, or an option has the wrong
        type.
    KeyError
        For an option the method does not take (as Brian 2 raises).
    """
    if options is None:
        return
    if not isinstance(options, dict):
        raise TypeError(f"{owner}: method_options must be a dictionary, got "
                        f"{type(options).__name__}")
    if not options or _is_gsl(method):
        # The GSL methods are refused as a whole when the group integrates.
        return
    allowed = _allowed(method)
    for key, value in options.items():
        if key not in allowed:
            accepted = ", ".join(f"'{k}'" for k in allowed) or "none"
            raise KeyError(f"{owner}: method_options gives {key!r}, which "
                           f"integration method {method!r} does not take "
                           f"(it accepts: {accepted})")
        if not isinstance(value, allowed[key]):
            raise TypeError(f"{owner}: method option {key!r} must be of type "
                            f"{allowed[key].__name__}, got {value!r}")
