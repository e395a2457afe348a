"""JSON as the CLI's `--json` writes it, so that the API and the CLI give the same answers.

The same conversions as `flows.cli.options.json_default` (which the web may not import): datetimes
as `YYYY-MM-DD HH:MM:SS`, dates as `YYYY-MM-DD`, paths as text; non-ASCII kept as it is.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from starlette.responses import Response


def json_default(value: object) -> str:
    """The text of the values json cannot write itself."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(value: object) -> str:
    """`value` as JSON text."""
    return json.dumps(value, ensure_ascii=False, default=json_default)


def json_response(
    value: object, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A JSON response of `value`."""
    return Response(
        dumps(value), status_code=status_code, headers=headers, media_type="application/json"
    )
