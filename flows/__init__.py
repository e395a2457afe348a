"""Orchestration: the Prefect flows and the stages they share (ingest, backfill, import,
reprocess, the Dask path, the scheduled run), the parse pool, the writer lock, the run's
reporting. Front ends (cli/, web/) call these; nothing below them imports flows."""

from config import __version__ as __version__
