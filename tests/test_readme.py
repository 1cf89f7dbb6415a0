"""The README's quick start runs as written (so it cannot rot)."""

import pathlib
import re

from ranvier import start_scope

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_quick_start_runs(capsys):
    text = README.read_text()
    block = re.search(r"## Quick start\s+```python\n(.*?)```", text,
                      re.S).group(1)
    start_scope()
    # Test code runs the documentation's own example; the library itself
    # never executes strings.
    exec(compile(block, str(README), "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert "spikes; first neuron fired" in out
    assert "(2, 5000)" in out
