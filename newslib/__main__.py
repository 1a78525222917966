"""``python -m newslib``: the same as the ``newslib`` command."""

from __future__ import annotations

from newslib.cli import main

raise SystemExit(main())
