"""Every Python example of the user guide runs and prints what the page
shows (so the guide cannot rot).

Each page of ``docs/guide/*.md`` is one doctest file: its ``>>>`` examples
run in order in one namespace, and their output is compared with the page
(``ELLIPSIS`` and ``NORMALIZE_WHITESPACE`` on). Markdown code fences are
blanked before parsing, so an example's expected output ends at its
fence. Python blocks must be written as ``>>>`` examples: a ``python``
block without one would never run, and fails the check below. The one
exception is a block opened with ```` ```python file=NAME ````: it is a
script the page's examples use, written to ``NAME`` in the folder the
examples run in.
"""

import doctest
import pathlib
import re
import warnings

import numpy as np
import pytest

from ranvier import defaultclock, ms, prefs, start_scope
from ranvier.compat import brian2 as brian2_compat
from ranvier.compat import device as device_module

GUIDE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "guide"
PAGES = sorted(GUIDE.glob("*.md"))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
#: Pages whose examples run on the Numba backend.
NEEDS_NUMBA = {"installation", "brian2"}
_FENCE = re.compile(r"^[ \t]*```.*$", re.M)
_BLOCK = re.compile(r"^```(\w*)([^\n]*)\n(.*?)^```", re.M | re.S)


class FencedParser(doctest.DocTestParser):
    """Doctest's parser, with Markdown fence lines read as blank lines
    (line numbers stay those of the page)."""

    def parse(self, string, name="<string>"):
        return super().parse(_FENCE.sub("", string), name)


@pytest.fixture(autouse=True)
def fresh_defaults():
    """Each page starts (and leaves) ranvier with its default settings."""
    def reset():
        start_scope()
        prefs.codegen.target = "numpy"
        prefs.core.default_float_dtype = np.float64
        defaultclock.dt = 0.1 * ms
        brian2_compat.uninstall()
        device_module.device.name = "runtime"
        device_module.device._noted = False
    reset()
    yield
    reset()


def test_guide_has_pages():
    assert PAGES, f"no pages in {GUIDE}"


_LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", PAGES + [GUIDE.parent / "index.md"],
                         ids=[p.stem for p in PAGES] + ["index"])
def test_links_resolve(page):
    """Links between the documentation's pages point at pages that exist."""
    for target in _LINK.findall(page.read_text()):
        assert (page.parent / target).is_file(), \
            f"{page.name} links to {target}, which does not exist"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_python_blocks_are_examples(page):
    """A Python block the doctest would skip is a block that can rot."""
    for language, info, body in _BLOCK.findall(page.read_text()):
        if language in ("python", "pycon", "py") and \
                not info.strip().startswith("file="):
            assert ">>> " in body, f"{page.name}: a {language} block " \
                f"without >>> examples:\n{body}"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_examples(page, tmp_path, monkeypatch):
    """The page's examples print what the page says they print."""
    if page.stem in NEEDS_NUMBA:
        pytest.importorskip("numba")
    monkeypatch.chdir(tmp_path)  # files the examples write land here
    for _, info, body in _BLOCK.findall(page.read_text()):
        if info.strip().startswith("file="):
            (tmp_path / info.strip()[len("file="):]).write_text(body)
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        result = doctest.testfile(str(page), module_relative=False,
                                  parser=FencedParser(), optionflags=FLAGS,
                                  encoding="utf-8", verbose=False,
                                  report=True)
    assert result.attempted > 0, f"{page.name} has no examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} " \
        f"examples of {page.name} failed (details above)"
