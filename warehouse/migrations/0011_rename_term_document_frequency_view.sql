-- 0011: the view of term_document_frequencies takes the table's name (#17 item 8).
-- Forward-only: never edit after landing; add a new numbered file instead.
-- Migrations 0002 and 0006 created v_term_document_frequency; warehouse/views/ now defines
-- v_term_document_frequencies instead. A view a migration made is dropped by a migration:
-- ensure_views drops only the views it created itself.

drop view if exists v_term_document_frequency;
