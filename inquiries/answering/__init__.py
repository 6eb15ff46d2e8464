"""Answering product questions from the product detail page (and order
questions from order data: ``orders``).

Modules, from the bottom up:

- ``text``: input checks, normalisation, sentence splitting;
- ``tokenize``: per-language analysers (English stemming, German umlaut
  folding + compound n-grams + Snowball, Japanese character n-grams);
- ``passages``: a detail page as passages (title, bullets, description
  sentences, attributes rendered as text);
- ``bm25``: BM25 with global document frequencies;
- ``encoder``: all-MiniLM-L6-v2 in NumPy (optional semantic features);
- ``index``: the catalog index (SQLite file under var/), incremental and full;
- ``features``: what the learned models see (question kind, pair and
  decision features); ``association``: the learned association of question
  words with passage words (English); ``model``: the logistic models and
  the association table of ``models.json``;
- ``engine``: rank the page's passages, decide answer / escalate;
- ``parts``: multi-part questions cut into the questions they ask;
- ``compose``: the reply in the buyer's language, citing the evidence, and
  an escalation's holding reply and draft case;
- ``answer``: one question against one page (parts, ranking, decision,
  reply), shared by the live path, the batch command and the evaluation;
- ``live``: ``answer_for_product`` for tickets; ``batch``: the
  ``answer_questions`` command; ``services``: index maintenance;
- ``devdata``: development data and the two blind splits; ``quality``: the
  figures; ``train``: fits ``models.json``; ``folds``: fitting by folds of
  products and the grouped k-fold outcomes; ``evaluate``: grouped k-fold and
  blind figures.
"""
