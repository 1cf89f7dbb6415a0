"""``python -m ranvier script.py [args]``: run a Brian 2 script on ranvier.

The script's ``import brian2`` (and its common submodules) resolve to
ranvier for this run; everything else about the script is unchanged.
"""

from __future__ import annotations

import os
import runpy
import sys

from ranvier.compat.brian2 import install

USAGE = "usage: python -m ranvier SCRIPT.py [ARGS...]"


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        print("Runs a Brian 2 script with ranvier: its 'import brian2' "
              "imports ranvier.")
        return 0 if argv else 2
    script = argv[0]
    install()
    sys.argv = argv
    # As `python script.py`: modules next to the script are importable.
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    # The user's own program file runs as Python, as `python script.py`
    # would run it; model strings inside it go through ranvier's parser.
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
