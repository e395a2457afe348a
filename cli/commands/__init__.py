"""The `yzdaily` commands, one module each (a group of actions, such as `terms suggest|add`,
one module too): each a class on cli.base's `Command`, found here by the entry point.

`COMMANDS` lists them as `yzdaily --help` does (name, module, line of help, in the commands'
`order`), so that the entry point imports only the module of the command given: `yzdaily
--version`, `--help` and a read command start without the other commands' imports (#29).
tests/flows/test_cli_package.py checks that it says what the modules say.
"""

from __future__ import annotations

from typing import NamedTuple


class Listed(NamedTuple):
    """A command as `yzdaily --help` lists it, and the module of cli/commands/ defining it."""

    name: str
    module: str
    help: str


COMMANDS: tuple[Listed, ...] = (
    Listed("ingest", "ingest", "fetch new articles from the web and load them"),
    Listed("backfill", "backfill", "load the articles of a date range, however far back"),
    Listed(
        "reprocess", "reprocess", "re-parse and re-enrich every archived page, without the network"
    ),
    Listed(
        "import", "importer", "load pages saved elsewhere: HTML files, text copies, WARC archives"
    ),
    Listed("runs", "runs", "the run log: every ingest, backfill and reprocess"),
    Listed(
        "doctor",
        "doctor",
        "check the set-up: versions, data dir, schema, Prefect, source hosts, health",
    ),
    Listed("golden", "golden", "keep a real page as a golden test page (for developers)"),
    Listed("failures", "failures", "URLs failing now (tried again on later runs)"),
    Listed("health", "health", "source health: does each site still look as it used to?"),
    Listed("stats", "stats", "what the warehouse holds"),
    Listed("export", "export", "write every table and view as Parquet or CSV files"),
    Listed("serve", "serve", "run the ingest on a schedule (Prefect serve) until stopped"),
    Listed("search", "search", "full-text search of the archive, best matches first"),
    Listed("trend", "trend", "how many stories mention a term, period by period"),
    Listed("top", "top", "top keywords per period"),
    Listed(
        "emerging", "emerging", "terms whose share of stories rose most, by a significance test"
    ),
    Listed("people", "people", "officeholders: who held which post, as the press named them"),
    Listed(
        "diffusion",
        "diffusion",
        "when a term first appeared in the province's news and in each city's",
    ),
    Listed(
        "compare",
        "compare",
        "Yangzhou among its peers: each city's share of stories mentioning a term",
    ),
    Listed(
        "web",
        "web",
        "the archive in a browser: search, articles, trends, people, health (read-only)",
    ),
    Listed(
        "kwic",
        "kwic",
        "every occurrence of a term in context (concordance, keyword in context)",
    ),
    Listed(
        "collocates",
        "collocates",
        "the words that keep company with a term, by log-likelihood or PMI",
    ),
    Listed("entities", "entities", "the people, places and organisations named most, per period"),
    Listed("terms", "terms", "the term lexicon: suggestions from the archive, reviewed additions"),
)
