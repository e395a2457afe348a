"""Tier 4: the read commands on a warehouse the real ingest loaded from the sample site over
loopback (once per session): in process through the entry point `main(argv)` where a test is
about output (fast: no interpreter start per call), through the real `yzdaily` script where
it is about the script itself (`console`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet
import pytest
from rich.cells import cell_len

from cli import main
from tests.e2e.conftest import CLI, CliResult
from tests.e2e.hostile import TERMINAL_CONTROL
from tests.environment import cli_environment, warm_cli_environment
from tests.sample_site.generator import generate_articles
from tests.sample_site.server import SampleServer
from tests.sample_site.site import SampleArticle, build_site, default_specs

pytestmark = pytest.mark.e2e
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Archive:
    """The ingested warehouse, its data dir and the truth of the articles it holds."""

    db: Path
    data_dir: Path
    articles: tuple[SampleArticle, ...]


def environment(data_dir: Path, prefect_home: Path) -> dict[str, str]:
    env = cli_environment()
    env.update(YZDAILY_DATA_DIR=str(data_dir), PREFECT_HOME=str(prefect_home))
    return env


@pytest.fixture(scope="session")
def archive(prefect_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    data_dir = tmp_path_factory.mktemp("query-cli") / "data"
    specs = [*default_specs(), *generate_articles(40, seed=9)]
    site = build_site(specs)
    with SampleServer(site) as server:
        done = subprocess.run(
            [str(CLI), "ingest", "--base-url", server.base_url, "--delay", "0", "--quiet"],
            env=warm_cli_environment(data_dir, prefect_home),
            capture_output=True,
            text=True,
            timeout=240,
            stdin=subprocess.DEVNULL,
        )
    assert done.returncode == 0, done.stderr
    return Archive(data_dir / "yzdaily.duckdb", data_dir, tuple(site.articles))


@pytest.fixture
def yzdaily(
    archive: Archive,
    prefect_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Any]:
    """Run a read command in process, through `main(argv)`, against the session's warehouse."""
    for name in list(os.environ):
        if name.startswith(("YZDAILY_", "PREFECT_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("YZDAILY_DATA_DIR", str(archive.data_dir))
    monkeypatch.setenv("PREFECT_HOME", str(prefect_home))

    def run(*args: str, db: Path | None = None) -> CliResult:
        capsys.readouterr()
        try:
            code = main([*args, "--db", str(db or archive.db)])
        except SystemExit as stop:  # argparse: --help (0) or bad usage (2)
            code = stop.code if isinstance(stop.code, int) else 0
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    yield run


@pytest.fixture
def console(archive: Archive, prefect_home: Path) -> Iterator[Any]:
    """Run a read command through the installed console script, in a subprocess."""

    def run(*args: str, db: Path | None = None) -> CliResult:
        done = subprocess.run(
            [str(CLI), *args, "--db", str(db or archive.db)],
            env=environment(archive.data_dir, prefect_home),
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        return CliResult(done.returncode, done.stdout, done.stderr)

    yield run


def text(article: SampleArticle) -> str:
    return f"{article.title}\n{article.body}"


def urls_containing(archive: Archive, *parts: str) -> set[str]:
    return {
        a.as_article().url for a in archive.articles if all(p in text(a).lower() for p in parts)
    }


@pytest.mark.parametrize(
    "words", [("新质生产力",), ("二次创业",), ("开发园区",), ("新型储能",), ("市长",), ("园",),
              ("开发园区", "二次创业")]
)  # fmt: skip
def test_search_finds_exactly_the_articles_containing_the_query(
    yzdaily: Any, archive: Archive, words: tuple[str, ...]
) -> None:
    result = yzdaily("search", *words, "--limit", "1000", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    hits = found["hits"]
    expected = urls_containing(archive, *words)
    assert found["total"] == len(expected)
    assert expected
    assert [h["url"] for h in hits if h["url"] in expected] == [h["url"] for h in hits]
    assert {h["url"] for h in hits} == expected and len(hits) == len(expected)
    truth = {a.as_article().url: a for a in archive.articles}
    for hit in hits:
        article = truth[hit["url"]]
        assert set(hit) >= {"url", "title", "published_at", "source", "score", "snippet"}
        assert (hit["title"], hit["source"]) == (article.title, article.source)
        assert hit["published_at"] == article.published_at.isoformat(sep=" ")
        assert any(f"【{w}】" in hit["snippet"] for w in words)
        assert isinstance(hit["score"], float) and hit["score"] > 0


def test_search_text_output_of_the_console_script(console: Any, archive: Archive) -> None:
    result = console("search", "新质生产力", "--limit", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("【新质生产力】") >= 3
    assert result.stdout.count("https://www.zgjssw.gov.cn/") == 3
    total = len(urls_containing(archive, "新质生产力"))
    # One site: every story is told once, so stories and articles are one count here.
    assert f"{total} stor(ies) contain 新质生产力; showing 3 (--limit)" in result.stderr


def test_a_reader_that_stops_early_ends_the_command_quietly(
    console: Any, archive: Archive, prefect_home: Path
) -> None:
    # `yzdaily kwic ... | head -1`: the console script's own exit (cli.console) must
    # neither print a traceback nor fail when stdout is gone.
    args = ("kwic", "的", "--json", "--limit", "10000", "--width", "200")
    whole = console(*args)
    assert len(whole.stdout.encode()) > 4 * 65536  # more than a pipe holds: the write breaks
    reader = subprocess.Popen(
        [str(CLI), *args, "--db", str(archive.db)],
        env=environment(archive.data_dir, prefect_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.readline()  # the first line, then the reader goes away
    reader.stdout.close()
    stderr = reader.stderr.read().decode()
    assert reader.wait(timeout=120) == 0, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize(
    ("flags", "keep"),
    [
        (("--source", "新华社"), lambda a: a.source == "新华社"),
        (("--source", "扬州日报"), lambda a: a.source == "扬州日报"),
        (("--reporter", "若溪"), lambda a: "若溪" in a.reporters),
        (("--since", "2024-01-01"), lambda a: a.published_at.date() >= date(2024, 1, 1)),
        (
            ("--since", "2020-10-22", "--until", "2024-06-30"),
            lambda a: date(2020, 10, 22) <= a.published_at.date() <= date(2024, 6, 30),
        ),
    ],
)
@pytest.mark.parametrize("word", ["市长", "新质生产力"])
def test_search_filters_are_exact(
    yzdaily: Any, archive: Archive, flags: tuple[str, ...], keep: Any, word: str
) -> None:
    result = yzdaily("search", word, *flags, "--limit", "1000", "--json")
    assert result.returncode == 0, result.stderr
    expected = {a.as_article().url for a in archive.articles if keep(a) and word in text(a)}
    assert {h["url"] for h in json.loads(result.stdout)["hits"]} == expected


HOSTILE = [
    "",
    "   ",
    "，。！？",
    "'",
    "%",
    "_",
    "'; drop table articles; --",
    '" or 1=1 --',
    "二次创业' or '1'='1",
    "\x1b[31m新质生产力",
    "\x07",
    "新质\u200b生产力",
    "\udcff",  # bytes that are not UTF-8 on the command line
    "新" * 201,
    "a" * 5000,
    "🙂",
    "$(rm -rf /)",
    "* from articles",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_search_input_is_refused_or_finds_nothing(
    yzdaily: Any, archive: Archive, query: str
) -> None:
    result = yzdaily("search", query, "--json")
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        assert result.stderr.startswith("error: ") and result.stdout == ""
    else:
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["hits"] == []
    with duckdb.connect(str(archive.db), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchall() == [(len(archive.articles),)]


@pytest.mark.parametrize(
    "args",
    [
        ("search", "新质生产力", "--limit", "0"),
        ("search", "新质生产力", "--limit", "many"),
        ("search", "新质生产力", "--since", "2024-13-01"),
        ("search", "新质生产力", "--since", "2024-06-01", "--until", "2024-01-01"),
        ("trend", "新质 生产力"),
        ("trend", "，"),
        ("trend", "新质生产力", "--chart", "trend.pdf"),
        ("trend", "新质生产力", "--by", "week"),
        ("top", "--method", "bm25"),
        ("export", "--format", "xlsx", "--out", "x"),
    ],
)
def test_bad_usage_exits_2_with_a_message(yzdaily: Any, args: tuple[str, ...]) -> None:
    result = yzdaily(*args)
    assert result.returncode == 2
    assert "error" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["search", "trend", "top", "emerging", "people", "export"])
def test_every_command_has_help(yzdaily: Any, command: str) -> None:
    result = yzdaily(command, "--help")
    assert result.returncode == 0 and "usage: yzdaily " + command in result.stdout


@pytest.mark.parametrize("by", ["year", "quarter", "month"])
def test_trend_counts_equal_the_direct_count(yzdaily: Any, archive: Archive, by: str) -> None:
    result = yzdaily("trend", "新质生产力", "二次创业", "--by", by, "--json")
    assert result.returncode == 0, result.stderr
    points = json.loads(result.stdout)["points"]

    def period(a: SampleArticle) -> str:
        when = a.published_at
        if by == "year":
            return str(when.year)
        return f"{when.year}-Q{(when.month - 1) // 3 + 1}" if by == "quarter" else f"{when:%Y-%m}"

    totals = Counter(period(a) for a in archive.articles)
    for term in ("新质生产力", "二次创业"):
        series = [p for p in points if p["term"] == term]
        hits = Counter(period(a) for a in archive.articles if term in text(a))
        assert series[0]["period"] == min(totals) and series[-1]["period"] == max(totals)
        for point in series:
            assert set(point) == {
                "term", "period", "stories", "articles", "total", "share", "unit"
            }  # fmt: skip
            # One site, no story told twice: the stories are the articles.
            assert (point["stories"], point["articles"], point["total"]) == (
                hits[point["period"]],
                hits[point["period"]],
                totals[point["period"]],
            )
        assert sum(p["articles"] for p in series) == sum(hits.values()) > 0


def test_trend_chart_is_a_png(yzdaily: Any, tmp_path: Path) -> None:
    chart = tmp_path / "out" / "trend.png"
    result = yzdaily("trend", "新质生产力", "二次创业", "--by", "year", "--chart", str(chart))
    assert result.returncode == 0, result.stderr
    data = chart.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 20_000
    assert "missing from font" not in result.stderr and "findfont" not in result.stderr
    assert "2026" in result.stdout


def in_process(archive: Archive, code: str) -> Any:
    """Evaluate an expression over a read-only connection `con` in a fresh interpreter."""
    program = (
        "import json, sys, duckdb\n"
        "from dataclasses import asdict\n"
        "from warehouse import analytics\n"
        f"con = duckdb.connect({str(archive.db)!r}, read_only=True)\n"
        f"print(json.dumps({code}, ensure_ascii=False, default=str))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


def test_top_emerging_and_people(yzdaily: Any, archive: Archive) -> None:
    top = yzdaily("top", "--by", "year", "--limit", "3", "--json")
    assert top.returncode == 0, top.stderr
    rows = json.loads(top.stdout)["rows"]
    assert {r["period"] for r in rows} == {str(a.published_at.year) for a in archive.articles}
    assert all(r["rank"] <= 3 for r in rows)
    assert rows == in_process(
        archive, "[asdict(r) for r in analytics.top_keywords(con, 'year', 'tfidf', 3)]"
    )

    emerging = yzdaily("emerging", "--since", "2023-01-01", "--min-articles", "2", "--json")
    assert emerging.returncode == 0, emerging.stderr
    terms = {r["term"]: r for r in json.loads(emerging.stdout)["rows"]}
    assert "新质生产力" in terms
    first = min(
        (a for a in archive.articles if "新质生产力" in text(a)), key=lambda a: a.published_at
    )
    assert terms["新质生产力"]["first_url"] == first.as_article().url
    assert terms["新质生产力"]["first_published_date"] == first.published_at.date().isoformat()

    people = yzdaily("people", "--name", "张宝娟", "--json")
    assert people.returncode == 0, people.stderr
    # 张宝娟: 市长 to July 2021, then 市委书记 (tests/sample_site/roster.py).
    held = {r["role"]: r["first_published_date"] for r in json.loads(people.stdout)["rows"]}
    for role in ("市长", "市委书记"):
        written = re.compile(f"(?<![代副]){role}张宝娟")
        named = [a.published_at.date() for a in archive.articles if written.search(text(a))]
        assert held[role] == min(named).isoformat()
    assert held["市长"] < "2021-08-01" <= held["市委书记"]
    everyone = yzdaily("people")
    assert everyone.returncode == 0 and "张宝娟" in everyone.stdout


def display_column(line: str, index: int) -> int:
    """The display column (a CJK character takes two) where `line[index]` starts."""
    return cell_len(line[:index])


def test_people_search_and_trend_line_up_by_display_width(yzdaily: Any) -> None:
    # Issue 17 item 5: names and posts of different lengths in CJK; the dates still line up.
    people = yzdaily("people")
    assert people.returncode == 0, people.stderr
    header, *lines = people.stdout.splitlines()
    assert header.split() == ["name", "role", "first", "last", "stories", "articles"]
    dates = [re.search(r"\d{4}-\d{2}-\d{2}  ", line) for line in lines]
    assert len(lines) > 3 and all(dates)
    roles = {line.split()[1] for line in lines}
    assert len({cell_len(role) for role in roles}) > 1  # posts of different widths
    assert (
        len({display_column(line, d.start()) for line, d in zip(lines, dates, strict=True) if d})
        == 1
    )
    assert all(not line.endswith(" ") for line in lines)

    search = yzdaily("search", "市长", "--limit", "50")
    facts = [line for line in search.stdout.splitlines() if re.search(r"  score \d", line)]
    sources = {line.split()[1] for line in facts}
    assert len({cell_len(source) for source in sources}) > 1, sources
    assert len({display_column(line, line.index("score ")) for line in facts}) == 1

    trend = yzdaily("trend", "新质生产力", "二次创业", "--by", "year")
    assert trend.returncode == 0, trend.stderr
    header, *rows = trend.stdout.splitlines()
    second = display_column(header, header.index("二次创业"))
    for row in rows:
        cells = list(re.finditer(r"\d+ / \d+ \(", row))
        assert len(cells) == 2 and display_column(row, cells[1].start()) == second, row


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_round_trip(yzdaily: Any, archive: Archive, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "export"
    result = yzdaily("export", "--format", fmt, "--out", str(out), "--since", "2023-01-01")
    assert result.returncode == 0, result.stderr
    in_range = [a for a in archive.articles if a.published_at.date() >= date(2023, 1, 1)]
    reader = duckdb.connect()
    # Parquet keeps its year partitions; CSV is one file per table and view (spreadsheets).
    source = (
        f"read_parquet('{out}/articles/*/*.parquet', hive_partitioning = true)"
        if fmt == "parquet"
        else f"read_csv('{out}/articles.csv')"
    )
    articles = reader.execute(f"select count(*), min(published_at) from {source}").fetchall()[0]
    assert articles[0] == len(in_range) and articles[1].year >= 2023
    with duckdb.connect(str(archive.db), read_only=True) as con:
        terms = con.execute(
            "select count(*) from article_terms t join articles a using (article_id)"
            " where a.published_at >= '2023-01-01'"
        ).fetchall()[0][0]
        runs = con.execute("select count(*) from runs").fetchall()[0][0]
    assert reader.execute(
        f"select count(*) from read_{fmt}('{out}/article_terms.{fmt}')"
    ).fetchall() == [(terms,)]
    assert reader.execute(f"select count(*) from read_{fmt}('{out}/runs.{fmt}')").fetchall() == [
        (runs,)
    ]
    if fmt == "parquet":
        assert pyarrow.parquet.read_table(out / "article_terms.parquet").num_rows == terms
    assert "article_terms" in result.stdout


def test_export_partition_all_splits_article_tables_by_year(
    yzdaily: Any, archive: Archive, tmp_path: Path
) -> None:
    out = tmp_path / "lake"
    result = yzdaily("export", "--partition-all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    reader = duckdb.connect()
    with duckdb.connect(str(archive.db), read_only=True) as con:
        truth = con.execute(
            "select year(a.published_at), count(*) from article_terms t"
            " join articles a using (article_id) group by all order by 1"
        ).fetchall()
    stored = reader.execute(
        f"select year, count(*) from read_parquet('{out}/article_terms/*/*.parquet',"
        " hive_partitioning = true) group by all order by 1"
    ).fetchall()
    assert stored == truth and len(truth) > 1
    assert (out / "runs.parquet").is_file()  # tables without article_id stay one file


def test_a_writer_holding_the_warehouse_is_reported(
    yzdaily: Any, archive: Archive, tmp_path: Path
) -> None:
    db = tmp_path / "busy.duckdb"
    shutil.copyfile(archive.db, db)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            "con = duckdb.connect(sys.argv[1])\n"
            "print('holding', flush=True)\n"
            "time.sleep(60)\n",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        for args in (("search", "新质生产力"), ("trend", "新质生产力"), ("people",)):
            # A reader waits (--wait) while a writer holds the file, says so once, then stops.
            result = yzdaily(*args, "--wait", "1.5", db=db)
            assert result.returncode == 1
            assert "in use by another process" in result.stderr
            assert result.stderr.count("waiting for the warehouse") == 1
            assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_missing_warehouse_is_reported(console: Any, tmp_path: Path) -> None:
    result = console("search", "新质生产力", db=tmp_path / "nothing.duckdb")
    assert result.returncode == 1
    assert "no warehouse at" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "nothing.duckdb").exists()


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["search", "新质生产力"], ("prefect", "jieba", "matplotlib")),
        (["search", "新型储能"], ("prefect", "matplotlib")),  # needs the tokenizer
        (["trend", "新质生产力"], ("prefect", "jieba", "matplotlib")),
        (["top"], ("prefect", "jieba", "matplotlib")),
        (["people"], ("prefect", "jieba", "matplotlib")),
        # Issue 16's commands read the token sequences made at load time: no tokenizer.
        (["people", "--role", "扬州市长"], ("prefect", "jieba", "matplotlib")),
        # The dictionary's tags tell content words from the rest (answers/emerging.py).
        (["emerging", "--since", "2024-01-01"], ("prefect", "matplotlib")),
        (["kwic", "新质生产力"], ("prefect", "jieba", "matplotlib")),
        (["collocates", "新质生产力"], ("prefect", "jieba", "matplotlib")),
        (["entities"], ("prefect", "jieba", "matplotlib")),
        (["terms", "suggest"], ("prefect", "jieba", "matplotlib")),
    ],
)
def test_read_commands_import_only_what_they_need(
    archive: Archive, args: list[str], absent: tuple[str, ...]
) -> None:
    program = (
        "import sys\n"
        "from cli import main\n"
        f"code = main({[*args, '--db', str(archive.db)]!r})\n"
        f"loaded = [m for m in {list(absent)!r} if m in sys.modules]\n"
        "print('loaded:', loaded, 'exit:', code)\n"
    )
    env = cli_environment()
    env["YZDAILY_DATA_DIR"] = str(archive.data_dir)
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "loaded: [] exit: 0"


HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1bc\x9b31m\r"


def test_stored_text_is_printed_safely_by_every_command(
    archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    # A warehouse an older version filled from hostile pages: escapes in every text column.
    folder = tmp_path / f"warehouse{HOSTILE}"
    folder.mkdir()
    db = folder / "yzdaily.duckdb"
    shutil.copyfile(archive.db, db)
    with duckdb.connect(str(db)) as con:
        con.execute(
            "update articles set title = title || ?, url = url || ?, source = source || ?,"
            " body = replace(body, '。', '。' || ?)",
            [HOSTILE] * 4,
        )
        con.execute("update article_keywords set keyword = keyword || ?", [HOSTILE])
        con.execute("update person_mentions set name = name || ?, role = role || ?", [HOSTILE] * 2)
        con.execute(
            "insert into failures values (?, 'zgjssw', 'fetch', ?, false, 1, now(), now(), now())",
            [f"http://127.0.0.1/x{HOSTILE}.shtml", f"redirect to evil{HOSTILE} not followed"],
        )
        con.execute("update runs set message = ?", [f"failed: {HOSTILE}"])
        # Issue 30: an older version stored reasons of any size (warcio quoted megabytes).
        con.execute(
            "insert into failures values (?, 'import', 'import', ?, true, 1, now(), now(), now())",
            ["file:///saved/b.warc", "not a readable WARC file: " + HOSTILE * 100_000],
        )
    monkeypatch.setenv("YZDAILY_DATA_DIR", str(archive.data_dir))
    commands = [
        ["stats"],
        ["search", "新质生产力", "--limit", "3"],
        ["trend", f"新质生产力{HOSTILE}"],
        ["top", "--limit", "3"],
        ["emerging", "--min-articles", "1", "--limit", "3"],
        ["people"],
        ["failures"],
        ["runs"],
        ["doctor"],
        # Issue 25 item 5: --csv to a terminal passed ESC, BEL and CSI from stored text.
        ["search", "新质生产力", "--csv"],
        ["trend", f"新质生产力{HOSTILE}", "--csv"],
        ["top", "--limit", "3", "--csv"],
        ["people", "--csv"],
        ["kwic", "新质生产力", "--limit", "3", "--csv"],
        ["entities", "--limit", "3", "--csv"],
    ]
    for command in commands:
        main([*command, "--db", str(db)])
        out, err = capsys.readouterr()
        assert out.strip() or command[0] == "trend", command
        assert not TERMINAL_CONTROL.findall(out + err), (command, out, err)
        assert max(len(line) for line in (out + err).splitlines()) < 2000, command
    # CSV on stdout shows the stored text with its control characters as escapes.
    main(["search", "新质生产力", "--csv", "--db", str(db)])
    out, _ = capsys.readouterr()
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\x1bc\\x9b31m\\x0d" in out
    # Machine output keeps the stored text, escaped as JSON strings: nothing raw either.
    main(["search", "新质生产力", "--limit", "3", "--json", "--db", str(db)])
    out, err = capsys.readouterr()
    assert not TERMINAL_CONTROL.findall(out) and HOSTILE in json.loads(out)["hits"][0]["title"]
