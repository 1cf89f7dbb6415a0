"""Turning generated source into compiled functions, with a disk cache.

Numba's on-disk cache (``cache=True``) only works for functions of a module
it can import again by name, so each generated module is written as a
file into a cache folder on ``sys.path`` and imported like any module.
The file name is a hash of everything the compiled code depends on (the
source, the Numba and ranvier versions, the helpers' source), so a name
always means the same content: files are never rewritten, which also keeps
the source stamps Numba checks stable.

The folder is ``$RANVIER_CACHE_DIR/numba`` when that variable is set, else
``ranvier/numba`` in the user's cache folder. Processes may share it:
files appear atomically (written to a temporary name, then linked or
renamed into place).
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sys
import tempfile
import warnings
from importlib import metadata
from pathlib import Path

import numba

from ranvier.backends.numba import helpers

__all__ = ["cache_dir", "compile_source", "source_key", "module_key",
           "module_path", "JIT_OPTIONS"]

#: Options of every compiled kernel. error_model='numpy': float division by
#: zero gives inf/nan as in NumPy instead of raising.
JIT_OPTIONS = {"cache": True, "error_model": "numpy", "nogil": True}

_MODULE_PREFIX = "ranvier_kernel_"
_compiled: dict = {}       # key -> dispatcher, for this process
_fallback_dir: Path | None = None


def cache_dir() -> Path:
    """The folder generated modules and Numba's cache files go to."""
    root = os.environ.get("RANVIER_CACHE_DIR")
    base = Path(root) if root else _user_cache_root() / "ranvier"
    return base / "numba"


def _user_cache_root() -> Path:
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"])
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) if xdg else Path.home() / ".cache"


def _ranvier_version() -> str:
    try:
        return metadata.version("ranvier")
    except metadata.PackageNotFoundError:
        return "unknown"


def _helpers_digest() -> str:
    # Numba does not notice when a function a cached kernel calls changes,
    # so the helpers' source is part of every kernel's key.
    with open(helpers.__file__, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


_CONTEXT = "\0".join([numba.__version__, _ranvier_version(),
                      _helpers_digest(), repr(sorted(JIT_OPTIONS.items()))])


def source_key(source: str) -> str:
    """The hash naming the module compiled from ``source``."""
    return hashlib.sha256(f"{_CONTEXT}\0{source}".encode()).hexdigest()


def module_key(source: str, bindings=()) -> str:
    """The hash naming the module compiled from ``source`` with
    ``bindings`` (see :func:`compile_source`): it changes with any of
    them, so it also identifies the compiled function."""
    return source_key(source + "".join(f"\0{name}={digest}" for name, _,
                                       digest in bindings))


def module_path(source: str, bindings=()) -> Path:
    """Where the module for ``source`` is written in the cache folder."""
    return _writable_dir() / f"{_module_name(module_key(source, bindings))}.py"


def _module_name(key: str) -> str:
    return _MODULE_PREFIX + key[:32]


def compile_source(source: str, function: str, bindings=()):
    """The Numba dispatcher of ``function`` defined in ``source``.

    The same source gives the same dispatcher within a process; across
    processes Numba loads the machine code from its cache.

    Parameters
    ----------
    source : str
    function : str
    bindings : tuple of (str, dispatcher, str)
        Module globals to set before compiling (the jitted user functions
        the source calls), with fingerprints of their code.
    """
    key = module_key(source, bindings)
    found = _compiled.get(key)
    if found is not None:
        return found
    name = _module_name(key)
    folder = _writable_dir()
    _write_once(folder / f"{name}.py", source)
    if str(folder) not in sys.path:
        sys.path.append(str(folder))
    importlib.invalidate_caches()
    module = importlib.import_module(name)
    for global_name, value, _ in bindings:
        setattr(module, global_name, value)
    dispatcher = numba.njit(**JIT_OPTIONS)(getattr(module, function))
    _compiled[key] = dispatcher
    return dispatcher


def _writable_dir() -> Path:
    """The cache folder, or a private temporary one if it is read-only."""
    global _fallback_dir
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    if _fallback_dir is None:
        _fallback_dir = Path(tempfile.mkdtemp(prefix="ranvier-numba-"))
        warnings.warn(f"cannot write to the kernel cache {folder}; "
                      f"compiled kernels go to {_fallback_dir} for this "
                      f"process only (set RANVIER_CACHE_DIR)")
    return _fallback_dir


def _write_once(path: Path, text: str) -> None:
    """Make ``path`` hold ``text`` without ever exposing a partial file."""
    if _holds(path, text):
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            # A hard link never replaces a file another process put there
            # meanwhile (so its stamp, which Numba checks, stays put).
            os.link(tmp, path)
        except FileExistsError:
            if not _holds(path, text):
                os.replace(tmp, path)       # a damaged file: replace it
        except OSError:
            os.replace(tmp, path)           # no hard links on this system
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _holds(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False
