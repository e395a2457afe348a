"""What every answer is and offers its renderers, and the number formats they share.

An answer is a frozen dataclass that subclasses `Answer`: its fields are what was asked and
what was found; `to_json`, `csv` and `table` render it. A number appears in every renderer
from the same field, formatted here once: a count of a total is `4 / 9 (44.4%)`, a share of
nothing is `—`, never `0.0%`.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from parsers.cities import DEFAULT

# A share or a date that does not exist (a period without any story, a person never dated).
NOTHING = "—"


@dataclass(frozen=True)
class Table:
    """Named columns and their rows: what a CSV file, a terminal table and an HTML table show.

    In `csv()` the values are raw (numbers, dates, lists); in `table()` they are the strings
    people read, the same on the terminal and on the page.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def column(self, name: str) -> list[Any]:
        """The values of one column, in row order."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


class Answer(ABC):
    """One question's answer, rendered by every renderer from itself."""

    @abstractmethod
    def to_json(self) -> dict[str, Any]:
        """The object the CLI's --json prints and the web API answers."""

    @abstractmethod
    def csv(self) -> Table:
        """The rows of a CSV download: raw values, one line each."""

    @abstractmethod
    def table(self) -> Table:
        """The rows as people read them: the terminal's table and the web page's."""

    @property
    def notes(self) -> tuple[str, ...]:
        """What the answer says about itself (why it is empty, what was left out): printed on
        stderr by the CLI, shown on the page, `notes` in the JSON."""
        return ()


def corpora_json(cities: Sequence[str]) -> dict[str, str]:
    """`{"city": "nantong,taizhou"}` in an answer's JSON when it read other corpora than
    Yangzhou alone; nothing for the default (so Yangzhou's answers read as they always did)."""
    return {} if tuple(cities) == DEFAULT else {"city": ",".join(cities)}


def share(count: int, total: int) -> float | None:
    """count / total, rounded; None when there is nothing to take a share of."""
    return round(count / total, 6) if total else None


def percent(value: float | None, digits: int = 1) -> str:
    """A share as a percentage (`44.4%`); `—` for none."""
    return NOTHING if value is None else f"{value:.{digits}%}"


def fraction(count: int, total: int) -> str:
    """A count of a total with its share, `4 / 9 (44.4%)`; `—` when the total is 0."""
    if not total:
        return NOTHING
    return f"{count} / {total} ({percent(count / total)})"


def day(value: date | datetime | None) -> str:
    """A day as every renderer prints it (YYYY-MM-DD); `—` for none."""
    if value is None:
        return NOTHING
    return value.strftime("%Y-%m-%d")


def number(value: float | None, digits: int = 1) -> str:
    """A score (G², LLR, PMI) with `digits` decimals; `—` for none."""
    return NOTHING if value is None else f"{value:.{digits}f}"


def json_default(value: object) -> str:
    """JSON for what json.dumps cannot write itself: datetimes `YYYY-MM-DD HH:MM:SS`, dates
    `YYYY-MM-DD`, paths as text."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def json_text(value: object, indent: int | None = None) -> str:
    """`value` as JSON text, non-ASCII kept as it is."""
    return json.dumps(value, ensure_ascii=False, indent=indent, default=json_default)


# Cells a spreadsheet would run as a formula (OWASP "CSV injection"): written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value as a CSV cell: dates ISO, lists joined by `/`, None empty, formulas as text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        value = "/".join(map(str, value))
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(table: Table) -> Iterable[Sequence[object]]:
    """The header, then each row, as CSV cells."""
    yield table.columns
    for row in table.rows:
        yield [csv_cell(value) for value in row]
