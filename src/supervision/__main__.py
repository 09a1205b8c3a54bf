"""``python -m supervision``: the same as the ``supervision`` command."""

import sys

from supervision.cli import main

sys.exit(main())
