"""Settings every test process starts with."""

from __future__ import annotations

import os

# A run in this process stops the Prefect server it starts (tests/environment.py says why).
os.environ.setdefault("YZDAILY_PREFECT_IDLE", "0")
