"""`yzdaily web`: the archive in a browser, served locally and read-only (issue 15).

Search with filters and facets, articles with every field, trends, officeholders, emerging
terms and source health, each as a page and as JSON that gives the CLI's `--json` answers.
This package reads the warehouse (and uses `parsers` for queries) but never imports `flows`:
`cli/commands/web.py` is the `yzdaily web` command that starts it.
"""
