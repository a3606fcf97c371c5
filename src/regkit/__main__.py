"""`python -m regkit` is the `regkit` command."""

import sys

from .cli import main

sys.exit(main())
