"""The corpus commands through the real entry point (`cli.main`, in process): kwic,
collocates, entities, terms suggest and terms add on the sample warehouse; --json, --csv,
the terminal layout, and bad input (exit 2, one clear message, no traceback)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import jieba
import pytest

from cli import main
from parsers.concordance import display_width
from parsers.lexicon import LEXICON_FILE, parse_lexicon
from tests.sample_site.generator import SLOGAN
from tests.sample_warehouse import sample_articles, sample_warehouse

DATA = Path(__file__).resolve().parents[2] / "parsers" / "data"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def yzdaily(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str, db: bool = True) -> tuple[int, str, str]:
        argv = [*args, "--db", str(sample_warehouse())] if db else list(args)
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse refusing the arguments
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def text_count(term: str) -> int:
    return sum(f"{a.title}\n{a.body}".count(term) for a in sample_articles())


def test_kwic_json_csv_and_terminal(yzdaily: Run) -> None:
    code, out, err = yzdaily("kwic", "低空经济", "--limit", "1000", "--json")
    assert code == 0, err
    answer = json.loads(out)
    lines = answer["rows"]
    assert len(lines) == answer["occurrences"] == text_count("低空经济") > 0
    assert {"url", "title", "published_at", "left", "match", "right"} <= set(lines[0])
    assert all(line["match"] == "低空经济" for line in lines)
    code, out, _ = yzdaily("kwic", "低空经济", "--limit", "1000", "--csv", "--width", "5")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["url"], r["position"]) for r in rows] == [
        (line["url"], str(line["position"])) for line in lines
    ]
    assert all(len(r["left"]) <= 5 and len(r["right"]) <= 5 for r in rows)
    code, out, err = yzdaily("kwic", "没有这个词语", "--csv")
    assert code == 0 and out.splitlines() == [",".join(rows[0])]  # the header, no line
    assert "0 of 0 occurrence(s)" in err
    code, out, err = yzdaily("kwic", "低空经济", "--limit", "3", "--width", "10")
    printed = out.splitlines()
    assert code == 0 and len(printed) == 3
    # Aligned on the match: the 【 sits in the same terminal column on every line.
    columns = {display_width(line[: line.index("【")]) for line in printed}
    assert len(columns) == 1
    assert f"3 of {text_count('低空经济')} occurrence(s)" in err
    assert f"note: 3 of {text_count('低空经济')} occurrences shown (the limit)" in err


def test_collocates_json_and_csv(yzdaily: Run) -> None:
    code, out, err = yzdaily("collocates", "低空经济", "--json")
    assert code == 0, err
    (found,) = json.loads(out)["rows"]
    assert found["collocates"][0]["word"] == "无人机"
    assert {"observed", "expected", "llr", "pmi"} <= set(found["collocates"][0])
    code, out, _ = yzdaily("collocates", "低空经济", "--by", "year", "--csv", "--measure", "pmi")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["period"] for r in rows} == {"2024", "2025", "2026"}
    assert all(float(r["observed"]) > float(r["expected"]) for r in rows)
    code, out, _ = yzdaily("collocates", "低空经济", "--limit", "3")
    # The block's heading, the table's header, then the best collocate.
    assert code == 0 and "无人机" in out.splitlines()[2]


def test_entities_and_the_terms_suggestions(yzdaily: Run) -> None:
    code, out, err = yzdaily("entities", "--kind", "place", "--limit", "2", "--json")
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert {r["kind"] for r in rows} == {"place"} and all(r["rank"] <= 2 for r in rows)
    assert "扬州市" not in {r["name"] for r in rows}
    code, out, _ = yzdaily("entities", "--csv", "--by", "quarter", "--limit", "1")
    header = next(csv.reader(io.StringIO(out)))
    assert header == ["period", "kind", "rank", "name", "stories", "articles", "mentions"]
    code, out, err = yzdaily("terms", "suggest", "--limit", "10", "--json")
    assert code == 0, err
    assert SLOGAN in [s["text"] for s in json.loads(out)]
    code, out, err = yzdaily("terms", "suggest", "--since", "2025-01-01", "--limit", "3")
    assert code == 0 and SLOGAN in out and "terms add" in err


@pytest.fixture
def lexicon(tmp_path: Path) -> Path:
    copy = tmp_path / LEXICON_FILE
    shutil.copyfile(DATA / LEXICON_FILE, copy)
    return copy


def test_terms_add_puts_a_term_in_its_section_and_says_to_reprocess(
    yzdaily: Run, lexicon: Path
) -> None:
    before = lexicon.read_text(encoding="utf-8")
    code, out, err = yzdaily("terms", "add", SLOGAN, "--lexicon", str(lexicon), db=False)
    assert code == 0, err
    assert f"added {SLOGAN}" in out and "yzdaily reprocess" in err
    after = lexicon.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [f"{SLOGAN} 50000 nz"]
    policy = after.split("# --- policy terms and slogans ---\n")[1].split("\n\n")[0].splitlines()
    assert SLOGAN in [line.split()[0] for line in policy]
    assert [line.split()[0] for line in policy] == sorted(line.split()[0] for line in policy)
    # A tokenizer given the new lexicon keeps the slogan whole (it cut 融链/强群 before).
    tokenizer = jieba.Tokenizer()
    assert SLOGAN not in tokenizer.lcut("深入实施融链强群行动")
    for entry in parse_lexicon(line for line in after.splitlines() if line and line[0] != "#"):
        tokenizer.add_word(entry.word, entry.freq, entry.tag)
    assert SLOGAN in tokenizer.lcut("深入实施融链强群行动")
    # Again: nothing changes.
    code, out, _ = yzdaily("terms", "add", SLOGAN, "--lexicon", str(lexicon), "--json", db=False)
    assert code == 0 and json.loads(out)["present"] == [SLOGAN]
    assert lexicon.read_text(encoding="utf-8") == after


@pytest.mark.parametrize(
    "args",
    [
        ("kwic", ""),
        ("kwic", "低空 经济"),
        ("kwic", "，"),
        ("kwic", "低空经济", "--width", "0"),
        ("kwic", "低空经济", "--width", "500"),
        ("kwic", "低空经济", "--limit", "many"),
        ("kwic", "低空经济", "--since", "2025-13-01"),
        ("kwic", "低空经济", "--since", "2025-06-01", "--until", "2025-01-01"),
        ("kwic", "低空经济", "--site", "elsewhere"),
        ("kwic", "低空经济", "--json", "--csv"),
        ("collocates", "低空经济", "--window", "0"),
        ("collocates", "低空经济", "--window", "51"),
        ("collocates", "低空经济", "--measure", "dice"),
        ("collocates", "低空经济", "--by", "week"),
        ("collocates", "低空经济", "--min-count", "-1"),
        ("collocates", "\x07"),
        ("entities", "--kind", "animal"),
        ("entities", "--unit", "copies"),
        ("terms", "suggest", "--min-stories", "0"),
        ("terms", "frobnicate"),
        ("emerging", "--since", "2025-01-01", "--until", "2024-01-01"),
        ("emerging", "--min-g2", "nan"),
        ("people", "--role", ""),
        ("trend", "新质生产力", "--unit", "copies"),
    ],
)
def test_bad_input_exits_2_with_one_clear_message(yzdaily: Run, args: tuple[str, ...]) -> None:
    code, out, err = yzdaily(*args)
    assert code == 2
    assert "Traceback" not in err and out == ""
    assert sum("error:" in line for line in err.splitlines()) == 1


@pytest.mark.parametrize("terms", [("融链 强群",), ("a",), ("融链强群", "“二次创业”"), ("x" * 21,)])
def test_terms_add_refuses_what_cannot_be_one_token(
    yzdaily: Run, lexicon: Path, terms: tuple[str, ...]
) -> None:
    before = lexicon.read_text(encoding="utf-8")
    code, _, err = yzdaily("terms", "add", *terms, "--lexicon", str(lexicon), db=False)
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err
    assert lexicon.read_text(encoding="utf-8") == before  # all or nothing


@pytest.mark.parametrize(
    "command", [("kwic",), ("collocates",), ("entities",), ("terms", "suggest"), ("terms", "add")]
)
def test_every_new_command_has_help(yzdaily: Run, command: tuple[str, ...]) -> None:
    code, out, _ = yzdaily(*command, "--help", db=False)
    assert code == 0 and f"usage: yzdaily {' '.join(command)}" in out
