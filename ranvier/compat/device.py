"""Brian 2's device API, accepted so standalone scripts run unchanged.

ranvier has no separate standalone mode: its compiled backend runs inside
the Python process. ``set_device('cpp_standalone', ...)`` is therefore
accepted, selects the compiled backend, and says so once; ``device.build()``
has nothing left to do, because every ``run()`` has already run.

Brian 2 can run a built program again with changed initial values
(``device.run(run_args={G.tau: ...})``). ranvier does this by replay: while
a standalone device is selected, the first ``run()`` stores the network's
state just before it starts and every run is recorded; ``device.run``
restores that state, applies the ``run_args`` and runs the recorded run
again.
"""

from __future__ import annotations

import pickle
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from ranvier.objects import defaults
from ranvier.objects.network import Network
from ranvier.objects.variables import VariableView

__all__ = ["set_device", "get_device", "reset_device", "reinit_devices",
           "device", "all_devices", "active_device", "StandaloneNote"]

_KNOWN = ("runtime", "cpp_standalone", "cuda_standalone", "genn")


#: The name under which the state before the first recorded run is stored.
REPLAY_STATE = "__ranvier_device_replay__"


class StandaloneNote(UserWarning):
    """Said once when a script asks for a standalone device."""


@dataclass
class RunRecording:
    """The runs a script made while a standalone device was selected.

    ``seeded``: whether ``seed(value)`` fixed the random numbers before the
    first run; then every replay draws the same numbers (as Brian 2's
    program does), otherwise each replay draws new ones.
    """

    network: Network
    seeded: bool
    runs: list = field(default_factory=list)
    #: Runs of other networks, counted (not kept) to refuse replaying.
    other_runs: int = 0


class Device:
    """Stands in for Brian 2's current device."""

    def __init__(self):
        self.name = "runtime"
        self.build_options: dict = {}
        self._noted = False
        self._recording: RunRecording | None = None

    def build(self, **options) -> None:
        """Accepted for compatibility: runs have already happened."""
        self.build_options.update(options)

    def reinit(self) -> None:
        """Forget the recorded runs (a new simulation follows)."""
        self._recording = None

    def activate(self, **options) -> None:
        self.build_options.update(options)

    def record_run(self, network: Network, request) -> None:
        """Remember a run for :meth:`run` (``Network.run_recorder``); the
        first one also stores the network's state before it starts."""
        if self.name == "runtime":
            # The device was switched back without set_device (as test
            # harnesses do): nothing is replayed, so nothing is kept.
            return
        if self._recording is None:
            network.store(REPLAY_STATE)
            self._recording = RunRecording(
                network, defaults.fixed_seed() is not None)
        if network is self._recording.network:
            self._recording.runs.append((network, request))
        else:
            self._recording.other_runs += 1

    def run(self, directory=None, results_directory=None, with_output=True,
            run_args=None) -> None:
        """Run the recorded simulation again, from its initial state.

        Parameters
        ----------
        directory, results_directory, with_output
            Accepted; ranvier writes no program or result files.
        run_args : dict or list of str, optional
            Initial values to change. A dict maps variables of groups
            (``{G.tau: 5*ms, G.v: values}``) to a scalar or one value per
            element, with units; a list holds Brian 2's command-line form
            ``'groupname.var=value'`` with the value a number in SI base
            units. They are applied after all the initial values the
            script set, just before the run.

        Notes
        -----
        The state restored is the one stored when the first ``run()``
        started, so initial values drawn from random numbers (``'rand()'``,
        random connections) are those of the script's run. Without
        ``seed()``, each replay draws new random numbers during the run;
        with it, each replay draws the same ones. Monitors hold the new
        run's results.
        """
        rec = self._checked_recording()
        assignments = _run_arg_assignments(run_args, rec.network)
        rec.network.restore(REPLAY_STATE,
                            restore_random_state=rec.seeded)
        for view, value in assignments:
            _assign(view, value)
        # The replay is not a run of the script: it records nothing.
        recorder, Network.run_recorder = Network.run_recorder, None
        try:
            for network, request in rec.runs:
                network.run_request(request)
        finally:
            Network.run_recorder = recorder

    def __getstate__(self):
        # Scripts send the device to other processes (multiprocessing);
        # the recorded namespaces hold the script's modules and other
        # values that cannot be pickled, and that model strings cannot
        # name anyway, so they stay behind.
        state = dict(self.__dict__)
        rec = self._recording
        if rec is not None:
            state["_recording"] = RunRecording(
                rec.network, rec.seeded,
                [(net, _picklable_request(request))
                 for net, request in rec.runs], rec.other_runs)
        return state

    def _checked_recording(self) -> RunRecording:
        rec = self._recording
        if rec is None:
            raise RuntimeError(
                "device.run(): there is no simulation to run again; select "
                "a standalone device (set_device('cpp_standalone', "
                "build_on_run=False)) and call run() before device.run()")
        if rec.other_runs:
            raise NotImplementedError(
                f"device.run(): replaying runs of several networks is not "
                f"available in ranvier ({rec.other_runs} run(s) of networks "
                f"other than {rec.network.name!r}); only a single run() of "
                f"one network can be run again")
        if len(rec.runs) > 1:
            raise NotImplementedError(
                f"device.run(): replaying a script of {len(rec.runs)} "
                f"run() calls is not available in ranvier (changes the "
                f"script made between them cannot be replayed); only a "
                f"single run() can be run again")
        return rec

    def apply_run_args(self) -> None:
        """Not built: applying ``run_args`` at an earlier point of the
        script than just before the run."""
        raise NotImplementedError(
            "device.apply_run_args(): applying run_args before later "
            "initial values is not available in ranvier; run_args are "
            "applied just before the run")

    def __repr__(self):
        return f"<ranvier stand-in for Brian 2 device {self.name!r}>"


device = Device()


def set_device(name: str, build_on_run: bool = True, **options) -> None:
    """Accept Brian 2's ``set_device``.

    Parameters
    ----------
    name : str
        ``'runtime'`` keeps the configured backend; a standalone device
        (``'cpp_standalone'``, ``'cuda_standalone'``, ``'genn'``) runs with
        ranvier's compiled backend instead, inside this process, and
        records the runs that follow so that :meth:`Device.run` can run
        them again. Either forgets the runs recorded before.
    build_on_run : bool
        Accepted; ranvier always runs at ``run()``.
    **options
        Accepted and kept (``directory``, ``debug``, ...); they have no
        effect.
    """
    if name not in _KNOWN:
        raise ValueError(f"unknown device {name!r}; Brian 2 devices are "
                         f"{', '.join(_KNOWN)}")
    device.name = name
    device.build_options = dict(options, build_on_run=build_on_run)
    # Runs made before this call belong to another simulation.
    device.reinit()
    if name == "runtime":
        Network.run_recorder = None
        return
    Network.run_recorder = device.record_run
    defaults.prefs.codegen.target = "numba"
    if not device._noted:
        device._noted = True
        warnings.warn(f"set_device({name!r}): ranvier runs this script "
                      f"with its compiled backend in this process; "
                      f"device.build() has nothing left to do",
                      StandaloneNote, stacklevel=2)


def get_device() -> Device:
    return device


def reset_device(name: str = "runtime") -> None:
    set_device(name)


def reinit_devices() -> None:
    """Forget what earlier standalone builds set up (Brian 2 resets every
    device); here, the device's build options."""
    device.build_options = {}
    device.reinit()
    Network.run_recorder = None if device.name == "runtime" \
        else device.record_run


def _picklable_request(request):
    """``request`` with only the picklable values of its namespace."""
    ctx = request.context
    kept = {}
    for name, value in dict(ctx.run_namespace).items():
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 (whatever pickling raises)
            continue
        kept[name] = value
    return replace(request, context=replace(ctx, run_namespace=kept))


def _run_arg_assignments(run_args, network: Network) -> list:
    """``run_args`` as ``(view, value)`` pairs, checked before anything
    changes."""
    if run_args is None:
        return []
    if isinstance(run_args, Mapping):
        return [(_view_key(key), value) for key, value in run_args.items()]
    if isinstance(run_args, (list, tuple)):
        return [_parse_run_arg(arg, network) for arg in run_args]
    raise TypeError(f"device.run(): run_args is a dict {{G.v: value}} or a "
                    f"list of 'group.var=value' strings, not "
                    f"{type(run_args).__name__}")


def _view_key(key) -> VariableView:
    if isinstance(key, VariableView):
        return key
    if type(key).__name__ == "TimedArray":
        raise NotImplementedError(
            f"device.run(): a TimedArray ({key.name!r}) as a run_args key "
            f"is not available in ranvier; only variables of groups "
            f"(G.v) can be changed")
    raise TypeError(f"device.run(): the keys of run_args are variables of "
                    f"groups such as G.v, not {key!r} "
                    f"({type(key).__name__})")


def _parse_run_arg(arg, network: Network):
    """``'groupname.var=value'`` → a unit-less view and its value."""
    if not isinstance(arg, str) or arg.count("=") != 1 \
            or "." not in arg.split("=")[0]:
        raise ValueError(f"device.run(): a run_args string has the form "
                         f"'groupname.var=value', got {arg!r}")
    target, text = (part.strip() for part in arg.split("="))
    owner_name, var = target.rsplit(".", 1)
    try:
        owner = network[owner_name]
    except KeyError:
        raise KeyError(f"device.run(): run_args {arg!r} names "
                       f"{owner_name!r}, which is not an object of the "
                       f"network") from None
    try:
        value = float(text)
    except ValueError:
        raise NotImplementedError(
            f"device.run(): run_args {arg!r}: values read from a file are "
            f"not available in ranvier; give a number in SI base units, or "
            f"a dict {{{owner_name}.{var}: values}}") from None
    records = getattr(getattr(owner, "_owner", None), "records", {})
    if var not in records:
        raise KeyError(f"device.run(): run_args {arg!r}: {owner_name!r} "
                       f"has no variable {var!r}")
    return VariableView(owner, var, unitless=True), value


def _assign(view: VariableView, value) -> None:
    """Set every element of ``view`` to ``value`` (one value, or one per
    element)."""
    size = np.size(value)
    if size != 1 and (np.ndim(value) != 1 or size != len(view)):
        raise ValueError(f"device.run(): run_args for "
                         f"{view._group.name}.{view._name} needs one value "
                         f"or {len(view)} (one per element), got shape "
                         f"{np.shape(value)}")
    view[:] = value


#: Brian 2's devices by name; all of them are this one stand-in.
all_devices = {name: device for name in ("runtime", "cpp_standalone")}

#: The device in use, as Brian 2's ``device_module.active_device``.
active_device = device
