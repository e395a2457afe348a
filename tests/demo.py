"""`make demo`: the whole pipeline offline, against the bundled sample site on 127.0.0.1.

Serves the sample site (zgjssw's column, the 扬州网 section and the 中国江苏网 扬州 column, with
stories on several of them, and zgjssw's other cities' columns and 要闻: peers.py), runs the
real `yzdaily ingest --source all --city yangzhou,nantong,taizhou,province` into
data/demo/yzdaily.duckdb, runs it again (nothing new: no article page is fetched twice), says
how many articles each corpus holds, then `yzdaily stats`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from config.settings import DB_FILENAME
from parsers.cities import city_label
from tests.sample_site.peers import add_peers
from tests.sample_site.sections import build_sample_sites
from tests.sample_site.server import SampleServer

CLI = Path(sys.executable).parent / "yzdaily"
DEMO_DATA_DIR = Path("data/demo")
# The corpora the demo keeps current: 扬州, two peers and the province (zgjssw's columns).
DEMO_CITIES = "yangzhou,nantong,taizhou,province"


def run(*args: str, env: dict[str, str]) -> int:
    print(f"\n$ yzdaily {' '.join(args)}", flush=True)
    return subprocess.run([str(CLI), *args], env=env, check=False).returncode


def main() -> int:
    env = dict(os.environ, YZDAILY_DATA_DIR=str(DEMO_DATA_DIR))
    site, sections = build_sample_sites()
    add_peers(site)
    with SampleServer(site) as server:
        counts = ", ".join(f"{len(s.articles)} {name}" for name, s in sections.items())
        print(
            f"sample site: {server.base_url} ({len(site.articles)} zgjssw articles, {counts};"
            " some stories on several sites; and zgjssw's other cities and 要闻:"
            f" {sum(len(items) for items in site.corpora.values())} articles)",
            flush=True,
        )
        # A demo run before this one left its warehouse: this run's first ingest finds
        # nothing new, and says so rather than "first run".
        again = (DEMO_DATA_DIR / DB_FILENAME).exists()
        first = (
            f"a run on the demo's warehouse of an earlier `make demo` ({DEMO_DATA_DIR}):"
            " nothing new, so nothing is fetched"
            if again
            else "first run"
        )
        for attempt in (first, "again: nothing new"):
            print(f"\n# {attempt}", flush=True)
            code = run(
                "ingest",
                "--source",
                "all",
                "--city",
                DEMO_CITIES,
                "--base-url",
                server.base_url,
                "--delay",
                "0.05",
                env=env,
            )
            if code != 0:
                return code
        pages = sum(1 for r in server.requests if "/index" in r.path or "/node_" in r.path)
        pages += sum(1 for r in server.requests if r.path == "/")
        articles = sum(1 for r in server.requests if "/t20" in r.path or "/content_" in r.path)
        print(
            f"\nrequests the server saw in both runs: {pages} for list pages,"
            f" {articles} for articles"
        )
    print(corpora_text(DEMO_DATA_DIR / DB_FILENAME))
    code = run("stats", env=env)
    print(f"\n{read_commands_text()}")
    return code


# Read commands worth trying on the demo's warehouse, printed exactly as they run.
DEMO_READ_COMMANDS = (
    "search 新质生产力",
    "trend 新质生产力 --by year",
    "diffusion 新质生产力",
    "compare 新质生产力 --city nantong,taizhou",
    "people --role 市长",
    "web",
)


def corpora_text(db_path: Path) -> str:
    """How many articles each corpus holds: 扬州 among its peers."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        counts = con.execute(
            "select city, count(*) from articles group by city order by count(*) desc, city"
        ).fetchall()
    held = ", ".join(f"{city_label(city)} {count}" for city, count in counts)
    return f"articles by corpus (--city {DEMO_CITIES}): {held}"


def read_commands_text() -> str:
    """The demo's closing words: its warehouse lives apart from the user's, so each read
    command names it."""
    lines = [
        f"The demo's warehouse is {DEMO_DATA_DIR / DB_FILENAME} (yours stays data/{DB_FILENAME}):"
        f" add --data-dir {DEMO_DATA_DIR} to any read command, for example"
    ]
    lines += [f"    {demo_command(c)}" for c in DEMO_READ_COMMANDS]
    return "\n".join(lines)


def demo_command(command: str) -> str:
    return f".venv/bin/yzdaily {command} --data-dir {DEMO_DATA_DIR}"


if __name__ == "__main__":
    sys.exit(main())
