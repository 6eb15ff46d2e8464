"""Suggested answers for tickets: a product question against the product's
current detail page, with the catalog index for global statistics and
cached passage embeddings and question embeddings (``embeddings``)."""

from __future__ import annotations

from . import index
from .answer import answer_page
from .embeddings import text_vectors
from .encoder import get_encoder


def answer_for_product(
    *, product, question, language: str, buyer_name: str = "", seller_reply_hours: int | None = None
) -> dict:
    """{decision: "answer"|"escalate", reply, evidence: [{source, text, score}], reason, highlights,
    confidence, method, language}. The page is analysed in the product's
    language, the reply written in ``language`` (the buyer's). A product with
    an empty page escalates with reason "empty_detail_page"; an empty, too
    long or undecodable question raises DomainError. ``seller_reply_hours``:
    the seller's deadline the holding reply of an escalation promises (the
    ticket's marketplace; the product's marketplace when not given)."""
    page_language = index.product_language(product)
    return answer_page(
        page=product.as_detail_page(),
        question=question,
        language=page_language,
        reply_language=language or page_language,
        statistics_for=index.statistics,
        vectors_for=index.vectors,
        # the question's vectors, computed once per text (shared with classification)
        encode=text_vectors if get_encoder() is not None else None,
        buyer_name=buyer_name,
        seller_reply_hours=seller_reply_hours or getattr(product.marketplace, "seller_reply_hours", None),
    )
