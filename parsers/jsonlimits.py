"""JSON from outside (the web archives' index answers), read within limits (issue 25).

Python's `json` recurses once per nesting level (200,000 nested arrays: RecursionError) and
turns a number of any length into an int (5,000 digits: ValueError past Python's own limit,
or a number no index ever meant). Here the nesting is measured first, without recursion, and
too deep an answer is a `JsonLimitError`; a number longer than `max_digits` is read as a
`LongNumber`, which no reader takes for a value, so the one entry holding it is refused and
the rest of the answer stands.

    load_json('[["timestamp"], ["2020"]]')             # the value
    load_json("[" * 200_000 + "]" * 200_000)           # JsonLimitError: nested too deep
    load_json('{"offset": 99999...}')                  # {"offset": LongNumber(5000)}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final

# An index answer is an array of arrays (CDX) or one object a line (Common Crawl): a few
# levels. Eight leave room for a format that grows and stop an answer built to exhaust us.
MAX_JSON_DEPTH: Final = 8
# 15 digits: 999 TB, past any WARC offset or length, far below Python's 4,300-digit limit.
MAX_NUMBER_DIGITS: Final = 15
# A JSON string (escapes included) and the brackets outside strings.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class JsonLimitError(ValueError):
    """Text that is not JSON, or JSON beyond the limits; the message says which."""


@dataclass(frozen=True)
class LongNumber:
    """A number longer than the limit, kept as its length only (its value is never used)."""

    digits: int

    def __repr__(self) -> str:
        return f"a number of {self.digits:,} digits"


def json_depth(text: str, limit: int) -> int:
    """How deep the arrays and objects of `text` nest, counted up to `limit` + 1 at most."""
    bare = _STRING.sub('""', text)
    depth = deepest = 0
    for match in _BRACKETS.finditer(bare):
        if match[0] in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break  # deep enough to refuse: the rest need not be counted
        else:
            depth -= 1
    return deepest


def _number(limit: int, parse: type[int] | type[float]) -> Any:
    def read(text: str) -> int | float | LongNumber:
        digits = sum(1 for char in text if char.isdigit())
        return LongNumber(digits) if digits > limit else parse(text)

    return read


def _constant(name: str) -> Any:
    raise JsonLimitError(f"{name} is no JSON number")


def load_json(
    text: str, max_depth: int = MAX_JSON_DEPTH, max_digits: int = MAX_NUMBER_DIGITS
) -> Any:
    """`text` as JSON; JsonLimitError when it is not JSON or nests deeper than `max_depth`.
    Numbers of more than `max_digits` digits come back as LongNumber."""
    depth = json_depth(text, max_depth)
    if depth > max_depth:
        raise JsonLimitError(f"nested more than {max_depth} levels deep")
    try:
        return json.loads(
            text,
            parse_int=_number(max_digits, int),
            parse_float=_number(max_digits, float),
            parse_constant=_constant,
        )
    except json.JSONDecodeError as error:
        raise JsonLimitError(str(error)) from None
    except RecursionError:
        # Not reached within the depth limit; kept so that no input can end a run here.
        raise JsonLimitError("nested too deep") from None
