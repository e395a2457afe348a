-- How many articles hold each search term (kept by the loads: term_document_frequencies).
create or replace view v_term_document_frequencies as
select term, documents from term_document_frequencies;
