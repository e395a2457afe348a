"""The people gate: who the NLP pass finds, with which post, and what it calls a person, place
or organisation, over two corpora, each figure pinned in a baseline.

    python -m tests.people_gate                              # measure; exit 1 below a floor
    python -m tests.people_gate --update                     # pin today's figures (floors rise)
    python -m tests.people_gate --update --allow-regression  # lower a floor, on purpose

Corpora:
* `reports`: tests/fixtures/people/reports.json, texts written for this gate in the patterns
  of real reports (lists after a label, appointments and resignations, acting posts, long
  titles, other places' posts, counties and parks, national leaders, bylines, words that are
  no names), with the real officials' names and posts as facts (other places' officials but
  蓝绍敏, 王天琦, 吴政隆, 许昆林, 李强 and 习近平 are invented); each with every person, every
  (name, role) and every place and organisation a reader finds in it.
* `demo`: the articles `make demo` serves (the seed, the handwritten ones, the 扬州网 and
  中国江苏网 sections), their truth from the sample site's roster (tests/sample_site/roster.py:
  a post as printed right before a roster name, at the article's date; the seed's
  市四套班子领导; the 市人大代表 of 人代会), and for places and organisations the names
  reviewed as such (tests/fixtures/people/demo_entities.json).

Figures, micro-averaged over a corpus: person recall and precision (article_entities of kind
person), mention recall and precision (person_mentions pairs), role accuracy (of the people
with a post in the truth, the share found with exactly the truth's roles), place and
organisation precision, and place recall where each text has its own truth (the reports; the
demo counts none: 0/0). The baseline also pins each corpus's digest (sha256 of its texts and
truth) and size, as trafilatura's eval gate pins `corpus_sha`: a changed corpus is re-pinned on
purpose (`--update`), so no floor ever silently refers to a smaller one.
`tests/test_people_gate.py` runs it in `make test`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from parsers.nlp import Analysis, Segmenter

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "people"
REPORTS = FIXTURES / "reports.json"
DEMO_ENTITIES = FIXTURES / "demo_entities.json"
BASELINE = FIXTURES / "people_baseline.json"
FIGURES = (
    "person_recall",
    "person_precision",
    "mention_recall",
    "mention_precision",
    "role_accuracy",
    "place_precision",
    "place_recall",
    "org_precision",
)


@dataclass(frozen=True)
class Case:
    """One text with its truth: people, (name, role) pairs, places and organisations."""

    name: str
    text: str
    exclude: tuple[str, ...]
    persons: frozenset[str]
    mentions: frozenset[tuple[str, str]]
    places: frozenset[str]
    orgs: frozenset[str]
    # Whether `places` are this text's own places (the reports), not the names reviewed as
    # places over a whole corpus (the demo): only then is place recall counted.
    own_places: bool = True

    def truth(self) -> dict[str, Any]:
        """What the digest covers."""
        return {
            "name": self.name,
            "text": self.text,
            "exclude": list(self.exclude),
            "persons": sorted(self.persons),
            "mentions": sorted(map(list, self.mentions)),
            "places": sorted(self.places),
            "orgs": sorted(self.orgs),
            "own_places": self.own_places,
        }


@dataclass
class Counts:
    """Right, found and true counts for one figure."""

    right: int = 0
    total: int = 0

    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Score:
    """A corpus's counts per figure, and the cases behind each miss."""

    cases: int = 0
    digest: str = ""
    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIGURES})
    wrong: dict[str, list[str]] = field(default_factory=dict)

    def figures(self) -> dict[str, float]:
        return {name: self.counts[name].ratio() for name in FIGURES}

    def count(self, figure: str, right: Iterable[Any], total: Iterable[Any], case: str) -> None:
        right_set, total_set = set(right), set(total)
        self.counts[figure].right += len(right_set)
        self.counts[figure].total += len(total_set)
        missed = sorted(map(str, total_set - right_set))
        if missed:
            self.wrong.setdefault(figure, []).append(f"{case}: {', '.join(missed)}")


def digest(cases: Sequence[Case]) -> str:
    """sha256 of the corpus's texts and truth."""
    payload = json.dumps([c.truth() for c in cases], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def score_case(score: Score, case: Case, analysis: Analysis) -> None:
    """Count one analysed case into its corpus's score."""
    found_persons = {e.name for e in analysis.entities if e.kind == "person"}
    found_pairs = {(m.name, m.role) for m in analysis.mentions}
    score.count("person_recall", found_persons & case.persons, case.persons, case.name)
    score.count("person_precision", found_persons & case.persons, found_persons, case.name)
    score.count("mention_recall", found_pairs & case.mentions, case.mentions, case.name)
    score.count("mention_precision", found_pairs & case.mentions, found_pairs, case.name)
    with_roles = {name for name, _ in case.mentions}
    right = {
        name
        for name in with_roles
        if {r for n, r in found_pairs if n == name} == {r for n, r in case.mentions if n == name}
    }
    score.count("role_accuracy", right, with_roles, case.name)
    for kind, truth, figure in (
        ("place", case.places, "place_precision"),
        ("org", case.orgs, "org_precision"),
    ):
        found = {e.name for e in analysis.entities if e.kind == kind}
        score.count(figure, found & truth, found, case.name)
        if kind == "place" and case.own_places:
            score.count("place_recall", found & truth, truth, case.name)


def evaluate(cases: Sequence[Case], segmenter: Segmenter) -> Score:
    """Analyse every case as the NLP pass does and score it."""
    score = Score(cases=len(cases), digest=digest(cases))
    for case in cases:
        score_case(score, case, segmenter.analyse(case.text, exclude=case.exclude))
    return score


def report_cases(path: Path = REPORTS) -> list[Case]:
    """The written report texts with their truth."""
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [
        Case(
            name=item["id"],
            text=item["text"],
            exclude=tuple(item["byline"]),
            persons=frozenset(item["persons"]),
            mentions=frozenset((name, role) for name, role in item["mentions"]),
            places=frozenset(item["places"]),
            orgs=frozenset(item["orgs"]),
        )
        for item in data
    ]


def roster_mentions(text: str, day: date) -> set[tuple[str, str]]:
    """The (name, role) pairs the sample site wrote: a roster post, as printed, before a name
    holding it that day; the seed's 市四套班子领导; 市人大代表 chained before the mayor."""
    from tests.sample_site.roster import ROSTER, SEED_LEADERS

    pairs: set[tuple[str, str]] = set()
    for term in ROSTER:
        if not term.holds(day):
            continue
        for form in term.forms():
            if form + term.name in text:
                pairs.add((term.name, term.role))
                if f"市人大代表、{form}{term.name}" in text:
                    pairs.add((term.name, "市人大代表"))
    if "、".join(SEED_LEADERS) + "等市四套班子领导" in text:
        pairs |= {(name, "市四套班子领导") for name in SEED_LEADERS}
    return pairs


def demo_cases(entities_path: Path = DEMO_ENTITIES) -> list[Case]:
    """The articles `make demo` serves, with their truth from the roster."""
    from parsers.enrich import byline_names
    from tests.sample_site.roster import ROSTER, SEED_LEADERS
    from tests.sample_site.sections import build_sample_sites

    reviewed: dict[str, list[str]] = json.loads(entities_path.read_text(encoding="utf-8"))
    site, sections = build_sample_sites()
    articles = [*site.articles, *(a for s in sections.values() for a in s.articles)]
    names = {term.name for term in ROSTER} | set(SEED_LEADERS)
    cases = []
    for article in sorted(articles, key=lambda a: (a.published_at, a.path)):
        parsed = article.as_article()
        text = f"{parsed.title}\n{parsed.body}"
        cases.append(
            Case(
                name=f"{article.published_at:%Y-%m-%d} {article.title}",
                text=text,
                exclude=byline_names(parsed),
                persons=frozenset(name for name in names if name in text),
                mentions=frozenset(roster_mentions(text, article.published_at.date())),
                places=frozenset(reviewed["places"]),
                orgs=frozenset(reviewed["orgs"]),
                own_places=False,
            )
        )
    return cases


# Corpus name -> how to build its cases.
CORPORA: dict[str, Callable[[], list[Case]]] = {"reports": report_cases, "demo": demo_cases}


def segmenter() -> Segmenter:
    """The test process's one Segmenter (the sample warehouse's: built once, shared)."""
    from tests.sample_warehouse import segmenter as shared

    return shared()


def measure(corpora: dict[str, Callable[[], list[Case]]] | None = None) -> dict[str, Score]:
    """A score per corpus."""
    return {name: evaluate(build(), segmenter()) for name, build in (corpora or CORPORA).items()}


def as_baseline(scores: dict[str, Score]) -> dict[str, Any]:
    """The figures a baseline pins, per corpus, with the corpus's size and digest."""
    return {
        name: {
            "cases": score.cases,
            "corpus_sha": score.digest,
            "figures": {k: round(v, 4) for k, v in score.figures().items()},
        }
        for name, score in scores.items()
    }


def regressions(scores: dict[str, Score], baseline: dict[str, Any]) -> list[str]:
    """Every figure below its floor, and every corpus that is not the one pinned."""
    problems: list[str] = []
    for name, score in scores.items():
        pinned = baseline.get(name)
        if pinned is None:
            problems.append(f"{name}: not in the baseline (run with --update to pin it)")
            continue
        if score.digest != pinned["corpus_sha"] or score.cases != pinned["cases"]:
            problems.append(
                f"{name}: the corpus changed ({score.cases} case(s), {score.digest[:12]};"
                f" pinned {pinned['cases']}, {pinned['corpus_sha'][:12]}): re-pin with --update"
            )
        for figure, value in score.figures().items():
            floor = float(pinned["figures"].get(figure, 0.0))
            if round(value, 4) < floor:
                misses = "; ".join(score.wrong.get(figure, [])[:5])
                problems.append(
                    f"{name}: {figure} {value:.2%} below its floor {floor:.2%} ({misses})"
                )
    return problems


def update(
    scores: dict[str, Score], baseline: dict[str, Any], allow_regression: bool
) -> tuple[dict[str, Any], list[str]]:
    """The new baseline, and the falls that stop it unless they are allowed (a changed or new
    corpus never stops it: that is what --update is for)."""
    problems = [] if allow_regression else regressions(scores, baseline)
    problems = [p for p in problems if "below its floor" in p]
    return as_baseline(scores), problems


def report(scores: dict[str, Score]) -> str:
    """Every figure per corpus, as a table."""
    lines = []
    for name, score in scores.items():
        lines.append(f"{name}: {score.cases} case(s), corpus {score.digest[:12]}")
        for figure, value in score.figures().items():
            counts = score.counts[figure]
            lines.append(f"    {figure:<18} {value:7.2%}  ({counts.right}/{counts.total})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, baseline_path: Path = BASELINE) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.people_gate", description=__doc__)
    parser.add_argument("--update", action="store_true", help="pin today's figures")
    parser.add_argument(
        "--allow-regression", action="store_true", help="with --update: lower a floor"
    )
    parser.add_argument("--misses", action="store_true", help="list the cases behind each miss")
    args = parser.parse_args(argv)
    scores = measure()
    print(report(scores))
    if args.misses:
        for name, score in scores.items():
            for figure, misses in score.wrong.items():
                print(f"{name} {figure}:")
                print("\n".join(f"    {miss}" for miss in misses))
    baseline = (
        json.loads(baseline_path.read_text(encoding="utf-8")) if baseline_path.exists() else {}
    )
    if args.update:
        pinned, problems = update(scores, baseline, args.allow_regression)
        if problems:
            print("not pinned: figures fell (give --allow-regression to lower them):")
            print("\n".join(f"  {p}" for p in problems))
            return 1
        text = json.dumps(pinned, indent=2, sort_keys=True, ensure_ascii=False)
        baseline_path.write_text(text + "\n", encoding="utf-8")
        print(f"pinned {baseline_path}")
        return 0
    problems = regressions(scores, baseline)
    print("\n".join(f"below the floor: {p}" for p in problems) or "every figure at its floor")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
