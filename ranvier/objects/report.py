"""Progress reports during long runs."""

from __future__ import annotations

import sys
import time
from typing import Callable

__all__ = ["make_reporter", "format_progress"]


def _fmt_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f}s" if seconds >= 10 else f"{seconds:.1f}s"
    minutes, sec = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes}m {sec}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m"


def format_progress(elapsed: float, completed: float, start: float,
                    duration: float) -> str:
    """One progress line: simulated time, percentage, wall time, time left.

    ``completed`` is the fraction of the run done (0 to 1); times are in
    seconds.
    """
    simulated = start + completed * duration
    text = (f"{simulated:.4g} s ({completed:.0%}) simulated in "
            f"{_fmt_seconds(elapsed)}")
    if 0 < completed < 1:
        remaining = elapsed * (1 - completed) / completed
        text += f", estimated {_fmt_seconds(remaining)} remaining."
    return text


class _Reporter:
    def __init__(self, emit: Callable | None, period: float, start: float,
                 duration: float):
        self.emit = emit
        self.period = period
        self.start = start
        self.duration = duration
        self.wall_start = time.perf_counter()
        self.next_report = self.wall_start + period
        if emit is not None:
            emit(0.0, 0.0, start, duration)

    def update(self, now: float) -> None:
        if self.emit is None:
            return
        wall = time.perf_counter()
        if wall < self.next_report:
            return
        self.next_report = wall + self.period
        done = (now - self.start) / self.duration if self.duration else 1.0
        self.emit(wall - self.wall_start, done, self.start, self.duration)

    def finish(self, t_end: float) -> None:
        if self.emit is not None:
            self.emit(time.perf_counter() - self.wall_start, 1.0, self.start,
                      self.duration)


def _stream_emitter(stream_name: str) -> Callable:
    def emit(elapsed, completed, start, duration):
        stream = getattr(sys, stream_name)
        if completed == 0.0 and elapsed == 0.0:
            print(f"Starting simulation at t={start:.4g} s for a duration of "
                  f"{duration:.4g} s", file=stream)
            return
        print(format_progress(elapsed, completed, start, duration),
              file=stream)
        stream.flush()
    return emit


def make_reporter(report, period: float, start: float, duration: float):
    """A reporter for ``Network.run(report=...)``.

    ``report`` is None (silent), ``'text'`` or ``'stdout'`` (print to
    standard output), ``'stderr'``, or a callable called as
    ``report(elapsed, completed, start, duration)`` (seconds, fraction).
    """
    if report is None:
        emit = None
    elif report in ("text", "stdout"):
        emit = _stream_emitter("stdout")
    elif report == "stderr":
        emit = _stream_emitter("stderr")
    elif callable(report):
        emit = report
    else:
        raise ValueError(f"report must be None, 'text', 'stdout', 'stderr' "
                         f"or a callable, got {report!r}")
    if period <= 0:
        raise ValueError(f"report_period must be positive, got {period} s")
    return _Reporter(emit, period, start, duration)
