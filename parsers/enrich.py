"""From a parsed Article to a loadable record: identity, content hash and the NLP rows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

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
    # Fields added later enter the hash only when present: older articles keep their hashes.
    for name in ("kicker", "subtitle"):
        value = getattr(article, name)
        if value is not None:
            payload[name] = value
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
    )
