"""Functions with a Numba implementation of their own (user functions,
TimedArray, BinomialFunction).

A :class:`FunctionSpec` with ``numba_implementation`` is called from
generated code through a module global: the generated module declares
the name, and the compiler binds it to the jitted implementation before
Numba compiles the kernel. The arrays of ``numba_data`` are passed as
kernel arguments, so changing a table does not mean compiling again. The
dtype of the result is what Numba infers for the implementation, which
also types it the way NumPy types the reference implementation's table
lookups.
"""

from __future__ import annotations

import hashlib
import types
from dataclasses import dataclass

import numba
import numpy as np
from numba.np import numpy_support

from ranvier.lang.functions import FunctionSpec

__all__ = ["UserFunction", "UnsupportedFunctionError", "bind_user_function",
           "result_dtype", "fingerprint", "jitted"]

_jitted: dict = {}      # id(implementation) -> (implementation, dispatcher)


class UnsupportedFunctionError(NotImplementedError):
    """A kernel calls a function that has no Numba implementation."""


@dataclass(frozen=True)
class UserFunction:
    """How generated code calls one function with its own implementation.

    Attributes
    ----------
    name : str
        The module global holding the jitted implementation.
    dispatcher : numba dispatcher
    data : tuple of (str, str, numpy.ndarray)
        Kernel parameter, data key and array for each ``numba_data`` entry.
    """

    name: str
    dispatcher: object
    data: tuple


def bind_user_function(spec: FunctionSpec, global_name: str,
                       data_params: tuple) -> UserFunction:
    """The call plan for ``spec``, whose data go in ``data_params``."""
    if spec.numba_implementation is None:
        raise UnsupportedFunctionError(
            f"function '{spec.name}' has no Numba implementation; give it "
            f"one (Function(..., numba_impl=f) or @implementation('numba')) "
            f"or use the 'numpy' backend")
    data = tuple((param, key, np.asarray(array)) for param, (key, array)
                 in zip(data_params, spec.numba_data))
    return UserFunction(global_name, jitted(spec.numba_implementation), data)


def result_dtype(user: UserFunction, arg_dtypes) -> np.dtype:
    """The dtype Numba infers for a call with these argument dtypes."""
    signature = tuple(numba.typeof(array) for _, _, array in user.data) + \
        tuple(numba.from_dtype(d) for d in arg_dtypes)
    try:
        result = _compile_result(user.dispatcher, signature)
    except numba.core.errors.NumbaError as err:
        raise TypeError(f"the Numba implementation of {user.name!r} does "
                        f"not compile for {signature}: {err}") from None
    try:
        return numpy_support.as_dtype(result)
    except NotImplementedError:
        raise TypeError(f"the Numba implementation of {user.name!r} returns "
                        f"{result}, not a number") from None


def _compile_result(dispatcher, signature):
    dispatcher.compile(signature)
    return dispatcher.overloads[signature].signature.return_type


def jitted(function):
    """``function`` as a Numba dispatcher (compiled lazily, once)."""
    if isinstance(function, numba.core.registry.CPUDispatcher):
        return function
    found = _jitted.get(id(function))
    if found is None or found[0] is not function:
        # Bounds are checked: a table lookup out of range must raise, as
        # the NumPy implementation does, not read past the array.
        found = (function, numba.njit(error_model="numpy",
                                      boundscheck=True)(function))
        _jitted[id(function)] = found
    return found[1]


def fingerprint(function) -> str:
    """A digest of a function's code, so that a cached kernel is never
    reused after the implementation it calls has changed."""
    function = getattr(function, "py_func", function)
    code = getattr(function, "__code__", None)
    digest = hashlib.sha256(f"{getattr(function, '__module__', '')}."
                            f"{getattr(function, '__qualname__', '')}"
                            .encode())
    if code is None:
        digest.update(repr(function).encode())
    else:
        _hash_code(code, digest)
    for cell in getattr(function, "__closure__", None) or ():
        digest.update(repr(cell.cell_contents).encode())
    return digest.hexdigest()


def _hash_code(code: types.CodeType, digest) -> None:
    digest.update(code.co_code)
    digest.update(repr(code.co_names).encode())
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _hash_code(const, digest)
        else:
            digest.update(repr(const).encode())
