"""Brian 2's logging API on Python's ``logging`` and ranvier's loggers.

ranvier logs under the ``ranvier`` hierarchy (``ranvier.integration``,
``ranvier.prefs``, ...) and installs no handler of its own, so by default
only warnings reach the console (Python's last-resort handler). The
``BrianLogger.log_level_*`` calls a Brian 2 script makes attach one
console handler to the ``ranvier`` logger and set its level;
``suppress_hierarchy``/``suppress_name`` filter that handler. Brian 2
logger names (``brian2.stateupdaters``) are read as the corresponding
ranvier names (``ranvier.stateupdaters``), so filters a script sets on
Brian's hierarchy apply to ranvier's.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys

__all__ = ["BrianLogger", "get_logger", "logger", "std_silent",
           "ranvier_name"]

_ROOT = "ranvier"
#: Below DEBUG, as Brian 2's extra "diagnostic" level.
DIAGNOSTIC = 5
logging.addLevelName(DIAGNOSTIC, "DIAGNOSTIC")


def ranvier_name(name: str) -> str:
    """The ranvier logger name for a Brian 2 one (``brian2.x`` →
    ``ranvier.x``); other names are kept."""
    if name == "brian2" or name.startswith("brian2."):
        return _ROOT + name[len("brian2"):]
    return name


class _Suppress(logging.Filter):
    """Drops the records of one name hierarchy, or of one last name part."""

    def __init__(self, name: str, whole_hierarchy: bool):
        super().__init__()
        self.target = ranvier_name(name)
        self.whole_hierarchy = whole_hierarchy

    def filter(self, record: logging.LogRecord) -> bool:
        if self.whole_hierarchy:
            inside = record.name == self.target or \
                record.name.startswith(self.target + ".")
            return not inside
        return record.name.rsplit(".", 1)[-1] != self.target


def _console() -> logging.Handler:
    """The console handler of the ``ranvier`` logger, made on first use."""
    root = logging.getLogger(_ROOT)
    for handler in root.handlers:
        if getattr(handler, "_ranvier_console", False):
            return handler
    handler = logging.StreamHandler()
    handler._ranvier_console = True
    handler.setFormatter(logging.Formatter(
        "%(levelname)-10s %(message)s [%(name)s]"))
    root.addHandler(handler)
    return handler


def _set_level(level: int) -> None:
    root = logging.getLogger(_ROOT)
    _console().setLevel(level)
    if root.getEffectiveLevel() > level or root.level == logging.NOTSET:
        root.setLevel(level)


class BrianLogger:
    """A named logger with Brian 2's methods, and (as static methods) the
    switches for the console output of all of ranvier's loggers.

    Parameters
    ----------
    name : str
        The logger's name; a Brian 2 name (``brian2.x``) becomes the
        ranvier one (``ranvier.x``).
    """

    def __init__(self, name: str = "brian2"):
        self.name = ranvier_name(name)
        self._logger = logging.getLogger(self.name)
        self._said: set = set()

    def _log(self, level: int, msg: str, name_suffix, once: bool) -> None:
        target = self._logger if not name_suffix else \
            logging.getLogger(f"{self.name}.{name_suffix}")
        if once:
            key = (target.name, level, msg)
            if key in self._said:
                return
            self._said.add(key)
        target.log(level, msg)

    def diagnostic(self, msg: str, name_suffix=None, once=False) -> None:
        """Log at Brian 2's diagnostic level (below debug)."""
        self._log(DIAGNOSTIC, msg, name_suffix, once)

    def debug(self, msg: str, name_suffix=None, once=False) -> None:
        """Log a debug message (``once``: only the first time)."""
        self._log(logging.DEBUG, msg, name_suffix, once)

    def info(self, msg: str, name_suffix=None, once=False) -> None:
        """Log an info message (``once``: only the first time)."""
        self._log(logging.INFO, msg, name_suffix, once)

    def warn(self, msg: str, name_suffix=None, once=False) -> None:
        """Log a warning (``once``: only the first time)."""
        self._log(logging.WARNING, msg, name_suffix, once)

    warning = warn

    def error(self, msg: str, name_suffix=None, once=False) -> None:
        """Log an error (``once``: only the first time)."""
        self._log(logging.ERROR, msg, name_suffix, once)

    # -- console switches, for every ranvier logger ---------------------
    @staticmethod
    def log_level_diagnostic() -> None:
        """Show everything on the console, diagnostic messages included."""
        _set_level(DIAGNOSTIC)

    @staticmethod
    def log_level_debug() -> None:
        """Show debug messages and above on the console."""
        _set_level(logging.DEBUG)

    @staticmethod
    def log_level_info() -> None:
        """Show info messages and above on the console (e.g. the
        integration method chosen for each group)."""
        _set_level(logging.INFO)

    @staticmethod
    def log_level_warn() -> None:
        """Show warnings and errors on the console."""
        _set_level(logging.WARNING)

    @staticmethod
    def log_level_error() -> None:
        """Show only errors on the console."""
        _set_level(logging.ERROR)

    @staticmethod
    def suppress_hierarchy(name: str, filter_log_file: bool = False) -> None:
        """Hide the console messages of logger ``name`` and its children.

        ``filter_log_file`` is accepted; ranvier writes no log file.
        """
        _console().addFilter(_Suppress(name, whole_hierarchy=True))

    @staticmethod
    def suppress_name(name: str, filter_log_file: bool = False) -> None:
        """Hide the console messages of loggers whose last name part is
        ``name`` (``'method_choice'`` matches ``ranvier.x.method_choice``).
        """
        _console().addFilter(_Suppress(name, whole_hierarchy=False))


def get_logger(module_name: str = "brian2") -> BrianLogger:
    """A :class:`BrianLogger` for ``module_name`` (usually ``__name__``)."""
    return BrianLogger(module_name)


#: The logger of the ``ranvier`` hierarchy, as Brian 2's ``logger``.
logger = BrianLogger("brian2")


class std_silent:
    """Context manager that hides what the code inside it prints.

    Standard output and error are captured; if the block raises, what it
    printed is written out before the exception propagates, so the
    output that explains an error is not lost.

    Parameters
    ----------
    alwaysprint : bool
        Do not capture at all (a switch for debugging).
    """

    def __init__(self, alwaysprint: bool = False):
        self.alwaysprint = alwaysprint
        self._stack: contextlib.ExitStack | None = None
        self._out = io.StringIO()
        self._err = io.StringIO()

    def __enter__(self):
        if not self.alwaysprint:
            self._stack = contextlib.ExitStack()
            self._stack.enter_context(contextlib.redirect_stdout(self._out))
            self._stack.enter_context(contextlib.redirect_stderr(self._err))
        return self

    def __exit__(self, exc_type, exc, tb):
        if self._stack is not None:
            self._stack.close()
            self._stack = None
            if exc_type is not None:
                sys.stdout.write(self._out.getvalue())
                sys.stderr.write(self._err.getvalue())
        return False
