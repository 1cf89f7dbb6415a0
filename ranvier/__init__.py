"""ranvier: a spiking neural network simulator with equations as strings
and physical units, in the language of Brian 2.

``from ranvier import *`` gives the simulation objects, the units and the
functions a Brian 2 script expects. Everything else lives in modules that
are not part of the public API.
"""

import numpy as _np
import numpy as np  # Brian 2's star import gives `np` too

from ranvier import units as _units
from ranvier.units import *  # noqa: F401,F403  (the units are public API)
from ranvier.lang.equations import Equations
from ranvier.lang.errors import (ModelError, ModelNameError, ModelSyntaxError,
                                 ModelUnitError)
from ranvier.lang.binomial import BinomialFunction
from ranvier.lang.functions import exprel
from ranvier.lang.timed_array import TimedArray
from ranvier.lang.user_functions import Function, implementation
from ranvier.objects.clock import Clock
from ranvier.objects.defaults import defaultclock, prefs, seed
from ranvier.objects.linked import linked_var
from ranvier.objects.inputs import (PoissonGroup, PoissonInput,
                                    SpikeGeneratorGroup)
from ranvier.objects.monitors import (EventMonitor, PopulationRateMonitor,
                                      SpikeMonitor, StateMonitor)
from ranvier.objects.netop import NetworkOperation, network_operation
from ranvier.objects.network import Network
from ranvier.objects.neurongroup import NeuronGroup, Subgroup
from ranvier.objects.synapses import Synapses
from ranvier.magic import (collect, magic_network, restore, run, start_scope,
                           stop, store)
from ranvier.compat.device import device, get_device, set_device

__version__ = "0.1.0.dev0"

# NumPy names a Brian 2 script uses after `from brian2 import *`; ranvier's
# Quantity works with NumPy's own functions, so these are NumPy's.
_NUMPY_NAMES = ["array", "linspace", "zeros", "ones", "exp", "log",
                "log10", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh",
                "arcsin", "arccos", "arctan", "pi", "inf", "nan", "mean",
                "std", "var", "sum", "clip", "floor", "ceil", "where",
                "concatenate", "float32", "float64", "int32", "int64",
                "diff", "cumsum", "histogram", "dot", "ndarray", "abs",
                "sign", "asarray", "isnan", "isinf", "round", "e"]
globals().update({name: getattr(_np, name) for name in _NUMPY_NAMES})

__all__ = (
    list(_units.__all__)
    + ["Equations", "ModelError", "ModelNameError", "ModelSyntaxError",
       "ModelUnitError", "Clock", "defaultclock", "prefs", "seed",
       "EventMonitor", "PopulationRateMonitor", "SpikeMonitor",
       "StateMonitor", "NetworkOperation", "network_operation", "Network",
       "NeuronGroup", "Subgroup", "Synapses", "linked_var", "collect",
       "magic_network",
       "run", "start_scope", "stop", "BinomialFunction", "TimedArray",
       "Function", "exprel",
       "implementation", "PoissonGroup", "PoissonInput",
       "SpikeGeneratorGroup", "store", "restore", "device", "get_device",
       "set_device", "np"]
    + _NUMPY_NAMES
)
