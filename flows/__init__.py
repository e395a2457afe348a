"""Orchestration and every side effect: Prefect flows, HTTP, settings, the CLI."""

__version__ = "0.1.0"
