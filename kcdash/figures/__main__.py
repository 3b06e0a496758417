"""`python -m kcdash.figures`: see :mod:`kcdash.figures.cli`."""

from kcdash.figures.cli import main

raise SystemExit(main())
