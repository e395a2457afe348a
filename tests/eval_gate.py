"""The eval gate: the parser's per-field accuracy over every page corpus, pinned in a baseline.

    python -m tests.eval_gate                              # measure; exit 1 below a floor
    python -m tests.eval_gate --update                     # pin today's figures (floors rise)
    python -m tests.eval_gate --update --allow-regression  # lower a floor, on purpose

Corpora: `goldens`, every saved page under tests/fixtures/<site>/ with its reviewed
`.expected.json` (the parse it must give, or `"refused": "<field>"` for a page that is not an
article); `random_layouts`, sample articles in layouts no parser code special-cases (random
class names, block orders, header forms, chrome, encodings: tests/sample_site/random_layout.py);
`foreign`, pages shaped like other Chinese news and government sites' imported as zgjssw files,
each to be read right or refused (tests/sample_site/foreign.py). For each field the accuracy is
the share of pages where it is right; a page refused that should be read has every field wrong,
a page read that should be refused is `loaded_wrong`, and `loaded_wrong` may never rise.
The baseline also pins each corpus's size and digest (`corpus_sha`: sha256 of every page's
bytes and expected reading), as trafilatura's eval gate pins the corpus its floors were
measured on: a changed corpus (a golden added, removed or corrected, a generator changed) is
re-pinned on purpose (`--update`), so no floor ever silently refers to a smaller or other one.
`tests/test_eval_gate.py` runs the gate in `make test`. The baseline is
tests/fixtures/eval_baseline.json; a change to it is reviewed as a diff.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsers.encoding import decode_html
from parsers.models import Article, ParseError
from parsers.sources import SOURCES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASELINE = FIXTURES / "eval_baseline.json"
FIELDS = (
    "title",
    "kicker",
    "subtitle",
    "published_at",
    "source",
    "dateline",
    "reporters",
    "correspondents",
    "editors",
    "author",
    "paragraphs",
)
# Folders of text copies in the seed's layout, read by this site's text parser.
TEXT_SITES = {"seed": "zgjssw"}


@dataclass(frozen=True)
class Case:
    """One page with what a correct parser makes of it (`expected` None: it must refuse)."""

    name: str
    site: str
    url: str
    body: bytes
    content_type: str | None
    text_copy: bool
    expected: dict[str, Any] | None
    refused_field: str | None = None

    def truth(self) -> dict[str, Any]:
        """What the corpus digest covers: the page's bytes and what it must read as."""
        return {
            "name": self.name,
            "site": self.site,
            "url": self.url,
            "body_sha256": hashlib.sha256(self.body).hexdigest(),
            "content_type": self.content_type,
            "text_copy": self.text_copy,
            "expected": self.expected,
            "refused_field": self.refused_field,
        }

    def parse(self) -> Article:
        """The page through the site's parser, as an ingest or import reads it."""
        source = SOURCES[self.site]
        text, _ = decode_html(self.body, self.content_type)
        if self.text_copy:
            return source.parse_text(text, self.url)
        return source.parse_article(text, self.url)


@dataclass
class Score:
    """Per-field right counts over a corpus, and the pages read or refused wrongly."""

    cases: int = 0
    digest: str = ""  # the corpus's: see `digest`
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    loaded_wrong: list[str] = field(default_factory=list)
    refused_wrongly: list[str] = field(default_factory=list)
    wrong: dict[str, list[str]] = field(default_factory=dict)  # field -> page names

    def accuracy(self) -> dict[str, float]:
        return {name: self.right[name] / self.cases if self.cases else 1.0 for name in FIELDS}

    def overall(self) -> float:
        total = self.cases * len(FIELDS)
        return sum(self.right.values()) / total if total else 1.0


def comparable(name: str, value: Any) -> Any:
    """A field as the goldens spell it (lists, ISO time)."""
    if name == "published_at" and value is not None and not isinstance(value, str):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def digest(cases: Sequence[Case]) -> str:
    """sha256 of the corpus: every page's bytes and expected reading, in order."""
    payload = json.dumps([c.truth() for c in cases], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def evaluate(cases: Sequence[Case]) -> Score:
    """Parse every case and count each field right or wrong."""
    score = Score(digest=digest(cases))
    for case in cases:
        score.cases += 1
        try:
            article: Article | None = case.parse()
        except ParseError:
            article = None
        if case.expected is None:
            if article is None:
                for name in FIELDS:
                    score.right[name] += 1
            else:
                score.loaded_wrong.append(case.name)
            continue
        if article is None:
            score.refused_wrongly.append(case.name)
            continue
        got = article.to_json()
        for name in FIELDS:
            if comparable(name, got.get(name)) == case.expected.get(name):
                score.right[name] += 1
            else:
                score.wrong.setdefault(name, []).append(case.name)
    return score


def golden_cases(fixtures: Path = FIXTURES) -> list[Case]:
    """Every saved page under fixtures/<site>/ with its `.expected.json`."""
    cases: list[Case] = []
    for expected_file in sorted(fixtures.glob("*/*.expected.json")):
        folder = expected_file.parent.name
        site = TEXT_SITES.get(folder, folder)
        stem = expected_file.name.removesuffix(".expected.json")
        pages = [p for p in expected_file.parent.glob(f"{stem}.*") if p != expected_file]
        if not pages or site not in SOURCES:
            continue
        page = pages[0]
        data: dict[str, Any] = json.loads(expected_file.read_text(encoding="utf-8"))
        refused = data.get("refused")
        cases.append(
            Case(
                name=f"{folder}/{page.name}",
                site=site,
                url=data["url"],
                body=page.read_bytes(),
                content_type=data.get("_content_type"),
                text_copy=page.suffix == ".txt",
                expected=None if refused else data,
                refused_field=refused,
            )
        )
    return cases


def unreviewed_goldens(fixtures: Path = FIXTURES) -> list[str]:
    """Drafts from `yzdaily golden add` that nobody has reviewed yet."""
    return [
        str(path.relative_to(fixtures))
        for path in sorted(fixtures.glob("*/*.expected.json"))
        if "_review" in json.loads(path.read_text(encoding="utf-8"))
    ]


RANDOM_LAYOUT_PAGES = 400
RANDOM_LAYOUT_SEED = 12
MIRROR = "http://127.0.0.1:8000"


def truth_json(truth: Any) -> dict[str, Any]:
    """A sample truth (SampleArticle, foreign Read) in the goldens' shape."""
    return {name: comparable(name, getattr(truth, name, None)) for name in FIELDS}


def random_layout_cases() -> list[Case]:
    """Generated articles, each in a random layout, at a mirror's URL (the URL has a date)."""
    from tests.sample_site.random_layout import random_layout_corpus

    return [
        Case(
            truth.path, "zgjssw", MIRROR + truth.path, body, content_type, False, truth_json(truth)
        )
        for truth, body, content_type in random_layout_corpus(
            RANDOM_LAYOUT_PAGES, RANDOM_LAYOUT_SEED
        )
    ]


def foreign_cases() -> list[Case]:
    """Other sites' page shapes as files imported as zgjssw pages (no date in the URL)."""
    from tests.sample_site.foreign import FOREIGN_SHAPES, Read, page_bytes

    cases = []
    for shape in FOREIGN_SHAPES:
        read = isinstance(shape.expected, Read)
        cases.append(
            Case(
                shape.name,
                "zgjssw",
                shape.import_url,
                page_bytes(shape),
                None,
                False,
                truth_json(shape.expected) if read else None,
                None if isinstance(shape.expected, Read) else shape.expected.field,
            )
        )
    return cases


# Corpus name -> how to build its cases.
CORPORA: dict[str, Callable[[], list[Case]]] = {
    "goldens": golden_cases,
    "random_layouts": random_layout_cases,
    "foreign": foreign_cases,
}


def measure(corpora: dict[str, Callable[[], list[Case]]] | None = None) -> dict[str, Score]:
    """A score per corpus."""
    return {name: evaluate(build()) for name, build in (corpora or CORPORA).items()}


def as_baseline(scores: dict[str, Score]) -> dict[str, Any]:
    """The figures a baseline pins, per corpus, with the corpus's size and digest."""
    return {
        name: {
            "cases": score.cases,
            "corpus_sha": score.digest,
            "fields": {k: round(v, 4) for k, v in score.accuracy().items()},
            "loaded_wrong": len(score.loaded_wrong),
        }
        for name, score in scores.items()
    }


def regressions(scores: dict[str, Score], baseline: dict[str, Any]) -> list[str]:
    """Every figure below its floor, and every corpus that is not the one pinned (or that the
    baseline does not know)."""
    problems: list[str] = []
    for name, score in scores.items():
        pinned = baseline.get(name)
        if pinned is None:
            problems.append(f"{name}: not in the baseline (run with --update to pin it)")
            continue
        if score.digest != pinned.get("corpus_sha") or score.cases != pinned["cases"]:
            problems.append(
                f"{name}: the corpus changed ({score.cases} page(s), {score.digest[:12]};"
                f" pinned {pinned['cases']}, {str(pinned.get('corpus_sha'))[:12]}):"
                " re-pin with --update"
            )
        for field_name, value in score.accuracy().items():
            floor = float(pinned["fields"].get(field_name, 0.0))
            if round(value, 4) < floor:
                pages = ", ".join(score.wrong.get(field_name, [])[:5] + score.refused_wrongly[:5])
                problems.append(
                    f"{name}: {field_name} {value:.2%} below its floor {floor:.2%} ({pages})"
                )
        if len(score.loaded_wrong) > int(pinned["loaded_wrong"]):
            problems.append(
                f"{name}: {len(score.loaded_wrong)} page(s) loaded that must be refused"
                f" (floor {pinned['loaded_wrong']}): {', '.join(score.loaded_wrong[:5])}"
            )
    return problems


def update(
    scores: dict[str, Score], baseline: dict[str, Any], allow_regression: bool
) -> tuple[dict[str, Any], list[str]]:
    """The new baseline, and the regressions that stop it unless they are allowed (a changed
    or new corpus never stops it: that is what --update is for)."""
    problems = [] if allow_regression else regressions(scores, baseline)
    problems = [p for p in problems if not pinning(p)]
    return as_baseline(scores), problems


def pinning(problem: str) -> bool:
    """Whether a problem is one that pinning settles (a new or changed corpus), not a fall."""
    return "not in the baseline" in problem or "the corpus changed" in problem


def report(scores: dict[str, Score]) -> str:
    """Per-field accuracy per corpus, as a table."""
    lines = []
    for name, score in scores.items():
        lines.append(
            f"{name}: {score.cases} page(s), corpus {score.digest[:12]},"
            f" overall {score.overall():.2%},"
            f" loaded wrong {len(score.loaded_wrong)}, refused wrongly {len(score.refused_wrongly)}"
        )
        for field_name, value in score.accuracy().items():
            lines.append(f"    {field_name:<15} {value:7.2%}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, baseline_path: Path = BASELINE) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval_gate", description=__doc__)
    parser.add_argument("--update", action="store_true", help="pin today's figures")
    parser.add_argument(
        "--allow-regression", action="store_true", help="with --update: lower a floor"
    )
    args = parser.parse_args(argv)
    scores = measure()
    print(report(scores))
    baseline = (
        json.loads(baseline_path.read_text(encoding="utf-8")) if baseline_path.exists() else {}
    )
    if args.update:
        pinned, problems = update(scores, baseline, args.allow_regression)
        if problems:
            print("not pinned: figures fell (give --allow-regression to lower them):")
            print("\n".join(f"  {p}" for p in problems))
            return 1
        baseline_path.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n")
        print(f"pinned {baseline_path}")
        return 0
    problems = regressions(scores, baseline)
    print("\n".join(f"below the floor: {p}" for p in problems) or "every figure at its floor")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
