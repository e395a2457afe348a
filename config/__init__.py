"""The project's version and its settings: one place, built once and passed explicitly.

    config/settings.py   Settings: defaults < YZDAILY_* environment < command-line flags

Imports nothing of the project but parsers (the source registry, the archives' names).
"""

__version__ = "0.1.0"
