"""``python -m positions``: the command line (see :mod:`positions._cli`)."""

from __future__ import annotations

import sys

from positions._cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
