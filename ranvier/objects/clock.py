"""Clocks: integer time steps of a fixed ``dt``.

Time is counted in whole steps so that long runs do not accumulate
rounding error; ``t`` is always ``timestep * dt``.
"""

from __future__ import annotations

import itertools

import numpy as np

from ranvier.units import Quantity, check_units, second

__all__ = ["Clock", "steps_for"]

# Slack when turning a time into a number of steps, so that rounding in
# 0.3*second / (0.1*ms) gives 3000 steps rather than 3001.
_EPSILON = 1e-9

_names = itertools.count()


def steps_for(t_end: float, dt: float) -> int:
    """The step count at which a clock of step ``dt`` stops for a run that
    ends at ``t_end`` (both in seconds): the first step at or after the end.

    A clock whose ``dt`` does not divide the run ticks at every step that
    starts before the end, so that runs of 5 ms then 5 ms at ``dt = 2 ms``
    tick at 0, 2, 4, 6 and 8 ms, as one run of 10 ms would.
    """
    return int(np.ceil(t_end / dt - _EPSILON))


class Clock:
    """A clock ticking every ``dt``.

    Parameters
    ----------
    dt : Quantity
        The time step (in units of time, positive).
    name : str, optional
    """

    @check_units(dt=second)
    def __init__(self, dt, name: str | None = None):
        self.name = name or f"clock_{next(_names)}"
        self._dt = 0.0
        self.timestep = 0
        self._arrays = {f"{self.name}.t": np.zeros(1),
                        f"{self.name}.dt": np.zeros(1)}
        self.dt = dt

    @property
    def dt(self) -> Quantity:
        return Quantity.with_dimensions(self._dt, second.dim)

    @dt.setter
    def dt(self, value):
        value = float(np.asarray(value / second if isinstance(value, Quantity)
                                 else value))
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{self.name}: dt must be a positive, finite "
                             f"time, got {value} s")
        if self.timestep and self._dt:
            # Keep t where it is: restate it in whole steps of the new dt.
            t = self.timestep * self._dt
            new_step = t / value
            if abs(new_step - round(new_step)) > 1e-6:
                raise ValueError(
                    f"{self.name}: the current time {t} s is not a whole "
                    f"number of steps of the new dt {value} s")
            self.timestep = int(round(new_step))
        self._dt = value

    @property
    def dt_(self) -> float:
        return self._dt

    @property
    def t_(self) -> float:
        return self.timestep * self._dt

    @property
    def t(self) -> Quantity:
        return Quantity.with_dimensions(self.t_, second.dim)

    def state_arrays(self) -> dict:
        """``t`` and ``dt`` as one-element arrays, for kernels to read.

        The arrays are made with the clock and kept up to date by the run
        loop, so kernels may hold on to them.
        """
        self._arrays[f"{self.name}.t"][0] = self.t_
        self._arrays[f"{self.name}.dt"][0] = self._dt
        return self._arrays

    def set_time(self, t_seconds: float) -> None:
        """Move to the first step at or after ``t_seconds``."""
        self.timestep = int(np.ceil(t_seconds / self._dt - _EPSILON))

    def __repr__(self):
        return f"Clock(dt={self.dt!r}, name={self.name!r})"
