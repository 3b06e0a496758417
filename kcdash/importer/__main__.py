"""`python -m kcdash.importer`: see :mod:`kcdash.importer.cli`."""

from kcdash.importer.cli import main

raise SystemExit(main())
