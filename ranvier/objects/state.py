"""Snapshots of a network for ``store``/``restore``, in memory or in a
file.

Files are NumPy ``.npz`` archives written and read with pickling switched
off; the non-array parts (times, clock steps, the random generator's
state) travel as one JSON string inside the archive.
"""

from __future__ import annotations

import json

import numpy as np

from ranvier.ir.buffers import RecordBuffer
from ranvier.objects import defaults

__all__ = ["StateStore", "snapshot_arrays", "apply_arrays",
           "restore_owner_arrays"]

_META = "__ranvier_meta__"


def snapshot_arrays(state: dict) -> dict[str, np.ndarray]:
    """Copies of an object's state; record buffers become one array per
    column (their valid part)."""
    out = {}
    for name, value in state.items():
        if isinstance(value, RecordBuffer):
            for col in value.columns:
                out[f"{name}:{col}"] = value.view(col).copy()
        else:
            out[name] = np.array(value, copy=True)
    return out


def apply_arrays(state: dict, saved: dict) -> None:
    """Write saved copies back into an object's live state, in place."""
    for name, value in state.items():
        if isinstance(value, RecordBuffer):
            cols = {c: saved[f"{name}:{c}"] for c in value.columns}
            value.clear()
            length = len(next(iter(cols.values()))) if cols else 0
            if length:
                value.reserve(length)
                for col, data in cols.items():
                    value.columns[col][:length] = data
                value.length = length
        else:
            if name not in saved:
                raise KeyError(f"the stored state has no array {name!r}")
            if value.shape != saved[name].shape:
                raise ValueError(f"cannot restore {name!r}: stored shape "
                                 f"{saved[name].shape}, current shape "
                                 f"{value.shape}")
            value[...] = saved[name]


def restore_owner_arrays(owner, saved: dict, resizable) -> None:
    """Restore the arrays of a ``VariableOwner`` from a snapshot.

    Arrays named in ``resizable`` may have changed shape since the
    snapshot (synapses added, a spike ring grown for longer delays); they
    are replaced by copies of the stored ones. The others are written in
    place, as :func:`apply_arrays` does.
    """
    for name, value in list(owner.arrays.items()):
        key = owner.key(name)
        if key not in saved:
            raise KeyError(f"the stored state has no array {key!r}")
        stored = saved[key]
        if value.shape == stored.shape:
            value[...] = stored
        elif name in resizable:
            owner.arrays[name] = np.array(stored, dtype=value.dtype)
        else:
            raise ValueError(f"cannot restore {key!r}: stored shape "
                             f"{stored.shape}, current shape {value.shape}")


class StateStore:
    """The named snapshots of one network."""

    def __init__(self):
        self._snapshots: dict[str, tuple[dict, dict]] = {}

    def store(self, network, name: str, filename: str | None) -> None:
        arrays = {}
        for obj in network.all_objects():
            arrays.update(snapshot_arrays(obj.state_arrays()))
        clocks = {}
        for obj in network.all_objects():
            clocks[obj.clock.name] = obj.clock.timestep
        meta = {"t": network.t_, "clocks": clocks,
                "rng": defaults.random_generator().bit_generator.state}
        self._snapshots[name] = (arrays, meta)
        if filename is not None:
            payload = {f"{name}/{k}": v for k, v in arrays.items()}
            payload[f"{name}/{_META}"] = np.array(json.dumps(meta))
            np.savez(filename, **payload)

    def restore(self, network, name: str, filename: str | None,
                restore_random_state: bool = True) -> None:
        if filename is not None:
            arrays, meta = _read(filename, name)
        elif name in self._snapshots:
            arrays, meta = self._snapshots[name]
        else:
            known = ", ".join(sorted(self._snapshots)) or "none"
            raise KeyError(f"no stored state named {name!r} (stored: "
                           f"{known})")
        for obj in network.all_objects():
            # Objects whose arrays change shape restore themselves.
            own = getattr(obj, "restore_arrays", None)
            if own is not None:
                own(arrays)
            else:
                apply_arrays(obj.state_arrays(), arrays)
            if obj.clock.name in meta["clocks"]:
                obj.clock.timestep = int(meta["clocks"][obj.clock.name])
        network._t = float(meta["t"])
        if restore_random_state:
            defaults.random_generator().bit_generator.state = meta["rng"]


def _read(filename: str, name: str):
    with np.load(filename, allow_pickle=False) as data:
        prefix = f"{name}/"
        keys = [k for k in data.files if k.startswith(prefix)]
        if f"{prefix}{_META}" not in keys:
            raise KeyError(f"the file {filename!r} holds no state named "
                           f"{name!r}")
        arrays = {k[len(prefix):]: data[k] for k in keys
                  if k != f"{prefix}{_META}"}
        meta = json.loads(str(data[f"{prefix}{_META}"]))
    return arrays, meta
