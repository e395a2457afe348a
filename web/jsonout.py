"""JSON as the CLI's `--json` writes it (answers.base.json_text), so that the API and the CLI
give the same answers: datetimes as `YYYY-MM-DD HH:MM:SS`, dates as `YYYY-MM-DD`, paths as
text, non-ASCII kept as it is."""

from __future__ import annotations

from starlette.responses import Response

from answers.base import json_text


def dumps(value: object) -> str:
    """`value` as JSON text."""
    return json_text(value)


def json_response(
    value: object, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A JSON response of `value`."""
    return Response(
        dumps(value), status_code=status_code, headers=headers, media_type="application/json"
    )
