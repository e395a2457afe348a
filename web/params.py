"""Query-string values, checked: every bad value is a `BadRequest` that says what is wrong.

A request's parameters come from anyone who can type a URL. Each reader here takes the raw
multi-dict, refuses what cannot be used (repeated single values, control characters, dates
that are not YYYY-MM-DD, numbers out of range, unknown choices) and returns a typed value; the
app answers a BadRequest with 400 and its message, never with a traceback.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from difflib import get_close_matches
from typing import Protocol

from parsers.cities import ALL, CITIES, CORPORA, DEFAULT, PEERS, UnknownCity, parse_cities

MAX_TEXT_CHARS = 100  # a 来源, a reporter's name, a site name: far shorter in practice
MAX_ECHO_CHARS = 40  # of a bad value quoted back in a message
MAX_NUMBER_DIGITS = 12


class BadRequest(ValueError):
    """A parameter that cannot be used; the message is for the user (answered with 400)."""


class Params(Protocol):
    """What is read of Starlette's QueryParams (a multi-dict of strings)."""

    def getlist(self, key: str) -> list[str]: ...

    def __iter__(self) -> Iterator[str]: ...


def known(params: Params, allowed: Sequence[str]) -> None:
    """BadRequest for a parameter this page does not take (a typo: limt=5, min_articles=2),
    naming it, the nearest valid one and every valid one: a misspelt filter silently ignored
    would answer another question than the one asked."""
    for name in params:
        if name in allowed:
            continue
        near = get_close_matches(name, allowed, n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        valid = ", ".join(allowed) if allowed else "none"
        raise BadRequest(f"unknown parameter {echo(name)}{hint}; this page takes: {valid}")


def echo(value: str) -> str:
    """A user's value quoted in a message: shortened, control characters shown as escapes."""
    shown = value if len(value) <= MAX_ECHO_CHARS else value[:MAX_ECHO_CHARS] + "…"
    return ascii(shown) if any(unicodedata.category(c)[0] == "C" for c in shown) else repr(shown)


def raw(params: Params, name: str) -> str | None:
    """The one value of `name`, stripped; None when absent or blank."""
    values = params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"{name}: give it once, not {len(values)} times")
    if not values or not values[0].strip():
        return None
    return values[0].strip()


def text(params: Params, name: str, max_chars: int = MAX_TEXT_CHARS) -> str | None:
    """A short free-text filter value (matched exactly); control characters refused."""
    value = raw(params, name)
    if value is None:
        return None
    if len(value) > max_chars:
        raise BadRequest(f"{name}: at most {max_chars} characters, not {len(value)}")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs") for char in value):
        raise BadRequest(f"{name}: contains a control or invalid character: {echo(value)}")
    return unicodedata.normalize("NFKC", value)


def day(params: Params, name: str) -> date | None:
    """A YYYY-MM-DD date."""
    value = raw(params, name)
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name}: not a date (YYYY-MM-DD): {echo(value)}") from None


def date_range(params: Params) -> tuple[date | None, date | None]:
    """`since` and `until`, both days inclusive, in order."""
    since, until = day(params, "since"), day(params, "until")
    if since is not None and until is not None and until < since:
        raise BadRequest(f"until {until} is before since {since}")
    return since, until


def cities(params: Params, name: str = "city", default: str | None = None) -> tuple[str, ...]:
    """The corpora asked for: `NAME[,NAME]`, `peers` or `all` (parsers.cities); absent:
    `default` (None: Yangzhou, every page's default)."""
    value = text(params, name)
    try:
        return parse_cities(value if value is not None else default)
    except UnknownCity as error:
        raise BadRequest(f"{name}: {error}") from None


def city_value(chosen: Sequence[str]) -> str:
    """The `city` parameter that asks for `chosen`: "" for Yangzhou (the default), `all`,
    `peers`, or the codes joined by commas."""
    chosen = tuple(chosen)
    if chosen == DEFAULT:
        return ""
    if set(chosen) == set(CORPORA):
        return ALL
    if set(chosen) == set(CITIES):
        return PEERS
    return ",".join(chosen)


def whole(params: Params, name: str, default: int, low: int, high: int) -> int:
    """A whole number within low..high."""
    value = raw(params, name)
    if value is None:
        return default
    if len(value) > MAX_NUMBER_DIGITS or not value.isascii() or not value.lstrip("-").isdigit():
        raise BadRequest(f"{name}: not a whole number: {echo(value)}")
    number = int(value)
    if not low <= number <= high:
        raise BadRequest(f"{name}: must be from {low} to {high}, not {number}")
    return number


def number(params: Params, name: str, default: float, above: float) -> float:
    """A number greater than `above`."""
    value = raw(params, name)
    if value is None:
        return default
    try:
        if len(value) > MAX_NUMBER_DIGITS or not value.isascii():
            raise ValueError(value)
        parsed = float(value)
    except ValueError:
        raise BadRequest(f"{name}: not a number: {echo(value)}") from None
    if not math.isfinite(parsed) or not parsed > above:
        raise BadRequest(f"{name}: must be more than {above:g}, not {echo(value)}")
    return parsed


def optional_whole(params: Params, name: str, low: int, high: int) -> int | None:
    """A whole number low..high, or None when absent."""
    if raw(params, name) is None:
        return None
    return whole(params, name, low, low, high)


def optional_number(params: Params, name: str, above: float) -> float | None:
    """A number greater than `above`, or None when absent."""
    if raw(params, name) is None:
        return None
    return number(params, name, above, above)


def choice(params: Params, name: str, choices: Sequence[str], default: str) -> str:
    """One of `choices`."""
    value = raw(params, name)
    if value is None:
        return default
    if value not in choices:
        raise BadRequest(f"{name}: one of {', '.join(choices)}, not {echo(value)}")
    return value


FLAG_VALUES = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}


def flag(params: Params, name: str) -> bool:
    """A yes/no switch: 1, true or on (a ticked checkbox); 0, false, off or absent."""
    value = raw(params, name)
    if value is None:
        return False
    if value.lower() not in FLAG_VALUES:
        raise BadRequest(f"{name}: 1 or 0, not {echo(value)}")
    return FLAG_VALUES[value.lower()]


def values(params: Params, name: str) -> list[str]:
    """Every non-blank value of a repeated parameter, stripped."""
    return [value.strip() for value in params.getlist(name) if value.strip()]


def query_string(pairs: Mapping[str, object | Sequence[object] | None]) -> str:
    """A query string of the given values (None and "" left out; lists repeated)."""
    from urllib.parse import urlencode

    flat: list[tuple[str, str]] = []
    for key, value in pairs.items():
        items = value if isinstance(value, list | tuple) else [value]
        flat.extend((key, str(item)) for item in items if item is not None and item != "")
    return urlencode(flat)
