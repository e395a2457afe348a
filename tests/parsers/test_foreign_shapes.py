"""Pages of other sites imported as zgjssw pages: read right or refused, never loaded wrong.

tests/sample_site/foreign.py holds ~25 shapes of Chinese news and government pages, each with
its expected outcome: `Read` (every field equal to the truth) or `Refused(field)` (ParseError
naming that field). They are imported as files: the URL carries no date (issue 12, Done when).
"""

from __future__ import annotations

import pytest

from parsers.encoding import decode_html
from parsers.models import ParseError
from parsers.sites.zgjssw import ZGJSSW
from tests.sample_site.foreign import FOREIGN_SHAPES, ForeignShape, Read
from tests.sample_site.scoring import wrong_fields

parse_article = ZGJSSW.parse_article


def imported_html(shape: ForeignShape) -> str:
    """The page as an import decodes it."""
    page, content_type = shape.page()
    return decode_html(page, content_type)[0] if isinstance(page, bytes) else page


@pytest.mark.parametrize("shape", FOREIGN_SHAPES, ids=lambda shape: shape.name)
def test_foreign_page_is_read_right_or_refused(shape: ForeignShape) -> None:
    html = imported_html(shape)
    if isinstance(shape.expected, Read):
        parsed = parse_article(html, shape.import_url)
        assert wrong_fields(parsed, shape.expected) == {}
    else:
        with pytest.raises(ParseError) as refused:
            parse_article(html, shape.import_url)
        assert refused.value.field_name == shape.expected.field, refused.value.reason
