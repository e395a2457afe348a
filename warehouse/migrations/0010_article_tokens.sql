-- 0010: every article's title and body as one token sequence, as the NLP pass segmented it.
-- Forward-only: never edit after landing; add a new numbered file instead.
-- Concordances of words in context, collocations and term suggestions read sequences, which
-- the postings (a bag of terms per article) cannot give. Rows come with the NLP version that
-- made them; articles loaded before this migration get theirs from `yzdaily reprocess`.

create table article_tokens (
    article_id   varchar not null primary key,
    tokens       varchar[] not null,         -- normalised tokens in text order, '' a line break
    words        integer not null,           -- tokens with a letter or digit (no punctuation)
    nlp_version  varchar not null
);
