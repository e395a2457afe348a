"""From a parsed Article to a loadable record: identity, content hash and the NLP rows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime

from parsers.models import Article, EnrichedArticle
from parsers.nlp import Segmenter

# The fields a reader sees (warehouse/schema.py keeps them in article_versions too).
CONTENT_FIELDS = (
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
# Fields added after the first archive enter the hash only when present, so that articles
# without them keep the hashes they had (and their `updated_at`).
HASHED_WHEN_PRESENT = frozenset({"kicker", "subtitle"})


def content_hash(article: Article) -> str:
    """sha256 over the fields a reader sees; equal hashes mean nothing changed."""
    payload: dict[str, object] = {}
    for name in CONTENT_FIELDS:
        value: object = article.body if name == "paragraphs" else getattr(article, name)
        if value is None and name in HASHED_WHEN_PRESENT:
            continue
        payload["body" if name == "paragraphs" else name] = (
            value.isoformat() if isinstance(value, datetime) else value
        )
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def byline_names(article: Article) -> tuple[str, ...]:
    """Every person named in the byline and footer: never keywords, terms or entities."""
    names = (*article.reporters, *article.correspondents, *article.editors)
    return (*names, article.author) if article.author else names


def enrich_article(
    article: Article,
    article_id: str,
    segmenter: Segmenter,
    parser_version: str,
    idf: Mapping[str, float] | None = None,
    default_idf: float | None = None,
) -> EnrichedArticle:
    """Analyse title and body in one segmentation pass; byline names are left out of it all.

    `idf` is the archive's own IDF table (see `parsers.nlp.archive_idf`); None means jieba's.
    The body holds no dateline, byline or footer: the parser has already taken them out.
    """
    analysis = segmenter.analyse(
        f"{article.title}\n{article.body}",
        exclude=byline_names(article),
        idf=idf,
        default_idf=default_idf,
    )
    return EnrichedArticle(
        article_id=article_id,
        article=article,
        content_hash=content_hash(article),
        keywords=analysis.keywords,
        parser_version=parser_version,
        nlp_version=segmenter.version,
        terms=analysis.terms,
        entities=analysis.entities,
        mentions=analysis.mentions,
        phrases=analysis.phrases,
        tokens=analysis.tokens,
    )
