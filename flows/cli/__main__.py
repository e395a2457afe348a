"""`python -m flows.cli`: the `yzdaily` command."""

import sys

from flows.cli import main

sys.exit(main())
