"""`python -m usce_tui` is the same as the `usce` command."""

import sys

from usce_tui.cli import main

sys.exit(main())
