"""From a parsed Article to a loadable record: identity, content hash, keywords."""

from __future__ import annotations

import hashlib
import json

from parsers.models import Article, EnrichedArticle
from parsers.nlp import Segmenter


def content_hash(article: Article) -> str:
    """sha256 over the fields a reader sees; equal hashes mean nothing changed."""
    payload = {
        "title": article.title,
        "published_at": article.published_at.isoformat(),
        "source": article.source,
        "dateline": article.dateline,
        "reporters": article.reporters,
        "correspondents": article.correspondents,
        "editors": article.editors,
        "author": article.author,
        "body": article.body,
    }
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def byline_names(article: Article) -> tuple[str, ...]:
    """Every person named in the byline and footer: never keywords."""
    names = (*article.reporters, *article.correspondents, *article.editors)
    return (*names, article.author) if article.author else names


def enrich_article(
    article: Article, article_id: str, segmenter: Segmenter, parser_version: str
) -> EnrichedArticle:
    """Segment title and body once and rank keywords; byline names are excluded."""
    tokens = segmenter.content_tokens(f"{article.title}\n{article.body}")
    keywords = segmenter.keywords(tokens, exclude=byline_names(article))
    return EnrichedArticle(
        article_id=article_id,
        article=article,
        content_hash=content_hash(article),
        keywords=tuple(keywords),
        parser_version=parser_version,
        nlp_version=segmenter.version,
    )
