"""`yzdaily import`: pages saved elsewhere (HTML, text copies, WARCs), one transaction each."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from cli.base import Command
from cli.errors import EXIT_USAGE
from cli.options import add_parse_options, add_source, build_command_settings
from cli.running import finish, worker_count, writing_run
from flows.terminal import echo


class Import(Command, name="import", order=13):
    """`yzdaily import`: saved pages, text copies and WARCs, one transaction per file."""

    warehouse = "path"
    help = "load pages saved elsewhere: HTML files, text copies, WARC archives"
    description = """Import saved HTML pages of either site, plain-text copies in the seed's
        layout and WARC archives (.warc, .warc.gz) through the same archive, parse, enrich and
        load path as an ingest. A page with an article URL (the WARC record's, or the one a
        saved page names) is that article; a file without one is identified by its content
        (file:<sha256>). Directories are read recursively. Bad files are reported and recorded
        in `yzdaily failures`; the others are imported (exit 3)."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
        add_source(
            parser, help="the site files without a URL come from (default: told by their layout)"
        )
        add_parse_options(parser)

    def run(self, args: argparse.Namespace) -> int:
        missing = [str(path) for path in args.paths if not path.exists()]
        if missing:
            echo(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
            return EXIT_USAGE
        settings = replace(build_command_settings(args), source=args.source or "all")
        with writing_run(settings) as ready:
            from flows.importer import import_files

            paths = tuple(str(path) for path in args.paths)
            ready()
            state = import_files(settings, paths, worker_count(args), return_state=True)
        # A file is not fetched again: only the person who gave it can mend it.
        return finish(
            args, state, "import", settings.db_path, "fix the files and import them again"
        )
