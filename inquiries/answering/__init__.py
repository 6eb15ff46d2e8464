"""Answering product questions from the product detail page.

Modules, from the bottom up:

- ``text``: input checks, normalisation, sentence splitting;
- ``tokenize``: per-language analysers (English stemming, German umlaut
  folding + compound n-grams + Snowball, Japanese character n-grams);
- ``passages``: a detail page as passages (title, bullets, description
  sentences, attributes rendered as text);
- ``bm25``: BM25 with global document frequencies;
- ``encoder``: all-MiniLM-L6-v2 in NumPy (optional semantic re-rank);
- ``index``: the catalog index (SQLite file under var/), incremental and full;
- ``engine``: rank the page's passages, decide answer / escalate;
- ``compose``: the reply in the buyer's language, citing the evidence;
- ``live``: ``answer_for_product`` for tickets; ``batch``: the
  ``answer_questions`` command; ``evaluate``: figures on the dev data.
"""
